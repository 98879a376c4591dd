"""The answer page: templates, files, the preview as sent, and approval by a manager."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promesa.cases.choices import AnswerDraftStatus, CaseStatus, EventKind, ResponseChannel
from promesa.cases.models import AnswerApprovalRule, AnswerDraft, AnswerTemplate, Case
from promesa.cases.services import case_answer_submit
from promesa.cases.tasks import send_case_message
from promesa.notifications.outbox import outbox_deliver
from promesa.portal.selectors import public_attachments, public_timeline
from tests.cases.factories import reload
from tests.conftest import World
from tests.workspace.helpers import answer_url, case_url, new_case, queue_numbers

PDF_BYTES = b"%PDF-1.4\nreliquidacion\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def pdf(name: str = "reliquidacion.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def compose(client: Client, case: Case, intent: str, **fields: Any) -> Any:
    data = {"intent": intent, "answer_channel": "email", **fields}
    return client.post(answer_url(case), data)


def approval_in_facturacion(world: World) -> None:
    AnswerApprovalRule.objects.create(organization=world.organization, area=world.facturacion)


def test_bruno_starts_from_a_template_filled_for_the_case_without_javascript(
    world: World, client: Client
) -> None:
    case = new_case(world, world.facturacion)
    template = AnswerTemplate.objects.create(
        organization=world.organization,
        name="General",
        body="Señor(a) {{ requester_name }}: sobre el radicado {{ filing_number }}...",
    )
    client.force_login(world.bruno)
    page = client.get(answer_url(case))
    assert page.status_code == 200
    assert "Empezar desde una plantilla" in page.content.decode()

    response = compose(client, case, "template", answer_template=template.pk, answer_text="")

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Señor(a) Ana María Ruiz: sobre el radicado {case.filing_number}..." in html
    assert case.events.count() == 1  # choosing a template changes nothing


def test_the_preview_is_exactly_the_e_mail_that_is_sent(world: World, client: Client) -> None:
    # given bruno previews his answer with a file
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)
    saved = client.post(
        answer_url(case),
        {
            "intent": "preview",
            "answer_text": "Reliquidamos su factura.",
            "answer_channel": "email",
            "answer_files": [pdf()],
        },
    )
    assert saved.status_code == 302
    assert saved["Location"].endswith("?vista")
    preview = client.get(saved["Location"]).context["preview"]
    assert "Reliquidamos su factura." in preview.text
    assert [f.original_name for f in preview.files] == ["reliquidacion.pdf"]

    # when he sends it, without choosing the file again, and the task runs
    sent = compose(client, case, "send", answer_text="Reliquidamos su factura.")
    assert sent.status_code == 302
    assert sent["Location"] == case_url(case)
    mail.outbox.clear()
    send_case_message.call(case_id=case.pk, message="answer")
    outbox_deliver()

    # then the requester receives what the preview showed
    [message] = mail.outbox
    assert (message.subject, message.body) == (preview.subject, preview.text)
    assert message.to == [preview.to] == ["ana@correo.test"]
    assert message.attachments == [("reliquidacion.pdf", PDF_BYTES, "application/pdf")]
    assert reload(case).status == CaseStatus.ANSWERED


def test_a_file_can_be_removed_before_sending(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)
    client.post(
        answer_url(case),
        {
            "intent": "preview",
            "answer_text": "x",
            "answer_channel": "portal",
            "answer_files": [pdf()],
        },
    )
    [attached] = AnswerDraft.objects.get(case=case).attachments.all()

    compose(
        client,
        case,
        "send",
        answer_text="Sin anexos.",
        answer_channel="portal",
        remove_files=[str(attached.public_id)],
    )

    assert not case.attachments.exists()
    assert reload(case).status == CaseStatus.ANSWERED


def test_the_answer_reaches_the_portal_with_its_files(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    client.post(
        answer_url(case),
        {
            "intent": "send",
            "answer_text": "Ya puede ver la reliquidación.",
            "answer_channel": "portal",
            "answer_files": [pdf()],
        },
    )

    assert any(e.text == "Ya puede ver la reliquidación." for e in public_timeline(case))
    assert [a.original_name for a in public_attachments(case)] == ["reliquidacion.pdf"]
    assert not mail.outbox or all(case.filing_number not in m.subject for m in mail.outbox)


def test_e_mail_is_refused_when_the_requester_gave_no_address(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion, anonymous=True)
    client.force_login(world.bruno)
    assert client.get(answer_url(case)).context["form"]["answer_channel"].initial == "portal"

    response = compose(client, case, "send", answer_text="Listo.")

    assert response.status_code == 400
    assert "no dio un correo electrónico" in response.content.decode()
    assert reload(case).status == CaseStatus.FILED


def test_a_postal_answer_previews_as_a_printable_letter(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    case.requester.address = "Calle 10 # 43-12, Medellín"
    case.requester.save()
    client.force_login(world.bruno)

    compose(client, case, "preview", answer_text="Le enviamos la carta.", answer_channel="postal")
    letter = client.get(answer_url(case, "answer_letter"))

    assert letter.status_code == 200
    html = letter.content.decode()
    assert "Calle 10 # 43-12, Medellín" in html
    assert "Le enviamos la carta." in html
    assert f"Referencia: solicitud {case.filing_number}" in html


def test_bruno_submits_and_diego_approves_through_the_pages(world: World, client: Client) -> None:
    # given answers of Facturación need approval
    approval_in_facturacion(world)
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)
    assert "Enviar a aprobación" in client.get(answer_url(case)).content.decode()

    # when bruno sends his answer
    response = compose(client, case, "send", answer_text="Reliquidamos su factura.")

    # then it waits, and the case page says so
    assert response.status_code == 302
    assert reload(case).status == CaseStatus.FILED
    assert "Respuesta esperando aprobación" in client.get(case_url(case)).content.decode()
    assert compose(client, case, "send", answer_text="Otra.").status_code == 400

    # and diego finds it under "Por aprobar" and approves it
    client.force_login(world.diego)
    assert queue_numbers(client, "por-aprobar") == [case.filing_number]
    page = client.get(answer_url(case))
    assert "Aprobar y enviar la respuesta" in page.content.decode()
    assert "Reliquidamos su factura." in page.context["preview"].text
    approved = client.post(answer_url(case, "answer_approve"))
    assert approved.status_code == 302
    assert reload(case).status == CaseStatus.ANSWERED
    assert queue_numbers(client, "por-aprobar") == []


def test_diego_returns_the_answer_and_bruno_reads_why(world: World, client: Client) -> None:
    approval_in_facturacion(world)
    case = new_case(world, world.facturacion)
    case_answer_submit(case=case, by=world.bruno, text="Borrador.", channel=ResponseChannel.EMAIL)
    client.force_login(world.diego)

    empty = client.post(answer_url(case, "answer_return"), {"return_reason": ""})
    assert empty.status_code == 400
    assert 'href="#id_return_reason"' in empty.content.decode()
    returned = client.post(answer_url(case, "answer_return"), {"return_reason": "Cite la norma."})

    assert returned.status_code == 302
    assert AnswerDraft.objects.get(case=case).status == AnswerDraftStatus.RETURNED
    client.force_login(world.bruno)
    page = client.get(answer_url(case))
    html = page.content.decode()
    assert "La respuesta fue devuelta para cambios" in html
    assert "Cite la norma." in html
    assert page.context["form"]["answer_text"].initial == "Borrador."


def test_carla_gets_404_on_every_answer_url(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    case_answer_submit(case=case, by=world.bruno, text="Borrador.", channel=ResponseChannel.EMAIL)
    client.force_login(world.carla)

    assert client.get(answer_url(case)).status_code == 404
    assert client.get(answer_url(case, "answer_letter")).status_code == 404
    assert compose(client, case, "send", answer_text="x").status_code == 404
    assert client.post(answer_url(case, "answer_approve")).status_code == 404
    assert client.post(answer_url(case, "answer_return"), {"return_reason": "x"}).status_code == 404
    assert case.events.count() == 2


def test_oscar_reads_the_case_but_may_not_compose_approve_or_return(
    world: World, client: Client
) -> None:
    case = new_case(world, world.facturacion)
    case_answer_submit(case=case, by=world.bruno, text="Borrador.", channel=ResponseChannel.EMAIL)
    client.force_login(world.oscar)

    assert client.get(case_url(case)).status_code == 200
    assert client.get(answer_url(case)).status_code == 403
    assert client.post(answer_url(case, "answer_approve")).status_code == 403
    assert client.post(answer_url(case, "answer_return"), {"return_reason": "x"}).status_code == 403
    assert case.events.count() == 2


def test_bruno_may_not_approve_his_own_answer(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    case_answer_submit(case=case, by=world.bruno, text="Borrador.", channel=ResponseChannel.EMAIL)
    client.force_login(world.bruno)

    assert "Aprobar y enviar" not in client.get(answer_url(case)).content.decode()
    assert client.post(answer_url(case, "answer_approve")).status_code == 403
    assert client.post(answer_url(case, "answer_return"), {"return_reason": "x"}).status_code == 403

    assert reload(case).status == CaseStatus.FILED
    assert not case.events.filter(kind=EventKind.ANSWERED).exists()


def _case_page_queries(client: Client, case: Case) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(case_url(case))
    assert response.status_code == 200
    return len(context)


def test_the_case_page_runs_the_same_queries_for_a_draft_with_1_or_4_files(
    world: World, client: Client
) -> None:
    # The draft costs two fixed queries (the draft, its files), whatever the number of files.
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)
    client.post(
        answer_url(case),
        {
            "intent": "preview",
            "answer_text": "x",
            "answer_channel": "email",
            "answer_files": [pdf()],
        },
    )
    with_one = _case_page_queries(client, case)
    client.post(
        answer_url(case),
        {
            "intent": "preview",
            "answer_text": "x",
            "answer_channel": "email",
            "answer_files": [pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf")],
        },
    )

    assert case.attachments.count() == 4
    assert _case_page_queries(client, case) == with_one


def _queue_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("workspace:queue"), {"cola": "por-aprobar"})
    assert response.status_code == 200
    return len(context)


def test_the_to_approve_queue_runs_the_same_queries_for_1_or_6_answers(
    world: World, client: Client
) -> None:
    client.force_login(world.diego)
    case_answer_submit(
        case=new_case(world, world.facturacion),
        by=world.bruno,
        text="Uno.",
        channel=ResponseChannel.EMAIL,
    )
    with_one = _queue_queries(client)
    for index in range(5):
        case_answer_submit(
            case=new_case(world, world.facturacion),
            by=world.bruno,
            text=f"Respuesta {index}.",
            channel=ResponseChannel.EMAIL,
        )

    assert len(queue_numbers(client, "por-aprobar")) == 6
    assert _queue_queries(client) == with_one


@pytest.mark.parametrize("chosen", ["", "abc", "999999"])
def test_using_a_template_without_a_valid_choice_says_so(
    world: World, client: Client, chosen: str
) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    response = compose(client, case, "template", answer_template=chosen, answer_text="Mío.")

    assert response.status_code == 400
    assert 'href="#id_answer_template"' in response.content.decode()
    assert "Mío." in response.content.decode()  # the text written so far is kept
