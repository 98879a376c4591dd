"""Staff registration of a verbal request and its constancia, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from promesa.cases.models import Case
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import sign_in, url
from tests.conftest import World

pytestmark = pytest.mark.browser

REGISTER = "/personal/radicar/"
CONSTANCIA_URL = re.compile(r"/personal/constancia/([0-9a-f-]{36})/$")


def test_the_registration_form_is_accessible_empty_and_with_errors(
    page: Page, live_server: LiveServer, world: World
) -> None:
    sign_in(page, live_server, world.bruno)
    page.goto(url(live_server, REGISTER))
    expect(page.locator("#id_subject")).to_be_visible()
    assert_accessible(page)

    page.locator("main form button[type=submit]").last.click()

    expect(page.locator("#id_subject")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_a_clerk_registers_a_phone_request_and_gets_an_accessible_constancia(
    page: Page, live_server: LiveServer, world: World
) -> None:
    sign_in(page, live_server, world.bruno)
    page.goto(url(live_server, REGISTER))

    page.locator("#id_channel").select_option("verbal_phone")
    page.locator("#id_full_name").fill("Jorge Pérez")
    page.locator("#id_phone").fill("6015550123")
    page.locator("#id_preferred_channel").select_option("phone")
    page.locator("#id_subject").fill("Fuga de agua frente al medidor")
    page.locator("#id_description").fill("Llama a informar una fuga en la calle 10 # 5-20.")
    page.locator("main form button[type=submit]").last.click()

    expect(page).to_have_url(CONSTANCIA_URL)
    match = CONSTANCIA_URL.search(page.url)
    assert match is not None
    case = Case.objects.get(public_id=match.group(1))
    assert case.requester.full_name == "Jorge Pérez"
    assert case.area == world.facturacion
    expect(page.locator("main")).to_contain_text(case.filing_number)
    assert_accessible(page)
