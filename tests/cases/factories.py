"""Helpers to file cases for the personas' organization in tests."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from promesa.cases.choices import CaseKind, Channel
from promesa.cases.models import Case
from promesa.cases.services import FiledCase, FilingInput, RequesterInput, case_file
from promesa.organization.models import Area, Organization

BOGOTA = ZoneInfo("America/Bogota")
# Each filing gets its own text unless a test repeats one on purpose: the same requester
# filing the same text twice is merged into one case.
_counter = itertools.count(1)


def bogota(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BOGOTA)


def file_case(
    organization: Organization,
    area: Area,
    *,
    received: str = "2026-12-18T16:00",
    regime: str = "co-ley1755",
    request_type: str = "peticion_general",
    kind: CaseKind = CaseKind.PETICION,
    anonymous: bool = False,
    description: str | None = None,
) -> FiledCase:
    return case_file(
        filing=FilingInput(
            organization=organization,
            kind=kind,
            regime=regime,
            request_type=request_type,
            channel=Channel.WEB,
            requester=RequesterInput(
                is_anonymous=anonymous,
                full_name="" if anonymous else "Ana María Ruiz",
                email="" if anonymous else "ana@correo.test",
                consent_given=not anonymous,
                consent_text_version="2026-01",
            ),
            subject="Cobro doble en la factura de noviembre",
            description=description
            or f"La factura {next(_counter)} trae dos veces el cargo fijo del acueducto.",
            area=area,
            received_at=bogota(received),
        )
    )


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)
