"""The API's read endpoints run a fixed, known number of queries, pinned as absolute numbers.

Like tests/workspace/test_query_counts.py for the HTML pages: the workload has many rows, so a
query per row would change the number, and a change that adds a query changes it here.
"""

from __future__ import annotations

from typing import Any

import pytest

from promesa.cases import services
from promesa.cases.models import Case
from tests.api.conftest import ApiClient, case_in_state, file_case
from tests.conftest import World


@pytest.fixture
def workload(world: World) -> Case:
    """Twelve cases in both branches, assigned and not, answered, waiting; returns a busy one."""
    for index in range(8):
        case = file_case(world, area=world.facturacion if index % 2 else world.acueducto)
        if index % 3 == 0:
            services.case_assign(case=case, assignee=world.adriana, by=world.adriana)
    case_in_state(world, "answered")
    case_in_state(world, "awaiting_requester")
    busy = file_case(world)
    services.case_assign(case=busy, assignee=world.bruno, by=world.bruno)
    services.case_start(case=busy, by=world.bruno)
    services.case_extend(case=busy, by=world.diego, days=5, reason="Falta un concepto técnico.")
    return busy


def _pinned(
    client: ApiClient, django_assert_num_queries: Any, path: str, queries: int, **params: Any
) -> Any:
    client.get(path, params)  # records the key's last use, which happens once an hour
    with django_assert_num_queries(queries):
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(("person", "queries"), [("lucia", 5), ("bruno", 6), ("oscar", 5)])
def test_the_case_list_runs_a_pinned_number_of_queries(
    world: World, workload: Case, django_assert_num_queries: Any, person: str, queries: int
) -> None:
    client = ApiClient(getattr(world, person))
    body = _pinned(client, django_assert_num_queries, "/cases", queries, limit=100)
    assert body["items"]


def test_a_filtered_and_searched_case_list_runs_a_pinned_number_of_queries(
    world: World, workload: Case, django_assert_num_queries: Any
) -> None:
    client = ApiClient(world.lucia)
    _pinned(
        client,
        django_assert_num_queries,
        "/cases",
        6,
        q="cobraron",
        status="filed",
        risk="on_track",
        limit=100,
    )


@pytest.mark.parametrize(("person", "queries"), [("bruno", 6), ("diego", 6), ("oscar", 5)])
def test_one_case_with_its_timeline_runs_a_pinned_number_of_queries(
    world: World, workload: Case, django_assert_num_queries: Any, person: str, queries: int
) -> None:
    client = ApiClient(getattr(world, person))
    body = _pinned(client, django_assert_num_queries, f"/cases/{workload.filing_number}", queries)
    assert len(body["timeline"]) == 4
