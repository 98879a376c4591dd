"""The manager's dashboard in a real browser: WCAG 2.1 AA with charts, tables and filters."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import assert_accessible
from tests.browser.helpers import assert_no_horizontal_scroll, sign_in, url
from tests.conftest import World
from tests.workspace.dashboard_data import seed_dashboard

pytestmark = pytest.mark.browser

DASHBOARD = "/trabajo/tablero/"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_dashboard_is_accessible_with_its_data_tables_open(
    page: Page, live_server: LiveServer, world: World, width: int
) -> None:
    seed_dashboard(world)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, world.diego)
    page.goto(url(live_server, DASHBOARD))
    expect(page.locator("h1")).to_have_text("Tablero de servicio")

    for summary in page.locator(".chart-data summary").all():
        summary.click()

    assert_accessible(page)
    assert_no_horizontal_scroll(page, width)


def test_a_refused_area_shows_the_error_accessibly(
    page: Page, live_server: LiveServer, world: World
) -> None:
    sign_in(page, live_server, world.carla)
    page.goto(url(live_server, f"{DASHBOARD}?area={world.facturacion.public_id}"))

    expect(page.locator("#id_area")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
