"""Helpers for the API tests: keys for the personas and cases in a chosen state."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from promesa.accounts.models import User
from promesa.accounts.services import api_token_create
from promesa.cases import services
from promesa.cases.choices import CaseKind, Channel, ResponseChannel
from promesa.cases.models import Case
from promesa.organization.models import Area
from tests.conftest import World

API = "/api/v1"
# Distinct texts: the same requester filing the same text twice is merged into one case.
_counter = itertools.count(1)


class ApiClient:
    """A Django test client that sends one user's bearer key with every request."""

    def __init__(self, user: User) -> None:
        _, self.key = api_token_create(user=user, name="tests")
        self.client = Client(headers={"Authorization": f"Bearer {self.key}"})

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"{API}{path}", params or {})

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(f"{API}{path}", body or {}, content_type="application/json")


@pytest.fixture
def api_as(world: World) -> Callable[[User], ApiClient]:
    return ApiClient


def file_case(
    world: World,
    *,
    area: Area | None = None,
    subject: str = "Cobro doble en la factura",
    kind: CaseKind = CaseKind.RECLAMO,
    channel: Channel = Channel.WEB,
    received_at: datetime | None = None,
) -> Case:
    filed = services.case_file(
        filing=services.FilingInput(
            organization=world.organization,
            kind=kind,
            request_type="peticion_general",
            channel=channel,
            requester=services.RequesterInput(full_name="Ana Pérez", email="ana@example.com"),
            subject=subject,
            description=f"Me cobraron dos veces el mismo mes ({next(_counter)}).",
            area=area or world.facturacion,
            received_at=received_at,
        ),
        notify=False,
    )
    return filed.case


def case_in_state(world: World, state: str) -> Case:
    """A case in Facturación, brought to ``state`` through the services by the administrator."""
    case = file_case(world)
    by = world.adriana
    if state == "awaiting_requester":
        return services.case_request_clarification(
            case=case, by=by, message="Adjunte la factura.", notify=False
        )
    if state == "answered":
        return services.case_answer(
            case=case,
            by=by,
            text="Ya reversamos el cobro.",
            channel=ResponseChannel.EMAIL,
            notify=False,
        )
    assert state == "filed"
    return case
