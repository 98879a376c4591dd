"""Typed shapes of the cases API: what comes in, what goes out."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator

from promesa.accounts.models import User
from promesa.cases.choices import (
    CaseKind,
    CaseStatus,
    Channel,
    Priority,
    PriorityReason,
    RequesterKind,
    ResponseChannel,
)
from promesa.cases.models import Case, CaseEvent
from promesa.cases.selectors import CaseFilter, case_risk
from promesa.core.text import visible_strip
from promesa.organization.models import Organization


def _no_nul(value: str) -> str:
    # PostgreSQL text columns cannot hold NUL; refuse it here rather than fail on save.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _email(value: str) -> str:
    if value.strip():
        try:
            validate_email(value.strip())
        except DjangoValidationError:
            raise ValueError("is not a valid e-mail address") from None
    return value


def _text(value: str) -> str:
    """No NUL; spaces and invisible characters at the ends dropped, so blank text is empty."""
    return visible_strip(_no_nul(value))


# Strings bounded like their database columns; blank ones arrive empty, and the services
# refuse empty text where they need it.
Text2 = Annotated[str, Field(max_length=2), AfterValidator(_text)]
Text10 = Annotated[str, Field(max_length=10), AfterValidator(_text)]
Text20 = Annotated[str, Field(max_length=20), AfterValidator(_text)]
Text40 = Annotated[str, Field(max_length=40), AfterValidator(_text)]
Text200 = Annotated[str, Field(max_length=200), AfterValidator(_text)]
Text300 = Annotated[str, Field(max_length=300), AfterValidator(_text)]
LongText = Annotated[str, Field(max_length=20_000), AfterValidator(_text)]
Email = Annotated[str, Field(max_length=254), AfterValidator(_no_nul), AfterValidator(_email)]
Risk = Literal["overdue", "due_today", "due_soon", "on_track", "done"]
# The ranks annotated by ``CaseQuerySet.with_risk``.
RISK_BY_RANK: dict[int, str] = {
    0: "overdue",
    1: "due_today",
    2: "due_soon",
    3: "on_track",
    4: "done",
}


def local_today(organization: Organization) -> date:
    """Today on the organization's wall clock, the day legal terms are counted in."""
    return timezone.localdate(timezone=ZoneInfo(organization.time_zone))


# --- input -----------------------------------------------------------------------------------


class RequesterIn(Schema):
    is_anonymous: bool = False
    kind: RequesterKind = RequesterKind.PERSON
    full_name: Text200 = Field("", examples=["Ana Pérez"])
    id_type: Text20 = ""
    id_number: Text40 = ""
    email: Email = ""
    phone: Text40 = ""
    address: Text300 = ""
    preferred_channel: ResponseChannel = ResponseChannel.EMAIL
    language: Text10 = "es-co"
    consent_given: bool = False
    consent_text_version: Text40 = ""


class CaseFileIn(Schema):
    kind: CaseKind
    request_type: Text40 = Field(examples=["peticion_general"])
    regime: Text40 | None = Field(None, examples=["co-ley1755"])
    channel: Channel = Channel.API
    requester: RequesterIn
    subject: Text200 = Field(examples=["Cobro doble en la factura"])
    description: LongText = Field(examples=["Me cobraron dos veces el consumo de marzo."])
    touchpoint: UUID | None = None
    area: UUID | None = None
    priority: Priority = Priority.NORMAL
    priority_reason: PriorityReason = PriorityReason.NONE


class CaseFilters(Schema):
    status: CaseStatus | None = None
    kind: CaseKind | None = None
    channel: Channel | None = None
    area: UUID | None = Field(None, description="Public id of the responsible area.")
    assignee: Literal["me"] | UUID | None = Field(
        None, description="Public id of the assignee, or `me`."
    )
    received_from: date | None = None
    received_to: date | None = None
    risk: Literal["overdue", "due_today", "due_soon", "on_track"] | None = None
    q: Text200 | None = Field(
        None,
        description="Words to find in the subject, description, messages or answer (Spanish "
        "stemming, accents and case ignored), or the start of a filing number.",
    )
    limit: int = Field(25, ge=1, le=100)
    cursor: Text40 | None = Field(
        None, description="The `next_cursor` of the previous page; omit it for the first page."
    )

    def case_filter(self, user: User) -> CaseFilter:
        """The one filter of case lists, which the workspace queues use too."""
        if self.assignee == "me":
            assignee: UUID | None = user.public_id
        else:
            assignee = self.assignee if isinstance(self.assignee, UUID) else None
        return CaseFilter(
            q=self.q or "",
            kind=self.kind or "",
            status=self.status or "",
            channel=self.channel or "",
            area=self.area,
            assignee=assignee,
            received_from=self.received_from,
            received_to=self.received_to,
            risk=self.risk,
        )


class AssignIn(Schema):
    assignee: UUID = Field(description="Public id of the staff member.")


class MoveIn(Schema):
    area: UUID = Field(description="Public id of the destination area.")
    note: LongText = ""


class MessageIn(Schema):
    message: LongText


class ExtendIn(Schema):
    days: int = Field(ge=1, le=1000, description="Extension in the unit of the legal term.")
    reason: LongText


class TransferIn(Schema):
    entity: Text200
    reason: LongText


class AnswerIn(Schema):
    text: LongText
    channel: ResponseChannel


class ReasonIn(Schema):
    reason: LongText


class WithdrawIn(Schema):
    reason: LongText
    tacit: bool = False


class DeadlinePreviewQuery(Schema):
    regime: Text40 = Field(examples=["co-ley1755"])
    type: Text40 = Field(examples=["peticion_general"])
    received: Text40 = Field(
        description="ISO date or date-time; without an offset, the regime's local time.",
        examples=["2026-12-18T16:00"],
    )
    country: Text2 | None = None
    subdiv: Text10 | None = None
    pause: list[str] = Field(
        [], description="Inclusive suspension interval START:END in ISO dates; repeatable."
    )
    extend: int = Field(0, ge=0, le=1000, description="Extension in the term's unit.")


# --- output ----------------------------------------------------------------------------------


class ErrorBody(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorBody


class AreaRef(Schema):
    public_id: UUID
    name: str


class UserRef(Schema):
    public_id: UUID
    full_name: str


class TouchpointRef(Schema):
    public_id: UUID
    name: str


class CaseOut(Schema):
    public_id: UUID
    filing_number: str
    kind: CaseKind
    regime: str
    request_type: str
    channel: Channel
    status: CaseStatus
    subject: str
    priority: Priority
    area: AreaRef
    assignee: UserRef | None
    received_at: datetime
    due_date: date
    original_due_date: date
    extension_days: int
    clarification_due: date | None
    transferred_to: str
    answered_at: datetime | None
    closed_at: datetime | None
    risk: Risk
    positive_silence: bool = Field(
        description="The law gives positive silence (Ley 142 art. 158): unanswered in time, "
        "the request is deemed granted."
    )
    silence_effects_recognised_at: datetime | None
    silence_exclusion: str = Field(
        description="Why positive silence does not apply: user_delay, evidence, or empty."
    )

    @staticmethod
    def resolve_risk(obj: Case) -> str:
        # Lists annotate the rank in SQL (Case.objects.with_risk); single cases compute it.
        rank = getattr(obj, "risk_rank", None)
        if rank is not None:
            return RISK_BY_RANK[rank]
        return case_risk(obj, today=local_today(obj.organization))


class RequesterOut(Schema):
    is_anonymous: bool
    kind: RequesterKind
    full_name: str
    id_type: str
    id_number: str
    email: str
    phone: str
    address: str
    preferred_channel: ResponseChannel


class CaseFullOut(CaseOut):
    description: str
    priority_reason: str
    touchpoint: TouchpointRef | None
    requester: RequesterOut


class EventOut(Schema):
    kind: str
    actor: str = Field(description="The staff member's name, or who acted without one.")
    created_at: datetime
    data: dict[str, Any] = Field(
        description="The event's typed payload (promesa.cases.events): facts and texts."
    )
    status_after: CaseStatus
    due_date_after: date
    area_after: AreaRef = Field(description="The responsible area after the event.")
    assignee_after: UserRef | None = Field(description="The assignee after the event.")

    @staticmethod
    def resolve_actor(obj: CaseEvent) -> str:
        return obj.actor.full_name if obj.actor is not None else obj.actor_label

    @staticmethod
    def resolve_data(obj: CaseEvent) -> dict[str, Any]:
        return obj.payload.as_dict()


class HolidayOut(Schema):
    date: dt.date
    name: str


class DeadlineOut(Schema):
    """The same fields as ``DeadlineResult.as_dict()``."""

    due_date: date
    term: int
    unit: str
    reception_date: date
    deemed_reception_date: date
    start_date: date
    skipped_holidays: list[HolidayOut]
    paused_days: int
    extension_days: int
    max_extension_days: int
    original_due_date: date
    legal_source: str
    regime: str
    request_type: str
    silence_effect: str


class CaseDetailOut(Schema):
    case: CaseFullOut
    deadline: DeadlineOut = Field(description="The legal deadline in force today.")
    timeline: list[EventOut]


class CaseFiledOut(Schema):
    case: CaseOut
    tracking_code: str = Field(
        description="Shown only in this response; stored hashed. Empty for a duplicate."
    )
    duplicate: bool = Field(
        default=False,
        description="True when the same requester filed the same text shortly before: the "
        "first case is returned (status 200) and no new case is opened.",
    )


class CaseListOut(Schema):
    limit: int
    next_cursor: str | None = Field(
        description="Pass it as `cursor` for the next page; null on the last page."
    )
    items: list[CaseOut]


class RuleOut(Schema):
    type: str
    label_es: str
    label_en: str
    term: int
    unit: str
    extension_rule: str
    max_extension: int
    silence_effect: str
    valid_from: date | None
    valid_to: date | None
    legal_source: str


class RegimeOut(Schema):
    regime: str
    country: str
    name: str
    timezone: str
    types: list[RuleOut]
