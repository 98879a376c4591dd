"""axe-core finds no WCAG 2.1 AA violation on any public page, in any of its states."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import assert_accessible
from tests.browser.helpers import assert_no_horizontal_scroll, url
from tests.browser.portal import EMBED, FILE, TRACK, file_anonymously, read_receipt, submit
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_the_empty_filing_form(page: Page, live_server: LiveServer, world: World) -> None:
    page.goto(url(live_server, FILE))

    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)


def test_the_filing_form_with_errors(page: Page, live_server: LiveServer, world: World) -> None:
    page.goto(url(live_server, FILE))
    page.locator("label[for=id_identity_0]").click()
    page.locator("#id_email").fill("no-es-un-correo")

    submit(page)

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    # Each message in the summary links to its field, and the field says it is invalid.
    expect(summary.locator("a[href='#id_subject']")).to_be_visible()
    expect(page.locator("#id_subject")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    summary.locator("a[href='#id_subject']").click()
    expect(page.locator("#id_subject")).to_be_focused()
    assert_accessible(page)


def test_the_confirmation(page: Page, live_server: LiveServer, world: World) -> None:
    file_anonymously(page, live_server, subject="Confirmación accesible")
    read_receipt(page)

    assert_accessible(page)


def test_the_empty_tracking_lookup(page: Page, live_server: LiveServer, world: World) -> None:
    page.goto(url(live_server, TRACK))

    assert_accessible(page)


def test_the_tracking_lookup_with_errors(page: Page, live_server: LiveServer, world: World) -> None:
    page.goto(url(live_server, TRACK))
    page.locator("main form button[type=submit]").click()

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_filing_number")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_the_embedded_form_and_its_confirmation(
    page: Page, live_server: LiveServer, world: World
) -> None:
    page.goto(url(live_server, EMBED))
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)

    submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", [FILE, TRACK, EMBED])
def test_public_pages_fit_a_320_pixel_screen(
    page: Page, live_server: LiveServer, world: World, path: str
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url(live_server, path))

    assert_no_horizontal_scroll(page, 320)
