"""Keyset pages of the queue: every case once, in order, whatever the ties on the due date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promesa.cases.choices import ResponseChannel
from promesa.cases.models import Case
from promesa.cases.selectors import Cursor, keyset_page, open_then_closed_page
from promesa.cases.services import case_answer
from promesa.core.errors import ApplicationError
from promesa.workspace.selectors import PAGE_SIZE
from tests.conftest import World
from tests.workspace.helpers import assigned, new_case, today


@pytest.fixture
def tied(world: World) -> list[Case]:
    """62 open cases on only three due dates, so most pages start and end inside a tie."""
    now = today(world)
    due_dates = [now - timedelta(days=2), now, now + timedelta(days=30)]
    return [
        new_case(world, world.facturacion, due=due_dates[index % 3], days_ago=40)
        for index in range(2 * PAGE_SIZE + 12)
    ]


def _finish(world: World, case: Case) -> Case:
    case = assigned(case, world.bruno, world.bruno)
    return case_answer(
        case=case, by=world.bruno, text="Listo.", channel=ResponseChannel.EMAIL, notify=False
    )


def _walk(client: Client, direction: str, cursor: str | None) -> list[list[int]]:
    pages = []
    while True:
        params = {"cola": "mi-area"}
        if cursor:
            params[direction] = cursor
        page = client.get(reverse("workspace:queue"), params).context["page"]
        pages.append([row.case.pk for row in page.rows])
        cursor = page.next_cursor if direction == "despues" else page.previous_cursor
        if cursor is None:
            return pages


def test_following_next_visits_every_case_once_in_urgency_order(
    world: World, client: Client, tied: list[Case]
) -> None:
    client.force_login(world.bruno)

    pages = _walk(client, "despues", None)

    assert [len(page) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 12]
    seen = [pk for page in pages for pk in page]
    expected = sorted(tied, key=lambda case: (case.due_date, case.pk))
    assert seen == [case.pk for case in expected]


def test_following_previous_from_the_last_page_visits_them_again(
    world: World, client: Client, tied: list[Case]
) -> None:
    client.force_login(world.bruno)
    forward = _walk(client, "despues", None)
    last_first = Cursor(due_date=Case.objects.get(pk=forward[-1][0]).due_date, pk=forward[-1][0])

    backward = _walk(client, "antes", last_first.encode())

    assert backward == forward[-2::-1]


def test_a_page_costs_the_same_queries_on_page_two_and_page_three(
    world: World, client: Client, tied: list[Case]
) -> None:
    client.force_login(world.bruno)
    pages = []
    cursor = None
    for _ in range(3):
        params = {"cola": "mi-area", **({"despues": cursor} if cursor else {})}
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("workspace:queue"), params).context["page"]
        pages.append(len(queries))
        cursor = page.next_cursor

    assert pages[1] == pages[2]
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
    # The navigation counts open internal requests; nothing counts the queue's cases.
    assert not any(
        "COUNT(" in q["sql"].upper() and 'FROM "cases_case"' in q["sql"]
        for q in queries.captured_queries
    )


def test_the_api_order_lists_open_cases_then_closed_ones(world: World, tied: list[Case]) -> None:
    closed = [_finish(world, case) for case in tied[:3]]
    cases = Case.objects.filter(area=world.facturacion)
    seen: list[int] = []
    cursor = None
    while True:
        page = open_then_closed_page(cases, size=PAGE_SIZE, after=cursor)
        seen += [case.pk for case in page.items]
        if page.next is None:
            break
        cursor = Cursor.decode(page.next.encode())

    assert len(seen) == len(set(seen)) == len(tied)
    assert seen[-3:] == [c.pk for c in sorted(closed, key=lambda c: (c.due_date, c.pk))]


def test_a_page_that_ends_exactly_with_the_open_cases_points_to_the_closed_ones(
    world: World, tied: list[Case]
) -> None:
    for case in tied[PAGE_SIZE:]:
        _finish(world, case)
    cases = Case.objects.filter(area=world.facturacion)

    first = open_then_closed_page(cases, size=PAGE_SIZE)
    second = open_then_closed_page(cases, size=PAGE_SIZE, after=first.next)

    assert first.next is not None
    assert first.next.closed
    assert len(second.items) == PAGE_SIZE
    assert all(not case.is_open for case in second.items)


@pytest.mark.parametrize(
    "token",
    ["", "x", "2026-02-30.1", "2026-01-01", "2026-01-01.1.2", "2026-01-01.99999999999999999999"],
)
def test_a_cursor_that_cannot_be_read_is_an_application_error(token: str) -> None:
    with pytest.raises(ApplicationError) as error:
        Cursor.decode(token)

    assert error.value.code == "invalid_cursor"


def test_a_cursor_reads_back_what_it_wrote(world: World, tied: list[Case]) -> None:
    page = keyset_page(Case.objects.all(), size=5)

    assert page.next is not None
    assert Cursor.decode(page.next.encode()) == page.next
