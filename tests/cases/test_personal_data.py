"""Habeas data: a requester's data is exported, corrected and erased; the history stays."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from promesa.accounts.models import User
from promesa.cases.choices import CaseStatus, Channel, EventKind, ResponseChannel
from promesa.cases.events import PersonalDataCorrected, PersonalDataErased
from promesa.cases.models import Case, CaseText, Requester
from promesa.cases.search import search_filter
from promesa.cases.services import (
    AttachmentInput,
    RequesterCorrection,
    case_add_requester_message,
    case_answer,
    case_assign,
    case_receive_clarification,
    case_request_clarification,
    requester_anonymize,
    requester_correct,
    requester_export,
)
from promesa.core.errors import ApplicationError
from tests.cases.factories import file_case, reload
from tests.conftest import World, WorldB

PHOTO = AttachmentInput(name="medidor.jpg", content_type="image/jpeg", data=b"\xff\xd8\xffmedidor")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def anas_answered_case(world: World) -> Case:
    """Ana's case: she completes it with a photo, Bruno answers; it is over."""
    case = file_case(world.organization, world.facturacion, received="2026-11-30T10:00").case
    case = case_assign(case=case, assignee=world.bruno, by=world.bruno)
    case = case_request_clarification(
        case=case, by=world.bruno, message="Ana, envíe la foto del medidor.", notify=False
    )
    case = case_receive_clarification(
        case=case, message="Adjunto la foto; vivo en la calle Almendros 12.", attachments=[PHOTO]
    )
    return case_answer(
        case=case,
        by=world.bruno,
        text="Ana, reliquidamos su factura.",
        channel=ResponseChannel.PORTAL,
        notify=False,
    )


def test_lucia_exports_everything_held_about_ana_across_her_filings(world: World) -> None:
    first = anas_answered_case(world)
    second = file_case(world.organization, world.acueducto).case

    exported = requester_export(requester=first.requester, by=world.lucia)

    assert json.loads(json.dumps(exported)) == exported
    assert {row["email"] for row in exported["requesters"]} == {"ana@correo.test"}
    assert len(exported["requesters"]) == 2
    assert [c["filing_number"] for c in exported["cases"]] == [
        first.filing_number,
        second.filing_number,
    ]
    history = exported["cases"][0]["history"]
    assert {"message": "Adjunto la foto; vivo en la calle Almendros 12."} in [
        entry["texts"] for entry in history
    ]
    assert exported["cases"][0]["attachments"][0]["name"] == "medidor.jpg"


@pytest.mark.parametrize("person", ["bruno", "diego", "oscar"])
def test_only_administrators_and_quality_leads_handle_personal_data(
    world: World, person: str
) -> None:
    case = file_case(world.organization, world.facturacion).case

    with pytest.raises(ApplicationError) as refused:
        requester_export(requester=case.requester, by=getattr(world, person))

    assert refused.value.code == "forbidden"


def test_a_correction_reaches_every_filing_and_names_the_fields_not_the_values(
    world: World,
) -> None:
    first = file_case(world.organization, world.facturacion).case
    second = file_case(world.organization, world.acueducto).case

    requester_correct(
        requester=first.requester,
        by=world.adriana,
        correction=RequesterCorrection(phone="3001234567", email="Ana.Ruiz@Correo.test"),
    )

    for case in (first, second):
        requester = Requester.objects.get(pk=case.requester_id)
        assert (requester.email, requester.phone) == ("ana.ruiz@correo.test", "3001234567")
        event = case.events.get(kind=EventKind.PERSONAL_DATA_CORRECTED)
        assert event.payload == PersonalDataCorrected(fields=("email", "phone"))
        assert event.actor == world.adriana
        assert event.status_after == CaseStatus.FILED


def test_erasing_ana_blanks_her_data_and_texts_and_keeps_the_history(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    # given Ana's finished case, with her words, a photo and an answer
    case = anas_answered_case(world)
    photo = case.attachments.get().file.name
    kinds_before = list(case.events.order_by("created_at", "id").values_list("kind", flat=True))
    assert case.pk in Case.objects.filter(search_filter("Almendros")).values_list("pk", flat=True)

    # when Lucía erases her personal data
    with django_capture_on_commit_callbacks(execute=True):
        erasure = requester_anonymize(
            requester=case.requester, by=world.lucia, reason="Solicitud de supresión de Ana."
        )

    # then nothing identifies Ana any more
    requester = Requester.objects.get(pk=case.requester_id)
    assert requester.is_anonymous
    assert not (requester.full_name)
    assert not (requester.email)
    erased = reload(case)
    assert erased.description == ""
    assert "Cobro" not in erased.subject
    texts = CaseText.objects.filter(case=case).exclude(event__kind=EventKind.PERSONAL_DATA_ERASED)
    assert texts.count() == 3
    assert not texts.exclude(body="").exists()
    assert not texts.filter(redacted_at__isnull=True).exists()
    assert not case.attachments.exists()
    assert not default_storage.exists(photo)
    # and her words cannot be found
    assert not Case.objects.filter(search_filter("Almendros")).exists()
    # and the history is the same, with the erasure at its end
    kinds_after = list(case.events.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds_after == [*kinds_before, EventKind.PERSONAL_DATA_ERASED]
    last = case.events.get(kind=EventKind.PERSONAL_DATA_ERASED)
    assert last.payload == PersonalDataErased(
        texts_erased=3, files_deleted=1, reason="Solicitud de supresión de Ana."
    )
    assert (last.status_after, last.area_after) == (CaseStatus.ANSWERED, world.facturacion)
    assert (erasure.cases, erasure.texts, erasure.files) == (1, 3, 1)


def test_an_open_case_keeps_the_requesters_data(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    case_add_requester_message(case=case, text="Sigo esperando.", channel=Channel.WEB)

    with pytest.raises(ApplicationError) as refused:
        requester_anonymize(requester=case.requester, by=world.adriana, reason="Supresión")

    assert refused.value.code == "open_cases"
    assert Requester.objects.get(pk=case.requester_id).full_name == "Ana María Ruiz"
    assert CaseText.objects.get(case=case).body == "Sigo esperando."


def test_the_export_command_prints_the_requesters_data_as_json(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    out = StringIO()

    call_command(
        "requester_export", "--case", case.filing_number, "--by", "lucia@prueba.test", stdout=out
    )

    exported = json.loads(out.getvalue())
    assert exported["requesters"][0]["full_name"] == "Ana María Ruiz"
    assert exported["cases"][0]["filing_number"] == case.filing_number


def test_the_anonymize_command_erases_and_refuses_an_agent(world: World) -> None:
    case = anas_answered_case(world)
    args = ["--case", case.filing_number, "--reason", "Supresión pedida por Ana"]

    with pytest.raises(CommandError, match="administrador o un líder de calidad"):
        call_command("requester_anonymize", *args, "--by", "bruno@prueba.test")
    out = StringIO()
    call_command("requester_anonymize", *args, "--by", "adriana@prueba.test", stdout=out)

    assert "1 cases: 3 texts and 1 files" in out.getvalue()
    assert Requester.objects.get(pk=case.requester_id).is_anonymous


def test_adriana_erases_a_requester_from_the_admin_after_giving_the_reasons(
    world: World, client: Client
) -> None:
    User.objects.filter(pk=world.adriana.pk).update(is_staff=True, is_superuser=True)
    case = anas_answered_case(world)
    client.force_login(world.adriana)
    url = reverse("admin:cases_requester_changelist")
    chosen = {"action": "erase_personal_data", "_selected_action": [case.requester_id]}

    confirmation = client.post(url, chosen)
    erased = client.post(url, {**chosen, "reason": "Supresión pedida por Ana"})

    assert confirmation.status_code == 200
    assert 'name="reason"' in confirmation.text
    assert erased.status_code == 302
    assert Requester.objects.get(pk=case.requester_id).is_anonymous
    assert case.events.filter(kind=EventKind.PERSONAL_DATA_ERASED, actor=world.adriana).exists()


def test_the_admin_exports_one_requester_as_a_json_file(world: World, client: Client) -> None:
    User.objects.filter(pk=world.lucia.pk).update(is_staff=True, is_superuser=True)
    case = file_case(world.organization, world.facturacion).case
    client.force_login(world.lucia)

    response = client.post(
        reverse("admin:cases_requester_changelist"),
        {"action": "export_personal_data", "_selected_action": [case.requester_id]},
    )

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["cases"][0]["filing_number"] == case.filing_number


def test_the_correct_command_changes_the_fields_it_is_given(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case

    call_command(
        "requester_correct",
        *("--case", case.filing_number, "--by", "adriana@prueba.test"),
        *("--full-name", "Ana María Ruiz Díaz", "--phone", "6015551234"),
        stdout=StringIO(),
    )

    requester = Requester.objects.get(pk=case.requester_id)
    assert (requester.full_name, requester.phone) == ("Ana María Ruiz Díaz", "6015551234")
    assert requester.email == "ana@correo.test"
    corrected = case.events.get(kind=EventKind.PERSONAL_DATA_CORRECTED)
    assert corrected.payload == PersonalDataCorrected(fields=("full_name", "phone"))


def test_another_organizations_quality_lead_cannot_export_correct_or_erase_ana(
    world: World, world_b: WorldB
) -> None:
    # given Ana's answered case in organization A
    case = anas_answered_case(world)

    # when lorena, quality lead of organization B, tries each habeas-data service on her
    attempts: list[Callable[[], object]] = [
        partial(requester_export, requester=case.requester, by=world_b.lorena),
        partial(
            requester_correct,
            requester=case.requester,
            by=world_b.lorena,
            correction=RequesterCorrection(phone="3000000000"),
        ),
        partial(
            requester_anonymize,
            requester=case.requester,
            by=world_b.lorena,
            reason="Solicitud de supresión.",
        ),
    ]

    # then each is refused as if Ana did not exist, and nothing about her changed
    for attempt in attempts:
        with pytest.raises(ApplicationError) as refused:
            attempt()
        assert refused.value.code == "not_found"
    ana = Requester.objects.get(pk=case.requester.pk)
    assert ana.full_name == case.requester.full_name
    assert ana.phone == case.requester.phone
    assert not reload(case).events.filter(kind=EventKind.PERSONAL_DATA_ERASED).exists()
