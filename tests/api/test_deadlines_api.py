"""The deadline engine over HTTP: the same answer as ``compute_deadline(...).as_dict()``."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from promesa.cases.deadlines import Calendar, compute_deadline
from tests.api.conftest import ApiClient
from tests.conftest import World

CO1 = {"regime": "co-ley1755", "type": "peticion_general", "received": "2026-12-18T16:00"}


def test_it_answers_vector_co1(world: World) -> None:
    response = ApiClient(world.bruno).get("/deadlines/preview", CO1)

    assert response.status_code == 200, response.content
    expected = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=datetime(2026, 12, 18, 16, 0, tzinfo=ZoneInfo("America/Bogota")),
        calendar=Calendar(country="CO"),
    ).as_dict()
    assert response.json() == expected
    assert response.json()["due_date"] == "2027-01-13"


def test_it_counts_repeated_pauses_and_an_extension(world: World) -> None:
    client = ApiClient(world.bruno)

    response = client.client.get(
        "/api/v1/deadlines/preview",
        {**CO1, "pause": ["2026-12-21:2026-12-22", "2027-01-04:2027-01-05"], "extend": "2"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["paused_days"] == 4
    assert response.json()["extension_days"] == 2
    assert response.json()["due_date"] > "2027-01-13"


def test_an_unknown_regime_is_a_bad_request(world: World) -> None:
    response = ApiClient(world.bruno).get("/deadlines/preview", {**CO1, "regime": "co-nada"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "deadline"
    assert "co-nada" in response.json()["error"]["message"]


def test_malformed_dates_and_pauses_are_bad_requests(world: World) -> None:
    client = ApiClient(world.bruno)

    for params in (
        {**CO1, "received": "ayer"},
        {**CO1, "received": "9999-12-31T10:00"},
        {**CO1, "pause": "2026-12-21"},
        {**CO1, "pause": "2026-12-22:2026-12-21"},
        {**CO1, "pause": "2026-12-21:2028-12-21"},
        {**CO1, "country": "ZZ"},
        {**CO1, "extend": "16"},
    ):
        response = client.get("/deadlines/preview", params)
        assert response.status_code == 400, (params, response.content)
        assert set(response.json()["error"]) == {"code", "message"}


def test_it_lists_regimes_and_their_types(world: World) -> None:
    response = ApiClient(world.oscar).get("/deadlines/regimes")

    assert response.status_code == 200
    regimes = {regime["regime"]: regime for regime in response.json()}
    assert "peticion_general" in {rule["type"] for rule in regimes["co-ley1755"]["types"]}


def test_the_docs_and_the_schema_are_served(world: World) -> None:
    client = ApiClient(world.oscar).client

    assert client.get("/api/v1/docs").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Promesa API"
    assert "/api/v1/cases/{filing_number}/withdraw" in schema["paths"]


def test_the_docs_page_loads_nothing_from_a_cdn(world: World) -> None:
    page = ApiClient(world.oscar).client.get("/api/v1/docs").content.decode()

    assert "cdn." not in page
