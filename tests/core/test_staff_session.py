"""Pages shown to staff are not cached, and an idle staff session ends."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django.urls import reverse

from promesa.core.middleware import LAST_ACTIVITY
from tests.conftest import World


def signed_in(world: World) -> Client:
    client = Client()
    client.force_login(world.bruno)
    return client


def test_staff_pages_are_never_stored_by_browsers_or_proxies(world: World) -> None:
    client = signed_in(world)

    for url in (reverse("workspace:queue"), reverse("intake:register")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_the_admin_pages_are_never_stored_either(world: World) -> None:
    world.adriana.is_staff = True
    world.adriana.is_superuser = True
    world.adriana.save()
    client = Client()
    client.force_login(world.adriana)

    assert "no-store" in client.get("/admin/cases/case/")["Cache-Control"]


def test_an_idle_staff_session_ends_and_asks_to_sign_in_again(world: World, settings: Any) -> None:
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    client = signed_in(world)
    assert client.get(reverse("workspace:queue")).status_code == 200
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - 601
    session.save()

    response = client.get(reverse("workspace:queue"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_a_staff_member_at_work_stays_signed_in(world: World, settings: Any) -> None:
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    client = signed_in(world)
    client.get(reverse("workspace:queue"))
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - 500
    session.save()

    assert client.get(reverse("workspace:queue")).status_code == 200
    # The visit counts as activity: the clock starts again.
    assert client.session[LAST_ACTIVITY] >= int(time.time()) - 5
