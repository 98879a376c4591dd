"""Text made only of spaces or invisible characters is refused where text is required.

Regression for issue 11: a zero-width space passed as a subject, an answer or a name.
"""

from __future__ import annotations

import pytest
from django.test import Client

from promesa.accounts.choices import Role
from promesa.accounts.services import user_create
from promesa.cases.models import Case
from promesa.core.errors import ApplicationError
from promesa.core.text import is_blank, visible_strip
from promesa.organization.choices import TouchpointKind
from promesa.organization.services import area_create, touchpoint_create
from tests.api.conftest import ApiClient, file_case
from tests.conftest import World
from tests.portal.test_portal import file_request, text_of

BLANKS = ["", "   ", "\n\t ", "\u00a0", "\u200b", "\ufeff", " \u2060\u200b "]


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_text_is_blank(blank: str) -> None:
    assert is_blank(blank)


def test_visible_text_keeps_its_inner_spaces() -> None:
    assert visible_strip("\u200b Cobro  doble \ufeff") == "Cobro  doble"
    assert not is_blank("·")


@pytest.mark.parametrize("blank", BLANKS)
def test_the_api_refuses_a_blank_subject_in_spanish(world: World, blank: str) -> None:
    response = ApiClient(world.bruno).post(
        "/cases",
        {
            "kind": "reclamo",
            "request_type": "peticion_general",
            "requester": {"full_name": "Ana Pérez", "email": "ana@example.com"},
            "subject": blank,
            "description": "Me cobraron dos veces.",
        },
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Escriba un asunto y una descripción."
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("answer", {"text": "\u200b", "channel": "email"}),
        ("request-clarification", {"message": "\ufeff "}),
        ("transfer", {"entity": "\u200b", "reason": "\u200b"}),
        ("reopen", {"reason": "\u2060"}),
    ],
)
def test_the_api_refuses_blank_text_on_case_actions(
    world: World, action: str, body: dict[str, str]
) -> None:
    case = file_case(world)
    before = case.events.count()

    response = ApiClient(world.adriana).post(f"/cases/{case.filing_number}/{action}", body)

    assert response.status_code in (400, 422), response.content
    assert case.events.count() == before


def test_the_portal_refuses_a_subject_of_invisible_characters(world: World) -> None:
    response = file_request(Client(), subject="\u200b\u200b")

    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert "Escriba el asunto de su solicitud." in text_of(response)


def test_a_staff_account_area_or_touchpoint_needs_a_visible_name(world: World) -> None:
    with pytest.raises(ApplicationError) as error:
        user_create(
            email="nueva@prueba.test",
            full_name=" \u200b",
            role=Role.AGENT,
            organization=world.organization,
        )
    assert str(error.value) == "Escriba el nombre completo de la persona."
    with pytest.raises(ApplicationError):
        area_create(organization=world.organization, name="\ufeff")
    with pytest.raises(ApplicationError):
        touchpoint_create(
            organization=world.organization,
            name="  ",
            kind=next(iter(TouchpointKind)),
            owner_area=world.facturacion,
        )
