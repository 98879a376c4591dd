"""Claims and leases of the outbox, with Django's in-memory mail backend."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from promesa.accounts.tasks import send_welcome_email
from promesa.notifications.models import OutboxMessage, OutboxState
from promesa.notifications.outbox import outbox_deliver, outbox_put, outbox_retry_now
from tests.conftest import World

pytestmark = pytest.mark.django_db


def put() -> OutboxMessage:
    return outbox_put(
        kind="welcome",
        dedupe_key="prueba",
        to=["nueva@prueba.test"],
        subject="Bienvenida",
        body="Hola.",
        deliver_on_commit=False,
    )


def test_a_message_a_dead_worker_held_is_sent_once_its_lease_runs_out(settings: Any) -> None:
    # given a worker claimed the message and died before sending it
    settings.OUTBOX_SENDING_LEASE_SECONDS = 600
    message = put()
    start = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.SENDING, attempts=1, next_attempt_at=start + timedelta(minutes=10)
    )

    # when another worker looks during the lease, then after it
    during = outbox_deliver(now=start + timedelta(minutes=9))
    after = outbox_deliver(now=start + timedelta(minutes=10))

    # then it waited for the lease, then sent it (the second try)
    assert (during.sent, after.sent) == (0, 1)
    assert [m.to for m in mail.outbox] == [["nueva@prueba.test"]]
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 2


def test_retry_now_makes_a_failed_message_due_and_leaves_sent_ones_alone() -> None:
    failed = put()
    OutboxMessage.objects.filter(pk=failed.pk).update(
        state=OutboxState.FAILED, attempts=6, next_attempt_at=timezone.now() + timedelta(days=1)
    )
    sent = outbox_put(
        kind="welcome", dedupe_key="enviado", to=["otra@prueba.test"], subject="S", body="B"
    )
    OutboxMessage.objects.filter(pk=sent.pk).update(state=OutboxState.SENT, sent_at=timezone.now())

    assert outbox_retry_now([failed.pk, sent.pk]) == 1
    outbox_deliver()

    assert [m.to for m in mail.outbox] == [["nueva@prueba.test"]]
    assert OutboxMessage.objects.get(pk=failed.pk).state == OutboxState.SENT
    assert OutboxMessage.objects.get(pk=sent.pk).state == OutboxState.SENT


def test_the_welcome_task_run_twice_writes_and_sends_one_message(world: World) -> None:
    mail.outbox.clear()

    send_welcome_email.call(user_id=world.carla.pk)
    send_welcome_email.call(user_id=world.carla.pk)

    assert [m.to for m in mail.outbox] == [[world.carla.email]]
    assert OutboxMessage.objects.filter(kind="welcome", to=[world.carla.email]).count() == 1
