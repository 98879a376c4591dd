"""The benchmark seed builds a consistent organization, tops it up, and leaves filing working."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count

from bench.seed import BENCH_SLUG, PEER_GROUP, PLANS, SeedConfig, seed
from promesa.cases.choices import CaseKind, Channel, EventKind
from promesa.cases.events import Answered
from promesa.cases.models import Attachment, Case, CaseEvent, Requester
from promesa.cases.services import FilingInput, RequesterInput, case_file
from promesa.organization.models import Area, Organization

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the seed writes with COPY"),
    pytest.mark.django_db(transaction=True),
]

TINY = SeedConfig(cases=300, areas=5, staff=20, requesters=120, batch=100, progress=False)


def _peer_group(case: Case, kinds: set[str]) -> str:
    """The peer's status a case corresponds to: a reopened event marks the reopened ones."""
    if EventKind.REOPENED in kinds:
        return "reopened"
    return {
        "filed": "open",
        "assigned": "open",
        "in_progress": "open",
        "awaiting_requester": "open",
        "answered": "resolved",
    }.get(case.status, "closed")


def test_it_seeds_the_organization_cases_and_timelines() -> None:
    report = seed(TINY)

    organization = Organization.objects.get(slug=BENCH_SLUG)
    assert report["cases"] == 300
    assert Area.objects.filter(organization=organization).count() == 5
    assert organization.areas.filter(parent=None).count() == 1
    assert Requester.objects.filter(organization=organization).count() == 120
    events_per_case = Counter(
        CaseEvent.objects.values("case").annotate(n=Count("id")).values_list("n", flat=True)
    )
    assert set(events_per_case) <= {2, 3, 4, 5, 6}
    assert sum(events_per_case.values()) == 300
    assert 10 <= Attachment.objects.count() <= 80


def test_the_states_follow_the_peers_proportions() -> None:
    seed(TINY)

    kinds_by_case: dict[int, set[str]] = {}
    for case_id, kind in CaseEvent.objects.values_list("case_id", "kind"):
        kinds_by_case.setdefault(case_id, set()).add(kind)
    groups = Counter(_peer_group(case, kinds_by_case[case.pk]) for case in Case.objects.all())
    expected: Counter[str] = Counter()
    for plan, weight in PLANS:
        expected[PEER_GROUP[plan]] += weight
    for group, percent in expected.items():
        assert abs(groups[group] / 3 - percent) <= 8, (group, groups)
    assigned = Case.objects.exclude(assignee=None).count() / 3
    assert abs(assigned - 85) <= 8
    assert set(Case.objects.values_list("kind", flat=True)) == set(CaseKind.values)


def test_each_timeline_starts_filed_and_ends_in_the_cases_state() -> None:
    seed(TINY)

    for case in Case.objects.prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].kind == EventKind.FILED
        assert events[-1].status_after == case.status
        assert all(e.due_date_after == case.due_date for e in events)
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        assert case.due_date > case.received_at.date()


def test_the_seeded_events_read_as_typed_events_with_their_texts_and_columns() -> None:
    seed(TINY)

    for case in Case.objects.prefetch_related("events__texts"):
        events = list(case.events.all())
        assert all(e.payload.kind == e.kind for e in events)
        assert (events[-1].area_after_id, events[-1].assignee_after_id) == (
            case.area_id,
            case.assignee_id,
        )
    answered = CaseEvent.objects.filter(kind=EventKind.ANSWERED).first()
    assert answered is not None
    assert answered.payload_as(Answered).text


def test_a_second_run_with_the_same_size_adds_nothing_and_a_bigger_one_tops_up() -> None:
    seed(TINY)

    again = seed(TINY)
    assert again["added_cases"] == 0
    assert again["added_requesters"] == 0
    assert Case.objects.count() == 300

    more = seed(SeedConfig(**{**TINY.__dict__, "cases": 350}))
    assert more["added_cases"] == 50
    assert Case.objects.count() == 350
    assert Case.objects.values("filing_number").distinct().count() == 350


def test_a_case_filed_after_the_seed_gets_a_new_filing_number() -> None:
    seed(TINY)
    organization = Organization.objects.get(slug=BENCH_SLUG)
    seeded = set(Case.objects.values_list("filing_number", flat=True))

    filed = case_file(
        filing=FilingInput(
            organization=organization,
            kind=CaseKind.RECLAMO,
            request_type="peticion_general",
            channel=Channel.API,
            requester=RequesterInput(full_name="Ana Pérez", email="ana@example.com"),
            subject="Cobro doble en la factura",
            description="Me cobraron dos veces el consumo del mes.",
        ),
        notify=False,
    )

    assert filed.case.filing_number not in seeded
    assert Case.objects.filter(filing_number=filed.case.filing_number).count() == 1
