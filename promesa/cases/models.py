from __future__ import annotations

import uuid
from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Value, When
from django.utils.translation import gettext_lazy as _

from promesa.cases.choices import (
    OPEN_DRAFT_STATUSES,
    OPEN_STATUSES,
    AnswerDraftStatus,
    CaseKind,
    CaseStatus,
    Channel,
    EventKind,
    InternalRequestStatus,
    Priority,
    PriorityReason,
    RequesterKind,
    ResponseChannel,
)
from promesa.organization.models import Area, Organization, Touchpoint


class Requester(models.Model):
    """The person or company who filed a case, with their contact and consent."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="requesters",
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    kind = models.CharField(
        _("kind"), max_length=10, choices=RequesterKind.choices, default=RequesterKind.PERSON
    )
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    id_type = models.CharField(_("document type"), max_length=20, blank=True)
    id_number = models.CharField(_("document number"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    preferred_channel = models.CharField(
        _("preferred response channel"),
        max_length=20,
        choices=ResponseChannel.choices,
        default=ResponseChannel.EMAIL,
    )
    language = models.CharField(_("language"), max_length=10, default="es-co")
    consent_given = models.BooleanField(_("personal-data consent given"), default=False)
    consent_text_version = models.CharField(_("consent text version"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("requester")
        verbose_name_plural = _("requesters")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=True) | ~models.Q(full_name=""),
                name="requester_identified_has_name",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Anonymous")) if self.is_anonymous else self.full_name


class FilingSequence(models.Model):
    """The last filing number used per organization and year.

    Incremented under a row lock in the filing transaction, so numbers are unique and, since
    a rolled-back filing rolls the counter back too, gap-free.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="filing_sequences"
    )
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("filing sequence")
        verbose_name_plural = _("filing sequences")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="filing_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_value}"


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def with_risk(self, *, today: date, due_soon_until: date) -> CaseQuerySet:
        """Annotate ``risk_rank`` (0 overdue, 1 due today, 2 due soon, 3 on track, 4 done).

        ``due_soon_until`` is the last date counted as due soon, computed in business days by
        the deadline engine, so the database only compares dates.
        """
        return self.annotate(
            risk_rank=models.Case(
                When(~models.Q(status__in=OPEN_STATUSES), then=Value(4)),
                When(due_date__lt=today, then=Value(0)),
                When(due_date=today, then=Value(1)),
                When(due_date__lte=due_soon_until, then=Value(2)),
                default=Value(3),
                output_field=models.IntegerField(),
            )
        )


class Case(models.Model):
    """A petition, complaint, claim, suggestion or report (PQRS) with its legal deadline."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="cases"
    )
    filing_number = models.CharField(_("filing number"), max_length=40)
    tracking_code_hash = models.CharField(_("tracking code (hashed)"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    regime = models.CharField(_("legal regime"), max_length=40)
    request_type = models.CharField(_("legal request type"), max_length=40)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    requester = models.ForeignKey(
        Requester, verbose_name=_("requester"), on_delete=models.PROTECT, related_name="cases"
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    touchpoint = models.ForeignKey(
        Touchpoint,
        verbose_name=_("touchpoint"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    area = models.ForeignKey(
        Area, verbose_name=_("responsible area"), on_delete=models.PROTECT, related_name="cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        null=True,
        blank=True,
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    priority_reason = models.CharField(
        _("priority reason"),
        max_length=30,
        choices=PriorityReason.choices,
        default=PriorityReason.NONE,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.FILED
    )
    language = models.CharField(_("language"), max_length=10, default="es-co")
    received_at = models.DateTimeField(_("received at"))
    due_date = models.DateField(_("due date"))
    original_due_date = models.DateField(_("original due date"))
    extension_days = models.PositiveSmallIntegerField(_("extension (days)"), default=0)
    # Closed pause intervals as [["2026-03-02", "2026-03-09"], ...] (inclusive dates); the
    # open one, while the requester is asked for clarification, is in paused_since.
    pauses = models.JSONField(_("pauses"), default=list, blank=True)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    clarification_due = models.DateField(_("clarification due"), null=True, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=200, blank=True)
    # Fingerprint of requester and text, to recognise the same request filed twice.
    content_hash = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "filing_number"], name="case_filing_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("original_due_date")),
                name="case_due_date_never_before_original",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "status", "due_date"], name="case_area_status_due"),
            models.Index(
                fields=["assignee", "status", "due_date"], name="case_assignee_status_due"
            ),
            models.Index(fields=["status", "due_date"], name="case_status_due"),
            models.Index(fields=["received_at"], name="case_received_at"),
            models.Index(fields=["content_hash", "received_at"], name="case_content_hash"),
            # The dashboard's quarter counts per area, read from the index alone (INCLUDE is
            # PostgreSQL's; SQLite builds the plain index). See decision 0011.
            models.Index(
                fields=["area", "answered_at"],
                include=["due_date"],
                condition=models.Q(answered_at__isnull=False),
                name="case_area_answered",
            ),
            models.Index(
                fields=["area", "received_at"], include=["kind"], name="case_area_received"
            ),
            # The queues read open cases in (due_date, id) order, a page at a time from a
            # keyset cursor; these partial indexes give that order without sorting, per
            # organization, per assignee ("my cases", "unassigned") and per area.
            # See docs/decisions/0009-full-text-search.md.
            models.Index(
                fields=["organization", "due_date", "id"],
                name="case_open_org_due",
                condition=models.Q(status__in=sorted(OPEN_STATUSES)),
            ),
            models.Index(
                fields=["assignee", "due_date", "id"],
                name="case_open_assignee_due",
                condition=models.Q(status__in=sorted(OPEN_STATUSES)),
            ),
            models.Index(
                fields=["area", "due_date", "id"],
                name="case_open_area_due",
                condition=models.Q(status__in=sorted(OPEN_STATUSES)),
            ),
            # "Unassigned" for one area: an ordered walk of the area's open cases that finds
            # none unassigned would read them all; this index holds only the rows it wants.
            models.Index(
                fields=["area", "due_date", "id"],
                name="case_open_unassigned_area_due",
                condition=models.Q(status__in=sorted(OPEN_STATUSES), assignee__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filing_number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def pause_intervals(self, *, until: date | None = None) -> list[tuple[date, date]]:
        """Closed pauses, plus the open one running up to ``until`` when given."""
        intervals = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in self.pauses]
        if self.paused_since is not None and until is not None:
            intervals.append((self.paused_since, max(until, self.paused_since)))
        return intervals


class CaseEventQuerySet(models.QuerySet["CaseEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Case events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Case events are append-only.")


class CaseEvent(models.Model):
    """One immutable entry in a case's history: who did what, when, and what followed."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="case_events",
        null=True,
        blank=True,
    )
    # Who acted when there is no staff user: "requester", "system" or an integration name.
    actor_label = models.CharField(_("actor label"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("at"))
    data = models.JSONField(_("data"), default=dict, blank=True)
    status_after = models.CharField(_("status after"), max_length=20, choices=CaseStatus.choices)
    due_date_after = models.DateField(_("due date after"))

    objects: ClassVar[models.Manager[CaseEvent]] = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="case_event_timeline")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Case events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Case events are append-only.")


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"cases/{instance.case.public_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file received with a case or sent with its answer."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="attachments"
    )
    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="attachments",
        null=True,
        blank=True,
    )
    # Set while the file waits in an answer being written or approved; once the answer is
    # sent the file also points at the ANSWERED event, which is what the portal shows.
    draft = models.ForeignKey(
        "AnswerDraft",
        verbose_name=_("answer draft"),
        on_delete=models.PROTECT,
        related_name="attachments",
        null=True,
        blank=True,
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class CaseMessageKind(models.TextChoices):
    """The messages a requester receives about their case.

    Kept next to ``MessageTemplate`` rather than in ``choices.py`` only because of file
    ownership when it was written; it may move there.
    """

    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    CLARIFICATION_REQUEST = "clarification_request", _("Request for clarification")
    EXTENSION_NOTICE = "extension_notice", _("Notice of extension")
    ANSWER = "answer", _("Answer")


MESSAGE_TEMPLATE_LANGUAGES = [("es-co", _("Spanish")), ("en", _("English"))]


class MessageTemplate(models.Model):
    """The organization's own wording of one case message in one language.

    Subject and body use Django template syntax with ``case``, ``organization``,
    ``requester_name``, ``due_date_words``, ``tracking_code`` and ``event_data``. Without a
    row the shipped wording is used.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="message_templates",
    )
    message = models.CharField(_("message"), max_length=30, choices=CaseMessageKind.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=MESSAGE_TEMPLATE_LANGUAGES, default="es-co"
    )
    subject = models.CharField(
        _("subject"),
        max_length=200,
        help_text=_("The filing number is added in front when the subject does not show it."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Variables: {{ case.filing_number }}, {{ requester_name }}, {{ due_date_words }}, "
            "{{ tracking_code }}, {{ event_data.message }}, {{ event_data.text }}."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["organization", "message", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "message", "language"],
                name="message_template_one_per_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_message_display()} ({self.language})"

    def clean(self) -> None:
        """Refuse a subject or body that does not compile, so a send never meets it first."""
        from django.core.exceptions import ValidationError
        from django.template import Engine, TemplateSyntaxError

        errors = {}
        for field in ("subject", "body"):
            try:
                Engine.get_default().from_string(getattr(self, field))
            except TemplateSyntaxError as exc:
                errors[field] = ValidationError(
                    _("This template has an error: %(error)s"), params={"error": exc}
                )
        if errors:
            raise ValidationError(errors)


class SweepLease(models.Model):
    """Who runs a periodic sweep right now, so only one node does each tick.

    Claimed with one conditional UPDATE (expired, or already ours); see ``cases.alerts``.
    """

    name = models.CharField(_("name"), max_length=60, unique=True)
    holder = models.CharField(_("holder"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("sweep lease")
        verbose_name_plural = _("sweep leases")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.holder or '-'} until {self.expires_at:%Y-%m-%d %H:%M})"


class DeadlineAlertKind(models.TextChoices):
    """Why staff are warned about a case's legal deadline.

    Kept next to ``DeadlineAlert`` rather than in ``choices.py`` only because of file
    ownership when it was written; it may move there.
    """

    DUE_SOON = "due_soon", _("Due soon")
    DUE_TODAY = "due_today", _("Due today")
    OVERDUE = "overdue", _("Overdue")


class DeadlineAlert(models.Model):
    """One warning to one person about one case's deadline on one (organization-local) day.

    The unique constraint is what makes the sweep idempotent: a person hears about a case
    and kind at most once a day, however many sweeps or nodes run.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadline_alerts"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="deadline_alerts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineAlertKind.choices)
    sent_on = models.DateField(_("sent on"))
    # The sweep run that inserted the row: after an INSERT that ignores conflicts, it tells
    # this run's rows from those another node inserted at the same moment.
    sweep_id = models.UUIDField(_("sweep run"), db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        ordering = ["-sent_on", "case", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "recipient", "kind", "sent_on"], name="deadline_alert_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} → {self.recipient_id} on {self.sent_on}"


class InternalNote(models.Model):
    """A remark staff leave on a case for each other; the requester never reads it.

    Not a ``CaseEvent``: notes change nothing in the case and are no part of its legal
    record, so the portal, which reads only events, cannot show them.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="internal_notes",
    )
    text = models.TextField(_("text"))
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned"),
        related_name="note_mentions",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"))
    # Set when the mention e-mails are claimed for sending, so a task run twice sends once.
    mentions_notified_at = models.DateTimeField(_("mentions notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="internal_note_case")]

    def __str__(self) -> str:
        return f"{self.case_id} note by {self.author_id} {self.created_at:%Y-%m-%d %H:%M}"


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


def _template_error(source: str) -> str | None:
    """The syntax error of a Django template string, or None when it compiles."""
    from django.template import Engine, TemplateSyntaxError

    try:
        Engine.get_default().from_string(source)
    except TemplateSyntaxError as exc:
        return str(exc)
    return None


class AnswerTemplate(models.Model):
    """A starting text for answers, with variables filled from the case when it is chosen.

    Plain text in Django template syntax; the variables are listed in ``help_text`` and
    filled by ``cases.answers.fill_answer_template``.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="answer_templates",
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("suits cases of kind"),
        max_length=20,
        choices=CaseKind.choices,
        blank=True,
        help_text=_("Leave empty for a template that suits any kind."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=MESSAGE_TEMPLATE_LANGUAGES, default="es-co"
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Variables: {{ requester_name }}, {{ filing_number }}, {{ subject }}, "
            "{{ received_date }}, {{ due_date }}, {{ today }}, {{ area_name }}, "
            "{{ agent_name }}, {{ organization_name }}. Dates are written in words."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name", "language"], name="answer_template_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Refuse a text that does not compile, so an agent never meets the error first."""
        from django.core.exceptions import ValidationError

        error = _template_error(self.body)
        if error is not None:
            message = _("This template has an error: %(error)s")
            raise ValidationError({"body": ValidationError(message, params={"error": error})})


class AnswerApprovalRule(models.Model):
    """Answers of matching cases need a supervisor's approval before they go out.

    A rule matches a case when its area is the case's area or one above it (or is empty)
    and its kind is the case's kind (or is empty); see ``cases.answers.answer_needs_approval``.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="answer_approval_rules",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        related_name="answer_approval_rules",
        null=True,
        blank=True,
        help_text=_("The rule also covers the areas below it. Empty: every area."),
    )
    kind = models.CharField(
        _("kind of case"),
        max_length=20,
        choices=CaseKind.choices,
        blank=True,
        help_text=_("Empty: every kind."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer approval rule")
        verbose_name_plural = _("answer approval rules")
        ordering = ["organization", "area", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "area", "kind"], name="answer_approval_rule_unique"
            ),
        ]

    def __str__(self) -> str:
        area = self.area.name if self.area else _("every area")
        kind = self.get_kind_display() if self.kind else _("every kind")
        return f"{area} · {kind}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.area is not None and self.area.organization_id != self.organization_id:
            raise ValidationError({"area": _("The area belongs to another organization.")})


class AnswerDraft(models.Model):
    """An answer being written, waiting for approval, returned, or finally sent.

    Saving a draft or previewing it changes nothing in the case and writes no event; the
    services write the events when it is submitted, returned or sent.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="answer_drafts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="answer_drafts",
    )
    text = models.TextField(_("text"))
    channel = models.CharField(_("sent by"), max_length=20, choices=ResponseChannel.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AnswerDraftStatus.choices,
        default=AnswerDraftStatus.EDITING,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="answer_decisions",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning it"), blank=True)
    # When the people waiting on the draft's current state (the approver once it is submitted,
    # the author once it is returned) were e-mailed; cleared at each submission and return.
    notified_at = models.DateTimeField(_("people told at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer draft")
        verbose_name_plural = _("answer drafts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=sorted(str(s) for s in OPEN_DRAFT_STATUSES)),
                name="answer_draft_one_open_per_case",
            ),
        ]
        indexes = [models.Index(fields=["status", "case"], name="answer_draft_status")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"
