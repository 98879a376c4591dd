"""The accessibility check itself: it must really run axe-core and really fail."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import assert_accessible, axe_violations
from tests.browser.helpers import url

pytestmark = pytest.mark.browser


def test_axe_runs_under_the_content_security_policy_and_catches_a_violation(
    page: Page, live_server: LiveServer
) -> None:
    response = page.goto(url(live_server, "/cuenta/ingresar/"))
    assert response is not None
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")

    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = 'data:,';"
        " document.querySelector('main').append(img); }"
    )

    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
