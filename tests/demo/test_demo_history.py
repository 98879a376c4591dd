"""The demo history: every state, consistent timelines, deterministic, built by the services."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from promesa.cases.choices import CaseStatus, EventKind
from promesa.cases.events import Extended
from promesa.cases.models import Case, CaseEvent
from promesa.demo.history import generate_history
from promesa.demo.loader import DEMO_SLUG, load_demo
from promesa.organization.models import Organization

TODAY = date(2026, 11, 24)
BOGOTA = ZoneInfo("America/Bogota")


def generate(cases: int = 60, seed: int = 2026) -> Organization:
    load_demo()
    organization = Organization.objects.get(slug=DEMO_SLUG)
    assert generate_history(organization=organization, cases=cases, seed=seed, today=TODAY) == cases
    return organization


def timelines() -> dict[int, list[CaseEvent]]:
    events: dict[int, list[CaseEvent]] = {}
    for event in CaseEvent.objects.order_by("created_at", "id"):
        events.setdefault(event.case_id, []).append(event)
    return events


@pytest.fixture
def history(db: None) -> Organization:
    return generate()


def test_every_status_appears(history: Organization) -> None:
    statuses = Counter(Case.objects.values_list("status", flat=True))

    assert set(statuses) == set(CaseStatus.values)
    assert statuses[CaseStatus.CLOSED] == max(statuses.values())


def test_every_case_has_two_to_six_events_in_order_and_none_after_today(
    history: Organization,
) -> None:
    events = timelines()

    assert len(events) == Case.objects.count() == 60
    for case_events in events.values():
        # An answer that needs approval adds its submission to the steps.
        steps = [e for e in case_events if e.kind != EventKind.ANSWER_SUBMITTED]
        assert 2 <= len(steps) <= 6
        assert case_events[0].kind == EventKind.FILED
        moments = [event.created_at for event in case_events]
        assert all(a < b for a, b in itertools.pairwise(moments))
        assert moments[-1].astimezone(BOGOTA).date() <= TODAY


def test_the_last_event_matches_the_case(history: Organization) -> None:
    events = timelines()

    for case in Case.objects.all():
        last = events[case.pk][-1]
        assert last.status_after == case.status
        assert last.due_date_after == case.due_date
        if case.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED):
            assert case.answered_at is not None


def test_extensions_were_recorded_by_the_original_due_date(db: None) -> None:
    generate(cases=200)
    extensions = CaseEvent.objects.filter(kind=EventKind.EXTENDED).select_related("case")

    assert extensions.exists()
    for event in extensions:
        recorded_on = event.created_at.astimezone(BOGOTA).date()
        assert recorded_on <= event.case.original_due_date
        assert recorded_on <= event.payload_as(Extended).previous_due_date


def test_tacit_withdrawals_come_after_the_requesters_month(db: None) -> None:
    generate(cases=200)
    withdrawals = CaseEvent.objects.filter(kind=EventKind.WITHDRAWN, data__tacit=True)

    assert withdrawals.exists()
    for event in withdrawals:
        request = (
            CaseEvent.objects.filter(case=event.case, kind=EventKind.CLARIFICATION_REQUESTED)
            .order_by("-created_at")
            .first()
        )
        assert request is not None
        answer_by = date.fromisoformat(request.data["answer_by"])
        assert event.created_at.astimezone(BOGOTA).date() > answer_by


def test_the_same_seed_gives_the_same_cases(db: None) -> None:
    load_demo()
    organization = Organization.objects.get(slug=DEMO_SLUG)

    def run(seed: int) -> list[tuple[str, str, str]]:
        with transaction.atomic():
            generate_history(organization=organization, cases=30, seed=seed, today=TODAY)
            cases = list(
                Case.objects.order_by("filing_number").values_list(
                    "filing_number", "subject", "status"
                )
            )
            transaction.set_rollback(True)
        return cases

    first = run(2026)

    assert run(2026) == first
    assert run(7) != first


def test_the_command_loads_the_history_once(db: None) -> None:
    stderr = StringIO()
    call_command("load_demo", history=30, stdout=StringIO(), stderr=stderr)

    assert Case.objects.count() == 30
    # Not a terminal: no redrawing, one line at the end.
    assert stderr.getvalue().count("\n") == 1
    assert stderr.getvalue().startswith("[" + "#" * 30 + "] 30/30 cases")

    call_command("load_demo", history=30, stdout=StringIO(), stderr=StringIO())

    assert Case.objects.count() == 30


def test_no_history_by_default_in_the_function(db: None) -> None:
    load_demo()

    assert Case.objects.count() == 0
