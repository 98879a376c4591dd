"""The answer pages pass axe-core: composing with a preview, approving, the printable letter."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from promesa.cases.choices import ResponseChannel
from promesa.cases.models import AnswerApprovalRule, AnswerTemplate
from promesa.cases.services import case_answer_submit
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import sign_in, url
from tests.conftest import World
from tests.workspace.helpers import new_case

pytestmark = pytest.mark.browser


def test_the_answer_pages_are_accessible(page: Page, live_server: LiveServer, world: World) -> None:
    AnswerTemplate.objects.create(
        organization=world.organization, name="General", body="Señor(a) {{ requester_name }}:"
    )
    AnswerApprovalRule.objects.create(organization=world.organization, area=world.facturacion)
    case = new_case(world, world.facturacion)
    compose = url(live_server, f"/trabajo/casos/{case.filing_number}/responder/")

    # bruno picks the template and previews
    sign_in(page, live_server, world.bruno)
    page.goto(compose)
    page.get_by_label("Empezar desde una plantilla").select_option(label="General")
    page.get_by_role("button", name="Usar esta plantilla").click()
    assert "Ana María Ruiz" in page.get_by_label("Texto de la respuesta").input_value()
    page.get_by_role("button", name="Ver la vista previa").click()
    assert page.locator("#preview-subject").inner_text()
    assert_accessible(page)

    # an error is announced and linked
    page.get_by_label("Texto de la respuesta").fill("")
    page.get_by_role("button", name="Enviar a aprobación").click()
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)

    # diego reviews the submitted answer, to go out as a letter
    case.requester.address = "Calle 10 # 43-12, Medellín"
    case.requester.save()
    case_answer_submit(
        case=case, by=world.bruno, text="Reliquidamos.", channel=ResponseChannel.POSTAL
    )
    page.context.clear_cookies()
    sign_in(page, live_server, world.diego)
    page.goto(compose)
    assert page.get_by_role("button", name="Aprobar y enviar la respuesta").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Abrir la carta para imprimir").click()
    assert_accessible(page)
