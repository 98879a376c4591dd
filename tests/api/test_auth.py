"""Bearer-token authentication: who gets in, and the single error shape when they don't."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from promesa.accounts.admin import ApiTokenAdmin
from promesa.accounts.models import ApiToken
from promesa.accounts.services import api_token_create, api_token_hash, api_token_revoke
from tests.conftest import World

URL = "/api/v1/cases"


def get_with(header: str | None) -> Any:
    headers = {"Authorization": header} if header is not None else {}
    return Client(headers=headers).get(URL)


def test_it_returns_the_key_once_and_stores_only_its_hash(world: World) -> None:
    token, key = api_token_create(user=world.bruno, name="CRM")

    assert key.startswith("pro_")
    assert token.key_prefix == key[:8]
    assert token.key_hash == api_token_hash(key)
    assert key not in {token.key_hash, token.key_prefix, token.name}


def test_it_accepts_a_valid_key(world: World) -> None:
    _, key = api_token_create(user=world.bruno, name="CRM")

    response = get_with(f"Bearer {key}")

    assert response.status_code == 200


def test_it_refuses_a_request_without_a_key(world: World) -> None:
    response = get_with(None)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_an_unknown_key(world: World) -> None:
    for header in ("Bearer pro_not-a-real-key", "Bearer ", "Basic Zm9vOmJhcg==", "pro_x"):
        response = get_with(header)
        assert response.status_code == 401, header
        assert set(response.json()) == {"error"}


def test_it_refuses_a_revoked_key(world: World) -> None:
    token, key = api_token_create(user=world.bruno, name="CRM")
    api_token_revoke(token=token)

    response = get_with(f"Bearer {key}")

    assert response.status_code == 401


def test_it_refuses_the_key_of_an_inactive_user(world: World) -> None:
    _, key = api_token_create(user=world.bruno, name="CRM")
    world.bruno.is_active = False
    world.bruno.save(update_fields=["is_active"])

    response = get_with(f"Bearer {key}")

    assert response.status_code == 401


def test_it_records_the_last_use_at_most_once_a_minute(world: World) -> None:
    token, key = api_token_create(user=world.bruno, name="CRM")

    get_with(f"Bearer {key}")
    token.refresh_from_db()
    first_use = token.last_used_at
    get_with(f"Bearer {key}")
    token.refresh_from_db()

    assert first_use is not None
    assert token.last_used_at == first_use

    # given the last use was two minutes ago
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    get_with(f"Bearer {key}")
    token.refresh_from_db()

    assert token.last_used_at is not None
    assert token.last_used_at > first_use - timedelta(minutes=1)
    assert token.last_used_at <= timezone.now()


def test_the_command_prints_a_working_key_once(world: World) -> None:
    out, err = io.StringIO(), io.StringIO()

    call_command("create_api_token", email="bruno@prueba.test", name="CRM", stdout=out, stderr=err)

    key = out.getvalue().strip()
    assert key.startswith("pro_")
    assert get_with(f"Bearer {key}").status_code == 200
    assert key not in err.getvalue()


def test_the_admin_never_lists_the_hash() -> None:
    assert "key_hash" not in ApiTokenAdmin.list_display
    assert "key_hash" not in ApiTokenAdmin.fields
    assert "key_prefix" in ApiTokenAdmin.list_display
