"""The manager's dashboard: right numbers, only the areas one may see, a fixed query count."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promesa.cases.choices import CaseKind
from promesa.organization.models import Area
from promesa.organization.services import area_create, membership_add
from promesa.workspace.charts import count_text, percent_text
from promesa.workspace.dashboard import Quarter, parse_quarter, quarter_choices
from tests.cases.factories import BOGOTA
from tests.conftest import World
from tests.workspace.dashboard_data import answer, file_on, pin_due, seed_dashboard
from tests.workspace.helpers import today

DASHBOARD = reverse("workspace:dashboard")


@pytest.fixture
def cases(world: World) -> None:
    seed_dashboard(world)


def _board(client: Client, **params: str) -> Any:
    """The dashboard's template context."""
    response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return response.context


def test_the_whole_organization_sees_every_state_and_risk(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.lucia)

    total = _board(client)["board"].total

    assert total.by_state == {"filed": 2, "assigned": 3, "in_progress": 1, "awaiting_requester": 1}
    assert total.by_risk == {"overdue": 2, "due_today": 1, "due_soon": 1, "on_track": 3}
    assert total.open == 7


def test_the_quarter_counts_answers_and_those_on_time(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.oscar)

    context = _board(client)
    total = context["board"].total

    assert (total.answered, total.on_time) == (4, 2)
    assert context["rate_text"] == "50,0\u00a0%"
    assert total.received == {
        "peticion": 7,
        "queja": 1,
        "reclamo": 1,
        "sugerencia": 1,
        "denuncia": 0,
        "felicitacion": 0,
    }


def test_a_previous_quarter_counts_its_own_answers_and_filings(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.lucia)
    last = Quarter.containing(today(world)).previous()

    total = _board(client, trimestre=last.code)["board"].total

    assert (total.answered, total.on_time, total.received_total) == (1, 1, 2)
    assert total.open == 7  # open cases are counted as of today, whatever the quarter


def test_an_agent_sees_only_the_numbers_of_their_area(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.bruno)

    context = _board(client)
    total = context["board"].total

    assert total.by_state == {"filed": 1, "assigned": 2, "in_progress": 1, "awaiting_requester": 1}
    assert total.by_risk == {"overdue": 1, "due_today": 1, "due_soon": 1, "on_track": 2}
    assert (total.answered, total.on_time, total.received_total) == (3, 2, 7)
    assert context["rate_text"] == "66,7\u00a0%"
    assert [row["label"] for row in context["rows"]] == ["Facturación"]


def test_carla_never_gets_facturacion_numbers(world: World, client: Client, cases: None) -> None:
    client.force_login(world.carla)

    response = client.get(DASHBOARD)
    total = response.context["board"].total

    assert (total.open, total.by_risk["overdue"], total.answered, total.on_time) == (1, 1, 1, 0)
    assert [row["label"] for row in response.context["rows"]] == ["Acueducto"]
    assert "Facturación" not in response.content.decode()


def test_carla_cannot_filter_on_facturacion(world: World, client: Client, cases: None) -> None:
    client.force_login(world.carla)

    response = client.get(DASHBOARD, {"area": str(world.facturacion.public_id)})

    assert response.status_code == 400
    assert "board" not in response.context
    assert "Elija una de las áreas que puede ver." in response.content.decode()


def test_a_manager_sees_their_subtree_broken_down_by_area(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.diego)

    context = _board(client)

    assert context["board"].total.open == 6
    assert [
        (row["label"], row["open"], row["answered"], row["rate"]) for row in context["rows"]
    ] == [
        ("Servicio al Cliente (solo esta área)", "1", "0", "—"),
        ("Facturación", "5", "3", "66,7\u00a0%"),
    ]


def test_the_whole_organization_table_rolls_areas_up_into_their_parents(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.adriana)

    rows = _board(client)["rows"]

    assert [(row["label"], row["open"], row["overdue"], row["drill"] != "") for row in rows] == [
        ("Gerencia General (solo esta área)", "0", "0", False),
        ("Servicio al Cliente", "6", "1", True),
        ("Operaciones", "1", "1", True),
    ]


def test_choosing_an_area_narrows_every_number_to_its_subtree(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.lucia)

    context = _board(client, area=str(world.operaciones.public_id))

    assert context["board"].total.open == 1
    assert (context["board"].total.answered, context["board"].total.on_time) == (1, 0)
    assert [row["label"] for row in context["rows"]] == [
        "Operaciones (solo esta área)",
        "Acueducto",
    ]


def test_an_area_without_areas_below_links_its_numbers_to_the_queue(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.lucia)

    context = _board(client, area=str(world.facturacion.public_id))

    [row] = context["rows"]
    assert row["open_link"] == f"/trabajo/?cola=mi-area&area={world.facturacion.pk}"
    assert row["overdue_link"] == f"/trabajo/?cola=vencidos&area={world.facturacion.pk}"
    overdue = context["risks"].bars[0]
    assert overdue.href == f"/trabajo/?cola=vencidos&area={world.facturacion.pk}"
    # The queue behind the link shows the very cases counted.
    response = client.get(overdue.href)
    assert len(response.context["page"].rows) == context["board"].total.by_risk["overdue"]


def test_a_quarter_outside_the_list_is_refused_with_a_message(world: World, client: Client) -> None:
    client.force_login(world.lucia)

    response = client.get(DASHBOARD, {"trimestre": "1999-T1"})

    assert response.status_code == 400
    assert "Elija uno de los trimestres de la lista" in response.content.decode()


def test_the_quarter_selector_offers_the_current_quarter_and_the_seven_before() -> None:
    quarters = quarter_choices(date(2026, 2, 10))

    assert [q.code for q in quarters] == [
        "2026-T1",
        "2025-T4",
        "2025-T3",
        "2025-T2",
        "2025-T1",
        "2024-T4",
        "2024-T3",
        "2024-T2",
    ]
    assert parse_quarter("2025-T4", today=date(2026, 2, 10)) == Quarter(2025, 4)
    assert (Quarter(2025, 4).start, Quarter(2025, 4).end) == (date(2025, 10, 1), date(2026, 1, 1))


def test_an_answer_late_in_the_evening_counts_on_its_local_date(
    world: World, client: Client
) -> None:
    # 23:30 in Bogotá is already the next day in UTC; the due date is a Bogotá date.
    now = today(world)
    quarter = Quarter.containing(now)
    case = pin_due(file_on(world, world.facturacion, on=quarter.start), quarter.start)
    answer(case, world.bruno, at=datetime.combine(quarter.start, time(23, 30), BOGOTA))
    client.force_login(world.bruno)

    total = _board(client)["board"].total

    assert (total.answered, total.on_time) == (1, 1)


def test_the_page_reads_in_spanish_with_charts_and_their_data(
    world: World, client: Client, cases: None
) -> None:
    client.force_login(world.diego)

    html = client.get(DASHBOARD).content.decode()

    assert "Tablero de servicio" in html
    assert "Casos abiertos por estado" in html
    assert "Esperando al peticionario" in html
    assert 'role="img"' in html
    assert "Ver los datos" in html
    assert 'aria-current="page"' in html


def test_counts_are_written_the_colombian_way() -> None:
    assert count_text(1234567) == "1.234.567"
    assert percent_text(87.5) == "87,5\u00a0%"


def _more_cases_and_areas(world: World, *, times: int) -> None:
    start = Quarter.containing(today(world)).start
    first = Area.objects.count()
    for index in range(first, first + times):
        area = area_create(
            organization=world.organization, name=f"Zona {index}", parent=world.operaciones
        )
        membership_add(user=world.carla, area=area)
        answer(file_on(world, area, on=start), world.carla)
        file_on(world, world.facturacion, on=start, kind=CaseKind.RECLAMO)


@pytest.mark.parametrize("person", ["lucia", "diego", "bruno"])
def test_the_query_count_does_not_grow_with_cases_or_areas(
    world: World, client: Client, django_assert_num_queries: Any, person: str
) -> None:
    client.force_login(getattr(world, person))
    _more_cases_and_areas(world, times=1)
    client.get(DASHBOARD)  # warm the session and the calendar

    with CaptureQueriesContext(connection) as few:
        client.get(DASHBOARD)
    _more_cases_and_areas(world, times=5)

    with django_assert_num_queries(len(few)):
        response = client.get(DASHBOARD)
    assert response.status_code == 200


def test_the_dashboard_takes_a_fixed_small_number_of_queries(
    world: World, client: Client, cases: None, django_assert_num_queries: Any
) -> None:
    client.force_login(world.lucia)

    # session, user, organization, areas, calendar overrides, then four counts: open cases
    # by state, open cases in term by risk, the quarter's answers, the quarter's filings;
    # and the navigation's count of open internal requests
    with django_assert_num_queries(10):
        client.get(DASHBOARD)


def test_takeaways_say_what_the_charts_show(world: World, client: Client, cases: None) -> None:
    client.force_login(world.lucia)

    takeaways = _board(client)["takeaways"]

    assert takeaways["states"] == "7 casos abiertos; 1 de ellos esperando al peticionario."
    assert takeaways["risks"] == "Vencidos: 2. Vencen hoy: 1."
    assert takeaways["on_time"].startswith("50,0\u00a0% de los 4 casos respondidos")
