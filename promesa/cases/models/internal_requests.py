"""Internal requests: one area asks another for what it needs to answer."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.cases.choices import (
    InternalRequestStatus,
)
from promesa.cases.models.case import Case
from promesa.organization.models import Area


class InternalRequestQuerySet(models.QuerySet["InternalRequest"]):
    def open(self) -> InternalRequestQuerySet:
        return self.filter(status=InternalRequestStatus.OPEN)


class InternalRequest(models.Model):
    """One area asking another for input on a case, with an internal due date.

    The asking area is the internal customer and the supplying area its supplier: the
    timestamps, due date and both areas stay on the row so indicators can measure each
    area as a supplier (answered on time, time to answer) without reading the events.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="internal_requests"
    )
    from_area = models.ForeignKey(
        Area,
        verbose_name=_("asking area"),
        on_delete=models.PROTECT,
        related_name="internal_requests_sent",
    )
    to_area = models.ForeignKey(
        Area,
        verbose_name=_("supplying area"),
        on_delete=models.PROTECT,
        related_name="internal_requests_received",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="internal_requests_made",
    )
    question = models.TextField(_("question"))
    requested_at = models.DateTimeField(_("requested at"))
    due_date = models.DateField(_("internal due date"))
    # True when the supplying area's service level would have ended after the case's legal
    # due date, so the due date was brought forward to it.
    capped_at_legal_due_date = models.BooleanField(_("capped at the legal due date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InternalRequestStatus.choices,
        default=InternalRequestStatus.OPEN,
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="internal_requests_answered",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        related_name="internal_requests_cancelled",
        null=True,
        blank=True,
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Claims for the e-mails, set in the sending transaction so a task run twice sends once.
    opened_notified_at = models.DateTimeField(_("supplying area told at"), null=True, blank=True)
    answered_notified_at = models.DateTimeField(_("asker told at"), null=True, blank=True)

    objects = InternalRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("internal request")
        verbose_name_plural = _("internal requests")
        ordering = ["due_date", "requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_area=models.F("to_area")),
                name="internal_request_between_two_areas",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=InternalRequestStatus.ANSWERED)
                | models.Q(answered_at__isnull=False),
                name="internal_request_answered_has_time",
            ),
        ]
        indexes = [
            # The inboxes: open requests of an area by due date.
            models.Index(
                fields=["to_area", "status", "due_date"], name="internal_request_received"
            ),
            models.Index(fields=["from_area", "status", "due_date"], name="internal_request_sent"),
            # Indicators: each area as a supplier over a period.
            models.Index(fields=["to_area", "requested_at"], name="internal_request_supplier"),
            models.Index(fields=["case", "requested_at"], name="internal_request_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.from_area_id}→{self.to_area_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == InternalRequestStatus.OPEN


class InternalRequestMessage(models.Model):
    """One message in the conversation of an internal request, from either side."""

    request = models.ForeignKey(
        InternalRequest,
        verbose_name=_("internal request"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="internal_request_messages",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"))
    # When the other people of the conversation were e-mailed about this message.
    notified_at = models.DateTimeField(_("people told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("internal request message")
        verbose_name_plural = _("internal request messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["request", "created_at"], name="internal_request_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} by {self.author_id} {self.created_at:%Y-%m-%d %H:%M}"
