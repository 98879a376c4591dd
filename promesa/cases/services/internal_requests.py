"""Internal requests between areas and their threads."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases import events, permissions
from promesa.cases.choices import (
    ConversationKind,
    InternalRequestStatus,
)
from promesa.cases.models import (
    Case,
    InternalRequest,
    InternalRequestMessage,
)
from promesa.cases.policy import Action
from promesa.cases.selectors import internal_request_due, organization_calendar
from promesa.cases.services._common import (
    _begin,
    _local_date,
    _lock,
    _record,
)
from promesa.core.errors import ApplicationError
from promesa.core.events import publish
from promesa.organization.models import Area


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


def _asking_side(request: InternalRequest, case: Case) -> list[Area]:
    """The asking area, and the area that now holds the case if it moved since."""
    return [request.from_area, case.area]


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
    case = _begin(case, by=by, action=Action.OPEN_INTERNAL_REQUEST)
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
        events.InternalRequestOpened(
            request_id=request.pk,
            to_area_id=to_area.pk,
            question=request.question,
            due_date=due.due_date,
            capped=due.capped,
        ),
        by=by,
        at=at,
        notify=notify,
    )
    return request


@transaction.atomic
def case_internal_request_answer(
    *, request: InternalRequest, by: User, text: str, at: datetime | None = None
) -> InternalRequest:
    """Give the supplying area's answer; it closes the request and the asker is told."""
    case = _lock(request.case)
    request = _lock_request(request)
    permissions.require_in_areas(by, case, Action.ANSWER_INTERNAL_REQUEST, [request.to_area])
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
        events.InternalRequestAnswered(
            request_id=request.pk,
            to_area_id=request.to_area_id,
            answer=request.answer,
            on_time=_local_date(at, case.organization) <= request.due_date,
        ),
        by=by,
        at=at,
    )
    return request


@transaction.atomic
def case_internal_request_cancel(
    *, request: InternalRequest, by: User, reason: str = "", at: datetime | None = None
) -> InternalRequest:
    """Withdraw a request the asking side no longer needs; the supplying area stops owing it."""
    case = _lock(request.case)
    request = _lock_request(request)
    permissions.require_in_areas(
        by, case, Action.CANCEL_INTERNAL_REQUEST, _asking_side(request, case)
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
        events.InternalRequestCancelled(
            request_id=request.pk, to_area_id=request.to_area_id, reason=request.cancel_reason
        ),
        by=by,
        at=at,
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
    permissions.require_in_areas(
        by,
        request.case,
        Action.REPLY_INTERNAL_REQUEST,
        [request.to_area, *_asking_side(request, request.case)],
    )
    _require_open_request(request)
    if not text.strip():
        raise ApplicationError(_("Write the message."), code="required")
    message = InternalRequestMessage.objects.create(
        request=request, author=by, text=text.strip(), created_at=at or timezone.now()
    )
    publish(
        message,
        kind=ConversationKind.REQUEST_MESSAGE_ADDED,
        organization_id=request.case.organization_id,
    )
    return message
