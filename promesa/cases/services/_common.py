"""What every case service shares.

The row lock, the one check of the policy every staff action starts with, and the one place
an event is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases import deadlines, events, permissions, policy
from promesa.cases.choices import (
    InternalRequestStatus,
)
from promesa.cases.legal_text import deadline_application_error
from promesa.cases.models import (
    AnswerDraft,
    Attachment,
    Case,
    CaseEvent,
    CaseText,
    InternalRequest,
)
from promesa.cases.policy import Action
from promesa.cases.selectors import organization_calendar
from promesa.core.events import publish
from promesa.organization.models import Organization

# Unambiguous characters for codes people copy by hand (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

# Who may do what, and from which states, is the policy's (``promesa.cases.policy``).
SUPERVISOR_ROLES = policy.SUPERVISOR_ROLES


@dataclass(frozen=True)
class AttachmentInput:
    """A file already checked by the intake channel (size, type sniffed, name sanitized)."""

    name: str
    content_type: str
    data: bytes


def _local_date(moment: datetime, organization: Organization) -> date:
    return moment.astimezone(ZoneInfo(organization.time_zone)).date()


def _compute(
    case: Case, *, extension_days: int | None = None, until: date | None = None
) -> deadlines.DeadlineResult:
    calendar = organization_calendar(case.organization)
    try:
        # A requester slower than the law's longest pause (PE: 5 business days) does not
        # keep the clock stopped beyond it.
        pauses = deadlines.cap_pauses(
            case.pause_intervals(until=until), rule=_rule(case), calendar=calendar
        )
        return deadlines.compute_deadline(
            regime=case.regime,
            request_type=case.request_type,
            received_at=case.received_at,
            calendar=calendar,
            pauses=pauses,
            extension_days=case.extension_days if extension_days is None else extension_days,
        )
    except deadlines.DeadlineError as exc:
        raise deadline_application_error(exc) from None


def _rule(case: Case) -> deadlines.RequestTypeRule:
    reception = _local_date(case.received_at, case.organization)
    try:
        return deadlines.get_regime(case.regime).rule_for(case.request_type, reception)
    except deadlines.DeadlineError as exc:
        raise deadline_application_error(exc) from None


def _require_actor(case: Case, by: User | None, action: Action) -> None:
    permissions.require(by, case, action)


def _require_state(case: Case, action: Action) -> None:
    permissions.require_state(case, action)


def _record(
    case: Case,
    event: events.Event,
    *,
    by: User | None,
    at: datetime,
    actor_label: str = "",
    notify: bool = True,
    context: Mapping[str, str] | None = None,
) -> CaseEvent:
    """Save the case, write ``event`` and publish it, all in the caller's transaction.

    The facts go in the row, with the case's state after the event (status, due date, area,
    assignee), so readers never replay the history; the personal texts go in ``CaseText``
    rows beside it. ``notify=False`` publishes it to no subscriber that messages people;
    ``context`` holds what only the subscribers may see (see ``promesa.core.events.publish``).
    """
    case.save()
    row = CaseEvent.objects.create(
        case=case,
        kind=event.kind,
        actor=by,
        actor_label=actor_label or ("" if by else "system"),
        created_at=at,
        data=event.to_data(),
        status_after=case.status,
        due_date_after=case.due_date,
        area_after_id=case.area_id,
        assignee_after_id=case.assignee_id,
    )
    texts = event.texts()
    if texts:
        CaseText.objects.bulk_create(
            CaseText(case=case, event=row, kind=kind, body=body, language=case.language)
            for kind, body in texts.items()
        )
    # Readers of the returned row (subscribers, the caller) get the event without parsing.
    row.__dict__["payload"] = event
    publish(
        row,
        kind=event.kind,
        organization_id=case.organization_id,
        notify=notify,
        context=context,
    )
    return row


def _end_open_requests(case: Case, *, by: User, at: datetime) -> tuple[int, ...]:
    """Cancel the internal requests still open on a case that has just ended.

    The supplying areas stop owing an answer nobody will read. The requests are part of the
    ending, so they are listed in its event rather than given events of their own.
    """
    open_requests = InternalRequest.objects.filter(case=case, status=InternalRequestStatus.OPEN)
    ids = tuple(open_requests.order_by("pk").values_list("pk", flat=True))
    if ids:
        open_requests.update(
            status=InternalRequestStatus.CANCELLED,
            cancelled_by=by,
            cancelled_at=at,
            cancel_reason=_("The case ended before the answer arrived."),
        )
    return ids


def _lock(case: Case) -> Case:
    """Re-read the case under a row lock so two concurrent actions serialize."""
    return Case.objects.select_for_update().select_related("organization", "area").get(pk=case.pk)


def _store_attachments(
    case: Case,
    event: CaseEvent | None,
    attachments: Sequence[AttachmentInput],
    *,
    draft: AnswerDraft | None = None,
) -> None:
    """Store checked files on the case: with the event that brought them, or a draft's."""
    for item in attachments:
        attachment = Attachment(
            case=case,
            event=event,
            draft=draft,
            original_name=item.name,
            content_type=item.content_type,
            size=len(item.data),
        )
        attachment.file.save(item.name, ContentFile(item.data), save=False)
        attachment.save()


def _begin(case: Case, *, by: User, action: Action) -> Case:
    """The preamble of every staff action: lock the row, then ask the policy (actor, state)."""
    case = _lock(case)
    _require_actor(case, by, action)
    return case
