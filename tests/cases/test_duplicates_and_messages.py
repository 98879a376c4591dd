"""Repeated filings, requester messages and attachments stored with their event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from promesa.cases import services
from promesa.cases.choices import CaseStatus, Channel, EventKind
from promesa.cases.events import MessageReceived
from promesa.cases.models import Case
from tests.cases.factories import bogota, file_case
from tests.conftest import World


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_the_same_request_filed_twice_in_a_short_time_opens_one_case(world: World) -> None:
    text = "Me cobraron dos veces el cargo fijo."
    first = file_case(
        world.organization, world.facturacion, received="2026-03-16T09:00", description=text
    )

    again = file_case(
        world.organization, world.facturacion, received="2026-03-16T09:05", description=text
    )

    assert again.duplicate is True
    assert again.case.pk == first.case.pk
    assert again.tracking_code == ""
    assert Case.objects.count() == 1
    kinds = list(first.case.events.values_list("kind", flat=True))
    assert kinds == [EventKind.FILED, EventKind.DUPLICATE_RECEIVED]


def test_the_same_text_after_the_window_is_a_new_case(world: World) -> None:
    text = "Me cobraron dos veces el cargo fijo."
    file_case(world.organization, world.facturacion, received="2026-03-16T09:00", description=text)

    later = file_case(
        world.organization, world.facturacion, received="2026-03-20T09:00", description=text
    )

    assert later.duplicate is False
    assert Case.objects.count() == 2


def test_anonymous_requests_are_never_merged(world: World) -> None:
    file_case(world.organization, world.facturacion, anonymous=True, description="Igual")
    file_case(world.organization, world.facturacion, anonymous=True, description="Igual")

    assert Case.objects.count() == 2


def test_attachments_are_kept_with_the_filing_event(world: World) -> None:
    filed = services.case_file(
        filing=services.FilingInput(
            organization=world.organization,
            kind="reclamo",  # type: ignore[arg-type]
            regime="co-ley142",
            request_type="pqr",
            channel=Channel.WEB,
            requester=services.RequesterInput(full_name="Ana"),
            subject="Factura",
            description="Adjunto la factura",
            area=world.facturacion,
            attachments=[services.AttachmentInput("factura.pdf", "application/pdf", b"%PDF-1.4 x")],
        )
    )

    attachment = filed.case.attachments.get()
    assert attachment.event is not None
    assert attachment.event.kind == EventKind.FILED
    assert attachment.size == 10
    assert attachment.file.read() == b"%PDF-1.4 x"
    assert "factura" not in attachment.file.name  # stored under a random name


def test_a_message_while_waiting_for_clarification_resumes_the_clock(world: World) -> None:
    case = file_case(world.organization, world.facturacion, received="2026-03-16T09:00").case
    case = services.case_request_clarification(
        case=case, by=world.bruno, message="Falta la factura", at=bogota("2026-03-18T09:00")
    )

    case = services.case_add_requester_message(
        case=case, text="Aquí está", channel=Channel.EMAIL, at=bogota("2026-03-25T15:00")
    )

    assert case.status == CaseStatus.FILED
    assert case.events.last().kind == EventKind.CLARIFICATION_RECEIVED  # type: ignore[union-attr]


def test_a_message_on_a_case_in_progress_is_added_to_its_history(world: World) -> None:
    case = file_case(world.organization, world.facturacion, received="2026-03-16T09:00").case

    case = services.case_add_requester_message(
        case=case, text="Otro dato", channel=Channel.EMAIL, at=bogota("2026-03-17T09:00")
    )

    last = case.events.last()
    assert last is not None
    assert (last.kind, last.actor_label, last.payload_as(MessageReceived).text) == (
        EventKind.MESSAGE_RECEIVED,
        "requester",
        "Otro dato",
    )
    assert case.status == CaseStatus.FILED
