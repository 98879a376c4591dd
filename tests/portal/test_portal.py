"""Ana files a request on the public portal and follows it without an account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from promesa.cases import services
from promesa.cases.choices import CaseStatus, Channel, EventKind, ResponseChannel
from promesa.cases.deadlines import default_request_type
from promesa.cases.models import Case
from promesa.cases.subscribers import tell_the_requester
from promesa.core import spam
from tests.cases.factories import file_case
from tests.conftest import World
from tests.queue import deliveries

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
FILE_URL = "/pqrs/radicar/"


def form_data(client: Client, **overrides: Any) -> dict[str, Any]:
    page = client.get(FILE_URL)
    token = re.search(rb'name="form_token" value="([^"]+)"', page.content)
    assert token is not None
    data: dict[str, Any] = {
        spam.TOKEN_FIELD: token.group(1).decode(),
        "kind": "reclamo",
        "identity": "identified",
        "requester_kind": "person",
        "full_name": "Ana María Ruiz",
        "id_type": "CC",
        "id_number": "52123456",
        "email": "ana@correo.test",
        "phone": "3001234567",
        "address": "Calle 10 # 5-20, Bogotá",
        "preferred_channel": "email",
        "consent": "on",
        "subject": "Cobro doble en la factura",
        "description": "La factura de marzo trae dos veces el cargo fijo.",
        "touchpoint": "",
    }
    data.update(overrides)
    return data


def file_request(client: Client, **overrides: Any) -> Any:
    return client.post(FILE_URL, form_data(client, **overrides))


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def track_number(client: Client, number: str, code: str) -> Any:
    return client.post("/pqrs/consultar/", {"filing_number": number, "tracking_code": code})


@pytest.fixture
def ana(world: World) -> Client:
    return Client()


def test_the_urls_are_the_spanish_ones() -> None:
    assert reverse("portal:file") == "/pqrs/radicar/"
    assert reverse("portal:track") == "/pqrs/consultar/"
    assert reverse("portal:embed") == "/pqrs/embebido/radicar/"


def test_an_identified_filing_creates_a_web_case_with_consent(ana: Client, settings: Any) -> None:
    response = file_request(ana, attachments=[SimpleUploadedFile("f.pdf", PDF)])

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pqrs/radicada/{case.public_id}/"
    assert case.channel == Channel.WEB
    assert case.request_type == "peticion_general"
    assert case.kind == "reclamo"
    assert case.requester.full_name == "Ana María Ruiz"
    assert case.requester.email == "ana@correo.test"
    assert case.requester.id_number == "52123456"
    assert case.requester.consent_given
    assert case.requester.consent_text_version == settings.CONSENT_TEXT_VERSION
    assert case.attachments.get().content_type == "application/pdf"
    [acknowledgement] = deliveries(tell_the_requester)
    assert acknowledgement["kind"] == EventKind.FILED
    assert acknowledgement["context"]["tracking_code"] not in response["Location"]


def test_an_anonymous_filing_keeps_no_identity_even_if_typed(ana: Client) -> None:
    file_request(ana, identity="anonymous", kind="denuncia", consent="")

    case = Case.objects.get()
    assert case.requester.is_anonymous
    assert case.requester.full_name == ""
    assert case.requester.email == ""
    assert case.requester.id_number == ""
    assert case.requester.preferred_channel == ResponseChannel.PORTAL
    assert not case.requester.consent_given


def test_the_confirmation_shows_number_code_and_due_date_once(ana: Client) -> None:
    response = file_request(ana)
    code = deliveries(tell_the_requester)[0]["context"]["tracking_code"]
    case = Case.objects.get()

    page = ana.get(response["Location"])

    assert page.status_code == 200
    assert case.filing_number in text_of(page)
    assert code in text_of(page)
    weekday = case.due_date.strftime("%A")  # rendered in words, e.g. "Monday, …"
    assert "ana@correo.test" in text_of(page)
    assert weekday.lower() in text_of(page).lower() or str(case.due_date.year) in text_of(page)
    again = ana.get(response["Location"])
    assert code not in text_of(again)
    assert case.filing_number in text_of(again)


def test_the_due_date_is_in_spanish_words(ana: Client) -> None:
    response = file_request(ana)
    case = Case.objects.get()
    from django.utils import translation

    from promesa.core.templatetags.promesa import long_date

    with translation.override("es-co"):
        words = long_date(case.due_date)
    page = ana.get(response["Location"])

    assert f"a más tardar el {words}" in text_of(page) or words in text_of(page)


def test_a_web_filing_starts_as_the_regimes_default_type() -> None:
    assert default_request_type("co-ley1755") == "peticion_general"
    assert default_request_type("co-ley142") == "pqr"
    assert default_request_type("co-ley1480") == "reclamo"


def test_form_errors_produce_a_summary_linking_to_fields(ana: Client) -> None:
    response = file_request(ana, kind="", subject="", full_name="", consent="")

    html = response.content.decode()
    assert Case.objects.count() == 0
    assert "<title>Error:" in html
    assert 'role="alert"' in html
    assert "Hay un problema" in html  # already in the catalog: "There is a problem"
    assert 'href="#id_kind_0"' in html
    assert 'href="#id_subject"' in html
    assert 'href="#id_full_name"' in html
    assert 'href="#id_consent"' in html
    assert re.search(r'<input[^>]*name="subject"[^>]*aria-invalid="true"', html)
    assert re.search(r'aria-describedby="id_subject-hint id_subject-error"', html)
    assert 'id="id_subject-error"' in html


def test_a_filled_honeypot_is_refused_with_the_reason(ana: Client) -> None:
    response = file_request(ana, website="http://spam.example")

    assert Case.objects.count() == 0
    assert "se llenó un campo que debe quedar vacío" in text_of(response)


def test_a_form_sent_too_fast_is_refused_with_the_reason(ana: Client, settings: Any) -> None:
    settings.SPAM_MIN_SECONDS = 60

    response = file_request(ana)

    assert Case.objects.count() == 0
    assert "se envió demasiado rápido" in text_of(response)


def test_a_tampered_token_is_refused(ana: Client) -> None:
    response = file_request(ana, form_token="eyJ0IjoxfQ:tampered:xxxx")

    assert Case.objects.count() == 0
    assert "Vuelva a cargar la página" in text_of(response)


def test_the_honeypot_is_hidden_by_the_stylesheet_not_inline(ana: Client) -> None:
    html = ana.get(FILE_URL).content.decode()

    assert 'class="hp-field"' in html
    assert 'tabindex="-1" autocomplete="off"' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_tracking_with_the_right_code_shows_the_case(ana: Client, world: World) -> None:
    filed = file_case(world.organization, world.facturacion)
    viewer = Client()

    response = track_number(viewer, filed.case.filing_number, filed.tracking_code.lower())

    assert response.status_code == 302
    page = viewer.get(response["Location"])
    assert filed.case.subject in text_of(page)
    assert "Recibimos su solicitud" in text_of(page)
    assert "Ley 1755" in text_of(page)


def test_wrong_code_and_unknown_number_read_the_same(world: World) -> None:
    filed = file_case(world.organization, world.facturacion)

    wrong_code = track_number(Client(), filed.case.filing_number, "AAAA-BBBB-CCCC")
    unknown = track_number(Client(), "2026-999999", "AAAA-BBBB-CCCC")

    def message(response: Any) -> str:
        found = re.search(
            r'<ul class="error-summary-list">(.*?)</ul>', response.content.decode(), re.S
        )
        assert found is not None
        return found.group(1).strip()

    assert message(wrong_code) == message(unknown)
    assert "No encontramos ninguna solicitud" in message(unknown)


def test_tracking_is_rate_limited_per_address(world: World, settings: Any) -> None:
    settings.PUBLIC_TRACKING_RATE_LIMIT = 3
    filed = file_case(world.organization, world.facturacion)
    viewer = Client()
    for _ in range(3):
        track_number(viewer, "2026-999999", "AAAA-BBBB-CCCC")

    response = track_number(viewer, filed.case.filing_number, filed.tracking_code)

    assert response.status_code == 200
    assert "demasiadas consultas" in text_of(response)


def test_the_case_and_its_files_are_404_without_the_session(ana: Client, world: World) -> None:
    file_request(ana, attachments=[SimpleUploadedFile("f.pdf", PDF)])
    case = Case.objects.get()
    attachment = case.attachments.get()
    case_url = f"/pqrs/caso/{case.public_id}/"
    file_url = f"{case_url}anexo/{attachment.public_id}/"

    assert Client().get(case_url).status_code == 404
    assert Client().get(file_url).status_code == 404
    assert Client().get(f"/pqrs/radicada/{case.public_id}/").status_code == 404
    download = ana.get(file_url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


def test_the_clarification_reply_resumes_the_clock(world: World) -> None:
    filed = file_case(world.organization, world.facturacion)
    services.case_request_clarification(
        case=filed.case, by=world.bruno, message="Envíe copia de la factura."
    )
    viewer = Client()
    track_number(viewer, filed.case.filing_number, filed.tracking_code)
    page = viewer.get(f"/pqrs/caso/{filed.case.public_id}/")
    assert "Envíe copia de la factura." in text_of(page)

    response = viewer.post(
        f"/pqrs/caso/{filed.case.public_id}/responder/",
        {"message": "Adjunto la factura.", "attachments": [SimpleUploadedFile("fac.pdf", PDF)]},
    )

    case = Case.objects.get(pk=filed.case.pk)
    assert response.status_code == 302
    assert case.status != CaseStatus.AWAITING_REQUESTER
    assert case.paused_since is None
    assert case.attachments.get().original_name == "fac.pdf"
    assert "Adjunto la factura." in text_of(viewer.get(response["Location"]))


def test_the_answer_and_its_text_are_shown(world: World) -> None:
    filed = file_case(world.organization, world.facturacion)
    services.case_answer(
        case=filed.case,
        by=world.bruno,
        text="Anulamos el cobro doble.",
        channel=ResponseChannel.EMAIL,
    )
    viewer = Client()
    track_number(viewer, filed.case.filing_number, filed.tracking_code)

    page = viewer.get(f"/pqrs/caso/{filed.case.public_id}/")

    assert "Anulamos el cobro doble." in text_of(page)
    assert "Respondida." in text_of(page)


def test_the_embedded_form_allows_only_the_configured_frames(ana: Client) -> None:
    response = ana.get("/pqrs/embebido/radicar/")

    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.aguasdeprueba.test" in policy
    assert "frame-ancestors 'none'" not in policy
    assert "script-src 'self'" in policy
    assert response.get("X-Frame-Options") is None
    assert 'class="site-header"' not in response.content.decode()


def test_an_embedded_filing_stays_in_the_frame(ana: Client) -> None:
    page = ana.get("/pqrs/embebido/radicar/")
    token = re.search(rb'name="form_token" value="([^"]+)"', page.content)
    assert token is not None
    data = form_data(ana, form_token=token.group(1).decode())

    response = ana.post("/pqrs/embebido/radicar/", data)

    case = Case.objects.get()
    assert response["Location"] == f"/pqrs/embebido/radicada/{case.public_id}/"
    assert case.events.get().data["embedded"] is True
    confirmation = ana.get(response["Location"])
    assert (
        "frame-ancestors 'self' https://www.aguasdeprueba.test"
        in confirmation["Content-Security-Policy"]
    )
    assert confirmation.get("X-Frame-Options") is None


def test_the_normal_pages_cannot_be_framed(ana: Client) -> None:
    response = ana.get(FILE_URL)

    assert response["X-Frame-Options"] == "DENY"


def test_english_works_with_accept_language(ana: Client) -> None:
    response = ana.get(FILE_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="en">' in response.content.decode()
    assert "What do you want to do?" in text_of(response)


def test_spanish_is_the_default_language(ana: Client) -> None:
    response = ana.get(FILE_URL)

    assert '<html lang="es">' in response.content.decode()
