"""Regression tests for the portal's security defects of issue 11.

A repeated filing must not open the earlier case; wrong tracking codes slow the guesser,
not the owner; the embedded form's tokens file once, on the page that issued them.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.test import Client

from promesa.cases.choices import EventKind
from promesa.cases.models import Case
from promesa.cases.services import case_request_clarification
from promesa.core.models import RateLimitHit
from tests.cases.factories import file_case
from tests.conftest import World
from tests.portal.test_portal import (
    FILE_URL,
    PDF,
    file_request,
    form_data,
    text_of,
    track_number,
)

EMBED_URL = "/pqrs/embebido/radicar/"


def embed_token(client: Client) -> str:
    page = client.get(EMBED_URL)
    token = re.search(rb'name="form_token" value="([^"]+)"', page.content)
    assert token is not None
    return token.group(1).decode()


def test_a_repeated_filing_does_not_open_the_earlier_case(world: World) -> None:
    ana = Client()
    file_request(ana, attachments=[SimpleUploadedFile("factura.pdf", PDF)])
    first = Case.objects.get()
    case_request_clarification(case=first, by=world.adriana, message="Envíe la cédula.")
    intruder = Client()

    # Same e-mail, same text, other capitals and spaces.
    response = file_request(
        intruder,
        subject="  COBRO doble   en la factura ",
        description="la factura de MARZO trae dos veces   el cargo fijo.",
    )

    assert Case.objects.count() == 1
    assert response.status_code == 302
    assert str(first.public_id) not in response["Location"]
    page = text_of(intruder.get(response["Location"]))
    assert "Ya habíamos recibido esta solicitud" in page
    assert "código de seguimiento" in page
    assert first.filing_number not in page
    case_url = f"/pqrs/caso/{first.public_id}/"
    attachment = first.attachments.get()
    assert intruder.get(case_url).status_code == 404
    assert intruder.get(f"{case_url}anexo/{attachment.public_id}/").status_code == 404
    assert intruder.get(f"/pqrs/radicada/{first.public_id}/").status_code == 404
    reply = intruder.post(
        f"{case_url}responder/",
        {"message": "Soy otra persona.", "attachments": [SimpleUploadedFile("x.pdf", PDF)]},
    )
    assert reply.status_code == 404
    assert first.attachments.count() == 1
    assert first.events.filter(kind=EventKind.DUPLICATE_RECEIVED).count() == 1


def test_a_repeated_filing_by_id_number_does_not_open_the_earlier_case(world: World) -> None:
    file_request(Client(), email="", preferred_channel="phone")
    first = Case.objects.get()
    intruder = Client()

    response = file_request(intruder, email="", preferred_channel="phone")

    assert Case.objects.count() == 1
    assert intruder.get(f"/pqrs/caso/{first.public_id}/").status_code == 404
    assert first.filing_number not in text_of(intruder.get(response["Location"]))


def test_a_repeated_embedded_filing_does_not_open_the_earlier_case(world: World) -> None:
    ana = Client()
    ana.post(EMBED_URL, form_data(ana, form_token=embed_token(ana)))
    first = Case.objects.get()
    intruder = Client()

    response = intruder.post(EMBED_URL, form_data(intruder, form_token=embed_token(intruder)))

    assert Case.objects.count() == 1
    assert response["Location"] == "/pqrs/embebido/ya-radicada/"
    page = intruder.get(response["Location"])
    assert "Ya habíamos recibido esta solicitud" in text_of(page)
    assert page.get("X-Frame-Options") is None
    assert intruder.get(f"/pqrs/caso/{first.public_id}/").status_code == 404


def test_an_embedded_form_token_files_only_once(world: World) -> None:
    ana = Client()
    data = form_data(ana, form_token=embed_token(ana))
    ana.post(EMBED_URL, data)

    again = Client().post(EMBED_URL, {**data, "subject": "Otra solicitud distinta"})

    assert Case.objects.count() == 1
    assert again.status_code == 200
    assert "ya se envió" in text_of(again)


def test_a_token_from_the_full_page_does_not_file_in_the_frame(world: World) -> None:
    ana = Client()
    data = form_data(ana)  # token issued by /pqrs/radicar/

    response = ana.post(EMBED_URL, data)

    assert Case.objects.count() == 0
    assert "No pudimos comprobar que el formulario" in text_of(response)


def test_a_token_from_the_frame_does_not_file_on_the_full_page(world: World) -> None:
    ana = Client()

    response = ana.post(FILE_URL, form_data(ana, form_token=embed_token(ana)))

    assert Case.objects.count() == 0
    assert response.status_code == 200


def test_wrong_codes_from_many_addresses_do_not_lock_the_owner_out(
    world: World, settings: Any
) -> None:
    settings.PUBLIC_TRACKING_RATE_LIMIT = 20
    filed = file_case(world.organization, world.facturacion)
    for n in range(20):
        track_number(
            Client(REMOTE_ADDR=f"198.51.100.{n}"), filed.case.filing_number, "AAAA-BBBB-CCCC"
        )

    owner = Client(REMOTE_ADDR="203.0.113.77")
    response = track_number(owner, filed.case.filing_number, filed.tracking_code)

    assert response.status_code == 302
    assert response["Location"] == f"/pqrs/caso/{filed.case.public_id}/"


def test_an_address_guessing_one_number_backs_off_longer_each_time(
    world: World, settings: Any
) -> None:
    settings.PUBLIC_TRACKING_RATE_LIMIT = 50
    filed = file_case(world.organization, world.facturacion)
    guesser = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(5):
        assert "No encontramos" in text_of(
            track_number(guesser, filed.case.filing_number, "AAAA-BBBB-CCCC")
        )

    # The sixth try waits 30 seconds after the fifth failure, even with the right code.
    held = track_number(guesser, filed.case.filing_number, filed.tracking_code)
    assert "demasiadas consultas" in text_of(held)
    RateLimitHit.objects.update(at=F("at") - timedelta(seconds=31))
    assert "No encontramos" in text_of(
        track_number(guesser, filed.case.filing_number, "AAAA-BBBB-CCCC")
    )
    # After a sixth failure the wait is a minute: 31 seconds are no longer enough.
    RateLimitHit.objects.update(at=F("at") - timedelta(seconds=31))
    assert "demasiadas consultas" in text_of(
        track_number(guesser, filed.case.filing_number, filed.tracking_code)
    )
    RateLimitHit.objects.update(at=F("at") - timedelta(seconds=30))
    assert track_number(guesser, filed.case.filing_number, filed.tracking_code).status_code == 302


def test_tracking_pages_are_not_kept_in_caches(world: World) -> None:
    filed = file_case(world.organization, world.facturacion)
    viewer = Client()
    track_number(viewer, filed.case.filing_number, filed.tracking_code)

    page = viewer.get(f"/pqrs/caso/{filed.case.public_id}/")

    assert "no-store" in page["Cache-Control"]
