"""The case services, driven at random by the personas, keep the lifecycle invariants.

A hypothesis state machine files a case and then lets bruno, carla, diego, oscar, adriana and
lucia try every service on it, in any order, while time passes. After every step:

- a change that succeeds writes exactly one ``CaseEvent`` (a note writes none, but a note),
  and a refused one (``ApplicationError``) writes nothing and leaves the case as it was;
- the last event records the case's status and due date in force;
- the due date is never before the original one;
- an ended case (closed, transferred, withdrawn) has ``closed_at`` and no open internal
  request; an open one has no ``closed_at``; an answered one has ``answered_at``;
- the legal clock is paused exactly while the case waits for the requester, when its type
  allows a suspension, and never when it does not.

Each example runs in a savepoint of the test's transaction and is rolled back at its end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from promesa.accounts.models import User
from promesa.cases.choices import CaseStatus, InternalRequestStatus, ResponseChannel
from promesa.cases.models import Case, CaseEvent, InternalNote, InternalRequest
from promesa.cases.services import (
    case_add_note,
    case_answer,
    case_assign,
    case_close,
    case_extend,
    case_internal_request_answer,
    case_internal_request_cancel,
    case_internal_request_open,
    case_move,
    case_receive_clarification,
    case_reopen,
    case_request_clarification,
    case_start,
    case_transfer,
    case_withdraw,
)
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area
from tests.cases.factories import bogota, file_case
from tests.conftest import World

ENDED = frozenset({CaseStatus.CLOSED, CaseStatus.TRANSFERRED, CaseStatus.WITHDRAWN})
PERSONAS = ("bruno", "carla", "diego", "oscar", "adriana", "lucia")
AREAS = ("facturacion", "acueducto", "servicio", "operaciones", "gerencia")
# A type whose clock stops while the requester is asked (Ley 1755) and one whose clock keeps
# running (Ley 142 utility claims); see docs/legal/co.md §2.2 and CO-11.
REGIMES = (("co-ley1755", "peticion_general", True), ("co-ley142", "pqr", False))

# Mostly those who may act on a case of Facturación, so that changes happen, and now and then
# anyone, so that refusals happen too.
CAN_ACT = ("bruno", "diego", "adriana", "lucia")
personas = st.one_of(st.sampled_from(CAN_ACT), st.sampled_from(CAN_ACT), st.sampled_from(PERSONAS))
areas = st.sampled_from(AREAS)
# Mostly real text, sometimes blank: the services must refuse blank text without a trace.
texts = st.sampled_from(
    ["Por favor revisen el cobro.", "Adjunto la factura.", "Gracias."]
) | st.just("   ")


def _snapshot(case_id: int) -> dict[str, Any]:
    return dict(Case.objects.filter(pk=case_id).values().get())


def _requests_snapshot(case_id: int) -> list[dict[str, Any]]:
    return [
        dict(row) for row in InternalRequest.objects.filter(case_id=case_id).order_by("pk").values()
    ]


# The complexity is the machine class it builds: one short rule per case service.
def lifecycle_machine(world: World) -> type[RuleBasedStateMachine]:  # noqa: C901
    """A machine class bound to the personas of ``world`` (created once per test)."""

    class CaseLifecycle(RuleBasedStateMachine):
        requests = Bundle("requests")

        def __init__(self) -> None:
            super().__init__()
            self._savepoint = transaction.atomic()
            self._savepoint.__enter__()
            self.case_id = 0
            self.pausable = False
            self.now = bogota("2026-11-30T10:00")

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self._savepoint.__exit__(None, None, None)

        # --- helpers ----------------------------------------------------------------------

        def person(self, name: str) -> User:
            user: User = getattr(world, name)
            return user

        def area(self, name: str) -> Area:
            area: Area = getattr(world, name)
            return area

        def case(self) -> Case:
            return Case.objects.select_related("organization", "area").get(pk=self.case_id)

        def tick(self) -> datetime:
            self.now += timedelta(minutes=1)
            return self.now

        def attempt(self, action: Callable[[], object], *, events: int = 1) -> object | None:
            """Run one service call and check the trace it leaves, accepted or refused."""
            before = _snapshot(self.case_id)
            requests_before = _requests_snapshot(self.case_id)
            events_before = CaseEvent.objects.filter(case_id=self.case_id).count()
            notes_before = InternalNote.objects.filter(case_id=self.case_id).count()
            try:
                result = action()
            except ApplicationError as refusal:
                event(f"refused: {refusal.code}")
                # then a refused action leaves no trace at all
                assert _snapshot(self.case_id) == before
                assert _requests_snapshot(self.case_id) == requests_before
                assert CaseEvent.objects.filter(case_id=self.case_id).count() == events_before
                assert InternalNote.objects.filter(case_id=self.case_id).count() == notes_before
                return None
            event(f"accepted: {type(result).__name__}")
            # then an accepted change writes exactly one event (a note: one note, no event)
            assert CaseEvent.objects.filter(case_id=self.case_id).count() == events_before + events
            if events == 0:
                assert InternalNote.objects.filter(case_id=self.case_id).count() == notes_before + 1
            return result

        # --- rules ------------------------------------------------------------------------

        @initialize(regime=st.sampled_from(REGIMES))
        def file(self, regime: tuple[str, str, bool]) -> None:
            code, request_type, self.pausable = regime
            filed = file_case(
                world.organization,
                world.facturacion,
                received="2026-11-30T09:00",
                regime=code,
                request_type=request_type,
            )
            self.case_id = filed.case.pk
            assert CaseEvent.objects.filter(case_id=self.case_id).count() == 1

        @rule(days=st.integers(min_value=1, max_value=25))
        def time_passes(self, days: int) -> None:
            self.now += timedelta(days=days)

        @rule(by=personas, assignee=personas)
        def assign(self, by: str, assignee: str) -> None:
            self.attempt(
                lambda: case_assign(
                    case=self.case(),
                    assignee=self.person(assignee),
                    by=self.person(by),
                    at=self.tick(),
                )
            )

        @rule(by=personas, area=areas)
        def move(self, by: str, area: str) -> None:
            self.attempt(
                lambda: case_move(
                    case=self.case(), area=self.area(area), by=self.person(by), at=self.tick()
                )
            )

        @rule(by=personas)
        def start(self, by: str) -> None:
            self.attempt(lambda: case_start(case=self.case(), by=self.person(by), at=self.tick()))

        @rule(by=personas, message=texts)
        def request_clarification(self, by: str, message: str) -> None:
            self.attempt(
                lambda: case_request_clarification(
                    case=self.case(), by=self.person(by), message=message, at=self.tick()
                )
            )

        @rule(by=st.none() | personas, message=texts)
        def receive_clarification(self, by: str | None, message: str) -> None:
            self.attempt(
                lambda: case_receive_clarification(
                    case=self.case(),
                    by=self.person(by) if by else None,
                    message=message,
                    at=self.tick(),
                )
            )

        @rule(by=personas, days=st.integers(min_value=-1, max_value=20), reason=texts)
        def extend(self, by: str, days: int, reason: str) -> None:
            self.attempt(
                lambda: case_extend(
                    case=self.case(), by=self.person(by), days=days, reason=reason, at=self.tick()
                )
            )

        @rule(by=personas, reason=texts)
        def transfer(self, by: str, reason: str) -> None:
            self.attempt(
                lambda: case_transfer(
                    case=self.case(),
                    by=self.person(by),
                    entity="Superintendencia de Servicios Públicos",
                    reason=reason,
                    at=self.tick(),
                )
            )

        @rule(by=personas, text=texts)
        def answer(self, by: str, text: str) -> None:
            self.attempt(
                lambda: case_answer(
                    case=self.case(),
                    by=self.person(by),
                    text=text,
                    channel=ResponseChannel.EMAIL,
                    at=self.tick(),
                )
            )

        @rule(by=personas)
        def close(self, by: str) -> None:
            self.attempt(lambda: case_close(case=self.case(), by=self.person(by), at=self.tick()))

        @rule(by=personas, reason=texts)
        def reopen(self, by: str, reason: str) -> None:
            self.attempt(
                lambda: case_reopen(
                    case=self.case(), by=self.person(by), reason=reason, at=self.tick()
                )
            )

        @rule(by=personas, reason=texts, tacit=st.booleans())
        def withdraw(self, by: str, reason: str, tacit: bool) -> None:
            self.attempt(
                lambda: case_withdraw(
                    case=self.case(), by=self.person(by), reason=reason, tacit=tacit, at=self.tick()
                )
            )

        @rule(by=personas, text=texts)
        def add_note(self, by: str, text: str) -> None:
            self.attempt(
                lambda: case_add_note(
                    case=self.case(), by=self.person(by), text=text, at=self.tick()
                ),
                events=0,
            )

        @rule(target=requests, by=personas, to_area=areas, question=texts)
        def open_internal_request(self, by: str, to_area: str, question: str) -> int:
            request = self.attempt(
                lambda: case_internal_request_open(
                    case=self.case(),
                    by=self.person(by),
                    to_area=self.area(to_area),
                    question=question,
                    at=self.tick(),
                )
            )
            return request.pk if isinstance(request, InternalRequest) else 0

        @rule(request=requests, by=personas, text=texts)
        def answer_internal_request(self, request: int, by: str, text: str) -> None:
            if request:
                self.attempt(
                    lambda: case_internal_request_answer(
                        request=InternalRequest.objects.get(pk=request),
                        by=self.person(by),
                        text=text,
                        at=self.tick(),
                    )
                )

        @rule(request=requests, by=personas)
        def cancel_internal_request(self, request: int, by: str) -> None:
            if request:
                self.attempt(
                    lambda: case_internal_request_cancel(
                        request=InternalRequest.objects.get(pk=request),
                        by=self.person(by),
                        reason="Ya no hace falta.",
                        at=self.tick(),
                    )
                )

        # --- invariants -------------------------------------------------------------------

        @invariant()
        def the_last_event_records_the_status_and_due_date_in_force(self) -> None:
            if not self.case_id:
                return
            case = self.case()
            last = CaseEvent.objects.filter(case=case).order_by("-created_at", "-pk").first()
            assert last is not None
            assert last.status_after == case.status
            assert last.due_date_after == case.due_date

        @invariant()
        def the_due_date_is_never_before_the_original(self) -> None:
            if self.case_id:
                case = self.case()
                assert case.due_date >= case.original_due_date

        @invariant()
        def an_ended_case_has_closed_at_and_no_open_internal_request(self) -> None:
            if not self.case_id:
                return
            case = self.case()
            open_requests = InternalRequest.objects.filter(
                case=case, status=InternalRequestStatus.OPEN
            )
            if case.status in ENDED:
                assert case.closed_at is not None
                assert not open_requests.exists()
            else:
                assert case.closed_at is None

        @invariant()
        def an_answered_case_has_answered_at(self) -> None:
            if self.case_id:
                case = self.case()
                if case.status == CaseStatus.ANSWERED:
                    assert case.answered_at is not None

        @invariant()
        def the_clock_is_paused_exactly_while_the_requester_is_asked(self) -> None:
            if not self.case_id:
                return
            case = self.case()
            waiting = case.status == CaseStatus.AWAITING_REQUESTER
            if self.pausable:
                assert (case.paused_since is not None) == waiting
            else:
                assert case.paused_since is None
            if waiting:
                assert case.clarification_due is not None

    return CaseLifecycle


@pytest.mark.django_db
def test_every_sequence_of_actions_by_the_personas_keeps_the_lifecycle_invariants(
    world: World,
) -> None:
    run_state_machine_as_test(
        lifecycle_machine(world),
        settings=settings(
            max_examples=25,
            stateful_step_count=35,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
