"""The manager's dashboard: open cases by state and legal risk, the quarter's service, per area.

Everything is counted by the database with a fixed number of aggregate queries, whatever the
number of cases or areas (see docs/decisions/0011-dashboard-queries.md): the areas in view,
then four grouped counts over indexes only: open cases by state, open cases still in term by
risk, the quarter's answers, the quarter's filings. A few rows per area reach Python, never
one per case, so time and memory stay flat as cases grow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promesa.accounts.models import User
from promesa.cases import deadlines
from promesa.cases.choices import OPEN_STATUSES, CaseKind, CaseStatus
from promesa.cases.models import Case
from promesa.cases.selectors import positive_silence_filter
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area, Organization
from promesa.organization.selectors import visible_areas_filter

# How far back the quarter selector goes: two years, the span a legal report covers.
QUARTERS_BACK = 8

OPEN_STATES = (
    CaseStatus.FILED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.AWAITING_REQUESTER,
)
RISKS = ("overdue", "due_today", "due_soon", "on_track")

_QUARTER_CODE = re.compile(r"^(\d{4})-T([1-4])$")
_QUARTER_MONTHS = {
    1: gettext_lazy("January to March %(year)s"),
    2: gettext_lazy("April to June %(year)s"),
    3: gettext_lazy("July to September %(year)s"),
    4: gettext_lazy("October to December %(year)s"),
}


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, written ``2026-T1`` in URLs (T for trimestre)."""

    year: int
    number: int

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}-T{self.number}"

    @property
    def label(self) -> str:
        return str(_QUARTER_MONTHS[self.number]) % {"year": self.year}

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        following = self.next()
        return date(following.year, 3 * following.number - 2, 1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )


def quarter_choices(today: date) -> list[Quarter]:
    """The current quarter first, then the previous ones the selector offers."""
    quarters = [Quarter.containing(today)]
    while len(quarters) < QUARTERS_BACK:
        quarters.append(quarters[-1].previous())
    return quarters


def parse_quarter(code: str, *, today: date) -> Quarter:
    """The quarter written as ``2026-T1``, if the selector offers it."""
    match = _QUARTER_CODE.match(code.strip())
    if match is not None:
        quarter = Quarter(int(match[1]), int(match[2]))
        if quarter in quarter_choices(today):
            return quarter
    raise ApplicationError(
        _("Choose one of the quarters in the list; the dashboard covers the last two years."),
        code="invalid_quarter",
    )


@dataclass
class Tally:
    """The dashboard's counts for one area, a group of areas, or the whole view."""

    by_state: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OPEN_STATES, 0))
    by_risk: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RISKS, 0))
    answered: int = 0
    on_time: int = 0
    received: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CaseKind.values, 0))
    # Open cases deemed granted by positive silence (Ley 142 art. 158).
    silence: int = 0

    @property
    def open(self) -> int:
        return sum(self.by_state.values())

    @property
    def received_total(self) -> int:
        return sum(self.received.values())

    @property
    def on_time_rate(self) -> float | None:
        """Share of the quarter's answers given on or before the due date, 0–100."""
        return 100 * self.on_time / self.answered if self.answered else None

    def add(self, other: Tally) -> None:
        for state, count in other.by_state.items():
            self.by_state[state] += count
        for risk, count in other.by_risk.items():
            self.by_risk[risk] += count
        for kind, count in other.received.items():
            self.received[kind] += count
        self.answered += other.answered
        self.on_time += other.on_time
        self.silence += other.silence


@dataclass(frozen=True)
class AreaRow:
    """One line of the per-area table: an area with its subtree, or its own cases only."""

    area: Area
    tally: Tally
    # True when the row counts the whole subtree of an area that has areas below it.
    is_subtree: bool
    # True for the scope area's own cases, shown apart from its child areas.
    own_only: bool = False


@dataclass(frozen=True)
class Dashboard:
    organization: Organization
    quarter: Quarter
    today: date
    area: Area | None
    total: Tally
    rows: list[AreaRow]
    # The areas in view form exactly the queue's "my area" (no filter), or one area without
    # areas below it; only then can the queue show the cases behind the top figures.
    queue_area: Area | None
    queue_matches: bool


def areas_in_view(user: User, organization: Organization) -> list[Area]:
    """The areas of the organization ``user`` may see, in tree order (one query)."""
    return list(
        Area.objects.filter(visible_areas_filter(user), organization=organization)
        .only("id", "public_id", "name", "path", "parent_id", "organization_id")
        .order_by("path")
    )


def build_dashboard(
    *,
    organization: Organization,
    areas: list[Area],
    area: Area | None,
    quarter: Quarter,
    today: date,
    calendar: deadlines.Calendar,
) -> Dashboard:
    """Count the open cases and the quarter's cases of ``area``'s subtree, or of all ``areas``.

    ``areas`` are the areas the user may see (``areas_in_view``); ``area``, when given, must
    be one of them: the caller validated the filter against the same list.
    """
    scope = [a for a in areas if area is None or a.path.startswith(area.path)]
    per_area = _open_counts(scope, today=today, calendar=calendar, organization=organization)
    _add_quarter_counts(per_area, scope, quarter=quarter, organization=organization)
    total = Tally()
    for tally in per_area.values():
        total.add(tally)
    rows = _rows(scope, per_area, area=area)
    has_children = area is not None and any(a.parent_id == area.pk for a in scope)
    return Dashboard(
        organization=organization,
        quarter=quarter,
        today=today,
        area=area,
        total=total,
        rows=rows,
        queue_area=area,
        queue_matches=not has_children,
    )


def _open_counts(
    scope: list[Area],
    *,
    today: date,
    calendar: deadlines.Calendar,
    organization: Organization,
) -> dict[int, Tally]:
    """Open cases per area by state and by legal risk, in two grouped queries.

    The first also counts the cases in positive silence (``positive_silence_filter``).

    Risk is bucketed exactly as ``CaseQuerySet.with_risk``: the deadline engine computes the
    last "due soon" date in business days, so the database only compares dates. Both queries
    read only the (area, status, due_date) index. The second starts each index range at
    today, so it skips the overdue cases, usually the bulk of a backlog; overdue is what is
    left of the open count.
    """
    area_ids = [a.pk for a in scope]
    open_cases = Case.objects.filter(area_id__in=area_ids, status__in=OPEN_STATUSES).order_by()
    per_area = {a.pk: Tally() for a in scope}
    # Positive silence rides on the same grouped query (a filtered count), not a query of its own.
    silence = Count("id", filter=positive_silence_filter(today=today))
    for row in open_cases.values("area_id", "status").annotate(count=Count("*"), silence=silence):
        per_area[row["area_id"]].by_state[row["status"]] = row["count"]
        per_area[row["area_id"]].silence += row["silence"]
    due_soon_until = calendar.add_business_days(today, organization.due_soon_days)
    in_term = (
        open_cases.filter(due_date__gte=today)
        .values("area_id")
        .annotate(
            # due_date, not *, because a filtered count needs a column; it is in the index.
            due_today=Count("due_date", filter=Q(due_date=today)),
            due_soon=Count("due_date", filter=Q(due_date__gt=today, due_date__lte=due_soon_until)),
            on_track=Count("due_date", filter=Q(due_date__gt=due_soon_until)),
        )
    )
    for tally in per_area.values():
        tally.by_risk["overdue"] = tally.open
    for row in in_term:
        tally = per_area[row["area_id"]]
        for risk in ("due_today", "due_soon", "on_track"):
            tally.by_risk[risk] = row[risk]
            tally.by_risk["overdue"] -= row[risk]
    return per_area


def _add_quarter_counts(
    per_area: dict[int, Tally],
    scope: list[Area],
    *,
    quarter: Quarter,
    organization: Organization,
) -> None:
    """Cases answered in the quarter (and how many on time), and received in it by kind.

    Two grouped queries, each read from one covering index without touching the table:
    (area, answered_at) including due_date, and (area, received_at) including kind. "On
    time" compares the answer's date on the organization's wall clock with the due date in
    force, the rule ``case_answer`` writes into the ANSWERED event; a case reopened and
    answered again counts once, with its latest answer.
    """
    zone = ZoneInfo(organization.time_zone)
    start = datetime.combine(quarter.start, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(quarter.end, datetime.min.time(), tzinfo=zone)
    in_scope = Case.objects.filter(area_id__in=[a.pk for a in scope]).order_by()
    answered = (
        in_scope.filter(answered_at__gte=start, answered_at__lt=end)
        .values("area_id")
        .annotate(
            answered=Count("*"),
            on_time=Count(
                "due_date", filter=Q(due_date__gte=TruncDate("answered_at", tzinfo=zone))
            ),
        )
    )
    for row in answered:
        tally = per_area[row["area_id"]]
        tally.answered = row["answered"]
        tally.on_time = row["on_time"]
    received = (
        in_scope.filter(received_at__gte=start, received_at__lt=end)
        .values("area_id", "kind")
        .annotate(count=Count("*"))
    )
    for row in received:
        per_area[row["area_id"]].received[row["kind"]] = row["count"]


def _rows(scope: list[Area], per_area: dict[int, Tally], *, area: Area | None) -> list[AreaRow]:
    """The per-area table: the child areas of the one in view, each with its subtree.

    Without an area chosen, the top of the tree the user sees takes its place: its one root
    area broken down into children, or each root when the user sees several separate areas.
    The chosen area's own cases get a row of their own so the rows add up to the total.
    """
    ids = {a.pk for a in scope}
    roots = [a for a in scope if a.parent_id not in ids]
    if area is not None or len(roots) == 1:
        parent = area or roots[0]
        children = [a for a in scope if a.parent_id == parent.pk]
        if not children:
            return [AreaRow(area=parent, tally=per_area[parent.pk], is_subtree=False)]
        rows = [AreaRow(area=parent, tally=per_area[parent.pk], is_subtree=False, own_only=True)]
        groups = children
    else:
        rows = []
        groups = roots
    for group in groups:
        tally = Tally()
        below = False
        for candidate in scope:
            if candidate.path.startswith(group.path):
                tally.add(per_area[candidate.pk])
                below = below or candidate.pk != group.pk
        rows.append(AreaRow(area=group, tally=tally, is_subtree=below))
    return rows
