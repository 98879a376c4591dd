"""A repeated filing by staff or through the API shows the earlier case only to who may see it.

Regression for issue 11 (a duplicate must never reveal or give access to the earlier case).
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from promesa.accounts.services import api_token_create
from promesa.cases.models import Case
from tests.api.conftest import ApiClient
from tests.conftest import World
from tests.intake.test_staff_registration import REGISTER, client_for, request_data


def test_staff_filing_again_a_case_of_another_area_is_told_without_seeing_it(
    world: World, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "en"
    bruno = client_for(world.bruno)
    bruno.post(REGISTER, request_data(world))
    first = Case.objects.get()
    carla = client_for(world.carla)

    response = carla.post(REGISTER, request_data(world, area=world.acueducto.pk), follow=True)

    assert Case.objects.count() == 1
    assert response.redirect_chain[-1][0] == REGISTER
    page = response.content.decode()
    assert "had already been received" in page
    assert first.filing_number not in page
    assert first.requester.full_name not in page


def test_staff_who_see_the_earlier_case_are_taken_to_it(world: World, settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    bruno = client_for(world.bruno)
    bruno.post(REGISTER, request_data(world))
    first = Case.objects.get()

    response = bruno.post(REGISTER, request_data(world))

    assert response["Location"] == f"/personal/constancia/{first.public_id}/"


def body(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "reclamo",
        "request_type": "peticion_general",
        "requester": {"full_name": "Ana Pérez", "email": "ana@example.com"},
        "subject": "Cobro doble en la factura",
        "description": "Me cobraron dos veces el consumo de marzo.",
        **overrides,
    }


def test_an_api_repeat_of_a_case_the_caller_cannot_see_reveals_nothing(world: World) -> None:
    first = ApiClient(world.bruno).post("/cases", body())
    number = first.json()["case"]["filing_number"]

    again = ApiClient(world.carla).post("/cases", body(area=str(world.acueducto.public_id)))

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_filed"
    assert number not in again.content.decode()
    assert Case.objects.count() == 1


def test_an_api_repeat_with_an_idempotency_key_reveals_nothing_either(world: World) -> None:
    ApiClient(world.bruno).post("/cases", body())
    carla = ApiClient(world.carla)

    again = carla.client.post(
        "/api/v1/cases",
        body(),
        content_type="application/json",
        headers={"Idempotency-Key": "k-1"},
    )

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_filed"


def test_an_api_key_may_not_choose_the_regime_or_channel_unless_allowed(world: World) -> None:
    client = ApiClient(world.bruno)

    regime = client.post("/cases", body(regime="co-ley142"))
    channel = client.post("/cases", body(channel="verbal_in_person"))

    assert (regime.status_code, channel.status_code) == (403, 403)
    assert regime.json()["error"]["code"] == "forbidden"
    assert Case.objects.count() == 0


def test_an_administrator_can_allow_a_key_to_choose_regime_and_channel(world: World) -> None:
    token, key = api_token_create(user=world.bruno, name="centro de llamadas")
    token.may_choose_regime_and_channel = True
    token.save()
    client = Client(headers={"Authorization": f"Bearer {key}"})

    response = client.post(
        "/api/v1/cases",
        body(regime="co-ley1755", channel="verbal_phone"),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert Case.objects.get().channel == "verbal_phone"
