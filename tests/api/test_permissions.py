"""Who may do what to a case in Facturación, through the API.

Visible but not allowed answers 403; invisible answers 404, so that the API never reveals
that a case exists to someone who may not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from promesa.accounts.models import User
from tests.api.conftest import ApiClient, case_in_state
from tests.conftest import World

PERSONAS = ("adriana", "lucia", "diego", "bruno", "carla", "oscar")

# action -> (starting state, body builder, status after when allowed)
TRANSITIONS: dict[str, tuple[str, Callable[[World], dict[str, Any]], str]] = {
    "assign": ("filed", lambda w: {"assignee": str(w.bruno.public_id)}, "assigned"),
    "move": (
        "filed",
        lambda w: {"area": str(w.acueducto.public_id), "note": "Es un daño de red."},
        "filed",
    ),
    "start": ("filed", lambda w: {}, "in_progress"),
    "request-clarification": (
        "filed",
        lambda w: {"message": "Adjunte la factura."},
        "awaiting_requester",
    ),
    "receive-clarification": (
        "awaiting_requester",
        lambda w: {"message": "Adjunto la factura."},
        "filed",
    ),
    "extend": ("filed", lambda w: {"days": 5, "reason": "Visita técnica pendiente."}, "filed"),
    "transfer": (
        "filed",
        lambda w: {"entity": "Superintendencia de Servicios Públicos", "reason": "Competencia."},
        "transferred",
    ),
    "answer": (
        "filed",
        lambda w: {"text": "Ya reversamos el cobro.", "channel": "email"},
        "answered",
    ),
    "close": ("answered", lambda w: {}, "closed"),
    "reopen": ("answered", lambda w: {"reason": "La respuesta quedó incompleta."}, "in_progress"),
    "withdraw": (
        "filed",
        lambda w: {"reason": "La usuaria desistió.", "tacit": False},
        "withdrawn",
    ),
}

SUPERVISOR_ONLY = {"extend", "transfer", "withdraw", "reopen"}


def expected_status(persona: str, action: str) -> int:
    if persona in {"adriana", "lucia", "diego"}:
        return 200
    if persona == "bruno":
        return 403 if action in SUPERVISOR_ONLY else 200
    if persona == "carla":
        return 404
    assert persona == "oscar"
    return 403


MATRIX = [
    pytest.param(persona, action, expected_status(persona, action), id=f"{persona}-{action}")
    for persona in PERSONAS
    for action in TRANSITIONS
]


@pytest.mark.parametrize(("persona", "action", "expected"), MATRIX)
def test_the_permission_matrix(world: World, persona: str, action: str, expected: int) -> None:
    # given a case of Facturación in the state the action starts from
    state, body, status_after = TRANSITIONS[action]
    case = case_in_state(world, state)
    user: User = getattr(world, persona)

    # when the persona asks for the transition
    response = ApiClient(user).post(f"/cases/{case.filing_number}/{action}", body(world))

    # then it is done, refused or the case is not even found
    assert response.status_code == expected, response.content
    case.refresh_from_db()
    if expected == 200:
        assert response.json()["status"] == status_after
        assert case.status == status_after
    else:
        assert set(response.json()) == {"error"}
        assert response.json()["error"]["code"] == {403: "forbidden", 404: "not_found"}[expected]
        assert case.status == state


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_but_carla_may_read_a_case_of_facturacion(world: World, persona: str) -> None:
    case = case_in_state(world, "filed")

    response = ApiClient(getattr(world, persona)).get(f"/cases/{case.filing_number}")

    assert response.status_code == (404 if persona == "carla" else 200)


def test_an_agent_may_only_assign_cases_to_themself(world: World) -> None:
    case = case_in_state(world, "filed")

    response = ApiClient(world.bruno).post(
        f"/cases/{case.filing_number}/assign", {"assignee": str(world.diego.public_id)}
    )

    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "forbidden",
        "message": "Los agentes solo pueden asignarse casos a sí mismos.",
    }


def test_an_action_from_the_wrong_state_is_a_bad_request(world: World) -> None:
    case = case_in_state(world, "filed")

    response = ApiClient(world.adriana).post(f"/cases/{case.filing_number}/close")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_transition"
