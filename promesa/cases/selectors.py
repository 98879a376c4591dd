"""Read queries on cases: visibility, calendars, timelines and the one case-list filter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases import deadlines, events
from promesa.cases.choices import OPEN_STATUSES
from promesa.cases.models import Case, CaseEvent, CaseQuerySet, InternalRequest
from promesa.cases.search import search_filter
from promesa.core.errors import ApplicationError
from promesa.organization.choices import CalendarOverrideKind
from promesa.organization.models import Area, Organization, Touchpoint
from promesa.organization.selectors import in_areas_of, visible_areas_filter

QuerySetT = TypeVar("QuerySetT", bound=QuerySet[Case])


def organization_calendar(organization: Organization) -> deadlines.Calendar:
    """The country calendar with the organization's closures and worked holidays."""
    overrides = list(organization.calendar_overrides.values_list("date", "kind"))
    return deadlines.Calendar(
        country=organization.country,
        subdiv=organization.subdivision or None,
        closures=frozenset(d for d, k in overrides if k == CalendarOverrideKind.CLOSURE),
        removed_holidays=frozenset(
            d for d, k in overrides if k == CalendarOverrideKind.WORKING_DAY
        ),
        saturday_is_business_day=organization.saturday_is_business_day,
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case ``user`` may read: by area for agents and managers, all for the rest."""
    return Case.objects.filter(visible_areas_filter(user, prefix="area__"))


def cases_listed_for(user: User, organization: Organization) -> CaseQuerySet:
    """The organization's cases ``user`` may read, for lists read a page at a time.

    The visible areas become a literal list (one small query) rather than the subquery of
    ``cases_visible_to``: the planner then knows how many cases those areas hold and can
    walk the per-area index in due-date order instead of the whole organization's.
    """
    cases = Case.objects.filter(organization=organization)
    if not user.sees_whole_organization:
        area_ids = list(
            Area.objects.filter(visible_areas_filter(user), organization=organization).values_list(
                "pk", flat=True
            )
        )
        cases = cases.filter(area_id__in=area_ids)
    return cases


def case_for_user(user: User, *, filing_number: str) -> Case | None:
    return (
        cases_visible_to(user)
        .select_related("area", "assignee", "requester", "touchpoint", "organization")
        .filter(filing_number=filing_number)
        .first()
    )


@dataclass(frozen=True)
class TimelineEntry:
    """An event, the deadline in force after it, and the current names of whom it names."""

    event: CaseEvent
    due_date: date
    previous: CaseEvent | None = None
    area_names: Mapping[int, str] = field(default_factory=dict)
    person_names: Mapping[int, str] = field(default_factory=dict)

    @property
    def payload(self) -> events.Event:
        return self.event.payload

    def area_name(self, area_id: int | None) -> str:
        return self.area_names.get(area_id, "") if area_id is not None else ""

    def person_name(self, user_id: int | None) -> str:
        """The current name of a person the payload names (the previous assignee, an author)."""
        if user_id is None:
            return ""
        before = self.previous.assignee_after if self.previous is not None else None
        if before is not None and before.pk == user_id:
            return before.full_name
        return self.person_names.get(user_id, "")


def case_timeline(case: Case) -> list[TimelineEntry]:
    """The case's events in order, each with the deadline in force after it.

    Three queries whatever the history's length: the events (with actor, area and assignee
    after), their texts, and the names of the organization's areas, which payloads name by
    id. The previous assignee is the previous event's assignee after; only the authors of
    approved or returned answers take one more query, when there are any.
    """
    rows = list(
        case.events.select_related("actor", "area_after", "assignee_after")
        .prefetch_related("texts")
        .order_by("created_at", "id")
    )
    areas = dict(
        Area.objects.filter(organization_id=case.organization_id).values_list("pk", "name")
    )
    author_ids = {getattr(e.facts, "author_id", None) for e in rows} - {None}
    people = (
        dict(User.objects.filter(pk__in=author_ids).values_list("pk", "full_name"))
        if author_ids
        else {}
    )
    return [
        TimelineEntry(
            event=e,
            due_date=e.due_date_after,
            previous=rows[index - 1] if index else None,
            area_names=areas,
            person_names=people,
        )
        for index, e in enumerate(rows)
    ]


def case_risk(case: Case, *, today: date, calendar: deadlines.Calendar | None = None) -> str:
    """The legal risk of an open case today; closed ones have none."""
    if not case.is_open:
        return "done"
    calendar = calendar or organization_calendar(case.organization)
    return deadlines.risk_level(
        due_date=case.due_date,
        today=today,
        calendar=calendar,
        due_soon_days=case.organization.due_soon_days,
    ).value


# --- Internal requests between areas ------------------------------------------------------


@dataclass(frozen=True)
class InternalDue:
    """The internal due date of a request to an area, and whether the legal one capped it."""

    due_date: date
    days: int
    capped: bool


def internal_request_due(
    case: Case, area: Area, *, today: date, calendar: deadlines.Calendar
) -> InternalDue:
    """``area``'s service level counted in business days from ``today``.

    Never after the case's legal due date: an area cannot be given longer than the
    organization has to answer the requester, so the date is brought forward to it.
    """
    days = area.internal_request_days
    due = calendar.add_business_days(today, days)
    if due > case.due_date:
        return InternalDue(due_date=case.due_date, days=days, capped=True)
    return InternalDue(due_date=due, days=days, capped=False)


def internal_requests_visible_to(user: User) -> QuerySet[InternalRequest]:
    """Requests ``user`` may read: to or from their areas, or on a case they may read.

    Reading a request shows the supplying area the case's subject and description, never
    the requester's contact data nor the case page itself.
    """
    if not user.is_active or user.organization_id is None:
        return InternalRequest.objects.none()
    if user.sees_whole_organization:
        return InternalRequest.objects.filter(case__organization_id=user.organization_id)
    return InternalRequest.objects.filter(
        in_areas_of(user, prefix="to_area__")
        | in_areas_of(user, prefix="from_area__")
        | in_areas_of(user, prefix="case__area__")
    )


def internal_request_for_user(user: User, *, public_id: UUID) -> InternalRequest | None:
    return (
        internal_requests_visible_to(user)
        .select_related(
            "case__organization",
            "case__area",
            "from_area",
            "to_area",
            "requested_by",
            "answered_by",
            "cancelled_by",
        )
        .filter(public_id=public_id)
        .first()
    )


def open_requests_received_count(user: User) -> int:
    """Open requests to the areas ``user`` works in: one query, for the navigation."""
    return InternalRequest.objects.open().filter(in_areas_of(user, prefix="to_area__")).count()


def risk_filter(
    risk: Literal["overdue", "due_today", "due_soon", "on_track"],
    *,
    today: date,
    due_soon_until: date,
) -> Q:
    """Open cases at one level of legal risk, as ranges of due dates an index can serve.

    The same partition as ``CaseQuerySet.with_risk``; "due_soon" here is the rank 2 only.
    """
    open_cases = Q(status__in=OPEN_STATUSES)
    if risk == "overdue":
        return open_cases & Q(due_date__lt=today)
    if risk == "due_today":
        return open_cases & Q(due_date=today)
    if risk == "due_soon":
        return open_cases & Q(due_date__gt=today, due_date__lte=due_soon_until)
    return open_cases & Q(due_date__gt=max(today, due_soon_until))


# --- one filter for every case list --------------------------------------------------------


@dataclass(frozen=True)
class CaseFilter:
    """How a list of cases is narrowed, the same for the workspace queues and the API.

    Areas, people and touchpoints are named by their public ids, which both the forms and
    the API carry. Reception dates are days on the organization's wall clock, never UTC's.
    """

    q: str = ""
    kind: str = ""
    status: str = ""
    channel: str = ""
    area: UUID | None = None
    assignee: UUID | None = None
    touchpoint: UUID | None = None
    received_from: date | None = None
    received_to: date | None = None
    risk: Literal["overdue", "due_today", "due_soon", "on_track"] | None = None
    # Only open cases in positive silence (Ley 142 art. 158): overdue, unanswered, running.
    silence: bool = False


def _day_start(day: date, organization: Organization) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(organization.time_zone))


def filter_cases(
    cases: QuerySetT,
    case_filter: CaseFilter,
    *,
    organization: Organization,
    today: date,
    due_soon_until: date,
) -> QuerySetT:
    """``cases`` narrowed by ``case_filter``; ``today`` and ``due_soon_until`` serve ``risk``.

    The ids become subqueries on unique columns, so the case's own foreign-key indexes
    serve them as they would a literal id; an id that names nothing gives no rows.
    """
    for name in ("kind", "status", "channel"):
        if value := getattr(case_filter, name):
            cases = cases.filter(**{name: value})
    if case_filter.area:
        cases = cases.filter(area__in=Area.objects.filter(public_id=case_filter.area))
    if case_filter.assignee:
        cases = cases.filter(assignee__in=User.objects.filter(public_id=case_filter.assignee))
    if case_filter.touchpoint:
        cases = cases.filter(
            touchpoint__in=Touchpoint.objects.filter(public_id=case_filter.touchpoint)
        )
    if case_filter.received_from:
        cases = cases.filter(received_at__gte=_day_start(case_filter.received_from, organization))
    if case_filter.received_to:
        next_day = case_filter.received_to + timedelta(days=1)
        cases = cases.filter(received_at__lt=_day_start(next_day, organization))
    if case_filter.risk:
        cases = cases.filter(
            risk_filter(case_filter.risk, today=today, due_soon_until=due_soon_until)
        )
    if case_filter.silence:
        cases = cases.filter(positive_silence_filter(today=today))
    if text := case_filter.q.strip():
        cases = cases.filter(search_filter(text))
    return cases


def positive_silence_filter(*, today: date) -> Q:
    """Open cases deemed granted by positive silence on ``today`` (``case_silence``'s rule).

    A case waiting for the requester with its clock stopped is not counted: its term has
    not run out while it stands still.
    """
    return Q(
        status__in=sorted(OPEN_STATUSES),
        positive_silence=True,
        silence_exclusion="",
        due_date__lt=today,
        answered_at__isnull=True,
        paused_since__isnull=True,
    )


# --- keyset pagination -----------------------------------------------------------------------
#
# Lists of open cases are ordered by legal risk, then due date. For open cases the risk rank
# only grows with the due date (overdue < due today < due soon < on track), so that order is
# the order of (due_date, id), which the partial indexes on open cases give without sorting.
# A page starts where the previous one ended (a cursor), never at an OFFSET, so page 1000
# costs what page 1 costs. See docs/decisions/0009-full-text-search.md.


@dataclass(frozen=True)
class Cursor:
    """A position in the (due_date, id) order; ``closed`` marks the closed section that the
    API lists after all open cases."""

    due_date: date
    pk: int
    closed: bool = False

    @classmethod
    def of(cls, case: Case) -> Cursor:
        return cls(due_date=case.due_date, pk=case.pk, closed=not case.is_open)

    def encode(self) -> str:
        """A plain token such as ``2026-03-14.812`` (``.c`` appended in the closed section)."""
        token = f"{self.due_date.isoformat()}.{self.pk}"
        return token + ".c" if self.closed else token

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """Read a token from :meth:`encode`; anything else is an ``invalid_cursor`` error."""
        parts = token.split(".")
        try:
            if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != "c"):
                raise ValueError(token)
            cursor = cls(
                due_date=date.fromisoformat(parts[0]), pk=int(parts[1]), closed=len(parts) == 3
            )
        except ValueError:
            raise ApplicationError(
                _("The page cursor is not valid; start again from the first page."),
                code="invalid_cursor",
            ) from None
        if not 0 <= cursor.pk < 2**63:
            raise ApplicationError(
                _("The page cursor is not valid; start again from the first page."),
                code="invalid_cursor",
            )
        return cursor


@dataclass(frozen=True)
class KeysetPage:
    items: list[Case]
    next: Cursor | None
    previous: Cursor | None


def _after(cursor: Cursor) -> Q:
    # The redundant due_date bound gives the index scan its start; the OR alone would not.
    return Q(due_date__gte=cursor.due_date) & (
        Q(due_date__gt=cursor.due_date) | Q(pk__gt=cursor.pk)
    )


def _before(cursor: Cursor) -> Q:
    return Q(due_date__lte=cursor.due_date) & (
        Q(due_date__lt=cursor.due_date) | Q(pk__lt=cursor.pk)
    )


def keyset_page(
    cases: QuerySet[Case],
    *,
    size: int,
    after: Cursor | None = None,
    before: Cursor | None = None,
) -> KeysetPage:
    """One page of ``cases`` in (due_date, id) order, after or before a cursor.

    One query: a row beyond the page tells whether there is more in that direction.
    """
    if before is not None:
        found = list(cases.filter(_before(before)).order_by("-due_date", "-pk")[: size + 1])
        items = found[:size][::-1]
        return KeysetPage(
            items=items,
            next=Cursor.of(items[-1]) if items else None,
            previous=Cursor.of(items[0]) if len(found) > size else None,
        )
    if after is not None:
        cases = cases.filter(_after(after))
    found = list(cases.order_by("due_date", "pk")[: size + 1])
    items = found[:size]
    return KeysetPage(
        items=items,
        next=Cursor.of(items[-1]) if len(found) > size else None,
        previous=Cursor.of(items[0]) if after is not None and items else None,
    )


def open_then_closed_page(
    cases: QuerySet[Case], *, size: int, after: Cursor | None = None
) -> KeysetPage:
    """A page of a list holding open and closed cases: all open ones first, by due date,
    then the closed ones, by due date; each section is one keyset scan."""
    items: list[Case] = []
    next_cursor = None
    if after is None or not after.closed:
        page = keyset_page(cases.filter(status__in=OPEN_STATUSES), size=size, after=after)
        items, next_cursor = page.items, page.next
    if next_cursor is None:
        closed = cases.exclude(status__in=OPEN_STATUSES)
        if len(items) == size:
            # The open cases filled the page exactly: the next page starts the closed section.
            if closed.exists():
                next_cursor = Cursor(due_date=date.min, pk=0, closed=True)
        else:
            closed_after = after if after is not None and after.closed else None
            page = keyset_page(closed, size=size - len(items), after=closed_after)
            items, next_cursor = items + page.items, page.next
    return KeysetPage(items=items, next=next_cursor, previous=None)
