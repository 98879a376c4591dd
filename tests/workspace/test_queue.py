"""The work queues: who sees which cases, in which order, with which filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promesa.cases.choices import CaseKind, ResponseChannel
from promesa.cases.services import case_answer
from promesa.workspace.selectors import PAGE_SIZE
from tests.conftest import World
from tests.workspace.helpers import assigned, new_case, queue_numbers, today


@pytest.fixture
def cases(world: World) -> dict[str, str]:
    """Bruno's case, an unassigned one in Facturación, one in Acueducto, one in Servicio."""
    mine = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    free = new_case(world, world.facturacion)
    water = new_case(world, world.acueducto)
    service = new_case(world, world.servicio)
    answered = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    case_answer(
        case=answered, by=world.bruno, text="Listo.", channel=ResponseChannel.EMAIL, notify=False
    )
    return {
        "mine": mine.filing_number,
        "free": free.filing_number,
        "water": water.filing_number,
        "service": service.filing_number,
        "answered": answered.filing_number,
    }


def test_my_cases_are_the_open_ones_assigned_to_me(
    world: World, client: Client, cases: dict[str, str]
) -> None:
    client.force_login(world.bruno)

    assert queue_numbers(client, "mis-casos") == [cases["mine"]]


def test_the_queue_is_the_default_page_and_shows_my_cases(
    world: World, client: Client, cases: dict[str, str]
) -> None:
    client.force_login(world.bruno)

    response = client.get(reverse("workspace:queue"))

    assert [row.case.filing_number for row in response.context["page"].rows] == [cases["mine"]]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("bruno", {"mine", "free"}),
        ("carla", {"water"}),
        ("diego", {"mine", "free", "service"}),
        ("oscar", {"mine", "free", "water", "service"}),
    ],
)
def test_my_area_shows_the_open_cases_of_the_areas_i_can_see(
    world: World, client: Client, cases: dict[str, str], person: str, expected: set[str]
) -> None:
    client.force_login(getattr(world, person))

    assert set(queue_numbers(client, "mi-area")) == {cases[name] for name in expected}


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("bruno", {"free"}),
        ("carla", {"water"}),
        ("diego", {"free", "service"}),
        ("oscar", {"free", "water", "service"}),
    ],
)
def test_unassigned_shows_open_cases_without_assignee(
    world: World, client: Client, cases: dict[str, str], person: str, expected: set[str]
) -> None:
    client.force_login(getattr(world, person))

    assert set(queue_numbers(client, "sin-asignar")) == {cases[name] for name in expected}


def test_due_soon_and_overdue_queues_split_by_legal_risk(world: World, client: Client) -> None:
    # given
    now = today(world)
    overdue = new_case(world, world.facturacion, due=now - timedelta(days=3), days_ago=40)
    due_today = new_case(world, world.facturacion, due=now, days_ago=20)
    on_track = new_case(world, world.facturacion, due=now + timedelta(days=60))
    other_area = new_case(world, world.acueducto, due=now - timedelta(days=3), days_ago=40)
    client.force_login(world.bruno)

    # when / then
    assert queue_numbers(client, "vencidos") == [overdue.filing_number]
    assert queue_numbers(client, "por-vencer") == [due_today.filing_number]
    assert on_track.filing_number not in queue_numbers(client, "por-vencer")
    client.force_login(world.carla)
    assert queue_numbers(client, "vencidos") == [other_area.filing_number]


def test_the_queue_puts_the_most_urgent_cases_first(world: World, client: Client) -> None:
    # given: filed in the opposite order of their urgency
    now = today(world)
    on_track = new_case(world, world.facturacion, due=now + timedelta(days=60))
    later_overdue = new_case(world, world.facturacion, due=now - timedelta(days=1), days_ago=40)
    due_today = new_case(world, world.facturacion, due=now, days_ago=20)
    overdue = new_case(world, world.facturacion, due=now - timedelta(days=5), days_ago=40)
    client.force_login(world.diego)

    # when
    response = client.get(reverse("workspace:queue"), {"cola": "mi-area"})

    # then
    rows = response.context["page"].rows
    assert [row.case.filing_number for row in rows] == [
        overdue.filing_number,
        later_overdue.filing_number,
        due_today.filing_number,
        on_track.filing_number,
    ]
    assert [row.risk for row in rows] == ["overdue", "overdue", "due_today", "on_track"]
    assert rows[2].days_left == 0
    assert rows[0].days_left is not None
    assert rows[0].days_left < 0
    html = response.content.decode()
    assert "⚠" in html
    assert "risk-overdue" in html


def test_search_matches_subject_description_and_filing_number(world: World, client: Client) -> None:
    leak = new_case(world, world.facturacion, description="Hay una fuga en el medidor del patio.")
    other = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    assert queue_numbers(client, "mi-area", q="FUGA") == [leak.filing_number]
    assert queue_numbers(client, "mi-area", q=other.filing_number) == [other.filing_number]
    assert set(queue_numbers(client, "mi-area", q="cobro doble")) == {
        leak.filing_number,
        other.filing_number,
    }


def test_filters_narrow_the_queue(world: World, client: Client) -> None:
    claim = new_case(world, world.facturacion, kind=CaseKind.RECLAMO, days_ago=10)
    petition = assigned(new_case(world, world.servicio), world.diego, world.diego)
    client.force_login(world.diego)

    assert queue_numbers(client, "mi-area", kind="reclamo") == [claim.filing_number]
    assert queue_numbers(client, "mi-area", area=str(world.servicio.pk)) == [petition.filing_number]
    assert queue_numbers(client, "mi-area", assignee=str(world.diego.pk)) == [
        petition.filing_number
    ]
    assert queue_numbers(client, "mi-area", status="assigned") == [petition.filing_number]
    since = (today(world) - timedelta(days=5)).isoformat()
    assert queue_numbers(client, "mi-area", received_from=since) == [petition.filing_number]
    assert queue_numbers(client, "mi-area", received_to=since) == [claim.filing_number]


def test_an_area_filter_outside_my_areas_is_refused_not_obeyed(
    world: World, client: Client
) -> None:
    new_case(world, world.acueducto)
    client.force_login(world.bruno)

    response = client.get(
        reverse("workspace:queue"), {"cola": "mi-area", "area": str(world.acueducto.pk)}
    )

    assert response.context["page"].rows == []
    assert response.context["form"].errors


def test_the_queue_pages_by_twenty_five_with_a_cursor(world: World, client: Client) -> None:
    for _ in range(PAGE_SIZE + 2):
        new_case(world, world.facturacion)
    client.force_login(world.bruno)

    first = client.get(reverse("workspace:queue"), {"cola": "mi-area"})
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("workspace:queue"), {"cola": "mi-area", "despues": cursor})
    back = client.get(
        reverse("workspace:queue"),
        {"cola": "mi-area", "antes": second.context["page"].previous_cursor},
    )

    assert len(first.context["page"].rows) == PAGE_SIZE
    assert first.context["page"].has_next
    assert not first.context["page"].has_previous
    assert len(second.context["page"].rows) == 2
    assert not second.context["page"].has_next
    assert second.context["page"].has_previous
    assert [row.case.pk for row in back.context["page"].rows] == [
        row.case.pk for row in first.context["page"].rows
    ]
    assert not back.context["page"].has_previous
    html = first.content.decode()
    assert 'rel="next"' in html
    assert f"despues={cursor}" in html


@pytest.mark.parametrize("token", ["basura", "2026-13-01.4", "2026-01-01.-3", "2026-01-01.1.x"])
def test_a_cursor_that_cannot_be_read_shows_the_first_page(
    world: World, client: Client, token: str
) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    assert queue_numbers(client, "mi-area", despues=token) == [case.filing_number]
    assert queue_numbers(client, "mi-area", antes=token) == [case.filing_number]


def _queue_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("workspace:queue"), {"cola": "mi-area", "q": "cobro"})
    assert response.status_code == 200
    return len(context)


def test_the_queue_runs_the_same_number_of_queries_for_5_or_40_cases(
    world: World, client: Client
) -> None:
    client.force_login(world.diego)
    for index in range(5):
        case = new_case(world, world.facturacion if index % 2 else world.servicio)
        if index % 3 == 0:
            assigned(case, world.bruno if index % 2 else world.diego, world.diego)
    with_five = _queue_queries(client)
    for index in range(35):
        case = new_case(world, world.facturacion if index % 2 else world.servicio)
        if index % 3 == 0:
            assigned(case, world.bruno if index % 2 else world.diego, world.diego)

    with_forty = _queue_queries(client)

    assert with_five == with_forty
