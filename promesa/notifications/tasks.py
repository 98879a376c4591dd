"""Background tasks of the notifications app: delivery of the outbox."""

from __future__ import annotations

from django_tasks import task

from promesa.notifications.outbox import outbox_deliver


@task()
def deliver_outbox_task(message_ids: list[int] | None = None) -> str:
    """Send the given outbox messages (every due one when None) that are still due.

    Enqueued when the transaction that wrote them commits; a message already sent, or
    claimed by another worker, is left alone, so running it twice sends nothing twice.
    """
    return str(outbox_deliver(message_ids))
