"""The IMAP poller against a real Dovecot: read, process, and only then mark as read."""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from promesa.cases import services
from promesa.cases.choices import EventKind
from promesa.cases.events import MessageReceived
from promesa.cases.models import Case
from promesa.intake.mail import imap as poller
from promesa.intake.mail import processing
from promesa.intake.mail.choices import InboundStatus
from promesa.intake.mail.models import InboundMessage, Mailbox
from promesa.notifications.email import reply_address
from tests.cases.factories import file_case
from tests.conftest import World
from tests.mail.conftest import IMAP_USER, PASSWORD_ENV, DovecotServer, ImapTestClient
from tests.mail.messages import PDF, bounce_for, email_from_ana, malformed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mailbox(world: World, dovecot: DovecotServer, imap: ImapTestClient) -> Mailbox:
    return Mailbox.objects.create(
        organization=world.organization,
        name="PQRS",
        host="127.0.0.1",
        port=dovecot.port,
        use_ssl=False,
        username=IMAP_USER,
        password_env=PASSWORD_ENV,
    )


def poll() -> str:
    out = io.StringIO()
    call_command("poll_mailboxes", once=True, stdout=out)
    return out.getvalue()


def test_a_new_message_files_a_case_with_its_attachment(
    mailbox: Mailbox, imap: ImapTestClient
) -> None:
    # given Ana's e-mail with a PDF waits in the mailbox
    imap.append(email_from_ana(attachment=("factura.pdf", PDF, "application/pdf")))

    # when the poller runs
    output = poll()

    # then one case is filed with the attachment and the message is marked read
    case = Case.objects.get()
    assert case.attachments.get().original_name == "factura.pdf"
    inbound = InboundMessage.objects.get()
    assert inbound.status == InboundStatus.FILED
    assert inbound.mailbox == mailbox
    assert inbound.case == case
    assert imap.subjects("UNSEEN") == []
    assert imap.subjects("SEEN") == ["Cobro doble en la factura de noviembre"]
    assert "PQRS: 1 processed (filed), 0 failed" in output


def test_a_reply_to_the_cases_reply_address_is_attached_to_it(
    world: World, mailbox: Mailbox, imap: ImapTestClient
) -> None:
    case = file_case(world.organization, world.facturacion).case
    imap.append(email_from_ana(to=reply_address(case.filing_number), text="Aquí va la copia."))

    poll()

    assert Case.objects.count() == 1
    assert (
        case.events.get(kind=EventKind.MESSAGE_RECEIVED).payload_as(MessageReceived).text
        == "Aquí va la copia."
    )
    assert InboundMessage.objects.get().status == InboundStatus.ATTACHED


def test_an_auto_reply_and_a_bounce_are_ignored(mailbox: Mailbox, imap: ImapTestClient) -> None:
    imap.append(
        email_from_ana(subject="Fuera de oficina", headers={"Auto-Submitted": "auto-replied"})
    )
    imap.append(bounce_for("ana@correo.test"))

    poll()

    assert Case.objects.count() == 0
    assert sorted(InboundMessage.objects.values_list("status", flat=True)) == [
        InboundStatus.IGNORED,
        InboundStatus.IGNORED,
    ]
    assert imap.subjects("UNSEEN") == []


def test_oversized_and_malformed_messages_are_rejected_and_the_next_one_is_filed(
    mailbox: Mailbox, imap: ImapTestClient, settings: Any
) -> None:
    settings.MAIL_INBOUND_MAX_BYTES = 3_000
    imap.append(email_from_ana(subject="Enorme", text="x" * 10_000))
    imap.append(malformed())
    imap.append(email_from_ana(subject="La buena"))

    poll()

    statuses = dict(InboundMessage.objects.values_list("subject", "status"))
    assert statuses == {
        "": InboundStatus.REJECTED,  # too large: not even parsed
        "Roto": InboundStatus.REJECTED,
        "La buena": InboundStatus.FILED,
    }
    assert Case.objects.get().subject == "La buena"
    # rejections are final: marked read so that they are not fetched forever
    assert imap.subjects("UNSEEN") == []


def test_a_message_is_still_unread_while_it_is_processed(
    mailbox: Mailbox, imap: ImapTestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    imap.append(email_from_ana())
    seen_during_processing: list[list[str]] = []
    original = processing.inbound_process

    def spying(raw: bytes, **kwargs: Any) -> InboundMessage:
        # a second client looks at the flags from outside while the case is filed
        seen_during_processing.append(imap.subjects("SEEN"))
        return original(raw, **kwargs)

    monkeypatch.setattr("promesa.intake.mail.imap.inbound_process", spying)

    poll()

    assert seen_during_processing == [[]]
    assert imap.subjects("SEEN") == ["Cobro doble en la factura de noviembre"]


def test_a_crash_after_the_commit_leaves_the_message_unread_and_never_files_twice(
    mailbox: Mailbox, imap: ImapTestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given marking the message read fails once, after the case was committed
    imap.append(email_from_ana())
    original = poller.mark_seen
    calls = {"n": 0}

    def failing_once(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionResetError("the IMAP connection dropped")
        original(*args, **kwargs)

    monkeypatch.setattr("promesa.intake.mail.imap.mark_seen", failing_once)

    # when the poller runs
    first = poll()

    # then the case is there and the message still unread
    assert "1 failed" in first
    case = Case.objects.get()
    assert imap.subjects("UNSEEN") == ["Cobro doble en la factura de noviembre"]

    # when the poller runs again
    poll()

    # then it finds the message again, files nothing new and marks it read
    assert Case.objects.get() == case
    assert InboundMessage.objects.count() == 1
    assert imap.subjects("UNSEEN") == []


def test_a_crash_before_the_commit_leaves_nothing_and_the_next_poll_files_once(
    mailbox: Mailbox, imap: ImapTestClient, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    # given filing fails inside the processing transaction, once
    imap.append(email_from_ana())
    original = services.case_file
    calls = {"n": 0}

    def failing_once(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            original(**kwargs)  # the case is written...
            raise RuntimeError("the worker died mid-transaction")  # ...and rolled back
        return original(**kwargs)

    monkeypatch.setattr("promesa.intake.mail.processing.case_file", failing_once)

    # when the poller runs
    first = poll()

    # then nothing was kept and the message waits, unread
    assert "0 processed" in first
    assert Case.objects.count() == 0
    assert InboundMessage.objects.count() == 0
    assert list(Path(settings.MEDIA_ROOT).rglob("*.eml")) == [], "no orphan raw file"
    assert imap.subjects("UNSEEN") == ["Cobro doble en la factura de noviembre"]

    # when the poller runs again, the message is filed once and marked read
    poll()
    assert Case.objects.count() == 1
    assert InboundMessage.objects.get().status == InboundStatus.FILED
    assert imap.subjects("UNSEEN") == []


def test_processed_messages_move_to_the_processed_folder(
    mailbox: Mailbox, imap: ImapTestClient
) -> None:
    mailbox.processed_folder = "Procesados"
    mailbox.save()
    imap.create_folder("Procesados")
    imap.append(email_from_ana())

    poll()

    assert Case.objects.count() == 1
    assert imap.subjects() == []
    assert imap.subjects("SEEN", folder="Procesados") == ["Cobro doble en la factura de noviembre"]


def test_a_mailbox_without_its_password_is_skipped_and_the_others_are_read(
    world: World, mailbox: Mailbox, imap: ImapTestClient, dovecot: DovecotServer
) -> None:
    Mailbox.objects.create(
        organization=world.organization,
        name="Sin clave",
        host="127.0.0.1",
        port=dovecot.port,
        use_ssl=False,
        username=IMAP_USER,
        password_env="PROMESA_TEST_UNSET_PASSWORD",
    )
    imap.append(email_from_ana())

    output = poll()

    assert "PQRS: 1 processed" in output
    assert "Sin clave" not in output
    assert Case.objects.count() == 1


def test_the_legal_term_runs_from_when_the_server_received_the_message(
    mailbox: Mailbox, imap: ImapTestClient
) -> None:
    # given a message that arrived three days ago while the poller was down (a past date:
    # Dovecot replaces a future INTERNALDATE with the current time)
    arrived = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    imap.append(email_from_ana(), received_at=arrived)

    # when the poller catches up later
    poll()

    # then the case counts from the arrival, not from the poll
    case = Case.objects.get()
    assert case.received_at == arrived
    assert InboundMessage.objects.get().received_at == arrived


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL row locks"
)
def test_two_pollers_processing_the_same_message_at_once_file_one_case(world: World) -> None:
    # given two nodes that fetched the same message at the same moment
    raw = email_from_ana()
    barrier = threading.Barrier(2)
    results: list[InboundMessage] = []
    errors: list[BaseException] = []

    def node() -> None:
        try:
            barrier.wait()
            results.append(processing.inbound_process(raw))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    # when both process it
    threads = [threading.Thread(target=node) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then both get the same record and there is one case
    assert errors == []
    assert len({r.pk for r in results}) == 1
    assert Case.objects.count() == 1
