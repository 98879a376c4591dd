"""The staff pages run a fixed, known number of queries, pinned here as absolute numbers.

Each page is read by a persona over a workload with several cases in both branches of the
area tree, assigned and not, one waiting for the requester, internal requests both ways, notes
and saved searches; so a query per row (N+1) would show as a different number. A change that
adds or removes a query on one of these pages changes its number here, on purpose, in the same
commit. The tests beside each page check that the count does not grow with the data.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from promesa.cases.models import Case
from promesa.cases.services import (
    case_add_note,
    case_internal_request_open,
    case_request_clarification,
    case_start,
)
from promesa.workspace.choices import Queue
from promesa.workspace.services import saved_filter_create
from tests.conftest import World
from tests.workspace.helpers import assigned, new_case, today


@pytest.fixture
def workload(world: World) -> Case:
    """Eight cases, one of them (returned) with a full history; returns that one."""
    soon = today(world) + timedelta(days=1)
    cases = [
        new_case(world, world.facturacion if index % 2 else world.servicio, due=soon)
        for index in range(4)
    ]
    cases += [new_case(world, world.acueducto) for _ in range(2)]
    cases.append(new_case(world, world.facturacion, due=today(world) - timedelta(days=1)))
    for case in cases[:3]:
        assigned(
            case, world.bruno if case.area_id == world.facturacion.pk else world.diego, world.diego
        )
    assigned(cases[4], world.carla, world.carla)
    full = new_case(world, world.facturacion)
    assigned(full, world.bruno, world.bruno)
    case_start(case=full, by=world.bruno)
    case_add_note(case=full, by=world.bruno, text="Revisé la lectura del medidor.")
    case_add_note(case=full, by=world.diego, text="Llamen a la usuaria.")
    case_internal_request_open(
        case=full, by=world.bruno, to_area=world.acueducto, question="¿Hubo corte en la zona?"
    )
    case_internal_request_open(
        case=cases[4], by=world.carla, to_area=world.facturacion, question="¿Cuánto se cobró?"
    )
    case_request_clarification(case=cases[3], by=world.diego, message="Envíe la factura.")
    for name in ("Urgentes", "Reclamos"):
        saved_filter_create(owner=world.bruno, name=name, queue=Queue.AREA, query="q=cobro")
    saved_filter_create(
        owner=world.diego, name="Del área", queue=Queue.AREA, query="", shared_with=world.servicio
    )
    return full


def _pinned(
    client: Client, django_assert_num_queries: Any, url: str, queries: int, **params: str
) -> None:
    client.get(url, params)  # warm the session and the organization's calendar
    with django_assert_num_queries(queries):
        response = client.get(url, params)
    assert response.status_code == 200


QUEUE = reverse("workspace:queue")


@pytest.mark.parametrize(
    ("person", "queue", "queries"),
    [
        ("bruno", Queue.MINE, 14),
        ("bruno", Queue.AREA, 14),
        ("bruno", Queue.UNASSIGNED, 14),
        ("bruno", Queue.DUE_SOON, 14),
        ("bruno", Queue.OVERDUE, 14),
        ("diego", Queue.AREA, 14),
        ("diego", Queue.TO_APPROVE, 12),
        ("lucia", Queue.AREA, 13),
        ("oscar", Queue.AREA, 11),
    ],
)
def test_each_queue_runs_a_pinned_number_of_queries(
    world: World,
    workload: Case,
    client: Client,
    django_assert_num_queries: Any,
    person: str,
    queue: Queue,
    queries: int,
) -> None:
    client.force_login(getattr(world, person))
    _pinned(client, django_assert_num_queries, QUEUE, queries, cola=queue.value)


def test_a_searched_and_filtered_queue_runs_a_pinned_number_of_queries(
    world: World, workload: Case, client: Client, django_assert_num_queries: Any
) -> None:
    client.force_login(world.diego)
    _pinned(
        client,
        django_assert_num_queries,
        QUEUE,
        16,
        cola=Queue.AREA.value,
        q="cobro",
        area=str(world.facturacion.pk),
    )


@pytest.mark.parametrize(
    ("person", "box", "queries"),
    [("carla", "recibidas", 6), ("bruno", "enviadas", 6), ("bruno", "recibidas", 6)],
)
def test_the_internal_requests_inbox_runs_a_pinned_number_of_queries(
    world: World,
    workload: Case,
    client: Client,
    django_assert_num_queries: Any,
    person: str,
    box: str,
    queries: int,
) -> None:
    client.force_login(getattr(world, person))
    _pinned(
        client,
        django_assert_num_queries,
        reverse("workspace:internal_requests"),
        queries,
        bandeja=box,
    )


@pytest.mark.parametrize(("person", "queries"), [("bruno", 17), ("diego", 19), ("oscar", 13)])
def test_the_case_page_runs_a_pinned_number_of_queries(
    world: World,
    workload: Case,
    client: Client,
    django_assert_num_queries: Any,
    person: str,
    queries: int,
) -> None:
    client.force_login(getattr(world, person))
    url = reverse("workspace:case", args=[workload.filing_number])
    _pinned(client, django_assert_num_queries, url, queries)


def test_the_internal_request_page_runs_a_pinned_number_of_queries(
    world: World, workload: Case, client: Client, django_assert_num_queries: Any
) -> None:
    client.force_login(world.carla)
    request = workload.internal_requests.get()
    url = reverse("workspace:internal_request", args=[request.public_id])
    _pinned(client, django_assert_num_queries, url, 10)


@pytest.mark.parametrize(
    ("person", "queries"), [("lucia", 10), ("diego", 10), ("bruno", 10), ("adriana", 10)]
)
def test_the_dashboard_runs_a_pinned_number_of_queries(
    world: World,
    workload: Case,
    client: Client,
    django_assert_num_queries: Any,
    person: str,
    queries: int,
) -> None:
    client.force_login(getattr(world, person))
    _pinned(client, django_assert_num_queries, reverse("workspace:dashboard"), queries)
