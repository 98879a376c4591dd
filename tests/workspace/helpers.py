"""Filing cases for the workspace tests, received recently and with chosen deadlines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from promesa.cases.models import Case
from promesa.cases.page_selectors import local_today
from promesa.cases.services import case_assign
from promesa.organization.models import Area
from tests.cases.factories import file_case
from tests.conftest import World


def today(world: World) -> date:
    return local_today(world.organization)


def new_case(
    world: World, area: Area, *, due: date | None = None, days_ago: int = 2, **kwargs: Any
) -> Case:
    """A case received ``days_ago`` days ago; ``due`` pins its deadline for risk tests."""
    received = (today(world) - timedelta(days=days_ago)).isoformat() + "T09:00"
    case = file_case(world.organization, area, received=received, **kwargs).case
    if due is not None:
        # Test set-up only: pins the legal deadline without going through the engine.
        Case.objects.filter(pk=case.pk).update(due_date=due, original_due_date=due)
        case.refresh_from_db()
    return case


def assigned(case: Case, to: Any, by: Any) -> Case:
    return case_assign(case=case, assignee=to, by=by)


def queue_numbers(client: Client, queue: str, **params: str) -> list[str]:
    response = client.get(reverse("workspace:queue"), {"cola": queue, **params})
    assert response.status_code == 200
    return [row.case.filing_number for row in response.context["page"].rows]


def case_url(case: Case) -> str:
    return reverse("workspace:case", args=[case.filing_number])


def action_url(case: Case, action: str) -> str:
    return reverse("workspace:case_action", args=[case.filing_number, action])


def answer_url(case: Case, name: str = "answer") -> str:
    return reverse(f"workspace:{name}", args=[case.filing_number])
