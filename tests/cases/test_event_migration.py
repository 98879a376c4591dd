"""Migration 0014 rewrites histories written before events were typed.

The rows are built with the models as they were at 0013 (names and texts in ``data``), and
the migration's function runs on them as ``migrate`` would run it.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from promesa.cases import events
from promesa.cases.choices import CaseTextKind, Channel, ResponseChannel
from promesa.cases.models import CaseEvent, CaseText
from tests.conftest import World

migration = importlib.import_module("promesa.cases.migrations.0014_case_events_typed_payloads")
BOGOTA = ZoneInfo("America/Bogota")
START = datetime(2026, 3, 2, 9, tzinfo=BOGOTA)


def _old_apps() -> Any:
    """The models as migration 0014 sees them (the state after 0013)."""
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(("cases", "0014_case_events_typed_payloads")).apps


def _old_history(world: World, apps: Any) -> tuple[Any, Any]:
    """A case filed in Facturación, assigned to Bruno, asked and answered for a clarification,
    moved to Acueducto, with a request to Operaciones, taken by Carla and answered after
    Diego's approval; its events hold names and texts, as they did then."""
    requester = apps.get_model("cases", "Requester").objects.create(
        organization_id=world.organization.pk, full_name="Ana María Ruiz", email="ana@correo.test"
    )
    case = apps.get_model("cases", "Case").objects.create(
        organization_id=world.organization.pk,
        filing_number="PQRS-2026-000001",
        tracking_code_hash="x",
        kind="peticion",
        regime="co-ley1755",
        request_type="peticion_general",
        channel=Channel.WEB,
        requester=requester,
        subject="Cobro doble",
        description="La factura trae dos veces el cargo fijo.",
        area_id=world.acueducto.pk,
        assignee_id=world.carla.pk,
        status="answered",
        received_at=START,
        due_date=date(2026, 3, 24),
        original_due_date=date(2026, 3, 24),
    )
    request = apps.get_model("cases", "InternalRequest").objects.create(
        case=case,
        from_area_id=world.acueducto.pk,
        to_area_id=world.operaciones.pk,
        requested_by_id=world.carla.pk,
        question="¿Hubo corte?",
        requested_at=START,
        due_date=date(2026, 3, 10),
        capped_at_legal_due_date=False,
    )
    old = [
        ("filed", None, {"channel": "web", "legal_source": "Ley 1755 art. 14", "term": 15,
                         "unit": "business_days", "reasons": "Cobro indebido",
                         "received_by": "Bruno", "verbal": False}),
        ("assigned", world.bruno, {"assignee": "Bruno", "previous": ""}),
        ("clarification_requested", world.bruno, {"message": "Envíe la factura, Ana.",
                                                  "answer_by": "2026-04-02",
                                                  "issued_on_time": True, "pauses_clock": True}),
        ("clarification_received", None, {"message": "Aquí va, soy Ana."}),
        ("moved", world.diego, {"from_area": "Facturación", "to_area": "Acueducto",
                                "note": "Es de redes"}),
        ("internal_request_opened", world.carla, {"request": str(request.public_id),
                                                  "to_area": "Operaciones",
                                                  "question": "¿Hubo corte?",
                                                  "due_date": "2026-03-10", "capped": False}),
        ("assigned", world.carla, {"assignee": "Carla", "previous": ""}),
        ("answered", world.diego, {"text": "Reliquidamos, Ana.", "channel": "email",
                                   "on_time": True, "author": "Carla", "approved_by": "Diego"}),
    ]  # fmt: skip
    event_model = apps.get_model("cases", "CaseEvent")
    for minutes, (kind, actor, data) in enumerate(old):
        event_model.objects.create(
            case=case,
            kind=kind,
            actor_id=actor.pk if actor else None,
            actor_label="" if actor else "requester",
            created_at=START + timedelta(minutes=minutes),
            data=data,
            status_after="filed",
            due_date_after=date(2026, 3, 24),
            # The column did not exist; the database now needs a value, which must be replaced.
            area_after_id=world.gerencia.pk,
        )
    return case, request


def test_the_history_is_replayed_into_columns_ids_and_text_rows(world: World) -> None:
    # given a history written before events were typed
    apps = _old_apps()
    case, request = _old_history(world, apps)

    # when the migration runs
    migration.rewrite_events(apps, connection.schema_editor())

    # then each event knows the area and the assignee after it
    rows = list(CaseEvent.objects.filter(case_id=case.pk).order_by("created_at", "id"))
    w = world
    assert [(e.kind, e.area_after_id, e.assignee_after_id) for e in rows] == [
        ("filed", w.facturacion.pk, None),
        ("assigned", w.facturacion.pk, w.bruno.pk),
        ("clarification_requested", w.facturacion.pk, w.bruno.pk),
        ("clarification_received", w.facturacion.pk, w.bruno.pk),
        ("moved", w.acueducto.pk, None),
        ("internal_request_opened", w.acueducto.pk, None),
        ("assigned", w.acueducto.pk, w.carla.pk),
        ("answered", w.acueducto.pk, w.carla.pk),
    ]
    # and every row now reads as its typed event, names turned into ids
    payloads = [e.payload for e in rows]
    assert payloads[0] == events.Filed(
        channel=Channel.WEB,
        legal_source="Ley 1755 art. 14",
        term=15,
        unit="business_days",
        reasons="Cobro indebido",
    )
    assert payloads[1] == events.Assigned(previous_assignee_id=None)
    assert payloads[4] == events.Moved(from_area_id=w.facturacion.pk, note="Es de redes")
    assert payloads[5] == events.InternalRequestOpened(
        request_id=request.pk,
        to_area_id=w.operaciones.pk,
        due_date=date(2026, 3, 10),
        capped=False,
        question="¿Hubo corte?",
    )
    assert payloads[6] == events.Assigned(previous_assignee_id=None)
    assert payloads[7] == events.Answered(
        channel=ResponseChannel.EMAIL,
        on_time=True,
        author_id=w.carla.pk,
        approved=True,
        text="Reliquidamos, Ana.",
    )
    # and the personal texts left the append-only rows for erasable ones
    assert not any("Ana" in str(e.data) for e in rows)
    assert CaseText.objects.filter(case_id=case.pk).count() == 6
    assert set(CaseText.objects.filter(case_id=case.pk).values_list("kind", flat=True)) == {
        CaseTextKind.REASONS,
        CaseTextKind.MESSAGE,
        CaseTextKind.NOTE,
        CaseTextKind.QUESTION,
        CaseTextKind.TEXT,
    }
