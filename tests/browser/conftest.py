"""Browser tests: a real Chromium drives the pages served by ``live_server``.

Playwright's sync API keeps an event loop in the main thread, so Django's "async context"
guard would refuse ORM calls made by the tests themselves. The guard is lifted
(DJANGO_ALLOW_ASYNC_UNSAFE) only while a browser module runs, and Playwright is stopped at
the end of each module: left on for the session, the variable would reach later tests
(``check --deploy`` reports it as async.E001) and so would the running event loop.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The screenshots for docs/ are taken on request only: they rewrite files under version control.
collect_ignore = [] if os.environ.get("PROMESA_SCREENSHOTS") else ["test_screenshots.py"]


def _missing() -> str:
    missing = [str(path) for path in (CHROMIUM, AXE) if not path.is_file()]
    if not missing:
        return ""
    return f"browser tests need {' and '.join(missing)}; `make install` installs them"


@pytest.fixture(scope="module", autouse=True)
def _chromium_and_axe_are_installed() -> None:
    """A missing part fails the browser tests: a skip would pass a run that checked nothing."""
    reason = _missing()
    if reason:
        pytest.fail(reason, pytrace=False)


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def playwright_instance(_allow_orm_beside_playwright: None) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, transactional_db: None) -> Iterator[Page]:
    context = browser.new_context(locale="es-CO")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _browser_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SPAM_MIN_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


_axe_source: str | None = None


def _axe() -> str:
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE.read_text(encoding="utf-8")
    return _axe_source


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page for WCAG 2.0/2.1 A and AA and return its violations."""
    # The pages' CSP forbids inline scripts, so <script> injection would be blocked;
    # evaluate() runs through the DevTools protocol, which the CSP does not govern.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe())
    violations: list[dict[str, Any]] = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})
            .then(result => result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), html: n.html, summary: n.failureSummary,
                })),
            })))""",
        WCAG_AA,
    )
    return violations


def format_violations(violations: list[dict[str, Any]], url: str) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            summary = " ".join(str(node["summary"] or "").split())
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail with every WCAG 2.1 AA violation axe-core finds on the current page."""
    violations = axe_violations(page)
    assert not violations, format_violations(violations, page.url)
