"""Read queries on cases: visibility, calendars and timelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from promesa.accounts.models import User
from promesa.cases import deadlines
from promesa.cases.models import Case, CaseEvent
from promesa.organization.choices import CalendarOverrideKind
from promesa.organization.models import Organization
from promesa.organization.selectors import visible_areas_filter


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


def case_for_user(user: User, *, filing_number: str) -> Case | None:
    return (
        cases_visible_to(user)
        .select_related("area", "assignee", "requester", "touchpoint", "organization")
        .filter(filing_number=filing_number)
        .first()
    )


@dataclass(frozen=True)
class TimelineEntry:
    event: CaseEvent
    due_date: date


def case_timeline(case: Case) -> list[TimelineEntry]:
    """The case's events in order, each with the deadline in force after it."""
    events = case.events.select_related("actor").order_by("created_at", "id")
    return [TimelineEntry(event=e, due_date=e.due_date_after) for e in events]


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
