from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.cases.models import Case
from promesa.intake.mail.choices import InboundStatus
from promesa.organization.models import Organization


class Mailbox(models.Model):
    """An IMAP mailbox polled for new requests and replies.

    The password is never stored: ``password_env`` names the environment variable that
    holds it, so the database and its backups carry no mail credentials.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="mailboxes",
    )
    name = models.CharField(_("name"), max_length=100)
    host = models.CharField(_("IMAP host"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("use SSL/TLS"), default=True)
    username = models.CharField(_("user name"), max_length=200)
    password_env = models.CharField(
        _("password environment variable"),
        max_length=100,
        help_text=_("Name of the environment variable that holds the password."),
    )
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    processed_folder = models.CharField(
        _("folder for processed messages"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Leave empty to keep processed messages where they are, marked as read."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(password_env=""), name="mailbox_password_env_required"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def inbound_raw_path(instance: InboundMessage, filename: str) -> str:
    return f"mail/inbound/{instance.sha256[:2]}/{instance.sha256}.eml"


class InboundMessage(models.Model):
    """One e-mail received, kept raw, and what became of it.

    The unique SHA-256 of the raw bytes makes processing idempotent: the same message
    fetched twice (a crash before it was marked read, two pollers) yields this one row.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mailbox = models.ForeignKey(
        Mailbox,
        verbose_name=_("mailbox"),
        on_delete=models.PROTECT,
        related_name="messages",
        null=True,
        blank=True,
        help_text=_("Empty for messages piped in by the mail server."),
    )
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True, db_index=True)
    sha256 = models.CharField(_("SHA-256 of the raw message"), max_length=64, unique=True)
    # Sender, subject, text and attachments, hashed: with the Message-ID it tells a true
    # resend (new trace headers, same message) from another message reusing the ID.
    content_sha256 = models.CharField(
        _("SHA-256 of the content"), max_length=64, blank=True, default=""
    )
    received_at = models.DateTimeField(_("received at"))
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InboundStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="inbound_messages",
        null=True,
        blank=True,
    )
    raw = models.FileField(_("raw message"), upload_to=inbound_raw_path, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    processed_at = models.DateTimeField(_("processed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inbound e-mail")
        verbose_name_plural = _("inbound e-mails")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="inbound_status_received"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.subject or self.message_id}"
