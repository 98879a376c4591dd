"""Read queries of the staff workspace: the queues, their rows and what a user may do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases import deadlines, permissions, services
from promesa.cases.choices import AnswerDraftStatus, InternalRequestStatus
from promesa.cases.models import Case, InternalNote, InternalRequest
from promesa.cases.policy import Action, Decision, Relation
from promesa.cases.selectors import (
    CaseFilter,
    Cursor,
    TimelineEntry,
    case_timeline,
    cases_listed_for,
    filter_cases,
    in_areas_of,
    keyset_page,
    organization_calendar,
)
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area, Membership, Organization
from promesa.organization.selectors import (
    user_can_see_area,
    visible_areas_filter,
)
from promesa.workspace.choices import Queue
from promesa.workspace.models import SavedFilter

PAGE_SIZE = 25

# The case page's action bar, in order: the URL word of each action and the policy actions
# it may perform; it is offered when the policy allows any of them. Receiving a
# clarification happens through the portal or the mail intake, so it is not offered here.
ACTION_BAR: dict[str, tuple[Action, ...]] = {
    "assign": (Action.TAKE, Action.ASSIGN),
    "start": (Action.START,),
    "request_clarification": (Action.REQUEST_CLARIFICATION,),
    "internal_request": (Action.OPEN_INTERNAL_REQUEST,),
    "answer": (Action.DRAFT_ANSWER,),
    "close": (Action.CLOSE,),
    "move": (Action.MOVE,),
    "extend": (Action.EXTEND,),
    "transfer": (Action.TRANSFER,),
    "reopen": (Action.REOPEN,),
    "withdraw": (Action.WITHDRAW,),
}


# risk_rank values of ``Case.objects.with_risk``.
RISK_CODES = {0: "overdue", 1: "due_today", 2: "due_soon", 3: "on_track", 4: "done"}


@dataclass(frozen=True)
class QueueRow:
    case: Case
    risk: str
    days_left: int | None


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


def local_today(organization: Organization | None) -> date:
    """Today on the organization's wall clock (the legal calendar is local)."""
    zone = ZoneInfo(organization.time_zone) if organization else timezone.get_current_timezone()
    return timezone.now().astimezone(zone).date()


def organization_of(user: User) -> Organization | None:
    """The organization whose cases ``user`` works on: the one of their first visible area."""
    area = (
        Area.objects.filter(visible_areas_filter(user))
        .select_related("organization")
        .order_by("path")
        .first()
    )
    return area.organization if area else None


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
    after: Cursor | None = None,
    before: Cursor | None = None,
) -> QueuePage:
    """One page of rows after (or before) a cursor; no count of the whole queue is made."""
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
        )
        for case in page.items
    ]
    return QueuePage(
        rows=rows,
        previous_cursor=page.previous.encode() if page.previous else None,
        next_cursor=page.next.encode() if page.next else None,
    )


@dataclass(frozen=True)
class CaseSummary:
    """What the case page shows about the deadline."""

    today: date
    risk: str
    days_left: int | None
    legal_source: str


def case_summary(case: Case, *, calendar: deadlines.Calendar | None = None) -> CaseSummary:
    today = local_today(case.organization)
    calendar = calendar or organization_calendar(case.organization)
    try:
        legal_source = services.deadline_in_force(case, today=today).legal_source
    except ApplicationError:
        legal_source = ""
    if not case.is_open:
        return CaseSummary(today=today, risk="done", days_left=None, legal_source=legal_source)
    risk = deadlines.risk_level(
        due_date=case.due_date,
        today=today,
        calendar=calendar,
        due_soon_days=case.organization.due_soon_days,
    ).value
    days_left = deadlines.business_days_left(due_date=case.due_date, today=today, calendar=calendar)
    return CaseSummary(today=today, risk=risk, days_left=days_left, legal_source=legal_source)


def bar_decision(case: Case, user: User, word: str, *, relation: Relation) -> Decision:
    """The policy's answer for one action of the bar: allowed if any action behind it is."""
    decisions = [
        permissions.decide(user, case, action, relation=relation) for action in ACTION_BAR[word]
    ]
    return next((d for d in decisions if d.allowed), decisions[0])


def available_actions(case: Case, user: User, *, relation: Relation) -> list[str]:
    """The words of the bar's actions the policy allows ``user`` now, in bar order.

    ``relation`` is ``permissions.relation_to_case(user, case)``, read once by the caller.
    """
    return [word for word in ACTION_BAR if bar_decision(case, user, word, relation=relation)]


def users_who_can_act_in(area: Area) -> QuerySet[User]:
    """Active staff who may change the area's cases: members, managers above, org-wide roles."""
    ancestor_ids = [int(pk) for pk in area.path.strip("/").split("/") if pk]
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(memberships__area=area)
            | Q(managed_areas__pk__in=ancestor_ids)
            | Q(role__in=[Role.ADMINISTRATOR, Role.QUALITY_LEAD])
        )
        .exclude(role=Role.OVERSIGHT)
        .distinct()
        .order_by("full_name")
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


def can_see_requester_contact(user: User, *, can_act: bool) -> bool:
    """Contact data is for people who act on the case, and for oversight, who audits it."""
    return user.sees_whole_organization or can_act


@dataclass(frozen=True)
class HistoryItem:
    """One line of the case page's timeline: an event, or an internal note."""

    at: datetime
    entry: TimelineEntry | None = None
    note: InternalNote | None = None


def case_history(case: Case) -> list[HistoryItem]:
    """The case's events and internal notes in one list, by time (an event first on a tie).

    Two queries for the notes whatever their number: authors joined, mentions prefetched.
    """
    notes = case.notes.select_related("author").prefetch_related(
        Prefetch("mentioned", queryset=User.objects.order_by("full_name"))
    )
    items = [HistoryItem(at=entry.event.created_at, entry=entry) for entry in case_timeline(case)]
    items += [HistoryItem(at=note.created_at, note=note) for note in notes]
    # sorted() is stable: within one instant, events (listed first) stay before notes.
    return sorted(items, key=lambda item: item.at)


# --- Internal requests ---------------------------------------------------------------------


class Inbox(StrEnum):
    RECEIVED = "recibidas"
    SENT = "enviadas"


INBOX_SIZE = 50


@dataclass(frozen=True)
class RequestRow:
    """One internal request with its risk against the internal due date."""

    request: InternalRequest
    risk: str
    days_left: int | None


def _request_row(
    request: InternalRequest, *, today: date, calendar: deadlines.Calendar, due_soon_days: int
) -> RequestRow:
    if not request.is_open:
        return RequestRow(request=request, risk="done", days_left=None)
    risk = deadlines.risk_level(
        due_date=request.due_date, today=today, calendar=calendar, due_soon_days=due_soon_days
    ).value
    days_left = deadlines.business_days_left(
        due_date=request.due_date, today=today, calendar=calendar
    )
    return RequestRow(request=request, risk=risk, days_left=days_left)


def request_row(request: InternalRequest, *, organization: Organization) -> RequestRow:
    """One request's row, for its own page."""
    return _request_row(
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
        _request_row(r, today=today, calendar=calendar, due_soon_days=organization.due_soon_days)
        for r in found[:INBOX_SIZE]
    ]
    return InboxPage(rows=rows, number=page, has_next=len(found) > INBOX_SIZE)


def case_internal_requests(
    case: Case, *, today: date, calendar: deadlines.Calendar
) -> list[RequestRow]:
    """The case's internal requests, open ones first: one query whatever their number."""
    requests = (
        case.internal_requests.select_related("to_area", "requested_by")
        .annotate(
            open_first=models.Case(
                When(status=InternalRequestStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=models.IntegerField(),
            )
        )
        .order_by("open_first", "due_date", "requested_at")
    )
    return [
        _request_row(
            r, today=today, calendar=calendar, due_soon_days=case.organization.due_soon_days
        )
        for r in requests
    ]


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
