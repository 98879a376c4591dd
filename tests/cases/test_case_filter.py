"""One case-list filter: the workspace queue and the API narrow a list the same way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from promesa.cases import services
from promesa.cases.choices import CaseKind
from promesa.cases.models import Case
from promesa.cases.page_selectors import local_today
from promesa.cases.selectors import CaseFilter, cases_listed_for, filter_cases
from tests.api.conftest import ApiClient
from tests.cases.factories import file_case
from tests.conftest import World
from tests.workspace.helpers import queue_numbers

# Madrid is six or seven hours ahead of Bogotá, the installation's own time zone: a case
# received on an evening in Bogotá was received the next day on the organization's clock.
MADRID = "Europe/Madrid"


@pytest.fixture
def cases(world: World) -> dict[str, Case]:
    world.organization.time_zone = MADRID
    world.organization.save()
    organization, facturacion = world.organization, world.facturacion
    found = {
        # 20:00 in Bogotá on 10 March is 02:00 on 11 March in Madrid.
        "evening": file_case(organization, facturacion, received="2026-03-10T20:00").case,
        "morning": file_case(organization, facturacion, received="2026-03-10T09:00").case,
        "acueducto": file_case(
            organization, world.acueducto, received="2026-03-12T09:00", kind=CaseKind.QUEJA
        ).case,
        "later": file_case(
            organization, facturacion, received="2026-03-20T09:00", description="Fuga de agua"
        ).case,
    }
    services.case_assign(case=found["later"], assignee=world.bruno, by=world.bruno)
    return found


# Each filter as the queue's form and the API spell it.
FILTERS: dict[str, Callable[[World], tuple[dict[str, Any], dict[str, Any]]]] = {
    "received_from": lambda w: ({"received_from": "2026-03-11"},) * 2,
    "received_to": lambda w: ({"received_to": "2026-03-10"},) * 2,
    "both_dates": lambda w: ({"received_from": "2026-03-11", "received_to": "2026-03-12"},) * 2,
    "area": lambda w: ({"area": w.acueducto.pk}, {"area": str(w.acueducto.public_id)}),
    "assignee": lambda w: ({"assignee": w.bruno.pk}, {"assignee": str(w.bruno.public_id)}),
    "kind": lambda w: ({"kind": "queja"},) * 2,
    "status": lambda w: ({"status": "assigned"},) * 2,
    "text": lambda w: ({"q": "fuga"},) * 2,
}


def api_numbers(world: World, params: dict[str, Any]) -> set[str]:
    response = ApiClient(world.lucia).get("/cases", params)
    assert response.status_code == 200, response.content
    return {item["filing_number"] for item in response.json()["items"]}


@pytest.mark.parametrize("name", list(FILTERS))
def test_the_same_filter_gives_the_same_rows_in_the_queue_and_the_api(
    world: World, cases: dict[str, Case], client: Client, name: str
) -> None:
    # given the same filter, as each side spells it
    queue_params, api_params = FILTERS[name](world)
    client.force_login(world.lucia)

    # when both lists are read
    in_queue = set(queue_numbers(client, "mi-area", **queue_params))
    in_api = api_numbers(world, api_params)

    # then they hold the same cases, and the filter did narrow the list
    assert in_queue == in_api
    assert 0 < len(in_api) < len(cases)


def test_reception_dates_are_days_on_the_organizations_clock(
    world: World, cases: dict[str, Case], client: Client
) -> None:
    client.force_login(world.lucia)

    on_the_11th = api_numbers(world, {"received_from": "2026-03-11", "received_to": "2026-03-11"})
    on_the_10th = set(queue_numbers(client, "mi-area", received_to="2026-03-10"))

    assert on_the_11th == {cases["evening"].filing_number}
    assert on_the_10th == {cases["morning"].filing_number}


def test_a_filter_naming_an_unknown_area_gives_no_rows(
    world: World, cases: dict[str, Case]
) -> None:
    organization = world.organization
    today = local_today(organization)
    listed = cases_listed_for(world.lucia, organization)

    narrowed = filter_cases(
        listed,
        CaseFilter(area=world.bruno.public_id, received_from=date(2026, 3, 1)),
        organization=organization,
        today=today,
        due_soon_until=today,
    )

    assert listed.count() == len(cases)
    assert not narrowed.exists()
