"""Write outgoing messages in the caller's transaction; deliver them outside any transaction.

``outbox_put`` writes one row (and its attachments) with the change that causes it: a rolled
back change leaves no message, and nothing leaves while the change is uncommitted. On commit
it enqueues ``deliver_outbox_task`` so the message goes out promptly; the scheduled
``deliver_outbox`` command picks up whatever is due (retries, messages whose task was lost).

``outbox_deliver`` claims each due row with one conditional UPDATE (``state`` still
deliverable and ``next_attempt_at`` passed), so two workers never send the same row; then it
talks SMTP with no transaction open, and records the outcome: sent, retrying with
exponential backoff, or failed after ``OUTBOX_MAX_ATTEMPTS`` tries or a permanent refusal.
See docs/decisions/0013-outbox.md.
"""

from __future__ import annotations

import logging
import random
import smtplib
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from promesa.notifications.models import (
    DELIVERABLE_STATES,
    REDACTED,
    OutboxAttachment,
    OutboxMessage,
    OutboxState,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Each retry waits this many times longer than the one before.
BACKOFF_FACTOR = 4
_LOCK_PATIENCE_SECONDS = 30.0
_ERROR_LENGTH = 2000


@dataclass(frozen=True)
class Attachment:
    """A file to send: ``stored_name`` names a file already in storage, else ``data``."""

    name: str
    content_type: str
    data: bytes = b""
    stored_name: str = ""


@dataclass(frozen=True)
class Reference:
    """What a message is about, for the pages that list it (all optional)."""

    organization_id: int | None = None
    case_public_id: uuid.UUID | str | None = None
    filing_number: str = ""


@transaction.atomic  # the row and its attachments together, even with no caller transaction
def outbox_put(
    *,
    kind: str,
    dedupe_key: str,
    to: Sequence[str],
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    reply_to: Sequence[str] = (),
    attachments: Iterable[Attachment] = (),
    reference: Reference = Reference(),
    redact: Sequence[str] = (),
    deliver_on_commit: bool = True,
) -> OutboxMessage:
    """Write one message in the caller's transaction, once per ``dedupe_key``.

    Each string of ``redact`` (a secret such as a tracking code) is replaced in the stored
    body once the message is sent. A second call with the same key returns the row written
    first and writes nothing. With ``deliver_on_commit`` (the default) a delivery task is
    enqueued in the same transaction, so a worker sees it when, and only if, the message
    commits; a job that delivers its own rows once its transaction is over (the deadline
    sweep) passes False and calls ``outbox_deliver``.
    """
    headers = dict(headers or {})
    headers.setdefault("Message-ID", f"<outbox-{uuid.uuid4()}@{mail_domain()}>")
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "organization_id": reference.organization_id,
            "case_public_id": reference.case_public_id,
            "filing_number": reference.filing_number,
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "to": list(to),
            "reply_to": list(reply_to),
            "subject": subject,
            "body": body,
            "headers": headers,
            "redact": [secret for secret in redact if secret],
            "message_id": headers["Message-ID"],
            "next_attempt_at": timezone.now(),
        },
    )
    if not created:
        return message
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(
            message=message,
            name=item.name,
            content_type=item.content_type,
            file=item.stored_name,
            data=None if item.stored_name else item.data,
        )
        for item in attachments
    )
    if deliver_on_commit:
        _deliver_on_commit([message.pk])
    return message


def _deliver_on_commit(message_ids: list[int]) -> None:
    # The task module imports this one; importing it here keeps the cycle out of import time.
    from promesa.notifications.tasks import deliver_outbox_task

    # The task queue lives in the same database: the task row commits with the message or
    # not at all, and no worker sees it before then. Subscribers write their messages inside
    # their own transaction, so delivering them is always another task's work.
    deliver_outbox_task.enqueue(message_ids=message_ids)


def mail_domain() -> str:
    """The domain of ``DEFAULT_FROM_EMAIL``, used on the right of our Message-IDs."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2].lower() or "promesa.localhost"


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    # Rows another worker claimed between our look and our claim.
    skipped: int = 0

    def __str__(self) -> str:
        return (
            f"sent: {self.sent}; retrying: {self.retrying}; failed: {self.failed}; "
            f"claimed by another worker: {self.skipped}"
        )


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: 1, 4, 16, 64... base periods."""
    return timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * BACKOFF_FACTOR ** (attempts - 1))


def _due(now: datetime) -> Q:
    return Q(state__in=DELIVERABLE_STATES, next_attempt_at__lte=now)


def outbox_deliver(
    message_ids: Iterable[int] | None = None, *, now: datetime | None = None, limit: int = 200
) -> DeliveryResult:
    """Send the due messages (only ``message_ids`` when given), each by exactly one worker.

    Must run outside any transaction: each claim and each outcome is its own durable
    transaction (Django refuses a durable block nested in a caller's), and SMTP is spoken
    between them, with nothing open.
    """
    moment = now or timezone.now()
    due = OutboxMessage.objects.filter(_due(moment))
    if message_ids is not None:
        due = due.filter(pk__in=list(message_ids))
    ordered = due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit]
    candidates = _patiently(lambda: list(ordered))
    result = DeliveryResult()
    connection: BaseEmailBackend | None = None
    try:
        for pk in candidates:
            message = _claim(pk, now or timezone.now())
            if message is None:
                result.skipped += 1
                continue
            if connection is None:
                connection = get_connection(fail_silently=False)
            error = _send(message, connection)
            if error is not None:
                # The server may have dropped the connection; the next message opens a new one.
                _close(connection)
                connection = None
            _record(message, error, now or timezone.now(), result)
    finally:
        if connection is not None:
            _close(connection)
    return result


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:
        # A server that already hung up may refuse the goodbye; the messages are recorded.
        logger.warning("Closing the SMTP connection failed.", exc_info=True)


def _claim(pk: int, now: datetime) -> OutboxMessage | None:
    """Take the row for this worker; None when another worker took it first.

    One UPDATE whose WHERE repeats the due condition: on PostgreSQL a second UPDATE waits
    for the first and then finds the row no longer due; SQLite runs writers one at a time.
    """
    lease = timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)

    def claim() -> int:
        with transaction.atomic(durable=True):
            return OutboxMessage.objects.filter(_due(now), pk=pk).update(
                state=OutboxState.SENDING,
                attempts=F("attempts") + 1,
                last_attempt_at=now,
                next_attempt_at=now + lease,
            )

    if not _patiently(claim):
        return None
    return _patiently(lambda: OutboxMessage.objects.prefetch_related("attachments").get(pk=pk))


def _patiently(step: Callable[[], T]) -> T:
    """Run one database step, waiting out another writer's lock on SQLite.

    SQLite lets one connection write at a time; its busy timeout usually hides that, but not
    always (the in-memory database of the tests answers "table is locked" at once). Giving up
    is worst after a send, when the row would stay claimed and be sent again after its
    lease, so every step waits up to ``_LOCK_PATIENCE_SECONDS``.
    """
    deadline = time.monotonic() + _LOCK_PATIENCE_SECONDS
    while True:
        try:
            return step()
        except OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
        time.sleep(0.01 + random.random() * 0.04)  # noqa: S311 - jitter, not security


@dataclass(frozen=True)
class _Failure:
    text: str
    permanent: bool


def _send(message: OutboxMessage, connection: BaseEmailBackend) -> _Failure | None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        reply_to=list(message.reply_to) or None,
        headers=dict(message.headers),
        connection=connection,
    )
    try:
        # Kept open for the next message of the run (opening is a no-op when it is open).
        connection.open()
        for attachment in message.attachments.all():
            email.attach(attachment.name, attachment.read(), attachment.content_type)
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        return _Failure(_describe(exc), permanent=all(code >= 500 for code in codes))
    except smtplib.SMTPResponseException as exc:
        return _Failure(_describe(exc), permanent=exc.smtp_code >= 500)
    except Exception as exc:
        # Any other failure (the network, a missing file) is worth another try.
        logger.warning("Could not send outgoing message %s: %s", message.pk, exc)
        return _Failure(_describe(exc), permanent=False)
    return None


def _redacted(body: str, secrets: list[str]) -> str:
    for secret in secrets:
        body = body.replace(secret, REDACTED)
    return body


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:_ERROR_LENGTH]


def _record(
    message: OutboxMessage, error: _Failure | None, now: datetime, result: DeliveryResult
) -> None:
    changes: dict[str, object]
    if error is None:
        changes = {"state": OutboxState.SENT, "sent_at": now}
        if message.redact:
            changes.update(body=_redacted(message.body, message.redact), redact=[])
        result.sent += 1
    elif error.permanent or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        changes = {"state": OutboxState.FAILED, "last_error": error.text}
        result.failed += 1
        logger.error(
            "Outgoing message %s failed for good after %s tries: %s",
            message.pk,
            message.attempts,
            error.text,
        )
    else:
        changes = {
            "state": OutboxState.RETRYING,
            "last_error": error.text,
            "next_attempt_at": now + retry_delay(message.attempts),
        }
        result.retrying += 1

    def save() -> None:
        with transaction.atomic(durable=True):
            OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.SENDING).update(**changes)

    _patiently(save)


def outbox_retry_now(message_ids: Iterable[int]) -> int:
    """Make the given failed or retrying messages due now; returns how many.

    One more try: a message that fails it again is failed again (or keeps its schedule).
    """
    ids = list(
        OutboxMessage.objects.filter(
            pk__in=list(message_ids), state__in=[OutboxState.FAILED, OutboxState.RETRYING]
        ).values_list("pk", flat=True)
    )
    OutboxMessage.objects.filter(pk__in=ids).update(
        state=OutboxState.RETRYING, next_attempt_at=timezone.now()
    )
    if ids:
        _deliver_on_commit(ids)
    return len(ids)
