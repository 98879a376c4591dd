"""A hand-built set of cases for the dashboard tests, in every state, risk and quarter."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from promesa.cases.choices import CaseKind, ResponseChannel
from promesa.cases.models import Case
from promesa.cases.selectors import organization_calendar
from promesa.cases.services import (
    case_answer,
    case_assign,
    case_close,
    case_request_clarification,
    case_start,
)
from promesa.organization.models import Area
from promesa.workspace.dashboard import Quarter
from tests.cases.factories import BOGOTA, file_case
from tests.conftest import World
from tests.workspace.helpers import today


def file_on(world: World, area: Area, *, on: date, kind: CaseKind = CaseKind.PETICION) -> Case:
    received = datetime.combine(on, time(0, 5)).isoformat(timespec="minutes")
    return file_case(world.organization, area, received=received, kind=kind).case


def pin_due(case: Case, due: date) -> Case:
    # Test set-up only: pins the legal deadline without going through the engine.
    Case.objects.filter(pk=case.pk).update(due_date=due, original_due_date=due)
    case.refresh_from_db()
    return case


def answer(case: Case, by: Any, *, at: datetime | None = None) -> Case:
    return case_answer(
        case=case, by=by, text="Respuesta.", channel=ResponseChannel.EMAIL, at=at, notify=False
    )


def seed_dashboard(world: World) -> None:
    """Open cases in every state and risk, answers on time and late, in two quarters.

    Facturación (bruno): f1 filed overdue (a complaint), f2 assigned due today, f3 in progress
    due soon, f4 waiting for the requester and f5 assigned, both on track; a1 answered on time
    (then closed), a2 answered late; a3 received and answered on time last quarter; a4
    received last quarter and answered on time this one. Acueducto (carla): w1 filed overdue
    (a claim), w2 answered late. Servicio al Cliente (diego): s1 assigned, on track (a
    suggestion). Everything else is received on the first day of this quarter.
    """
    now = today(world)
    quarter = Quarter.containing(now)
    start, last_start = quarter.start, quarter.previous().start
    calendar = organization_calendar(world.organization)
    due_soon = calendar.add_business_days(now, world.organization.due_soon_days)
    bruno, carla, diego = world.bruno, world.carla, world.diego
    fact, water = world.facturacion, world.acueducto

    pin_due(file_on(world, fact, on=start, kind=CaseKind.QUEJA), now - timedelta(days=1))
    case_assign(case=pin_due(file_on(world, fact, on=start), now), assignee=bruno, by=bruno)
    case_start(case=pin_due(file_on(world, fact, on=start), due_soon), by=bruno)
    waiting = case_request_clarification(
        case=file_on(world, fact, on=start), by=bruno, message="Falta la factura.", notify=False
    )
    pin_due(waiting, now + timedelta(days=60))
    case_assign(
        case=pin_due(file_on(world, fact, on=start), now + timedelta(days=60)),
        assignee=bruno,
        by=bruno,
    )

    a1 = answer(pin_due(file_on(world, fact, on=start), now), bruno)
    case_close(case=a1, by=bruno)
    answer(pin_due(file_on(world, fact, on=start), now - timedelta(days=1)), bruno)
    a3 = pin_due(file_on(world, fact, on=last_start), last_start + timedelta(days=10))
    answer(a3, bruno, at=datetime.combine(last_start + timedelta(days=5), time(10), BOGOTA))
    answer(pin_due(file_on(world, fact, on=last_start), now + timedelta(days=10)), bruno)

    pin_due(file_on(world, water, on=start, kind=CaseKind.RECLAMO), now - timedelta(days=5))
    answer(pin_due(file_on(world, water, on=start), now - timedelta(days=3)), carla)

    s1 = pin_due(
        file_on(world, world.servicio, on=start, kind=CaseKind.SUGERENCIA), now + timedelta(days=60)
    )
    case_assign(case=s1, assignee=diego, by=diego)
