"""Positive silence in a real browser: the queue's marker and the case page's panel.

WCAG 2.1 AA (axe, 0 violations) at 1280 and 375 px, without sideways scrolling. With
PROMESA_SCREENSHOTS=1 the pages are also written to docs/screenshots/.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from promesa.cases.choices import CaseKind
from promesa.cases.models import Case
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import assert_no_horizontal_scroll, sign_in, url
from tests.conftest import World
from tests.workspace.helpers import new_case, today

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LEY_142: dict[str, Any] = {"regime": "co-ley142", "request_type": "pqr", "kind": CaseKind.RECLAMO}


def seed(world: World) -> Case:
    """An overdue Ley 142 claim, a claim still in term, and an overdue petition."""
    silent = new_case(
        world, world.facturacion, due=today(world) - timedelta(days=2), days_ago=30, **LEY_142
    )
    new_case(world, world.facturacion, **LEY_142)
    new_case(
        world,
        world.facturacion,
        due=today(world) - timedelta(days=4),
        days_ago=30,
        regime="co-ley1755",
        request_type="peticion_general",
    )
    return silent


def shot(page: Page, name: str, width: int) -> None:
    if os.environ.get("PROMESA_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"positive-silence-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_queue_marks_the_case_in_positive_silence_accessibly(
    page: Page, live_server: LiveServer, world: World, width: int
) -> None:
    silent = seed(world)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, world.bruno)

    page.goto(url(live_server, "/trabajo/?cola=mi-area"))

    row = page.locator("tr", has=page.locator(f"text={silent.filing_number}"))
    expect(row.locator(".risk-silence")).to_have_text("§ Silencio positivo")
    expect(page.locator(".risk-silence")).to_have_count(1)
    assert_accessible(page)
    assert_no_horizontal_scroll(page, width)
    shot(page, "queue", width)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_case_page_dates_the_positive_silence_accessibly(
    page: Page, live_server: LiveServer, world: World, width: int
) -> None:
    silent = seed(world)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, world.diego)

    page.goto(url(live_server, f"/trabajo/casos/{silent.filing_number}/"))

    panel = page.locator("#positive-silence")
    expect(panel).to_contain_text("Silencio administrativo positivo")
    expect(panel).to_contain_text("72 horas")
    expect(page.locator(".case-state .risk-silence")).to_be_visible()
    # the manager's actions: recognise the effects, or record why it does not apply
    page.locator("#action-exclude_silence summary").click()
    expect(page.locator("#action-exclude_silence")).to_contain_text("El usuario causó la demora")
    # and no extension on a Ley 142 claim: the reason instead
    expect(page.locator("#action-extend")).to_have_count(0)
    expect(page.locator("#action-extend-refused")).to_contain_text("no admite prórroga")
    assert_accessible(page)
    assert_no_horizontal_scroll(page, width)
    shot(page, "case", width)
