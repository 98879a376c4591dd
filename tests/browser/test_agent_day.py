"""A day of bruno (agent, Facturación) in a real browser, and an overdue case escalating.

bruno opens his queue, takes an unassigned case, asks Acueducto for information, answers
with a template once carla has replied, and diego (manager) approves the answer, which
goes out by e-mail; the case is then closed. Separately, the deadline sweep escalates an
overdue case to the manager above the nearest one, who finds it in the "Vencidos" queue.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from promesa.cases.alerts import run_sweep
from promesa.cases.choices import CaseStatus, EventKind, InternalRequestStatus
from promesa.cases.events import Answered
from promesa.cases.models import AnswerApprovalRule, AnswerTemplate, Case
from promesa.cases.tasks import send_case_message
from promesa.notifications.outbox import outbox_deliver
from promesa.organization.models import Area
from tests.browser.helpers import sign_in, url
from tests.conftest import World
from tests.workspace.helpers import assigned, new_case, today

pytestmark = pytest.mark.browser


def _switch_to(page: Page, live_server: LiveServer, user: object) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, user)


def test_bruno_takes_asks_answers_and_diego_approves(
    page: Page, live_server: LiveServer, world: World
) -> None:
    AnswerTemplate.objects.create(
        organization=world.organization,
        name="Reliquidación",
        body=(
            "Señor(a) {{ requester_name }}:\n\nSobre su radicado {{ filing_number }}, "
            "reliquidamos la factura."
        ),
    )
    AnswerApprovalRule.objects.create(organization=world.organization, area=world.facturacion)
    case = new_case(world, world.facturacion)

    # bruno opens his queue and finds the case among the unassigned ones
    sign_in(page, live_server, world.bruno)
    page.goto(url(live_server, "/"))
    expect(page).to_have_url(url(live_server, "/trabajo/"))
    page.get_by_role("link", name="Sin asignar").click()
    page.get_by_role("link", name=case.filing_number).click()

    # he takes it
    page.get_by_role("button", name="Tomar el caso").click()
    case.refresh_from_db()
    assert case.assignee == world.bruno

    # he asks Acueducto for the meter readings
    page.locator("summary", has_text="Pedir información a otra área").click()
    page.get_by_label("Área a la que le pide información").select_option(
        label=page.locator("#id_ireq_area option", has_text="Acueducto").inner_text()
    )
    page.get_by_label("Qué necesita de esa área").fill("¿Cuál fue la lectura del medidor?")
    page.get_by_role("button", name="Enviar solicitud").click()
    requests_table = page.locator(
        "section", has=page.get_by_role("heading", name="Solicitudes internas")
    )
    expect(requests_table.first).to_contain_text("Acueducto")
    [internal] = case.internal_requests.all()

    # carla answers it from Acueducto's inbox, without seeing the case itself
    _switch_to(page, live_server, world.carla)
    page.goto(url(live_server, "/trabajo/solicitudes/"))
    page.get_by_role("link", name=case.filing_number).first.click()
    page.get_by_label("Respuesta de su área").fill("La lectura real fue 1.234 m³.")
    page.get_by_role("button", name="Responder solicitud").click()
    internal.refresh_from_db()
    assert internal.status == InternalRequestStatus.ANSWERED

    # bruno writes the answer from the template and sends it for approval
    _switch_to(page, live_server, world.bruno)
    page.goto(url(live_server, f"/trabajo/casos/{case.filing_number}/"))
    expect(page.get_by_text("La lectura real fue 1.234 m³.").first).to_be_visible()
    page.get_by_role("link", name="Escribir la respuesta").click()
    page.get_by_label("Empezar desde una plantilla").select_option(label="Reliquidación")
    page.get_by_role("button", name="Usar esta plantilla").click()
    text = page.get_by_label("Texto de la respuesta")
    assert case.filing_number in text.input_value()
    assert "Ana María Ruiz" in text.input_value()
    text.fill(text.input_value() + " La lectura real fue 1.234 m³.")
    page.get_by_role("button", name="Ver la vista previa").click()
    expect(page.locator("#preview-subject")).to_contain_text(case.filing_number)
    page.get_by_role("button", name="Enviar a aprobación").click()
    expect(page.get_by_text("Respuesta esperando aprobación").first).to_be_visible()
    case.refresh_from_db()
    assert case.status != CaseStatus.ANSWERED  # nothing went out yet

    # diego finds it in "Por aprobar" and approves it
    _switch_to(page, live_server, world.diego)
    page.goto(url(live_server, "/trabajo/?cola=por-aprobar"))
    page.get_by_role("link", name=case.filing_number).click()
    page.get_by_role("link", name="Escribir la respuesta").or_(
        page.get_by_role("link", name="Revisar la respuesta")
    ).first.click()
    page.get_by_role("button", name="Aprobar y enviar la respuesta").click()
    case.refresh_from_db()
    assert case.status == CaseStatus.ANSWERED
    answered = case.events.get(kind=EventKind.ANSWERED)
    assert "1.234 m³" in answered.payload_as(Answered).text

    # the worker sends it to the requester by e-mail
    mail.outbox.clear()
    send_case_message.call(case_id=case.pk, message="answer")
    outbox_deliver()
    [message] = mail.outbox
    assert message.to == ["ana@correo.test"]
    assert case.filing_number in message.subject
    assert "1.234 m³" in message.body

    # and bruno closes the case
    _switch_to(page, live_server, world.bruno)
    page.goto(url(live_server, f"/trabajo/casos/{case.filing_number}/"))
    page.get_by_role("button", name="Cerrar el caso").click()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    expect(page.locator("main")).to_contain_text("Cerrado")


def test_an_overdue_case_escalates_to_the_manager_above(
    page: Page, live_server: LiveServer, world: World
) -> None:
    # Facturación has no manager: diego (Servicio al Cliente) is the nearest, adriana
    # (Gerencia, one level above) is the one an overdue case escalates to.
    Area.objects.filter(pk=world.gerencia.pk).update(manager=world.adriana)
    overdue = assigned(
        new_case(world, world.facturacion, due=today(world) - timedelta(days=3), days_ago=30),
        world.bruno,
        world.bruno,
    )
    mail.outbox.clear()

    run_sweep(now=timezone.now())

    to_adriana = [m for m in mail.outbox if m.to == [world.adriana.email]]
    assert len(to_adriana) == 1
    assert overdue.filing_number in to_adriana[0].body
    assert any(m.to == [world.bruno.email] for m in mail.outbox)

    # adriana finds it in the overdue queue, with the risk in words, and opens it
    sign_in(page, live_server, world.adriana)
    page.goto(url(live_server, "/trabajo/?cola=vencidos"))
    row = page.locator("tr", has=page.get_by_role("link", name=overdue.filing_number))
    expect(row).to_contain_text("Vencido")
    row.get_by_role("link", name=overdue.filing_number).click()
    expect(page.locator("main")).to_contain_text("Vencido")
    assert Case.objects.get(pk=overdue.pk).is_open
