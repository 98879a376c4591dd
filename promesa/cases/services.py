"""Every state change of a case, one function each.

Nothing else changes a case's status. Each function runs in one transaction, checks that
the actor may act, checks the transition, writes exactly one ``CaseEvent`` and enqueues its
side effects in the same transaction (the task queue lives in the same database).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases import deadlines, search
from promesa.cases.answers import answer_needs_approval, channel_problem
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
from promesa.cases.models import (
    AnswerDraft,
    Attachment,
    Case,
    CaseEvent,
    FilingSequence,
    InternalNote,
    InternalRequest,
    InternalRequestMessage,
    Requester,
)
from promesa.cases.selectors import internal_request_due, organization_calendar
from promesa.cases.tasks import (
    send_answer_returned_email,
    send_answer_submitted_email,
    send_case_message,
    send_internal_request_answered_email,
    send_internal_request_message_email,
    send_internal_request_opened_email,
    send_mention_email,
)
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area, Organization, Touchpoint
from promesa.organization.selectors import user_can_act_in_area, user_can_see_area

# Unambiguous characters for codes people copy by hand (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

# Legal acts that bind the organization are for managers, quality leads and administrators.
SUPERVISOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.AREA_MANAGER})
SUPERVISOR_ACTIONS = frozenset({"extend", "transfer", "withdraw", "reopen"})

# The states each action may start from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "assign": OPEN_STATUSES,
    "move": OPEN_STATUSES,
    "start": frozenset({CaseStatus.FILED, CaseStatus.ASSIGNED}),
    "request_clarification": frozenset(
        {CaseStatus.FILED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS}
    ),
    "receive_clarification": frozenset({CaseStatus.AWAITING_REQUESTER}),
    "extend": frozenset({CaseStatus.FILED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS}),
    "transfer": frozenset({CaseStatus.FILED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS}),
    "answer": frozenset({CaseStatus.FILED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS}),
    "close": frozenset({CaseStatus.ANSWERED}),
    "reopen": frozenset({CaseStatus.ANSWERED, CaseStatus.CLOSED}),
    "withdraw": OPEN_STATUSES,
    "internal_request": OPEN_STATUSES,
}


@dataclass(frozen=True)
class RequesterInput:
    """Who files a case; an anonymous filing leaves every identifying field empty."""

    is_anonymous: bool = False
    kind: RequesterKind = RequesterKind.PERSON
    full_name: str = ""
    id_type: str = ""
    id_number: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    preferred_channel: ResponseChannel = ResponseChannel.EMAIL
    language: str = "es-co"
    consent_given: bool = False
    consent_text_version: str = ""


@dataclass(frozen=True)
class AttachmentInput:
    """A file already checked by the intake channel (size, type sniffed, name sanitized)."""

    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class FiledCase:
    """A new case and its tracking code, which is shown once and stored only hashed.

    When the same requester filed the same text shortly before, ``duplicate`` is True,
    ``case`` is that first case and there is no new tracking code.
    """

    case: Case
    tracking_code: str
    duplicate: bool = False


def hash_tracking_code(code: str) -> str:
    normalized = code.replace("-", "").replace(" ", "").upper()
    key = settings.TRACKING_CODE_KEY.encode()
    return hmac.new(key, f"tracking:{normalized}".encode(), hashlib.sha256).hexdigest()


def tracking_code_matches(case: Case, code: str) -> bool:
    return hmac.compare_digest(case.tracking_code_hash, hash_tracking_code(code))


def _new_tracking_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _local_date(moment: datetime, organization: Organization) -> date:
    return moment.astimezone(ZoneInfo(organization.time_zone)).date()


def _next_filing_number(organization: Organization, year: int) -> str:
    """The next number of the year's gapless counter.

    The counter row stays locked until the filing commits, so a rolled-back filing gives
    its number back. One UPDATE … RETURNING does the usual case in one round trip; the
    first filing of a year creates the row (ON CONFLICT DO NOTHING, so racing filers agree).
    """
    table = FilingSequence._meta.db_table
    sql = (
        f"UPDATE {table} SET last_value = last_value + 1 "  # noqa: S608 - names, not input
        "WHERE organization_id = %s AND year = %s RETURNING last_value"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, year])
        row = cursor.fetchone()
        if row is None:
            FilingSequence.objects.bulk_create(
                [FilingSequence(organization=organization, year=year, last_value=0)],
                ignore_conflicts=True,
            )
            cursor.execute(sql, [organization.pk, year])
            row = cursor.fetchone()
    try:
        return organization.filing_number_format.format(year=year, seq=row[0])
    except (KeyError, IndexError, ValueError):
        raise ApplicationError(
            _("The organization's filing number format is not valid."), code="configuration"
        ) from None


def _compute(
    case: Case, *, extension_days: int | None = None, until: date | None = None
) -> deadlines.DeadlineResult:
    try:
        return deadlines.compute_deadline(
            regime=case.regime,
            request_type=case.request_type,
            received_at=case.received_at,
            calendar=organization_calendar(case.organization),
            pauses=case.pause_intervals(until=until),
            extension_days=case.extension_days if extension_days is None else extension_days,
        )
    except deadlines.DeadlineError as exc:
        raise ApplicationError(str(exc), code="deadline") from None


def _rule(case: Case) -> deadlines.RequestTypeRule:
    reception = _local_date(case.received_at, case.organization)
    return deadlines.get_regime(case.regime).rule_for(case.request_type, reception)


def _require_actor(case: Case, by: User | None, action: str) -> None:
    if by is None:
        raise ApplicationError(_("This action needs a signed-in staff member."), code="forbidden")
    if not user_can_act_in_area(by, case.area):
        raise ApplicationError(_("You may not change cases of this area."), code="forbidden")
    if action in SUPERVISOR_ACTIONS and by.role not in SUPERVISOR_ROLES:
        raise ApplicationError(
            _("Only a manager, a quality lead or an administrator may do this."), code="forbidden"
        )


def _require_state(case: Case, action: str) -> None:
    if case.status not in ALLOWED_FROM[action]:
        raise ApplicationError(
            _("This cannot be done while the case is “%(status)s”.")
            % {"status": case.get_status_display()},
            code="invalid_transition",
        )


def _record(
    case: Case,
    kind: EventKind,
    *,
    by: User | None,
    at: datetime,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> CaseEvent:
    case.save()
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=by,
        actor_label=actor_label or ("" if by else "system"),
        created_at=at,
        data=data or {},
        status_after=case.status,
        due_date_after=case.due_date,
    )


def _end_open_requests(case: Case, *, by: User, at: datetime) -> dict[str, list[str]]:
    """Cancel the internal requests still open on a case that has just ended.

    The supplying areas stop owing an answer nobody will read. The requests are part of the
    ending, so they are listed in its event rather than given events of their own.
    """
    open_requests = InternalRequest.objects.filter(case=case, status=InternalRequestStatus.OPEN)
    ids = [str(public_id) for public_id in open_requests.values_list("public_id", flat=True)]
    if ids:
        open_requests.update(
            status=InternalRequestStatus.CANCELLED,
            cancelled_by=by,
            cancelled_at=at,
            cancel_reason=_("The case ended before the answer arrived."),
        )
        return {"cancelled_requests": ids}
    return {}


def _lock(case: Case) -> Case:
    """Re-read the case under a row lock so two concurrent actions serialize."""
    return Case.objects.select_for_update().select_related("organization", "area").get(pk=case.pk)


@transaction.atomic
def case_file(
    *,
    organization: Organization,
    kind: CaseKind,
    request_type: str,
    channel: Channel,
    requester: RequesterInput,
    subject: str,
    description: str,
    regime: str | None = None,
    touchpoint: Touchpoint | None = None,
    area: Area | None = None,
    priority: Priority = Priority.NORMAL,
    priority_reason: PriorityReason = PriorityReason.NONE,
    received_at: datetime | None = None,
    by: User | None = None,
    actor_label: str = "",
    extra: dict[str, Any] | None = None,
    attachments: Sequence[AttachmentInput] = (),
    notify: bool = True,
) -> FiledCase:
    """Register a request, number it, compute its legal deadline and start its history.

    The same requester filing the same text within ``DUPLICATE_WINDOW_HOURS`` gets the first
    case back, with the repetition recorded on it, instead of a second case.
    """
    received_at = received_at or timezone.now()
    if timezone.is_naive(received_at):
        raise ApplicationError(_("The reception time must include its time zone."))
    if not subject.strip() or not description.strip():
        raise ApplicationError(_("Write a subject and a description."), code="required")
    if not requester.is_anonymous and not requester.full_name.strip():
        raise ApplicationError(_("An identified request needs the requester's name."))
    if priority == Priority.LEGAL and not priority_reason:
        raise ApplicationError(_("Legal priority needs its reason."), code="required")
    if touchpoint is not None and touchpoint.organization_id != organization.pk:
        raise ApplicationError(_("The touchpoint belongs to another organization."))
    area = area or (touchpoint.owner_area if touchpoint else None) or _intake_area(organization)
    if area.organization_id != organization.pk:
        raise ApplicationError(_("The area belongs to another organization."))
    if by is not None and by.is_read_only:
        raise ApplicationError(_("Read-only users cannot file cases."), code="forbidden")

    content_hash = _content_hash(requester, subject, description)
    if content_hash:
        first = (
            Case.objects.filter(
                organization=organization,
                content_hash=content_hash,
                received_at__gte=received_at - timedelta(hours=settings.DUPLICATE_WINDOW_HOURS),
                received_at__lte=received_at,
            )
            .order_by("received_at")
            .first()
        )
        if first is not None:
            first = _lock(first)
            event = _record(
                first,
                EventKind.DUPLICATE_RECEIVED,
                by=by,
                at=received_at,
                actor_label=actor_label or ("" if by else "requester"),
                data={"channel": channel, **(extra or {})},
            )
            _store_attachments(first, event, attachments)
            search.index_case(first)
            return FiledCase(case=first, tracking_code="", duplicate=True)

    regime_code = regime or organization.default_regime
    try:
        rule = deadlines.get_regime(regime_code).rule_for(
            request_type, _local_date(received_at, organization)
        )
    except deadlines.DeadlineError as exc:
        raise ApplicationError(str(exc), code="deadline") from None

    filed_requester = Requester.objects.create(
        organization=organization,
        is_anonymous=requester.is_anonymous,
        kind=requester.kind,
        full_name="" if requester.is_anonymous else requester.full_name.strip(),
        id_type=requester.id_type,
        id_number=requester.id_number,
        email=requester.email.strip().lower(),
        phone=requester.phone,
        address=requester.address,
        preferred_channel=requester.preferred_channel,
        language=requester.language,
        consent_given=requester.consent_given,
        consent_text_version=requester.consent_text_version,
        consent_at=received_at if requester.consent_given else None,
    )
    tracking_code = _new_tracking_code()
    case = Case(
        organization=organization,
        tracking_code_hash=hash_tracking_code(tracking_code),
        kind=kind,
        regime=regime_code,
        request_type=request_type,
        channel=channel,
        requester=filed_requester,
        subject=subject.strip(),
        description=description.strip(),
        touchpoint=touchpoint,
        area=area,
        priority=priority,
        priority_reason=priority_reason,
        language=requester.language,
        received_at=received_at,
        content_hash=content_hash,
    )
    result = _compute(case, extension_days=0)
    case.due_date = case.original_due_date = result.due_date
    # Numbered last: the counter's row lock is held from here to the commit, so the less
    # work after it, the more filings per second the organization can take.
    case.filing_number = _next_filing_number(
        organization, _local_date(received_at, organization).year
    )
    event = _record(
        case,
        EventKind.FILED,
        by=by,
        at=received_at,
        actor_label=actor_label or ("" if by else "requester"),
        data={
            "channel": channel,
            "legal_source": rule.legal_source,
            "term": rule.term,
            "unit": str(rule.unit),
            **(extra or {}),
        },
    )
    _store_attachments(case, event, attachments)
    search.index_case(case)
    if notify:
        # The code travels in the task's arguments because the case keeps only its hash;
        # finished task rows are pruned (see docs/decisions/0007-tracking-code-in-ack.md).
        send_case_message.enqueue(
            case_id=case.pk, message="acknowledgement", tracking_code=tracking_code
        )
    return FiledCase(case=case, tracking_code=tracking_code)


def _content_hash(requester: RequesterInput, subject: str, description: str) -> str:
    """Requester identity plus normalized text; empty for anonymous filings (no identity)."""
    identity = requester.email.strip().lower() or requester.id_number.strip()
    if requester.is_anonymous or not identity:
        return ""
    text = " ".join(f"{subject} {description}".casefold().split())
    return hashlib.sha256(f"{identity}\n{text}".encode()).hexdigest()


def _store_attachments(
    case: Case, event: CaseEvent, attachments: Sequence[AttachmentInput]
) -> None:
    for item in attachments:
        attachment = Attachment(
            case=case,
            event=event,
            original_name=item.name,
            content_type=item.content_type,
            size=len(item.data),
        )
        attachment.file.save(item.name, ContentFile(item.data), save=False)
        attachment.save()


def _intake_area(organization: Organization) -> Area:
    area = Area.objects.filter(organization=organization, parent=None, is_active=True).first()
    if area is None:
        raise ApplicationError(_("The organization has no area to receive cases."))
    return area


@transaction.atomic
def case_assign(*, case: Case, assignee: User, by: User, at: datetime | None = None) -> Case:
    """Give the case to a staff member of its area."""
    case = _lock(case)
    _require_actor(case, by, "assign")
    _require_state(case, "assign")
    if by.role == Role.AGENT and assignee.pk != by.pk:
        raise ApplicationError(_("Agents may only take cases for themselves."), code="forbidden")
    if not user_can_act_in_area(assignee, case.area):
        raise ApplicationError(
            _("%(name)s does not work in the area %(area)s.")
            % {"name": assignee.full_name, "area": case.area.name}
        )
    previous = case.assignee
    case.assignee = assignee
    if case.status == CaseStatus.FILED:
        case.status = CaseStatus.ASSIGNED
    _record(
        case,
        EventKind.ASSIGNED,
        by=by,
        at=at or timezone.now(),
        data={"assignee": assignee.full_name, "previous": previous.full_name if previous else ""},
    )
    return case


@transaction.atomic
def case_move(
    *, case: Case, area: Area, by: User, note: str = "", at: datetime | None = None
) -> Case:
    """Send the case to another area of the organization; it waits there unassigned."""
    case = _lock(case)
    _require_actor(case, by, "move")
    _require_state(case, "move")
    if area.pk == case.area_id:
        raise ApplicationError(_("The case is already in that area."))
    if area.organization_id != case.organization_id or not area.is_active:
        raise ApplicationError(_("Choose an active area of this organization."))
    previous = case.area
    case.area = area
    case.assignee = None
    if case.status != CaseStatus.AWAITING_REQUESTER:
        case.status = CaseStatus.FILED
    _record(
        case,
        EventKind.MOVED,
        by=by,
        at=at or timezone.now(),
        data={"from_area": previous.name, "to_area": area.name, "note": note},
    )
    return case


@transaction.atomic
def case_start(*, case: Case, by: User, at: datetime | None = None) -> Case:
    """Mark that someone is working on the case (taking it when nobody has)."""
    case = _lock(case)
    _require_actor(case, by, "start")
    _require_state(case, "start")
    if case.assignee_id is None:
        case.assignee = by
    case.status = CaseStatus.IN_PROGRESS
    _record(case, EventKind.STARTED, by=by, at=at or timezone.now())
    return case


@transaction.atomic
def case_request_clarification(
    *, case: Case, by: User, message: str, at: datetime | None = None, notify: bool = True
) -> Case:
    """Ask the requester to complete the request; the legal clock stops until they answer.

    Ley 1755 art. 17: the requester has one month to answer, or the request is deemed
    withdrawn; the requirement itself is due within 10 business days of filing.
    """
    case = _lock(case)
    _require_actor(case, by, "request_clarification")
    _require_state(case, "request_clarification")
    if not message.strip():
        raise ApplicationError(_("Write what the requester must complete."), code="required")
    at = at or timezone.now()
    today = _local_date(at, case.organization)
    calendar = organization_calendar(case.organization)
    issued_by = calendar.add_business_days(_local_date(case.received_at, case.organization), 10)
    # Only types whose law allows a suspension stop the clock; for the others (e.g. Ley 142
    # utility claims) the term keeps running while the requester is asked.
    pauses_clock = _rule(case).pausable
    case.paused_since = today if pauses_clock else None
    # One month "de fecha a fecha"; a last day that is not a business day rolls forward
    # (Ley 4 de 1913, art. 62).
    case.clarification_due = calendar.next_business_day(deadlines.add_months(today, 1))
    case.status = CaseStatus.AWAITING_REQUESTER
    _record(
        case,
        EventKind.CLARIFICATION_REQUESTED,
        by=by,
        at=at,
        data={
            "message": message.strip(),
            "answer_by": case.clarification_due.isoformat(),
            "issued_on_time": today <= issued_by,
            "pauses_clock": pauses_clock,
        },
    )
    if notify:
        send_case_message.enqueue(case_id=case.pk, message="clarification_request")
    return case


@transaction.atomic
def case_receive_clarification(
    *,
    case: Case,
    message: str,
    by: User | None = None,
    at: datetime | None = None,
    attachments: Sequence[AttachmentInput] = (),
) -> Case:
    """Record the requester's answer; the clock resumes from the next day."""
    case = _lock(case)
    if by is not None:
        _require_actor(case, by, "receive_clarification")
    _require_state(case, "receive_clarification")
    if not message.strip():
        raise ApplicationError(_("Write the answer to the clarification request."), code="required")
    at = at or timezone.now()
    today = _local_date(at, case.organization)
    if case.paused_since is not None:
        case.pauses = [*case.pauses, [case.paused_since.isoformat(), today.isoformat()]]
        case.paused_since = None
    case.clarification_due = None
    case.due_date = max(_compute(case).due_date, case.due_date)
    case.status = CaseStatus.IN_PROGRESS if case.assignee_id else CaseStatus.FILED
    event = _record(
        case,
        EventKind.CLARIFICATION_RECEIVED,
        by=by,
        at=at,
        actor_label="" if by else "requester",
        data={"message": message.strip()},
    )
    _store_attachments(case, event, attachments)
    search.index_case(case)
    return case


@transaction.atomic
def case_add_requester_message(
    *,
    case: Case,
    text: str,
    channel: Channel,
    at: datetime | None = None,
    attachments: Sequence[AttachmentInput] = (),
    extra: dict[str, Any] | None = None,
) -> Case:
    """Attach something the requester sent (e.g. an e-mail reply) to the case's history.

    A message while the case waits for a clarification is that clarification and resumes
    the clock.
    """
    case = _lock(case)
    if not text.strip() and not attachments:
        raise ApplicationError(_("The message is empty."), code="required")
    if case.status == CaseStatus.AWAITING_REQUESTER:
        return case_receive_clarification(
            case=case, message=text or _("(attachments only)"), at=at, attachments=attachments
        )
    event = _record(
        case,
        EventKind.MESSAGE_RECEIVED,
        by=None,
        at=at or timezone.now(),
        actor_label="requester",
        data={"text": text.strip(), "channel": channel, **(extra or {})},
    )
    _store_attachments(case, event, attachments)
    search.index_case(case)
    return case


@transaction.atomic
def case_extend(
    *,
    case: Case,
    by: User,
    days: int,
    reason: str,
    at: datetime | None = None,
    notify: bool = True,
) -> Case:
    """Extend the deadline, with reasons, before it expires; the requester is told."""
    case = _lock(case)
    _require_actor(case, by, "extend")
    _require_state(case, "extend")
    if days <= 0:
        raise ApplicationError(_("The extension must be of one day or more."))
    if not reason.strip():
        raise ApplicationError(_("Explain the reasons for the extension."), code="required")
    at = at or timezone.now()
    current = _compute(case)
    total = case.extension_days + days
    try:
        deadlines.validate_extension(
            result=current, requested_days=total, recorded_on=_local_date(at, case.organization)
        )
    except deadlines.DeadlineError as exc:
        raise ApplicationError(str(exc), code="deadline") from None
    previous_due = case.due_date
    case.extension_days = total
    case.due_date = _compute(case).due_date
    _record(
        case,
        EventKind.EXTENDED,
        by=by,
        at=at,
        data={
            "days": days,
            "reason": reason.strip(),
            "previous_due_date": previous_due.isoformat(),
        },
    )
    if notify:
        send_case_message.enqueue(case_id=case.pk, message="extension_notice")
    return case


@transaction.atomic
def case_transfer(
    *, case: Case, by: User, entity: str, reason: str, at: datetime | None = None
) -> Case:
    """Send the case to the competent entity (Ley 1755 art. 21: within 5 business days)."""
    case = _lock(case)
    _require_actor(case, by, "transfer")
    _require_state(case, "transfer")
    if not entity.strip() or not reason.strip():
        raise ApplicationError(_("Name the competent entity and the reason."), code="required")
    at = at or timezone.now()
    calendar = organization_calendar(case.organization)
    transfer_due = calendar.add_business_days(_local_date(case.received_at, case.organization), 5)
    case.transferred_to = entity.strip()
    case.status = CaseStatus.TRANSFERRED
    case.closed_at = at
    _record(
        case,
        EventKind.TRANSFERRED,
        by=by,
        at=at,
        data={
            "entity": entity.strip(),
            "reason": reason.strip(),
            "transfer_due": transfer_due.isoformat(),
            "on_time": _local_date(at, case.organization) <= transfer_due,
            **_end_open_requests(case, by=by, at=at),
        },
    )
    return case


def answer_goes_to_approval(case: Case, by: User) -> bool:
    """True when ``by``'s answer to the case must wait for a supervisor's approval."""
    return by.role not in SUPERVISOR_ROLES and answer_needs_approval(case)


def _open_draft_locked(case: Case) -> AnswerDraft | None:
    return (
        AnswerDraft.objects.select_for_update()
        .filter(case=case, status__in=OPEN_DRAFT_STATUSES)
        .first()
    )


def _check_answer(case: Case, text: str, channel: ResponseChannel) -> None:
    if not text.strip():
        raise ApplicationError(_("Write the answer."), code="required")
    problem = channel_problem(case, channel)
    if problem is not None:
        raise ApplicationError(problem, code="channel")


def _save_draft(
    case: Case,
    *,
    by: User,
    text: str,
    channel: ResponseChannel,
    attachments: Sequence[AttachmentInput],
    remove: Sequence[str],
) -> AnswerDraft:
    """Create or update the case's open draft; one waiting for approval cannot change."""
    draft = _open_draft_locked(case)
    if draft is not None and draft.status == AnswerDraftStatus.PENDING:
        raise ApplicationError(
            _("An answer to this case is waiting for approval; it cannot change meanwhile."),
            code="draft_pending",
        )
    if draft is None:
        draft = AnswerDraft(case=case)
    draft.author = by
    draft.text = text.strip()
    draft.channel = channel
    draft.save()
    for item in draft.attachments.filter(public_id__in=[str(r) for r in remove]):
        item.file.delete(save=False)
        item.delete()
    for upload in attachments:
        attachment = Attachment(
            case=case,
            draft=draft,
            original_name=upload.name,
            content_type=upload.content_type,
            size=len(upload.data),
        )
        attachment.file.save(upload.name, ContentFile(upload.data), save=False)
        attachment.save()
    return draft


@transaction.atomic
def answer_draft_save(
    *,
    case: Case,
    by: User,
    text: str,
    channel: ResponseChannel,
    attachments: Sequence[AttachmentInput] = (),
    remove: Sequence[str] = (),
) -> AnswerDraft:
    """Keep the answer being written, with its files, so it can be previewed and resumed.

    Writes no ``CaseEvent``: a draft changes nothing in the case until it is submitted or
    sent. ``remove`` lists public ids of the draft's files to drop.
    """
    case = _lock(case)
    _require_actor(case, by, "answer")
    _require_state(case, "answer")
    if not text.strip() and not attachments:
        raise ApplicationError(_("Write the answer."), code="required")
    return _save_draft(
        case, by=by, text=text, channel=channel, attachments=attachments, remove=remove
    )


def _send_answer(
    case: Case,
    *,
    by: User,
    text: str,
    channel: ResponseChannel,
    at: datetime,
    notify: bool,
    draft: AnswerDraft | None,
    attachments: Sequence[AttachmentInput],
    data: dict[str, Any] | None = None,
) -> Case:
    """The one path an answer goes out on, directly or after approval."""
    case.status = CaseStatus.ANSWERED
    case.answered_at = at
    if case.assignee_id is None:
        case.assignee = draft.author if draft is not None else by
    event = _record(
        case,
        EventKind.ANSWERED,
        by=by,
        at=at,
        data={
            "text": text.strip(),
            "channel": channel,
            "on_time": _local_date(at, case.organization) <= case.due_date,
            **(data or {}),
        },
    )
    if draft is not None:
        draft.status = AnswerDraftStatus.SENT
        draft.save(update_fields=["status", "updated_at"])
        draft.attachments.update(event=event)
    _store_attachments(case, event, attachments)
    search.index_case(case)
    # Only the e-mail channel sends anything: the portal shows the ANSWERED event, and
    # letters, calls and visits are carried out by staff (the letter is printed from Promesa).
    if notify and channel == ResponseChannel.EMAIL:
        send_case_message.enqueue(case_id=case.pk, message="answer")
    return case


@transaction.atomic
def case_answer(
    *,
    case: Case,
    by: User,
    text: str,
    channel: ResponseChannel,
    attachments: Sequence[AttachmentInput] = (),
    remove: Sequence[str] = (),
    at: datetime | None = None,
    notify: bool = True,
) -> Case:
    """Send the answer through ``channel``, with the files of the open draft and new ones.

    Where a rule asks for approval only a supervisor may answer directly; anybody else
    submits with ``case_answer_submit``, so no path (the API included) skips the approval.
    """
    case = _lock(case)
    _require_actor(case, by, "answer")
    _require_state(case, "answer")
    if answer_goes_to_approval(case, by):
        raise ApplicationError(
            _("Answers to this case need a manager's approval; submit it for approval."),
            code="approval_required",
        )
    _check_answer(case, text, channel)
    draft = _open_draft_locked(case)
    if draft is not None:
        draft = _save_draft(
            case, by=by, text=text, channel=channel, attachments=attachments, remove=remove
        )
        attachments = ()
    return _send_answer(
        case,
        by=by,
        text=text,
        channel=channel,
        at=at or timezone.now(),
        notify=notify,
        draft=draft,
        attachments=attachments,
    )


@transaction.atomic
def case_answer_submit(
    *,
    case: Case,
    by: User,
    text: str,
    channel: ResponseChannel,
    attachments: Sequence[AttachmentInput] = (),
    remove: Sequence[str] = (),
    at: datetime | None = None,
) -> AnswerDraft:
    """Hand the answer to a supervisor for approval; nothing goes to the requester yet."""
    case = _lock(case)
    _require_actor(case, by, "answer")
    _require_state(case, "answer")
    _check_answer(case, text, channel)
    at = at or timezone.now()
    draft = _save_draft(
        case, by=by, text=text, channel=channel, attachments=attachments, remove=remove
    )
    draft.status = AnswerDraftStatus.PENDING
    draft.submitted_at = at
    draft.decided_by = None
    draft.decided_at = None
    draft.notified_at = None
    draft.save()
    _record(
        case,
        EventKind.ANSWER_SUBMITTED,
        by=by,
        at=at,
        data={"text": draft.text, "channel": channel, "draft": str(draft.public_id)},
    )
    send_answer_submitted_email.enqueue(draft_id=draft.pk)
    return draft


def _pending_draft(case: Case, by: User) -> AnswerDraft:
    if by.role not in SUPERVISOR_ROLES:
        raise ApplicationError(
            _("Only a manager, a quality lead or an administrator may do this."), code="forbidden"
        )
    draft = _open_draft_locked(case)
    if draft is None or draft.status != AnswerDraftStatus.PENDING:
        raise ApplicationError(
            _("No answer to this case is waiting for approval."), code="no_pending_answer"
        )
    return draft


@transaction.atomic
def case_answer_approve(
    *, case: Case, by: User, at: datetime | None = None, notify: bool = True
) -> Case:
    """Approve the answer waiting for approval and send it, as ``case_answer`` would."""
    case = _lock(case)
    _require_actor(case, by, "answer")
    _require_state(case, "answer")
    draft = _pending_draft(case, by)
    at = at or timezone.now()
    channel = ResponseChannel(draft.channel)
    problem = channel_problem(case, channel)
    if problem is not None:
        raise ApplicationError(problem, code="channel")
    draft.decided_by = by
    draft.decided_at = at
    return _send_answer(
        case,
        by=by,
        text=draft.text,
        channel=channel,
        at=at,
        notify=notify,
        draft=draft,
        attachments=(),
        data={"author": draft.author.full_name, "approved_by": by.full_name},
    )


@transaction.atomic
def case_answer_return(
    *, case: Case, by: User, reason: str, at: datetime | None = None
) -> AnswerDraft:
    """Send the answer back to its author with what to change; they edit and resubmit."""
    case = _lock(case)
    _require_actor(case, by, "answer")
    _require_state(case, "answer")
    draft = _pending_draft(case, by)
    if not reason.strip():
        raise ApplicationError(_("Say what should change in the answer."), code="required")
    at = at or timezone.now()
    draft.status = AnswerDraftStatus.RETURNED
    draft.decided_by = by
    draft.decided_at = at
    draft.return_reason = reason.strip()
    draft.notified_at = None
    draft.save()
    _record(
        case,
        EventKind.ANSWER_RETURNED,
        by=by,
        at=at,
        data={"reason": reason.strip(), "author": draft.author.full_name},
    )
    send_answer_returned_email.enqueue(draft_id=draft.pk)
    return draft


@transaction.atomic
def case_close(*, case: Case, by: User, at: datetime | None = None) -> Case:
    case = _lock(case)
    _require_actor(case, by, "close")
    _require_state(case, "close")
    at = at or timezone.now()
    case.status = CaseStatus.CLOSED
    case.closed_at = at
    _record(case, EventKind.CLOSED, by=by, at=at, data=_end_open_requests(case, by=by, at=at))
    return case


@transaction.atomic
def case_reopen(*, case: Case, by: User, reason: str, at: datetime | None = None) -> Case:
    """Take an answered or closed case up again, keeping its legal deadline."""
    case = _lock(case)
    _require_actor(case, by, "reopen")
    _require_state(case, "reopen")
    if not reason.strip():
        raise ApplicationError(_("Explain why the case is reopened."), code="required")
    case.status = CaseStatus.IN_PROGRESS
    case.closed_at = None
    _record(case, EventKind.REOPENED, by=by, at=at or timezone.now(), data={"reason": reason})
    return case


@transaction.atomic
def case_withdraw(
    *, case: Case, by: User, reason: str, tacit: bool = False, at: datetime | None = None
) -> Case:
    """End the case because the requester withdrew it or let the clarification term lapse.

    A tacit withdrawal (desistimiento tácito, Ley 1755 art. 17) is only possible once the
    requester's month to complete the request has run out.
    """
    case = _lock(case)
    _require_actor(case, by, "withdraw")
    _require_state(case, "withdraw")
    at = at or timezone.now()
    if tacit and (
        case.status != CaseStatus.AWAITING_REQUESTER
        or case.clarification_due is None
        or _local_date(at, case.organization) <= case.clarification_due
    ):
        raise ApplicationError(
            _("A tacit withdrawal needs the requester's term to complete the request to be over.")
        )
    if not reason.strip():
        raise ApplicationError(_("Explain the withdrawal."), code="required")
    if case.paused_since is not None:
        case.pauses = [
            *case.pauses,
            [case.paused_since.isoformat(), _local_date(at, case.organization).isoformat()],
        ]
        case.paused_since = None
    case.status = CaseStatus.WITHDRAWN
    case.closed_at = at
    _record(
        case,
        EventKind.WITHDRAWN,
        by=by,
        at=at,
        data={
            "reason": reason,
            "tacit": tacit,
            **_end_open_requests(case, by=by, at=at),
        },
    )
    return case


def deadline_in_force(case: Case, *, today: date) -> deadlines.DeadlineResult:
    """The deadline as it stands today, counting an open pause up to today."""
    return _compute(case, until=today)


# "@carla" (the local part of carla@…) or "@carla@prueba.test"; not the "@" inside an
# address written in the text (ana@correo.test), hence the look-behind.
_MENTION = re.compile(r"(?<![\w.+@-])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def _mentioned_handles(text: str) -> list[str]:
    """The handles mentioned in ``text``, lower-cased, in order, each once."""
    handles = (match.group(1).rstrip(".").lower() for match in _MENTION.finditer(text))
    return list(dict.fromkeys(h for h in handles if h))


def _resolve_mention(handle: str, case: Case) -> User:
    """The one person ``handle`` names, refusing unknown, ambiguous or unauthorized ones."""
    lookup = Q(email__iexact=handle) if "@" in handle else Q(email__istartswith=f"{handle}@")
    staff = User.objects.filter(organization_id=case.organization_id)
    people = list(staff.filter(lookup).order_by("email")[:2])
    if not people:
        raise ApplicationError(
            _("Nobody in Promesa is called @%(handle)s.") % {"handle": handle},
            code="unknown_mention",
        )
    if len(people) > 1:
        raise ApplicationError(
            # No example address: one of them may be someone who cannot see the case.
            _("@%(handle)s names several people; write their whole e-mail address after the @.")
            % {"handle": handle},
            code="ambiguous_mention",
        )
    person = people[0]
    if not user_can_see_area(person, case.area):
        raise ApplicationError(
            _("%(name)s cannot see this case.") % {"name": person.full_name or person.email},
            code="mention_forbidden",
        )
    return person


@transaction.atomic
def case_add_note(*, case: Case, by: User, text: str, at: datetime | None = None) -> InternalNote:
    """Leave an internal note on the case and e-mail the staff it mentions.

    Writes no ``CaseEvent``: a note changes nothing in the case and is no part of the legal
    record the requester may read. Oversight reads but does not write, so it needs the same
    right to act as any change; a mention of someone who cannot see the case is refused,
    since the e-mail would carry the note to them.
    """
    _require_actor(case, by, "note")
    if not text.strip():
        raise ApplicationError(_("Write the note."), code="required")
    mentioned = [_resolve_mention(handle, case) for handle in _mentioned_handles(text)]
    note = InternalNote.objects.create(
        case=case, author=by, text=text.strip(), created_at=at or timezone.now()
    )
    if mentioned:
        note.mentioned.set(mentioned)
        send_mention_email.enqueue(note_id=note.pk)
    return note


# --- Internal requests between areas ------------------------------------------------------


def _lock_request(request: InternalRequest) -> InternalRequest:
    return (
        InternalRequest.objects.select_for_update()
        .select_related("from_area", "to_area")
        .get(pk=request.pk)
    )


def _require_open_request(request: InternalRequest) -> None:
    if not request.is_open:
        raise ApplicationError(
            _("This internal request is already “%(status)s”.")
            % {"status": request.get_status_display()},
            code="invalid_transition",
        )


def _on_asking_side(user: User, request: InternalRequest, case: Case) -> bool:
    """The asking area, or whoever now holds the case if it moved since."""
    return user_can_act_in_area(user, request.from_area) or user_can_act_in_area(user, case.area)


@transaction.atomic
def case_internal_request_open(
    *,
    case: Case,
    by: User,
    to_area: Area,
    question: str,
    at: datetime | None = None,
    notify: bool = True,
) -> InternalRequest:
    """Ask another area for input on the case, due within that area's service level.

    The due date counts the supplying area's business days from today and is capped at
    the case's legal due date (see ``selectors.internal_request_due``).
    """
    case = _lock(case)
    _require_actor(case, by, "internal_request")
    _require_state(case, "internal_request")
    if to_area.organization_id != case.organization_id or not to_area.is_active:
        raise ApplicationError(_("Choose an active area of this organization."), code="invalid")
    if to_area.pk == case.area_id:
        raise ApplicationError(
            _("The case is already in %(area)s; ask another area.") % {"area": to_area.name},
            code="invalid",
        )
    if not question.strip():
        raise ApplicationError(_("Write what you need from the other area."), code="required")
    at = at or timezone.now()
    due = internal_request_due(
        case,
        to_area,
        today=_local_date(at, case.organization),
        calendar=organization_calendar(case.organization),
    )
    request = InternalRequest.objects.create(
        case=case,
        from_area=case.area,
        to_area=to_area,
        requested_by=by,
        question=question.strip(),
        requested_at=at,
        due_date=due.due_date,
        capped_at_legal_due_date=due.capped,
    )
    _record(
        case,
        EventKind.INTERNAL_REQUEST_OPENED,
        by=by,
        at=at,
        data={
            "request": str(request.public_id),
            "to_area": to_area.name,
            "question": request.question,
            "due_date": due.due_date.isoformat(),
            "capped": due.capped,
        },
    )
    if notify:
        send_internal_request_opened_email.enqueue(request_id=request.pk)
    return request


@transaction.atomic
def case_internal_request_answer(
    *, request: InternalRequest, by: User, text: str, at: datetime | None = None
) -> InternalRequest:
    """Give the supplying area's answer; it closes the request and the asker is told."""
    case = _lock(request.case)
    request = _lock_request(request)
    if not user_can_act_in_area(by, request.to_area):
        raise ApplicationError(
            _("Only people of %(area)s may answer this request.") % {"area": request.to_area.name},
            code="forbidden",
        )
    _require_open_request(request)
    if not text.strip():
        raise ApplicationError(_("Write the answer."), code="required")
    at = at or timezone.now()
    request.status = InternalRequestStatus.ANSWERED
    request.answer = text.strip()
    request.answered_by = by
    request.answered_at = at
    request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    _record(
        case,
        EventKind.INTERNAL_REQUEST_ANSWERED,
        by=by,
        at=at,
        data={
            "request": str(request.public_id),
            "to_area": request.to_area.name,
            "answer": request.answer,
            "on_time": _local_date(at, case.organization) <= request.due_date,
        },
    )
    send_internal_request_answered_email.enqueue(request_id=request.pk)
    return request


@transaction.atomic
def case_internal_request_cancel(
    *, request: InternalRequest, by: User, reason: str = "", at: datetime | None = None
) -> InternalRequest:
    """Withdraw a request the asking side no longer needs; the supplying area stops owing it."""
    case = _lock(request.case)
    request = _lock_request(request)
    if not _on_asking_side(by, request, case):
        raise ApplicationError(
            _("Only the area that asked may cancel this request."), code="forbidden"
        )
    _require_open_request(request)
    at = at or timezone.now()
    request.status = InternalRequestStatus.CANCELLED
    request.cancelled_by = by
    request.cancelled_at = at
    request.cancel_reason = reason.strip()
    request.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    _record(
        case,
        EventKind.INTERNAL_REQUEST_CANCELLED,
        by=by,
        at=at,
        data={
            "request": str(request.public_id),
            "to_area": request.to_area.name,
            "reason": request.cancel_reason,
        },
    )
    return request


@transaction.atomic
def internal_request_reply(
    *, request: InternalRequest, by: User, text: str, at: datetime | None = None
) -> InternalRequestMessage:
    """Add a message to the conversation of an open internal request, from either side.

    Writes no ``CaseEvent``: a message changes neither the case nor the request (the
    answer does, and is recorded), so like an internal note it is conversation, not part
    of the case's record; the thread lives on the request for whoever reads it. The other
    people of the conversation are e-mailed.
    """
    request = _lock_request(request)
    on_either_side = user_can_act_in_area(by, request.to_area) or _on_asking_side(
        by, request, request.case
    )
    if not on_either_side:
        raise ApplicationError(
            _("Only the two areas of this request may write in it."), code="forbidden"
        )
    _require_open_request(request)
    if not text.strip():
        raise ApplicationError(_("Write the message."), code="required")
    message = InternalRequestMessage.objects.create(
        request=request, author=by, text=text.strip(), created_at=at or timezone.now()
    )
    send_internal_request_message_email.enqueue(message_id=message.pk)
    return message


__all__ = [
    "ALLOWED_FROM",
    "AttachmentInput",
    "FiledCase",
    "RequesterInput",
    "answer_draft_save",
    "answer_goes_to_approval",
    "case_add_note",
    "case_add_requester_message",
    "case_answer",
    "case_answer_approve",
    "case_answer_return",
    "case_answer_submit",
    "case_assign",
    "case_close",
    "case_extend",
    "case_file",
    "case_internal_request_answer",
    "case_internal_request_cancel",
    "case_internal_request_open",
    "case_move",
    "case_receive_clarification",
    "case_reopen",
    "case_request_clarification",
    "case_start",
    "case_transfer",
    "case_withdraw",
    "deadline_in_force",
    "hash_tracking_code",
    "internal_request_reply",
    "tracking_code_matches",
]
