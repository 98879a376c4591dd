"""Full-page screenshots of the public pages for docs/screenshots (not a check).

Collected only with PROMESA_SCREENSHOTS=1 (see conftest.py), because it rewrites the images:
    PROMESA_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_screenshots.py -p no:cacheprovider
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import sign_in, url
from tests.browser.portal import FILE, file_anonymously, read_receipt
from tests.conftest import World
from tests.workspace.dashboard_data import seed_dashboard

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots(page: Page, live_server: LiveServer, world: World, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})

    def shot(name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"browser-{name}-{width}.png", full_page=True)

    page.goto(url(live_server, FILE))
    shot("filing-form")
    file_anonymously(page, live_server, subject="Cobro doble en la factura de noviembre")
    receipt = read_receipt(page)
    shot("confirmation")
    page.goto(url(live_server, f"/pqrs/caso/{receipt.case.public_id}/"))
    shot("case")
    page.goto(url(live_server, "/pqrs/consultar/"))
    shot("tracking")


def test_dashboard_screenshot(page: Page, live_server: LiveServer, world: World) -> None:
    seed_dashboard(world)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, world.diego)
    page.goto(url(live_server, "/trabajo/tablero/"))
    page.screenshot(path=SCREENSHOTS / "dashboard.png", full_page=True)
