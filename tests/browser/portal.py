"""Steps a requester takes on the public portal, shared by the portal browser tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import translation
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from promesa.cases.models import Case
from promesa.core.templatetags.promesa import long_date
from tests.browser.helpers import focus_by_tab, small_pdf, url

FILE = "/pqrs/radicar/"
TRACK = "/pqrs/consultar/"
EMBED = "/pqrs/embebido/radicar/"
FILED_URL = re.compile(r"/pqrs/radicada/([0-9a-f-]{36})/$")
CASE_URL = re.compile(r"/pqrs/caso/([0-9a-f-]{36})/$")
TRACKING_CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


@dataclass(frozen=True)
class Receipt:
    case: Case
    tracking_code: str


def submit(page: Page) -> None:
    page.locator("form.filing-form button[type=submit], main form button[type=submit]").last.click()


def in_words(day: date) -> str:
    """A date as the Spanish pages write it: "miércoles 13 de enero de 2027"."""
    with translation.override("es-co"):
        return long_date(day)


def main_text(page: Page) -> str:
    """The visible text of the main landmark with its white space collapsed."""
    return " ".join(page.locator("main").inner_text().split())


def file_anonymously(page: Page, live_server: LiveServer, *, subject: str) -> None:
    """Fill the filing form as an anonymous requester, with the keyboard and the mouse."""
    page.goto(url(live_server, FILE))
    page.locator("label[for=id_kind_1]").click()  # mouse: a complaint about service
    expect(page.locator("#id_kind_1")).to_be_checked()
    # Keyboard: Tab into the "give your name?" group, arrow down to "anonymously".
    focus_by_tab(page, "input[name=identity]:checked")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_identity_1")).to_be_checked()
    focus_by_tab(page, "#id_subject")
    page.keyboard.type(subject)
    focus_by_tab(page, "#id_description")
    page.keyboard.type("El funcionario de la oficina del centro no me quiso recibir la factura.")
    focus_by_tab(page, "form.filing-form button[type=submit]")
    page.keyboard.press("Enter")


def file_identified(
    page: Page, live_server: LiveServer, *, subject: str, touchpoint: str | None = None
) -> None:
    """Fill the filing form with name, consent and a PDF attachment (mouse and typing)."""
    page.goto(url(live_server, FILE))
    page.locator("label[for=id_kind_2]").click()  # a claim
    page.locator("label[for=id_identity_0]").click()
    page.locator("#id_full_name").fill("Ana María Ruiz")
    page.locator("#id_id_type").select_option("CC")
    page.locator("#id_id_number").fill("52123456")
    page.locator("#id_email").fill("ana@correo.test")
    page.locator("#id_phone").fill("3001234567")
    page.locator("label[for=id_consent]").click()
    expect(page.locator("#id_consent")).to_be_checked()
    page.locator("#id_subject").fill(subject)
    page.locator("#id_description").fill(
        "La factura de noviembre trae dos veces el cargo fijo. Pido que lo corrijan."
    )
    if touchpoint is not None:
        page.locator("#id_touchpoint").select_option(label=touchpoint)
    pdf: FilePayload = {"name": "factura.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}
    page.locator("#id_attachments").set_input_files(files=[pdf])
    submit(page)


def read_receipt(page: Page) -> Receipt:
    """On the confirmation page: the case it is about and the tracking code it shows."""
    expect(page).to_have_url(FILED_URL)
    match = FILED_URL.search(page.url)
    assert match is not None
    case = Case.objects.get(public_id=match.group(1))
    code = TRACKING_CODE.search(page.locator("main").inner_text())
    assert code is not None, "the confirmation shows no tracking code"
    return Receipt(case=case, tracking_code=code.group(0))


def track(page: Page, live_server: LiveServer, *, number: str, code: str) -> None:
    page.goto(url(live_server, TRACK))
    page.locator("#id_filing_number").fill(number)
    page.locator("#id_tracking_code").fill(code)
    page.locator("main form button[type=submit]").click()
