"""Read queries on cases: visibility, calendars and timelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith

from promesa.accounts.models import User
from promesa.cases import deadlines
from promesa.cases.models import Case, CaseEvent, InternalRequest
from promesa.organization.choices import CalendarOverrideKind
from promesa.organization.models import Area, Membership, Organization
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


def in_areas_of(user: User, *, prefix: str) -> Q:
    """Rows whose area (reached through ``prefix``) ``user`` works in, in one SQL query.

    The same rule as ``visible_areas_filter`` (memberships, subtrees of managed areas, all
    for organization-wide roles), with the managed subtrees as a subquery instead of a
    query of their paths first, so the navigation counter costs a single query.
    """
    if not user.is_active:
        return Q(pk__in=[])
    if user.sees_whole_organization:
        return Q()
    managed_above = Area.objects.filter(manager=user).filter(
        StartsWith(OuterRef(f"{prefix}path"), F("path"))
    )
    return Q(**{f"{prefix}pk__in": Membership.objects.filter(user=user).values("area")}) | Q(
        Exists(managed_above)
    )


def internal_requests_visible_to(user: User) -> QuerySet[InternalRequest]:
    """Requests ``user`` may read: to or from their areas, or on a case they may read.

    Reading a request shows the supplying area the case's subject and description, never
    the requester's contact data nor the case page itself.
    """
    if user.sees_whole_organization:
        return InternalRequest.objects.all() if user.is_active else InternalRequest.objects.none()
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
