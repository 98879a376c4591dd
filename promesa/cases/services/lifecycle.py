"""The lifecycle of a filed case.

Assignment, moves, clarification, extension, transfer, closing, reopening and withdrawal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases import deadlines, events
from promesa.cases.choices import (
    CaseStatus,
    Channel,
)
from promesa.cases.legal_text import deadline_application_error
from promesa.cases.models import (
    Case,
)
from promesa.cases.policy import Action
from promesa.cases.selectors import organization_calendar
from promesa.cases.services._common import (
    AttachmentInput,
    _begin,
    _compute,
    _end_open_requests,
    _local_date,
    _lock,
    _record,
    _require_actor,
    _require_state,
    _rule,
    _store_attachments,
)
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area
from promesa.organization.selectors import user_can_act_in_area


@transaction.atomic
def case_assign(*, case: Case, assignee: User, by: User, at: datetime | None = None) -> Case:
    """Give the case to a staff member of its area."""
    # Taking a case for oneself and handing it to someone else are different rights.
    case = _begin(case, by=by, action=Action.TAKE if assignee.pk == by.pk else Action.ASSIGN)
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
        events.Assigned(previous_assignee_id=previous.pk if previous else None),
        by=by,
        at=at or timezone.now(),
    )
    return case


@transaction.atomic
def case_move(
    *, case: Case, area: Area, by: User, note: str = "", at: datetime | None = None
) -> Case:
    """Send the case to another area of the organization; it waits there unassigned."""
    case = _begin(case, by=by, action=Action.MOVE)
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
        events.Moved(from_area_id=previous.pk, note=note.strip()),
        by=by,
        at=at or timezone.now(),
    )
    return case


@transaction.atomic
def case_start(*, case: Case, by: User, at: datetime | None = None) -> Case:
    """Mark that someone is working on the case (taking it when nobody has)."""
    case = _begin(case, by=by, action=Action.START)
    if case.assignee_id is None:
        case.assignee = by
    case.status = CaseStatus.IN_PROGRESS
    _record(case, events.Started(), by=by, at=at or timezone.now())
    return case


@transaction.atomic
def case_request_clarification(
    *, case: Case, by: User, message: str, at: datetime | None = None, notify: bool = True
) -> Case:
    """Ask the requester to complete the request; the legal clock stops until they answer.

    Ley 1755 art. 17: the requester has one month to answer, or the request is deemed
    withdrawn; the requirement itself is due within 10 business days of filing.
    """
    case = _begin(case, by=by, action=Action.REQUEST_CLARIFICATION)
    if not message.strip():
        raise ApplicationError(_("Write what the requester must complete."), code="required")
    at = at or timezone.now()
    today = _local_date(at, case.organization)
    calendar = organization_calendar(case.organization)
    issued_by = calendar.add_business_days(_local_date(case.received_at, case.organization), 10)
    # Only types whose law allows a suspension stop the clock; for the others (e.g. Ley 142
    # utility claims) the term keeps running while the requester is asked.
    rule = _rule(case)
    waiting = deadlines.term_while_waiting(
        rule, pause_mode=deadlines.get_regime(case.regime).pause_mode
    )
    pauses_clock = waiting.stops
    case.paused_since = today if pauses_clock else None
    # One month "de fecha a fecha"; a last day that is not a business day rolls forward
    # (Ley 4 de 1913, art. 62).
    case.clarification_due = calendar.next_business_day(deadlines.add_months(today, 1))
    case.status = CaseStatus.AWAITING_REQUESTER
    _record(
        case,
        events.ClarificationRequested(
            message=message.strip(),
            answer_by=case.clarification_due,
            issued_on_time=today <= issued_by,
            pauses_clock=pauses_clock,
            term_effect=str(waiting.effect),
        ),
        by=by,
        at=at,
        notify=notify,
    )
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
        _require_actor(case, by, Action.RECEIVE_CLARIFICATION)
    _require_state(case, Action.RECEIVE_CLARIFICATION)
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
        events.ClarificationReceived(message=message.strip()),
        by=by,
        at=at,
        actor_label="" if by else "requester",
    )
    _store_attachments(case, event, attachments)
    return case


@transaction.atomic
def case_add_requester_message(
    *,
    case: Case,
    text: str,
    channel: Channel,
    at: datetime | None = None,
    attachments: Sequence[AttachmentInput] = (),
    message_id: str = "",
    subject: str = "",
) -> Case:
    """Attach something the requester sent (e.g. an e-mail reply) to the case's history.

    A message while the case waits for a clarification is that clarification and resumes
    the clock. ``message_id`` and ``subject`` are the e-mail's, when it came by e-mail.
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
        events.MessageReceived(
            channel=channel, message_id=message_id, text=text.strip(), subject=subject.strip()
        ),
        by=None,
        at=at or timezone.now(),
        actor_label="requester",
    )
    _store_attachments(case, event, attachments)
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
    case = _begin(case, by=by, action=Action.EXTEND)
    if days <= 0:
        raise ApplicationError(_("The extension must be of one day or more."))
    if not reason.strip():
        raise ApplicationError(_("Explain the reasons for the extension."), code="required")
    at = at or timezone.now()
    current = _compute(case)
    total = case.extension_days + days
    recorded_on = _local_date(at, case.organization)
    # The lasting reason first (no extension for this type, ceiling reached), then the size.
    refusal = deadlines.extension_refusal(result=current, on=recorded_on)
    if refusal is None:
        try:
            deadlines.validate_extension(
                result=current, requested_days=total, recorded_on=recorded_on
            )
        except deadlines.DeadlineError as exc:
            refusal = exc
    if refusal is not None:
        raise deadline_application_error(refusal)
    previous_due = case.due_date
    case.extension_days = total
    case.due_date = _compute(case).due_date
    _record(
        case,
        events.Extended(days=days, reason=reason.strip(), previous_due_date=previous_due),
        by=by,
        at=at,
        notify=notify,
    )
    return case


@transaction.atomic
def case_transfer(
    *, case: Case, by: User, entity: str, reason: str, at: datetime | None = None
) -> Case:
    """Send the case to the competent entity (Ley 1755 art. 21: within 5 business days)."""
    case = _begin(case, by=by, action=Action.TRANSFER)
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
        events.Transferred(
            entity=entity.strip(),
            reason=reason.strip(),
            transfer_due=transfer_due,
            on_time=_local_date(at, case.organization) <= transfer_due,
            cancelled_requests=_end_open_requests(case, by=by, at=at),
        ),
        by=by,
        at=at,
    )
    return case


@transaction.atomic
def case_close(*, case: Case, by: User, at: datetime | None = None) -> Case:
    case = _begin(case, by=by, action=Action.CLOSE)
    at = at or timezone.now()
    case.status = CaseStatus.CLOSED
    case.closed_at = at
    _record(
        case,
        events.Closed(cancelled_requests=_end_open_requests(case, by=by, at=at)),
        by=by,
        at=at,
    )
    return case


@transaction.atomic
def case_reopen(*, case: Case, by: User, reason: str, at: datetime | None = None) -> Case:
    """Take an answered or closed case up again, keeping its legal deadline."""
    case = _begin(case, by=by, action=Action.REOPEN)
    if not reason.strip():
        raise ApplicationError(_("Explain why the case is reopened."), code="required")
    case.status = CaseStatus.IN_PROGRESS
    case.closed_at = None
    _record(case, events.Reopened(reason=reason.strip()), by=by, at=at or timezone.now())
    return case


@transaction.atomic
def case_withdraw(
    *, case: Case, by: User, reason: str, tacit: bool = False, at: datetime | None = None
) -> Case:
    """End the case because the requester withdrew it or let the clarification term lapse.

    A tacit withdrawal (desistimiento tácito, Ley 1755 art. 17) is only possible once the
    requester's month to complete the request has run out.
    """
    case = _begin(case, by=by, action=Action.WITHDRAW)
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
        events.Withdrawn(
            reason=reason.strip(),
            tacit=tacit,
            cancelled_requests=_end_open_requests(case, by=by, at=at),
        ),
        by=by,
        at=at,
    )
    return case


def deadline_in_force(case: Case, *, today: date) -> deadlines.DeadlineResult:
    """The deadline as it stands today, counting an open pause up to today."""
    return _compute(case, until=today)


# "@carla" (the local part of carla@…) or "@carla@prueba.test"; not the "@" inside an
# address written in the text (ana@correo.test), hence the look-behind.
