"""The public portal in a real browser: file, follow and complete a request."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from promesa.cases.choices import CaseStatus, EventKind
from promesa.cases.models import Attachment, Case
from promesa.cases.services import case_request_clarification
from promesa.organization.choices import TouchpointKind
from promesa.organization.models import Touchpoint
from tests.browser.conftest import assert_accessible
from tests.browser.portal import (
    CASE_URL,
    file_anonymously,
    file_identified,
    in_words,
    main_text,
    read_receipt,
    track,
)
from tests.conftest import World

pytestmark = pytest.mark.browser

TOUCHPOINT = "Factura del servicio"


@pytest.fixture
def invoice_touchpoint(world: World) -> Touchpoint:
    """A touchpoint owned by Facturación, so a filing about it lands where bruno works."""
    return Touchpoint.objects.create(
        organization=world.organization,
        name=TOUCHPOINT,
        kind=TouchpointKind.INVOICE,
        owner_area=world.facturacion,
    )


def test_a_citizen_files_anonymously_with_keyboard_and_mouse(
    page: Page, live_server: LiveServer, world: World
) -> None:
    file_anonymously(page, live_server, subject="Mala atención en la oficina del centro")

    receipt = read_receipt(page)
    case = receipt.case
    assert case.requester.is_anonymous
    assert case.subject == "Mala atención en la oficina del centro"
    text = main_text(page)
    assert case.filing_number in text
    expect(page.locator(".tracking-code")).to_have_text(receipt.tracking_code)
    assert f"a más tardar el {in_words(case.due_date)}" in text, text
    assert_accessible(page)


def test_a_citizen_files_with_name_consent_and_a_pdf(
    page: Page, live_server: LiveServer, world: World
) -> None:
    file_identified(page, live_server, subject="Cobro doble en la factura de noviembre")

    case = read_receipt(page).case
    requester = case.requester
    assert not requester.is_anonymous
    assert requester.full_name == "Ana María Ruiz"
    assert requester.email == "ana@correo.test"
    assert requester.consent_at is not None
    attachment = Attachment.objects.get(case=case)
    assert attachment.original_name == "factura.pdf"
    assert attachment.content_type == "application/pdf"
    assert "ana@correo.test" in main_text(page)


def test_a_citizen_follows_the_case_with_number_and_code(
    browser: Browser, page: Page, live_server: LiveServer, world: World
) -> None:
    file_anonymously(page, live_server, subject="Quiero saber el estado de mi solicitud")
    receipt = read_receipt(page)

    # Another day, another browser: nothing in the session, only the number and the code.
    other = browser.new_context(locale="es-CO")
    try:
        fresh = other.new_page()
        track(fresh, live_server, number=receipt.case.filing_number, code=receipt.tracking_code)
        expect(fresh).to_have_url(CASE_URL)
        expect(fresh.locator("h1")).to_have_text("Quiero saber el estado de mi solicitud")
        assert receipt.case.filing_number in main_text(fresh)
        assert in_words(receipt.case.due_date) in main_text(fresh)
        assert_accessible(fresh)
    finally:
        other.close()


def test_a_wrong_tracking_code_is_refused_accessibly(
    page: Page, live_server: LiveServer, world: World
) -> None:
    file_anonymously(page, live_server, subject="Consulta con código equivocado")
    receipt = read_receipt(page)

    track(page, live_server, number=receipt.case.filing_number, code="AAAA-BBBB-CCCC")

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page).not_to_have_url(CASE_URL)
    assert_accessible(page)


def test_the_citizen_answers_a_clarification_request_on_the_case_page(
    page: Page, live_server: LiveServer, world: World, invoice_touchpoint: Touchpoint
) -> None:
    file_identified(page, live_server, subject="Lectura del medidor", touchpoint=TOUCHPOINT)
    case = read_receipt(page).case
    assert case.area == world.facturacion
    case_request_clarification(
        case=case, by=world.bruno, message="Envíenos una foto de la lectura del medidor."
    )

    page.locator(f"main a[href$='/pqrs/caso/{case.public_id}/']").click()
    expect(page).to_have_url(CASE_URL)
    text = main_text(page)
    assert "Envíenos una foto de la lectura del medidor." in text
    message = page.locator("#id_message")
    expect(message).to_be_visible()
    assert_accessible(page)

    # Sending it empty shows the error, accessibly.
    page.locator("section.reply button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    page.locator("#id_message").fill("La lectura de hoy es 01234 m³; adjunto la foto.")
    page.locator("section.reply button[type=submit]").click()

    expect(page).to_have_url(CASE_URL)
    expect(page.locator("#id_message")).to_have_count(0)
    expect(page.get_by_role("status")).to_be_visible()
    case = Case.objects.get(pk=case.pk)
    assert case.status != CaseStatus.AWAITING_REQUESTER
    assert case.events.filter(kind=EventKind.CLARIFICATION_RECEIVED).exists()
    assert "01234" in main_text(page)
    assert_accessible(page)
