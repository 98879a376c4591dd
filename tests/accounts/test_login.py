from datetime import timedelta
from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from promesa.accounts.models import User
from promesa.core.models import RateLimitHit
from tests.conftest import PASSWORD, World

LOGIN = reverse("accounts:login")


def test_a_staff_member_signs_in_with_email_and_password(world: World, client: Client) -> None:
    response = client.post(LOGIN, {"username": "bruno@prueba.test", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:queue")
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("workspace:queue")


def test_the_email_is_matched_without_regard_to_case(world: World, client: Client) -> None:
    response = client.post(LOGIN, {"username": "Bruno@Prueba.TEST", "password": PASSWORD})

    assert response.status_code == 302


def test_a_wrong_password_is_refused_with_a_helpful_message(world: World, client: Client) -> None:
    response = client.post(LOGIN, {"username": "bruno@prueba.test", "password": "nope"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()


def test_passwords_are_stored_with_argon2(world: World, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    world.bruno.set_password(PASSWORD)
    world.bruno.save()

    assert User.objects.get(pk=world.bruno.pk).password.startswith("argon2$")


def test_after_five_failures_even_the_right_password_waits(world: World, client: Client) -> None:
    for _ in range(5):
        client.post(LOGIN, {"username": "bruno@prueba.test", "password": "wrong"})

    response = client.post(LOGIN, {"username": "bruno@prueba.test", "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    errors = response.context["form"].non_field_errors().as_data()
    assert errors[0].code == "rate_limited"


def test_failures_on_one_account_do_not_lock_another(world: World, client: Client) -> None:
    for _ in range(5):
        client.post(LOGIN, {"username": "bruno@prueba.test", "password": "wrong"})

    response = client.post(LOGIN, {"username": "carla@prueba.test", "password": PASSWORD})

    assert response.status_code == 302


def test_staff_pages_need_a_signed_in_user(db: None, client: Client) -> None:
    response = client.get(reverse("workspace:queue"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_visitor_on_the_home_page_is_shown_the_way_to_file_and_to_track(
    db: None, client: Client
) -> None:
    page = client.get(reverse("core:home")).content.decode()

    assert reverse("portal:file") in page
    assert reverse("portal:track") in page
    assert "Radicar una solicitud" in page
    assert LOGIN in page


@pytest.mark.parametrize("language", ["es-co", "en"])
def test_the_login_page_states_its_language(db: None, client: Client, language: str) -> None:
    response = client.get(LOGIN, headers={"accept-language": language})

    assert f'lang="{language[:2]}"' in response.content.decode()


def test_responses_carry_a_content_security_policy(db: None, client: Client) -> None:
    response = client.get(LOGIN)

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


ADMIN_LOGIN = "/admin/login/"


def fail(client: Client, email: str = "bruno@prueba.test", url: str = LOGIN) -> Any:
    return client.post(url, {"username": email, "password": "wrong"})


def test_the_admin_sign_in_counts_failures_like_the_main_one(world: World) -> None:
    world.adriana.is_staff = True
    world.adriana.save()
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        fail(attacker, "adriana@prueba.test", ADMIN_LOGIN)

    response = attacker.post(ADMIN_LOGIN, {"username": "adriana@prueba.test", "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in attacker.session
    assert response.context["form"].non_field_errors().as_data()[0].code == "rate_limited"


def test_failures_on_either_sign_in_page_share_one_count(world: World) -> None:
    world.adriana.is_staff = True
    world.adriana.save()
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for url in [LOGIN, ADMIN_LOGIN, LOGIN, ADMIN_LOGIN, LOGIN]:
        fail(attacker, "adriana@prueba.test", url)

    for url in (LOGIN, ADMIN_LOGIN):
        response = attacker.post(url, {"username": "adriana@prueba.test", "password": PASSWORD})
        assert response.context["form"].non_field_errors().as_data()[0].code == "rate_limited"


def test_the_admin_sign_in_still_admits_only_staff(world: World) -> None:
    response = Client().post(ADMIN_LOGIN, {"username": "bruno@prueba.test", "password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_owner_signs_in_from_another_address_during_an_attack(world: World) -> None:
    for n in range(40):
        fail(Client(REMOTE_ADDR=f"198.51.100.{n}"))

    owner = Client(REMOTE_ADDR="203.0.113.20")
    response = owner.post(LOGIN, {"username": "bruno@prueba.test", "password": PASSWORD})

    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(world.bruno.pk)


def test_an_address_that_keeps_failing_waits_longer_each_time(world: World) -> None:
    guesser = Client(REMOTE_ADDR="198.51.100.3")
    for _ in range(5):
        assert fail(guesser).context["form"].non_field_errors().as_data()[0].code == (
            "invalid_login"
        )
    assert fail(guesser).context["form"].non_field_errors().as_data()[0].code == "rate_limited"

    # 30 seconds after the fifth failure the address may try once more...
    RateLimitHit.objects.update(at=F("at") - timedelta(seconds=31))
    assert fail(guesser).context["form"].non_field_errors().as_data()[0].code == "invalid_login"
    # ...and after that sixth failure it waits a minute.
    RateLimitHit.objects.update(at=F("at") - timedelta(seconds=31))
    assert fail(guesser).context["form"].non_field_errors().as_data()[0].code == "rate_limited"
    RateLimitHit.objects.update(at=F("at") - timedelta(seconds=30))
    response = guesser.post(LOGIN, {"username": "bruno@prueba.test", "password": PASSWORD})
    assert response.status_code == 302


def test_an_address_trying_many_accounts_is_stopped(world: World) -> None:
    sprayer = Client(REMOTE_ADDR="198.51.100.4")
    for n in range(20):
        fail(sprayer, f"nadie{n}@prueba.test")

    response = sprayer.post(LOGIN, {"username": "carla@prueba.test", "password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors().as_data()[0].code == "rate_limited"
    assert (
        Client(REMOTE_ADDR="203.0.113.21")
        .post(LOGIN, {"username": "carla@prueba.test", "password": PASSWORD})
        .status_code
        == 302
    )


def test_when_many_addresses_fail_on_an_account_each_of_them_waits(world: World) -> None:
    for n in range(20):
        fail(Client(REMOTE_ADDR=f"198.51.100.{n}"))

    # Each attacking address has failed once only, yet it now waits before trying again.
    response = Client(REMOTE_ADDR="198.51.100.0").post(
        LOGIN, {"username": "bruno@prueba.test", "password": PASSWORD}
    )

    assert response.context["form"].non_field_errors().as_data()[0].code == "rate_limited"
