"""Staff register verbal, phone and letter requests and print the constancia (Decreto 1166)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from promesa.accounts.models import User
from promesa.cases import deadlines
from promesa.cases.choices import Channel, EventKind
from promesa.cases.events import Filed
from promesa.cases.models import Case
from promesa.cases.selectors import organization_calendar
from tests.conftest import World

REGISTER = reverse("intake:register")


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    # The assertions read the English source texts; translations are checked elsewhere.
    settings.LANGUAGE_CODE = "en"


BOGOTA = ZoneInfo("America/Bogota")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def request_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": Channel.VERBAL_PHONE,
        "kind": "peticion",
        "request_type": "peticion_general",
        "requester_kind": "person",
        "full_name": "Ana Pérez",
        "id_type": "CC",
        "id_number": "52123456",
        "email": "ana@example.com",
        "phone": "3001234567",
        "address": "Calle 10 # 5-20, Bogotá",
        "representative": "Luis Gómez, CC 79111222",
        "preferred_channel": "email",
        "consent_given": "on",
        "subject": "Copia del contrato de servicio",
        "description": "Solicita copia de su contrato de servicio de acueducto.",
        "reasons": "Necesita el contrato para un trámite bancario.",
        "documents": "Copia de la cédula",
        "area": world.facturacion.pk,
        "priority": "normal",
        "priority_reason": "",
        "verbal_answer": "Se le indicó que la copia se envía por correo.",
    }
    return data | overrides


def register(client: Client, data: dict[str, Any]) -> Any:
    return client.post(REGISTER, data)


def test_bruno_registers_a_verbal_phone_petition_with_its_constancia_data(world: World) -> None:
    # given
    client = client_for(world.bruno)

    # when
    response = register(client, request_data(world))

    # then
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:constancia", args=[case.public_id])
    assert case.channel == Channel.VERBAL_PHONE
    assert case.area == world.facturacion
    filed = case.events.get(kind=EventKind.FILED)
    assert filed.actor == world.bruno
    assert filed.payload_as(Filed).reasons == "Necesita el contrato para un trámite bancario."
    assert filed.payload_as(Filed).documents == "Copia de la cédula"
    assert filed.payload_as(Filed).verbal is True
    assert filed.actor == world.bruno
    assert filed.payload_as(Filed).verbal_answer == "Se le indicó que la copia se envía por correo."


def test_the_constancia_shows_the_eight_fields_and_the_verbal_statement(world: World) -> None:
    client = client_for(world.bruno)
    register(client, request_data(world))
    case = Case.objects.get()

    page = client.get(reverse("intake:constancia", args=[case.public_id])).content.decode()

    assert case.filing_number in page  # 1
    local = case.received_at.astimezone(BOGOTA)
    assert str(local.year) in page
    assert f"{local:%M}" in page
    assert "Ana Pérez" in page
    assert "52123456" in page
    assert "Luis Gómez" in page
    assert "Copia del contrato de servicio" in page  # 4
    assert "Necesita el contrato para un trámite bancario." in page  # 5
    assert "Copia de la cédula" in page  # 6
    assert world.bruno.full_name in page  # 7
    assert "The petition was made verbally" in page  # 8
    assert "Se le indicó que la copia se envía por correo." in page


def test_the_tracking_code_is_shown_once(world: World) -> None:
    client = client_for(world.bruno)
    response = register(client, request_data(world))
    url = response["Location"]

    first = client.get(url).content.decode()
    second = client.get(url).content.decode()

    assert "Tracking code" in first
    assert "Tracking code" not in second


def test_carla_cannot_open_the_constancia_of_a_case_of_brunos_area(world: World) -> None:
    register(client_for(world.bruno), request_data(world))
    case = Case.objects.get()

    response = client_for(world.carla).get(reverse("intake:constancia", args=[case.public_id]))

    assert response.status_code == 404


def test_oversight_may_not_register_requests(world: World) -> None:
    client = client_for(world.oscar)

    assert client.get(REGISTER).status_code == 403
    assert register(client, request_data(world)).status_code == 403
    assert Case.objects.count() == 0


def test_a_visitor_is_sent_to_sign_in(world: World) -> None:
    response = Client().get(REGISTER)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_form_offers_only_staff_channels_and_bruno_s_areas(world: World) -> None:
    page = client_for(world.bruno).get(REGISTER).content.decode()

    assert 'value="verbal_in_person"' in page
    assert 'value="letter"' in page
    assert 'value="web"' not in page
    assert 'value="api"' not in page
    assert "Facturación" in page
    assert "Acueducto" not in page


def test_a_letter_counts_its_term_from_the_day_it_was_received(world: World) -> None:
    # given a letter that arrived a week ago
    received = (
        (timezone.now() - timedelta(days=7))
        .astimezone(BOGOTA)
        .replace(hour=10, minute=30, second=0, microsecond=0)
    )
    data = request_data(
        world,
        channel=Channel.LETTER,
        received_at=received.strftime("%Y-%m-%dT%H:%M"),
        verbal_answer="",
    )

    # when
    register(client_for(world.bruno), data)

    # then
    case = Case.objects.get()
    assert case.received_at == received
    expected = deadlines.compute_deadline(
        regime=case.regime,
        request_type="peticion_general",
        received_at=received,
        calendar=organization_calendar(world.organization),
    )
    assert case.due_date == expected.due_date
    assert case.events.get(kind=EventKind.FILED).payload_as(Filed).verbal is False


def test_a_verbal_request_is_always_received_now(world: World) -> None:
    earlier = (timezone.now() - timedelta(days=7)).astimezone(BOGOTA)

    register(client_for(world.bruno), request_data(world, received_at=f"{earlier:%Y-%m-%dT%H:%M}"))

    assert timezone.now() - Case.objects.get().received_at < timedelta(minutes=1)


def test_a_letter_cannot_be_received_in_the_future(world: World) -> None:
    later = (timezone.now() + timedelta(days=2)).astimezone(BOGOTA)
    data = request_data(
        world, channel=Channel.LETTER, received_at=f"{later:%Y-%m-%dT%H:%M}", verbal_answer=""
    )

    response = register(client_for(world.bruno), data)

    assert response.status_code == 200
    assert Case.objects.count() == 0


def test_missing_required_fields_show_the_error_summary_linking_to_them(world: World) -> None:
    data = request_data(world, subject="", full_name="")

    response = register(client_for(world.bruno), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert 'href="#id_subject"' in page
    assert 'href="#id_full_name"' in page
    assert 'aria-invalid="true"' in page
    assert re.search(r'aria-describedby="[^"]*id_subject-error"', page)
    assert Case.objects.count() == 0


def test_an_anonymous_request_needs_no_name(world: World) -> None:
    data = request_data(world, is_anonymous="on", full_name="", id_number="", email="")

    response = register(client_for(world.bruno), data)

    assert response.status_code == 302
    assert Case.objects.get().requester.is_anonymous


def test_a_verbal_answer_is_refused_for_a_letter(world: World) -> None:
    response = register(client_for(world.bruno), request_data(world, channel=Channel.LETTER))

    assert response.status_code == 200
    assert 'href="#id_verbal_answer"' in response.content.decode()


def test_an_audio_recording_is_kept_with_the_case(world: World) -> None:
    recording = SimpleUploadedFile(
        "llamada.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64, content_type="audio/wav"
    )

    response = register(client_for(world.bruno), request_data(world, attachments=[recording]))

    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Case.objects.get().attachments.get()
    assert attachment.content_type == "audio/wav"


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.API])
def test_channels_that_arrive_by_themselves_are_refused(world: World, channel: Channel) -> None:
    response = register(client_for(world.bruno), request_data(world, channel=channel))

    assert response.status_code == 200
    assert Case.objects.count() == 0


def test_the_constancia_of_a_letter_says_it_was_written(world: World) -> None:
    client = client_for(world.bruno)
    register(client, request_data(world, channel=Channel.LETTER, verbal_answer=""))
    case = Case.objects.get()

    page = client.get(reverse("intake:constancia", args=[case.public_id])).content.decode()

    assert "received in writing" in page
    assert "made verbally" not in page
