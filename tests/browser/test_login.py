"""The staff sign-in page, driven with the keyboard in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import assert_accessible
from tests.browser.helpers import assert_no_horizontal_scroll, focus_by_tab, url
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser

LOGIN = "/cuenta/ingresar/"


def test_the_sign_in_page_loads_its_styles_and_is_accessible(
    page: Page, live_server: LiveServer
) -> None:
    response = page.goto(url(live_server, LOGIN))

    assert response is not None
    assert response.ok
    expect(page).to_have_title(re.compile("Promesa"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # The stylesheet is served (WhiteNoise) and applied: the header gets its brand colour.
    header_colour = page.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_colour == "rgb(7, 63, 120)"
    assert_accessible(page)


def test_a_staff_member_signs_in_with_the_keyboard_only(
    page: Page, live_server: LiveServer, world: World
) -> None:
    page.goto(url(live_server, LOGIN))

    focus_by_tab(page, "#id_username")
    page.keyboard.type("bruno@prueba.test")
    focus_by_tab(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # Staff land on their work queue, which must be accessible too.
    page.wait_for_url(url(live_server, "/trabajo/"))
    expect(page.locator("h1")).to_contain_text("Cola de trabajo")
    expect(page.locator(".who")).to_contain_text("Bruno")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    assert_accessible(page)


def test_a_wrong_password_shows_an_accessible_error_summary(
    page: Page, live_server: LiveServer, world: World
) -> None:
    page.goto(url(live_server, LOGIN))

    page.get_by_label("Correo electrónico").fill("bruno@prueba.test")
    page.get_by_label("Contraseña").fill("no-es-la-clave")
    page.get_by_role("button", name="Ingresar").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Hay un problema")
    expect(page).to_have_url(re.compile(re.escape(LOGIN) + "$"))
    assert_accessible(page)


def test_the_sign_in_page_fits_a_320_pixel_screen(page: Page, live_server: LiveServer) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url(live_server, LOGIN))

    assert_no_horizontal_scroll(page, 320)
    expect(page.get_by_role("button", name="Ingresar")).to_be_visible()
