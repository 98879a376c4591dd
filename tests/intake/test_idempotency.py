"""Filing through the API with an ``Idempotency-Key``: a retry never opens a second case."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from promesa.accounts.services import api_token_create
from promesa.cases.models import Case
from promesa.intake.models import IdempotencyKey
from tests.api.conftest import ApiClient
from tests.conftest import World, make_world

URL = "/api/v1/cases"


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    # The assertions read the English source texts; translations are checked elsewhere.
    settings.LANGUAGE_CODE = "en"


def filing(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "reclamo",
        "request_type": "peticion_general",
        "requester": {"full_name": "Ana Pérez", "email": "ana@example.com"},
        "subject": "Cobro doble en la factura",
        "description": "Me cobraron dos veces el mismo mes.",
    }
    return body | overrides


def post(client: ApiClient, body: dict[str, Any], key: str | None) -> Any:
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.client.post(URL, body, content_type="application/json", headers=headers)


def test_a_retry_with_the_same_key_returns_the_first_case_with_its_status(world: World) -> None:
    client = ApiClient(world.bruno)
    first = post(client, filing(), "retry-1")

    again = post(client, filing(), "retry-1")

    assert (first.status_code, again.status_code) == (201, 201), again.content
    assert again.json()["case"]["filing_number"] == first.json()["case"]["filing_number"]
    assert again["Idempotent-Replayed"] == "true"
    # The tracking code is shown once; only its hash is stored.
    assert first.json()["tracking_code"]
    assert again.json()["tracking_code"] == ""
    assert Case.objects.count() == 1


def test_the_same_key_with_another_body_is_a_conflict(world: World) -> None:
    client = ApiClient(world.bruno)
    post(client, filing(), "retry-2")

    response = post(client, filing(subject="Otro asunto"), "retry-2")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_conflict"
    assert "different request body" in response.json()["error"]["message"]
    assert Case.objects.count() == 1


def test_keys_belong_to_one_user(world: World) -> None:
    post(ApiClient(world.bruno), filing(), "shared")

    response = post(ApiClient(world.lucia), filing(subject="Otro asunto"), "shared")

    assert response.status_code == 201, response.content
    assert Case.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\tkey", "clave-ñ"])
def test_an_invalid_key_is_a_bad_request_in_the_one_error_shape(world: World, key: str) -> None:
    response = post(ApiClient(world.bruno), filing(), key)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_idempotency_key"
    assert Case.objects.count() == 0


def test_without_the_header_filing_behaves_as_before(world: World) -> None:
    client = ApiClient(world.bruno)
    first = post(client, filing(), None)

    again = post(client, filing(), None)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True
    assert IdempotencyKey.objects.count() == 0


def test_a_refused_filing_does_not_use_up_the_key(world: World) -> None:
    client = ApiClient(world.bruno)
    refused = post(client, filing(request_type="chisme"), "retry-3")

    accepted = post(client, filing(), "retry-3")

    assert refused.status_code == 400
    assert accepted.status_code == 201, accepted.content


def test_a_key_expires_after_24_hours(world: World) -> None:
    client = ApiClient(world.bruno)
    post(client, filing(), "old")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))

    response = post(client, filing(subject="Otro asunto"), "old")

    assert response.status_code == 201, response.content
    assert Case.objects.count() == 2


def test_the_prune_command_deletes_expired_keys(world: World) -> None:
    client = ApiClient(world.bruno)
    post(client, filing(), "old")
    post(client, filing(subject="Otro asunto"), "new")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=25))

    call_command("prune_idempotency_keys", stdout=StringIO())

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


THREADS = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row-level waiting; concurrent writers fail with 'database is locked'",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_file_exactly_one_case() -> None:
    # given
    world = make_world()
    _, key = api_token_create(user=world.bruno, name="tests")
    barrier = threading.Barrier(THREADS)
    results: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            client = Client(headers={"Authorization": f"Bearer {key}"})
            barrier.wait(timeout=10)
            response = client.post(
                URL, filing(), content_type="application/json", headers={"Idempotency-Key": "k1"}
            )
            results.append((response.status_code, response.json()["case"]["filing_number"]))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then
    assert not errors, errors
    assert Case.objects.count() == 1
    assert {status for status, _ in results} == {201}
    assert len({number for _, number in results}) == 1
    assert len(results) == THREADS
