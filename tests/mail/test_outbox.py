"""The outbox against a real SMTP server: written with its cause, sent once, retried."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from promesa.accounts.models import User
from promesa.cases.alerts import run_sweep
from promesa.cases.choices import ResponseChannel
from promesa.cases.services import case_answer, case_assign
from promesa.notifications.models import OutboxMessage, OutboxState
from promesa.notifications.outbox import (
    Attachment,
    Reference,
    outbox_deliver,
    outbox_put,
    retry_delay,
)
from tests.cases.factories import bogota, file_case
from tests.conftest import World
from tests.mail.conftest import SmtpSink, free_port
from tests.mail.test_outgoing import file_for, header, run_worker
from tests.workspace.helpers import case_url

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class FlakySink(SmtpSink):
    """Answers the next ``refusals`` messages with ``code`` before accepting any."""

    refusals: int = 0
    code: str = "451 4.3.0 Try again later"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusals > 0:
            self.refusals -= 1
            return self.code
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky_smtp(settings: Any) -> Iterator[FlakySink]:
    sink = FlakySink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()


def put(number: int, **overrides: Any) -> OutboxMessage:
    values: dict[str, Any] = {
        "kind": "welcome",
        "dedupe_key": f"test:{number}",
        "to": [f"persona{number}@prueba.test"],
        "subject": f"Mensaje {number}",
        "body": "Hola.",
        "deliver_on_commit": False,
        **overrides,
    }
    return outbox_put(**values)


def state_of(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


def test_a_message_is_delivered_once_even_with_two_workers(flaky_smtp: FlakySink) -> None:
    # given twenty messages waiting
    messages = [put(number) for number in range(20)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            outbox_deliver()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    # when two workers deliver at the same moment (and a later run mops up whatever a busy
    # database made one of them leave for the next tick)
    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    outbox_deliver()

    # then each message reached the server exactly once and is marked sent
    assert not errors, errors
    assert sorted(envelope.rcpt_tos[0] for envelope in flaky_smtp.envelopes) == sorted(
        message.to[0] for message in messages
    )
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {(OutboxState.SENT, 1)}


def test_a_message_claimed_by_another_worker_is_not_sent_again(flaky_smtp: FlakySink) -> None:
    # given a message the first worker already sent
    message = put(1)
    first = outbox_deliver()

    # when a second worker that saw it due a moment ago asks for it
    second = outbox_deliver([message.pk])

    # then only the first sent it
    assert (first.sent, second.sent) == (1, 0)
    assert len(flaky_smtp.envelopes) == 1


def test_an_smtp_refusal_is_retried_with_backoff_then_succeeds(
    flaky_smtp: FlakySink, settings: Any
) -> None:
    # given a server that answers "try again later" twice
    settings.OUTBOX_RETRY_SECONDS = 60
    flaky_smtp.refusals = 2
    message = put(1)
    start = timezone.now()

    # when the worker delivers: the first try is refused
    outbox_deliver(now=start)
    after_first = state_of(message)
    assert after_first.state == OutboxState.RETRYING
    assert after_first.attempts == 1
    assert after_first.next_attempt_at == start + timedelta(minutes=1)
    assert "451" in after_first.last_error

    # then nothing is tried before the next attempt is due
    assert outbox_deliver(now=start + timedelta(seconds=59)).sent == 0
    assert state_of(message).attempts == 1

    # the second try, a minute later, is refused too; the wait grows fourfold
    second_try = start + timedelta(minutes=1)
    outbox_deliver(now=second_try)
    after_second = state_of(message)
    assert (after_second.state, after_second.attempts) == (OutboxState.RETRYING, 2)
    assert after_second.next_attempt_at == second_try + timedelta(minutes=4)

    # the third one, four minutes later, goes through
    third_try = second_try + timedelta(minutes=4)
    outbox_deliver(now=third_try)
    sent = state_of(message)
    assert (sent.state, sent.attempts, sent.sent_at) == (OutboxState.SENT, 3, third_try)
    [envelope] = flaky_smtp.envelopes
    assert envelope.rcpt_tos == ["persona1@prueba.test"]


def test_the_backoff_grows_fourfold_from_the_configured_base(settings: Any) -> None:
    settings.OUTBOX_RETRY_SECONDS = 30

    assert [retry_delay(attempt) for attempt in (1, 2, 3, 4)] == [
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=8),
        timedelta(minutes=32),
    ]


def tries_until_done(message: OutboxMessage, start: datetime) -> list[str]:
    """Run the worker each time the message is due again; the states it went through."""
    states = []
    moment = start
    for _ in range(10):
        outbox_deliver(now=moment)
        current = state_of(message)
        states.append(current.state)
        if current.state not in (OutboxState.RETRYING, OutboxState.QUEUED):
            break
        moment = current.next_attempt_at
    return states


def test_a_server_that_never_answers_ends_in_failed_after_the_last_try(settings: Any) -> None:
    # given no mail server at all, and three tries allowed
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = put(1)

    # when the worker tries each time it is due
    states = tries_until_done(message, timezone.now())

    # then it retried twice and then gave up
    assert states == [OutboxState.RETRYING, OutboxState.RETRYING, OutboxState.FAILED]
    failed = state_of(message)
    assert failed.attempts == 3
    assert "Connection refused" in failed.last_error or "Errno" in failed.last_error
    assert failed.sent_at is None


def test_a_permanent_refusal_fails_at_once(flaky_smtp: FlakySink) -> None:
    flaky_smtp.refusals = 1
    flaky_smtp.code = "550 5.1.1 No such mailbox"
    message = put(1)

    outbox_deliver()

    failed = state_of(message)
    assert (failed.state, failed.attempts) == (OutboxState.FAILED, 1)
    assert "550" in failed.last_error
    assert flaky_smtp.envelopes == []


def test_a_failed_answer_is_shown_on_the_case_page_and_retried_from_the_admin(
    world: World, flaky_smtp: FlakySink
) -> None:
    # given the answer to Ana's case was refused for good by the mail server
    case = file_for(world, language="es-co")
    run_worker()
    flaky_smtp.refusals = 1
    flaky_smtp.code = "550 5.1.1 No such mailbox"
    case_answer(case=case, by=world.bruno, text="Anulamos el cargo.", channel=ResponseChannel.EMAIL)
    run_worker()
    answer = OutboxMessage.objects.get(kind="case_answer")
    assert answer.state == OutboxState.FAILED
    assert answer.case_public_id == case.public_id
    assert answer.organization_id == world.organization.pk

    # when bruno opens the case
    bruno = Client()
    bruno.force_login(world.bruno)
    page = bruno.get(case_url(case)).content.decode()

    # then he sees the acknowledgement sent and the answer failed
    assert "E-mails about this case" in page or "Correos sobre este caso" in page
    assert "case-message-sent" in page
    assert "case-message-failed" in page
    assert "No such mailbox" in page

    # when adriana, administrator with access to the administration site, retries it from
    # the outbox list
    User.objects.filter(pk=world.adriana.pk).update(is_staff=True, is_superuser=True)
    adriana = Client()
    adriana.force_login(world.adriana)
    listing = adriana.get("/admin/notifications/outboxmessage/", {"state__exact": "failed"})
    assert listing.status_code == 200
    assert case.filing_number in listing.content.decode()
    response = adriana.post(
        "/admin/notifications/outboxmessage/",
        {"action": "retry_now", "_selected_action": [answer.pk], "index": 0},
    )
    assert response.status_code == 302
    run_worker()

    # then the answer went out, once
    assert state_of(answer).state == OutboxState.SENT
    answers = [m for m in flaky_smtp.messages if "Anulamos el cargo." in m.get_content()]
    assert len(answers) == 1
    assert header(answers[0], "Message-ID") == answer.message_id


def test_a_rolled_back_transaction_leaves_no_message(flaky_smtp: FlakySink) -> None:
    def welcome_whose_transaction_fails() -> None:
        with transaction.atomic():
            outbox_put(
                kind="welcome",
                dedupe_key="fantasma",
                to=["fantasma@prueba.test"],
                subject="Bienvenida",
                body="Hola.",
            )
            raise RuntimeError("the surrounding work failed")

    with pytest.raises(RuntimeError):
        welcome_whose_transaction_fails()

    run_worker()
    outbox_deliver()

    assert OutboxMessage.objects.count() == 0
    assert flaky_smtp.envelopes == []


def test_nothing_is_sent_while_the_causing_transaction_is_open(flaky_smtp: FlakySink) -> None:
    with transaction.atomic():
        # given a message written in a transaction still open
        message = outbox_put(
            kind="welcome",
            dedupe_key="pendiente",
            to=["nueva@prueba.test"],
            subject="Bienvenida",
            body="Hola.",
        )
        # when something tries to deliver it from inside that transaction, it is refused
        with pytest.raises(RuntimeError, match="durable"):
            outbox_deliver([message.pk])
        assert flaky_smtp.envelopes == []

    # then, once committed, the delivery enqueued on commit sends it
    run_worker()
    assert [envelope.rcpt_tos for envelope in flaky_smtp.envelopes] == [["nueva@prueba.test"]]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database locks a table being written: no reader can look",
)
def test_a_worker_elsewhere_finds_nothing_while_the_causing_transaction_is_open(
    flaky_smtp: FlakySink,
) -> None:
    seen_by_other_worker: list[int] = []

    def other_worker() -> None:
        try:
            seen_by_other_worker.append(outbox_deliver().sent)
        finally:
            connections.close_all()

    with transaction.atomic():
        put(1)
        thread = threading.Thread(target=other_worker)
        thread.start()
        thread.join(timeout=30)
        assert seen_by_other_worker == [0]

    assert flaky_smtp.envelopes == []
    assert outbox_deliver().sent == 1


def test_the_same_logical_message_is_written_once(flaky_smtp: FlakySink) -> None:
    first = put(1)
    again = put(1, subject="Otro asunto")

    assert again.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    assert state_of(first).subject == "Mensaje 1"


def test_attachments_travel_from_bytes(flaky_smtp: FlakySink) -> None:
    put(
        1,
        attachments=[Attachment(name="acta.txt", content_type="text/plain", data=b"Acta 1")],
        reference=Reference(filing_number="2026-000001"),
    )

    outbox_deliver()

    [message] = flaky_smtp.messages
    [part] = list(message.iter_attachments())
    assert part.get_filename() == "acta.txt"
    assert part.get_content() == "Acta 1"


def test_the_scheduled_command_delivers_what_is_due(flaky_smtp: FlakySink) -> None:
    put(1)

    call_command("deliver_outbox", stdout=StringIO())

    assert [envelope.rcpt_tos for envelope in flaky_smtp.envelopes] == [["persona1@prueba.test"]]


def test_a_deadline_digest_the_server_refuses_is_retried(
    world: World, flaky_smtp: FlakySink
) -> None:
    # given bruno's case is due soon and the mail server is briefly unavailable
    case = file_case(world.organization, world.facturacion, received="2026-03-16T09:00").case
    case_assign(case=case, assignee=world.bruno, by=world.bruno, at=bogota("2026-03-16T09:00"))
    OutboxMessage.objects.all().delete()
    flaky_smtp.refusals = 1

    # when the sweep runs, its digest is refused
    result = run_sweep(now=bogota("2026-04-08T08:00"))
    assert (result.emails_sent, result.emails_failed) == (0, 1)
    digest = OutboxMessage.objects.get(kind="deadline_digest")
    assert digest.state == OutboxState.RETRYING

    # then the next delivery after the backoff sends it, and a second sweep adds nothing
    outbox_deliver(now=digest.next_attempt_at)
    assert state_of(digest).state == OutboxState.SENT
    [envelope] = flaky_smtp.envelopes
    assert envelope.rcpt_tos == [world.bruno.email]
    assert run_sweep(now=bogota("2026-04-08T08:30")).emails_sent == 0
    assert OutboxMessage.objects.filter(kind="deadline_digest").count() == 1


def test_the_tracking_code_is_kept_only_until_the_acknowledgement_is_sent(
    world: World, flaky_smtp: FlakySink
) -> None:
    # given a filing whose acknowledgement waits in the outbox
    case = file_for(world, language="es-co")
    flaky_smtp.refusals = 1
    run_worker()
    waiting = OutboxMessage.objects.get(kind="case_acknowledgement")
    assert waiting.state == OutboxState.RETRYING
    [code] = re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", waiting.body)

    # when it is sent
    outbox_deliver(now=waiting.next_attempt_at)

    # then the requester got the code, and the stored copy no longer has it
    [message] = flaky_smtp.messages
    assert code in message.get_content()
    sent = state_of(waiting)
    assert sent.state == OutboxState.SENT
    assert code not in sent.body
    assert "****" in sent.body
    assert sent.redact == []
    assert case.filing_number in sent.subject
