"""The permission matrix, generated from the policy and run against the pages and the API.

For every persona, every action and a case of Facturación in states the action starts from
(and one it does not), the HTML view and the API operation must do exactly what
``policy.decide`` says: an allowed action succeeds and is recorded; a refused one changes
nothing and records nothing, answering 403 (404 to someone who cannot see the case) for who
is asking, or 400 for the case's state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from promesa.accounts.models import User
from promesa.cases import permissions, policy, services
from promesa.cases.choices import CaseStatus, ResponseChannel
from promesa.cases.models import Case, InternalNote, InternalRequest
from promesa.cases.policy import Action, Relation
from tests.api.conftest import ApiClient, file_case
from tests.conftest import World

PERSONAS = ("adriana", "lucia", "diego", "bruno", "carla", "oscar")

# The states the matrix brings a case to; bruno holds it from "assigned" on.
STATES: tuple[str, ...] = (
    CaseStatus.FILED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.AWAITING_REQUESTER,
    CaseStatus.ANSWERED,
    CaseStatus.CLOSED,
    CaseStatus.WITHDRAWN,
)


def case_in(world: World, state: str) -> Case:
    """A case in Facturación brought to ``state`` by the administrator, held by bruno."""
    by = world.adriana
    case = file_case(world)
    if state == CaseStatus.FILED:
        return case
    if state == CaseStatus.WITHDRAWN:
        return services.case_withdraw(case=case, by=by, reason="La usuaria desistió.")
    case = services.case_assign(case=case, assignee=world.bruno, by=by)
    if state == CaseStatus.ASSIGNED:
        return case
    case = services.case_start(case=case, by=world.bruno)
    if state == CaseStatus.AWAITING_REQUESTER:
        return services.case_request_clarification(
            case=case, by=by, message="Adjunte la factura.", notify=False
        )
    if state in (CaseStatus.ANSWERED, CaseStatus.CLOSED):
        case = services.case_answer(
            case=case, by=by, text="Reversamos el cobro.", channel=ResponseChannel.EMAIL
        )
    if state == CaseStatus.CLOSED:
        case = services.case_close(case=case, by=by)
    return case


def relation_of(persona: str, case: Case) -> Relation:
    """How each persona stands to a case of Facturación (see tests/conftest.py)."""
    if persona == "bruno":
        return Relation.ASSIGNEE if case.assignee_id else Relation.AREA_MEMBER
    return {
        "adriana": Relation.ORGANIZATION,
        "lucia": Relation.ORGANIZATION,
        "oscar": Relation.ORGANIZATION,
        "diego": Relation.AREA_MANAGER,  # manager of Servicio al Cliente, above Facturación
        "carla": Relation.NONE,
    }[persona]


Body = Callable[[World, User], dict[str, Any]]


@dataclass(frozen=True)
class Operation:
    """One thing staff ask for, and how to ask for it on the pages and through the API."""

    action: Callable[[str], Action]  # the persona's name → the action it stands for
    html: tuple[str, Body] | None = None  # the URL name and the form data
    api: tuple[str, Body] | None = None  # the path after the case and the JSON body


def _same(action: Action) -> Callable[[str], Action]:
    return lambda persona: action


def _assign_to_bruno(persona: str) -> Action:
    # For bruno it is taking the case: on the page an agent's assign form has no choice of
    # person. carla, the other agent, cannot see the case, so the difference is moot for her.
    return Action.TAKE if persona == "bruno" else Action.ASSIGN


def _case_action(word: str) -> str:
    return f"case_action:{word}"


OPERATIONS: dict[str, Operation] = {
    "assign": Operation(
        _assign_to_bruno,
        html=(_case_action("assign"), lambda w, u: {"assignee": w.bruno.pk}),
        api=("assign", lambda w, u: {"assignee": str(w.bruno.public_id)}),
    ),
    "take": Operation(
        _same(Action.TAKE),
        html=(_case_action("assign"), lambda w, u: {"assignee": u.pk}),
        api=("assign", lambda w, u: {"assignee": str(u.public_id)}),
    ),
    "move": Operation(
        _same(Action.MOVE),
        html=(_case_action("move"), lambda w, u: {"move_area": w.acueducto.pk}),
        api=("move", lambda w, u: {"area": str(w.acueducto.public_id), "note": ""}),
    ),
    "start": Operation(
        _same(Action.START),
        html=(_case_action("start"), lambda w, u: {}),
        api=("start", lambda w, u: {}),
    ),
    "request_clarification": Operation(
        _same(Action.REQUEST_CLARIFICATION),
        html=(
            _case_action("request_clarification"),
            lambda w, u: {"clarification_message": "Adjunte la factura."},
        ),
        api=("request-clarification", lambda w, u: {"message": "Adjunte la factura."}),
    ),
    "receive_clarification": Operation(
        _same(Action.RECEIVE_CLARIFICATION),
        api=("receive-clarification", lambda w, u: {"message": "Adjunto la factura."}),
    ),
    "extend": Operation(
        _same(Action.EXTEND),
        html=(
            _case_action("extend"),
            lambda w, u: {"extend_days": "5", "extend_reason": "Visita técnica."},
        ),
        api=("extend", lambda w, u: {"days": 5, "reason": "Visita técnica."}),
    ),
    "transfer": Operation(
        _same(Action.TRANSFER),
        html=(
            _case_action("transfer"),
            lambda w, u: {"transfer_entity": "Superservicios", "transfer_reason": "Competencia."},
        ),
        api=("transfer", lambda w, u: {"entity": "Superservicios", "reason": "Competencia."}),
    ),
    "answer": Operation(
        _same(Action.ANSWER),
        html=(
            "answer",
            lambda w, u: {
                "intent": "send",
                "answer_text": "Reversamos el cobro.",
                "answer_channel": "email",
            },
        ),
        api=("answer", lambda w, u: {"text": "Reversamos el cobro.", "channel": "email"}),
    ),
    "close": Operation(
        _same(Action.CLOSE),
        html=(_case_action("close"), lambda w, u: {}),
        api=("close", lambda w, u: {}),
    ),
    "reopen": Operation(
        _same(Action.REOPEN),
        html=(_case_action("reopen"), lambda w, u: {"reopen_reason": "Quedó incompleta."}),
        api=("reopen", lambda w, u: {"reason": "Quedó incompleta."}),
    ),
    "withdraw": Operation(
        _same(Action.WITHDRAW),
        html=(_case_action("withdraw"), lambda w, u: {"withdraw_reason": "Desistió."}),
        api=("withdraw", lambda w, u: {"reason": "Desistió.", "tacit": False}),
    ),
    "internal_request": Operation(
        _same(Action.OPEN_INTERNAL_REQUEST),
        html=(
            _case_action("internal_request"),
            lambda w, u: {"ireq_area": w.acueducto.pk, "ireq_question": "¿Hubo corte?"},
        ),
    ),
    "note": Operation(
        _same(Action.ADD_NOTE),
        html=("case_note", lambda w, u: {"note_text": "Revisar la lectura del medidor."}),
    ),
}


def _states_for(name: str) -> list[str]:
    """Two states the action starts from (unassigned and held, where both exist), one not."""
    actions = {OPERATIONS[name].action(persona) for persona in PERSONAS}
    allowed = [s for s in STATES if any(s in policy.ALLOWED_FROM[a] for a in actions)]
    refused = [s for s in STATES if s not in allowed]
    chosen = allowed[:1] + [s for s in allowed[1:] if s != CaseStatus.FILED][:1]
    return chosen + refused[-1:]


MATRIX = [
    pytest.param(persona, name, state, side, id=f"{persona}-{name}-{state}-{side}")
    for name, operation in OPERATIONS.items()
    for state in _states_for(name)
    for side in ("html", "api")
    if getattr(operation, side) is not None
    for persona in PERSONAS
]


@dataclass(frozen=True)
class Snapshot:
    status: str
    assignee_id: int | None
    area_id: int
    events: int
    notes: int
    requests: int


def snapshot(case: Case) -> Snapshot:
    case = Case.objects.get(pk=case.pk)
    return Snapshot(
        status=case.status,
        assignee_id=case.assignee_id,
        area_id=case.area_id,
        events=case.events.count(),
        notes=InternalNote.objects.filter(case=case).count(),
        requests=InternalRequest.objects.filter(case=case).count(),
    )


def _html(world: World, user: User, case: Case, operation: Operation) -> int:
    assert operation.html is not None
    name, body = operation.html
    if name.startswith("case_action:"):
        url = reverse("workspace:case_action", args=[case.filing_number, name.split(":")[1]])
    else:
        url = reverse(f"workspace:{name}", args=[case.filing_number])
    client = Client()
    client.force_login(user)
    response = client.post(url, body(world, user))
    if response.status_code == 302:
        # Success lands on the case page; the answer page sends a refusal for the case's
        # state back there too, with the reason as a message.
        assert response["Location"] == reverse("workspace:case", args=[case.filing_number])
    return int(response.status_code)


def _api(world: World, user: User, case: Case, operation: Operation) -> int:
    assert operation.api is not None
    path, body = operation.api
    response = ApiClient(user).post(f"/cases/{case.filing_number}/{path}", body(world, user))
    if response.status_code != 200:
        assert set(response.json()) == {"error"}
    return int(response.status_code)


@pytest.mark.parametrize(("persona", "name", "state", "side"), MATRIX)
def test_the_pages_and_the_api_do_what_the_policy_decides(
    world: World, persona: str, name: str, state: str, side: str
) -> None:
    # given a case of Facturación in the state, and what the policy says of it
    case = case_in(world, state)
    assert case.status == state
    user: User = getattr(world, persona)
    operation = OPERATIONS[name]
    relation = relation_of(persona, case)
    decision = policy.decide(
        role=user.role, relation=relation, action=operation.action(persona), status=case.status
    )
    before = snapshot(case)

    # when the persona asks for it
    status = (_html if side == "html" else _api)(world, user, case, operation)

    # then the outcome is the policy's
    after = snapshot(case)
    if decision.allowed:
        assert status == (302 if side == "html" else 200)
        assert after != before
    else:
        assert after == before
        if relation == Relation.NONE:
            assert status == 404
        elif decision.code == "forbidden":
            assert status == 403
        elif side == "html" and name == "answer":
            assert status == 302
        else:
            assert status == 400


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", [CaseStatus.FILED, CaseStatus.ASSIGNED])
def test_the_relation_read_from_the_database_is_the_one_the_matrix_assumes(
    world: World, persona: str, state: str
) -> None:
    case = case_in(world, state)

    assert permissions.relation_to_case(getattr(world, persona), case) == relation_of(persona, case)


def test_ties_outside_the_area_or_of_a_deactivated_account_are_none(world: World) -> None:
    # given a case of Acueducto, and bruno's case of Facturación
    acueducto = file_case(world, area=world.acueducto)
    facturacion = case_in(world, CaseStatus.ASSIGNED)

    # then diego, who manages Servicio al Cliente, has no tie to Acueducto; carla has
    assert permissions.relation_to_case(world.diego, acueducto) == Relation.NONE
    assert permissions.relation_to_case(world.carla, acueducto) == Relation.AREA_MEMBER
    # and once bruno's account is deactivated, not even holding the case is a tie
    world.bruno.is_active = False
    world.bruno.save()
    assert permissions.relation_to_case(world.bruno, facturacion) == Relation.NONE


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", [CaseStatus.FILED, CaseStatus.ASSIGNED, CaseStatus.ANSWERED])
def test_the_case_page_offers_exactly_what_the_policy_allows(
    world: World, persona: str, state: str
) -> None:
    # given
    case = case_in(world, state)
    user: User = getattr(world, persona)
    client = Client()
    client.force_login(user)

    # when
    page = client.get(reverse("workspace:case", args=[case.filing_number]))

    # then
    if persona == "carla":
        assert page.status_code == 404
        return
    relation = relation_of(persona, case)

    def allowed(action: Action) -> bool:
        return policy.decide(
            role=user.role, relation=relation, action=action, status=case.status
        ).allowed

    offered = set(page.context["forms"])
    expected_forms = {
        word
        for word, actions in {
            "assign": (Action.TAKE, Action.ASSIGN),
            "start": (Action.START,),
            "request_clarification": (Action.REQUEST_CLARIFICATION,),
            "internal_request": (Action.OPEN_INTERNAL_REQUEST,),
            "close": (Action.CLOSE,),
            "move": (Action.MOVE,),
            "extend": (Action.EXTEND,),
            "transfer": (Action.TRANSFER,),
            "reopen": (Action.REOPEN,),
            "withdraw": (Action.WITHDRAW,),
        }.items()
        if any(allowed(action) for action in actions)
    }
    assert offered == expected_forms
    assert page.context["can_answer"] == allowed(Action.DRAFT_ANSWER)
    assert (page.context["note_form"] is not None) == allowed(Action.ADD_NOTE)
