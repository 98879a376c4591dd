"""The outbox: every outgoing message as a row, written with the change that causes it.

A row is written in the caller's transaction (``outbox.outbox_put``) and delivered later,
outside any transaction, by a worker (``outbox.outbox_deliver``). Decision record 0013 says
why, how a row is claimed exactly once, and how failures are retried.

The app sits below cases, accounts and organization, so the reference to what a message is
about is generic: the organization's id and the case's public id and filing number, not
foreign keys.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutboxState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("outbox", "Queued")
    SENDING = "sending", pgettext_lazy("outbox", "Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", pgettext_lazy("outbox", "Retrying")
    FAILED = "failed", pgettext_lazy("outbox", "Failed")


REDACTED = "****"

# States a worker may claim a row in (a ``sending`` row only once its lease ran out).
DELIVERABLE_STATES = (OutboxState.QUEUED, OutboxState.RETRYING, OutboxState.SENDING)


class OutboxMessage(models.Model):
    """One e-mail to send, exactly as it will leave, and how its delivery went."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    # The same logical message (say, the answer of one event to its requester) is written once.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    organization_id = models.PositiveBigIntegerField(_("organization id"), null=True, blank=True)
    case_public_id = models.UUIDField(_("case public id"), null=True, blank=True)
    filing_number = models.CharField(_("filing number"), max_length=40, blank=True)
    from_email = models.CharField(pgettext_lazy("outbox", "from"), max_length=320)
    to = models.JSONField(pgettext_lazy("outbox", "to"), default=list)
    reply_to = models.JSONField(pgettext_lazy("outbox", "reply to"), default=list, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"))
    headers = models.JSONField(pgettext_lazy("outbox", "headers"), default=dict, blank=True)
    # Secrets the body carries only until it is sent (the tracking code of an acknowledgement,
    # decision 0007): replaced by ``REDACTED`` once the server accepted the message.
    redact = models.JSONField(_("to remove once sent"), default=list, blank=True)
    # Also in ``headers``: a resend after a crash carries the same Message-ID, which mail
    # clients show once.
    message_id = models.CharField(_("Message-ID"), max_length=300)
    state = models.CharField(
        pgettext_lazy("outbox", "state"),
        max_length=10,
        choices=OutboxState.choices,
        default=OutboxState.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("outbox", "attempts"), default=0)
    # When a worker may next claim the row: the retry time, or while sending, the end of the
    # sender's lease (a worker that died mid-send is replaced after it).
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["dedupe_key"], name="outbox_unique_dedupe_key"),
            models.CheckConstraint(
                condition=Q(state__in=OutboxState.values), name="outbox_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state=OutboxState.SENT) | Q(sent_at__isnull=False),
                name="outbox_sent_has_sent_at",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["case_public_id", "created_at"], name="outbox_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {', '.join(self.to)} ({self.state})"


def _attachment_path(instance: OutboxAttachment, filename: str) -> str:
    return f"outbox/{instance.message.public_id}/{uuid.uuid4().hex}"


class OutboxAttachment(models.Model):
    """A file sent with a message: a file already in storage, or bytes kept here."""

    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    # A file the caller already stored (a case attachment) is referred to, not copied.
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300, blank=True)
    data = models.BinaryField(_("data"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(file="") | Q(data__isnull=False),
                name="outbox_attachment_has_content",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def read(self) -> bytes:
        if self.data is not None:
            return bytes(self.data)
        with self.file.open("rb") as handle:
            return bytes(handle.read())
