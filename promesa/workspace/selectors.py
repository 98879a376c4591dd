"""Read queries of the staff workspace: the queues, their rows, the inbox and saved searches.

Those of the case page are in ``promesa.cases.page_selectors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Value, When

from promesa.accounts.models import User
from promesa.cases import deadlines, permissions
from promesa.cases.choices import AnswerDraftStatus, InternalRequestStatus
from promesa.cases.models import Case, InternalRequest
from promesa.cases.page_selectors import RequestRow, local_today, request_risk_row
from promesa.cases.policy import Action
from promesa.cases.selectors import (
    CaseFilter,
    Cursor,
    cases_listed_for,
    filter_cases,
    keyset_page,
    organization_calendar,
)
from promesa.cases.services import case_silence
from promesa.organization.models import Area, Membership, Organization
from promesa.organization.selectors import (
    in_areas_of,
    user_can_see_area,
    visible_areas_filter,
)
from promesa.workspace.choices import Queue
from promesa.workspace.models import SavedFilter

PAGE_SIZE = 25


# risk_rank values of ``Case.objects.with_risk``.
RISK_CODES = {0: "overdue", 1: "due_today", 2: "due_soon", 3: "on_track", 4: "done"}


@dataclass(frozen=True)
class QueueRow:
    case: Case
    risk: str
    days_left: int | None
    # Deemed granted by positive silence (Ley 142 art. 158): overdue and unanswered.
    silence: bool = False


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue; the cursors are the tokens of the "previous" and "next" links."""

    rows: list[QueueRow]
    previous_cursor: str | None
    next_cursor: str | None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def queue_cases(
    user: User,
    *,
    organization: Organization,
    queue: Queue,
    today: date,
    calendar: deadlines.Calendar,
    case_filter: CaseFilter | None = None,
) -> QuerySet[Case]:
    """The cases of one queue, ready for :func:`queue_page`, which orders them.

    The order is legal risk then due date; for open cases that is (due_date, id) order,
    which is what the keyset pages use (see ``cases.selectors.keyset_page``).
    """
    due_soon_until = calendar.add_business_days(today, organization.due_soon_days)
    visible = cases_listed_for(user, organization)
    cases: QuerySet[Case] = (
        visible.open()
        .with_risk(today=today, due_soon_until=due_soon_until)
        .select_related("area", "assignee", "requester", "touchpoint")
    )
    if queue == Queue.MINE:
        cases = cases.filter(assignee=user)
    elif queue == Queue.UNASSIGNED:
        cases = cases.filter(assignee__isnull=True)
    elif queue == Queue.DUE_SOON:
        # Due today or due soon (ranks 1 and 2), as a date range the indexes can serve.
        cases = cases.filter(due_date__gte=today, due_date__lte=max(today, due_soon_until))
    elif queue == Queue.OVERDUE:
        cases = cases.filter(due_date__lt=today)
    elif queue == Queue.TO_APPROVE:
        # At most one pending draft per case (a unique constraint), so the join adds no rows.
        cases = cases.filter(answer_drafts__status=AnswerDraftStatus.PENDING)
    return filter_cases(
        cases,
        case_filter or CaseFilter(),
        organization=organization,
        today=today,
        due_soon_until=due_soon_until,
    )


def queue_page(
    cases: QuerySet[Case],
    *,
    today: date,
    calendar: deadlines.Calendar,
    time_zone: str,
    after: Cursor | None = None,
    before: Cursor | None = None,
) -> QueuePage:
    """One page of rows after (or before) a cursor; no count of the whole queue is made.

    ``time_zone`` is the organization's, which every row shares.
    """
    page = keyset_page(cases, size=PAGE_SIZE, after=after, before=before)
    rows = [
        QueueRow(
            case=case,
            risk=RISK_CODES[case.risk_rank],  # type: ignore[attr-defined]
            # One calendar for the whole page: the deadline engine counts in memory.
            days_left=deadlines.business_days_left(
                due_date=case.due_date, today=today, calendar=calendar
            )
            if case.is_open
            else None,
            silence=case_silence(case, today=today, time_zone=time_zone).occurred,
        )
        for case in page.items
    ]
    return QueuePage(
        rows=rows,
        previous_cursor=page.previous.encode() if page.previous else None,
        next_cursor=page.next.encode() if page.next else None,
    )


def staff_of(organization: Organization, user: User) -> QuerySet[User]:
    """People the queue can be filtered by: staff working in the areas ``user`` can see."""
    areas = Area.objects.filter(visible_areas_filter(user), organization=organization)
    # EXISTS rather than joins: no row multiplication, so no DISTINCT over whole user rows.
    works_there = Exists(Membership.objects.filter(user=OuterRef("pk"), area__in=areas))
    manages_there = Exists(areas.filter(manager=OuterRef("pk")))
    return (
        User.objects.filter(is_active=True)
        .filter(works_there | manages_there)
        .order_by("full_name")
    )


# --- Internal requests ---------------------------------------------------------------------


class Inbox(StrEnum):
    RECEIVED = "recibidas"
    SENT = "enviadas"


INBOX_SIZE = 50


def request_row(request: InternalRequest, *, organization: Organization) -> RequestRow:
    """One request's row, for its own page."""
    return request_risk_row(
        request,
        today=local_today(organization),
        calendar=organization_calendar(organization),
        due_soon_days=organization.due_soon_days,
    )


@dataclass(frozen=True)
class InboxPage:
    rows: list[RequestRow]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def internal_request_inbox(
    user: User, *, box: Inbox, organization: Organization, today: date, page: int = 1
) -> InboxPage:
    """Requests to (or from) the areas ``user`` works in: open ones first, by due date.

    One query for the rows whatever their number (case, areas and asker joined) and one
    for the calendar. Pages of ``INBOX_SIZE`` by number: an area's requests are counted in
    hundreds, not millions, and a row beyond the page says whether another one follows.
    """
    page = max(1, page)
    start = (page - 1) * INBOX_SIZE
    prefix = "to_area__" if box == Inbox.RECEIVED else "from_area__"
    requests = (
        InternalRequest.objects.filter(in_areas_of(user, prefix=prefix))
        .filter(case__organization=organization)
        .select_related("case", "from_area", "to_area", "requested_by")
        .annotate(
            open_first=models.Case(
                When(status=InternalRequestStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=models.IntegerField(),
            )
        )
        .order_by("open_first", "due_date", "-requested_at", "-pk")[start : start + INBOX_SIZE + 1]
    )
    found = list(requests)
    calendar = organization_calendar(organization)
    rows = [
        request_risk_row(
            r, today=today, calendar=calendar, due_soon_days=organization.due_soon_days
        )
        for r in found[:INBOX_SIZE]
    ]
    return InboxPage(rows=rows, number=page, has_next=len(found) > INBOX_SIZE)


@dataclass(frozen=True)
class RequestAccess:
    """What one person may do with one internal request."""

    can_answer: bool
    can_cancel: bool
    can_reply: bool
    can_open_case: bool


def internal_request_access(user: User, request: InternalRequest) -> RequestAccess:
    """What the policy allows: answering for the supplying area, cancelling for the asking
    side (the area that asked, or the one holding the case now), writing for both."""
    case = request.case
    supplier = [request.to_area]
    asker = [request.from_area, case.area]

    def allows(action: Action, areas: list[Area]) -> bool:
        return (
            request.is_open
            and permissions.decide_in_areas(user, case, action, areas).decision.allowed
        )

    return RequestAccess(
        can_answer=allows(Action.ANSWER_INTERNAL_REQUEST, supplier),
        can_cancel=allows(Action.CANCEL_INTERNAL_REQUEST, asker),
        can_reply=allows(Action.REPLY_INTERNAL_REQUEST, supplier + asker),
        can_open_case=user_can_see_area(user, case.area),
    )


def areas_to_share_with(user: User) -> Q:
    """The areas whose people see what ``user`` shares: those they belong to or manage."""
    return Q(memberships__user=user) | Q(manager=user)


def saved_filters_for(user: User) -> list[SavedFilter]:
    """The user's saved searches and those shared with an area they belong to or manage."""
    shared_areas = Area.objects.filter(areas_to_share_with(user)).values("pk")
    return list(
        SavedFilter.objects.filter(Q(owner=user) | Q(shared_with__in=shared_areas))
        .select_related("owner", "shared_with")
        .order_by("name", "id")
    )
