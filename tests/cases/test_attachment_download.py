"""Staff download attachments only of cases they may see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from promesa.cases import services
from promesa.cases.choices import CaseKind, Channel
from promesa.cases.models import Attachment
from tests.conftest import World


@pytest.fixture
def attachment(world: World, settings: Any, tmp_path: Path) -> Attachment:
    settings.MEDIA_ROOT = tmp_path
    filed = services.case_file(
        filing=services.FilingInput(
            organization=world.organization,
            kind=CaseKind.RECLAMO,
            regime="co-ley142",
            request_type="pqr",
            channel=Channel.WEB,
            requester=services.RequesterInput(full_name="Ana"),
            subject="Factura",
            description="Adjunto la factura de marzo",
            area=world.facturacion,
            attachments=[services.AttachmentInput("factura.pdf", "application/pdf", b"%PDF-1.4 x")],
        )
    )
    return filed.case.attachments.get()


def url(item: Attachment) -> str:
    return f"/casos/anexos/{item.public_id}/"


@pytest.mark.parametrize("persona", ["bruno", "diego", "oscar", "adriana"])
def test_staff_who_see_the_area_download_the_file(
    world: World, attachment: Attachment, persona: str
) -> None:
    client = Client()
    client.force_login(getattr(world, persona))

    response = client.get(url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith('attachment; filename="factura.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_agent_of_another_area_gets_404(world: World, attachment: Attachment) -> None:
    client = Client()
    client.force_login(world.carla)

    assert client.get(url(attachment)).status_code == 404


def test_nobody_signed_out_gets_the_file(world: World, attachment: Attachment) -> None:
    response = Client().get(url(attachment))

    assert response.status_code == 302
