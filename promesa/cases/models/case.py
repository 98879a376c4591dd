"""Cases, their requesters, their append-only history and their files."""

from __future__ import annotations

import uuid
from datetime import date
from functools import cached_property
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Value, When
from django.utils.translation import gettext_lazy as _

from promesa.cases import events
from promesa.cases.choices import (
    OPEN_STATUSES,
    CaseKind,
    CaseStatus,
    Channel,
    EventKind,
    Priority,
    PriorityReason,
    RequesterKind,
    ResponseChannel,
    SilenceExclusion,
)
from promesa.organization.models import Area, Organization, Touchpoint

E = TypeVar("E", bound=events.Event)


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
    # Silencio administrativo positivo (Ley 142 art. 158; docs/legal/co.md §2.2): whether the
    # rule in force at filing gives it (a snapshot, like the due date), when the effects were
    # recognised (due within 72 hours of the term's end), the legal cause that excludes it,
    # and when the area's manager was warned that it was near (once per case).
    # Database defaults too, so rows written by older code (or migrations) get them.
    positive_silence = models.BooleanField(
        _("positive silence applies"), default=False, db_default=False
    )
    silence_effects_recognised_at = models.DateTimeField(
        _("effects of positive silence recognised at"), null=True, blank=True
    )
    silence_exclusion = models.CharField(
        _("positive silence exclusion"),
        max_length=20,
        choices=SilenceExclusion.choices,
        default=SilenceExclusion.NONE,
        db_default="",
        blank=True,
    )
    silence_warned_at = models.DateTimeField(
        _("warned of positive silence at"), null=True, blank=True
    )
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
    # The kind's typed payload: facts only (ids, dates, flags), written and read by
    # promesa.cases.events; the personal texts are CaseText rows pointing here.
    data = models.JSONField(_("data"), default=dict, blank=True)
    # What the case looked like right after the event, so history is read without replaying
    # it: indicators count an answer for the area that gave it (area_after of ANSWERED).
    status_after = models.CharField(_("status after"), max_length=20, choices=CaseStatus.choices)
    due_date_after = models.DateField(_("due date after"))
    area_after = models.ForeignKey(
        Area,
        verbose_name=_("area after"),
        on_delete=models.PROTECT,
        related_name="case_events",
    )
    assignee_after = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee after"),
        on_delete=models.PROTECT,
        related_name="case_events_assigned",
        null=True,
        blank=True,
    )

    objects: ClassVar[models.Manager[CaseEvent]] = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="case_event_timeline"),
            # Indicators: events of one kind per area and period (answers per answering area).
            models.Index(fields=["area_after", "kind", "created_at"], name="case_event_area_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Case events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Case events are append-only.")

    @cached_property
    def payload(self) -> events.Event:
        """The typed event, with its texts (prefetch ``texts`` when reading many)."""
        return events.parse(self.kind, self.data, {t.kind: t.body for t in self.texts.all()})

    def payload_as(self, cls: type[E]) -> E:
        """The payload, known to be of ``cls`` (a ``TypeError`` if the row is another kind)."""
        payload = self.payload
        if not isinstance(payload, cls):
            raise TypeError(f"A {self.kind} event has no {cls.__name__} payload.")
        return payload

    @cached_property
    def facts(self) -> events.Event:
        """The typed event without its personal texts (left empty): no query."""
        return events.parse(self.kind, self.data)


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
