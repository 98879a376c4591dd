"""The typed events: one dataclass per kind, stored as facts plus texts, read back whole."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from enum import Enum
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from promesa.accounts.models import User
from promesa.cases import events
from promesa.cases.choices import CaseStatus, CaseTextKind, EventKind, ResponseChannel
from promesa.cases.models import CaseText
from promesa.cases.services import case_answer, case_assign, case_move, case_request_clarification
from promesa.organization.models import Area
from tests.cases.factories import file_case
from tests.conftest import World


def _sample(hint: Any, index: int) -> object:
    """A value of the type ``hint``, different per field so a swapped field would show."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return _sample(next(h for h in typing.get_args(hint) if h is not type(None)), index)
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return (_sample(item, index), _sample(item, index + 1))
    if hint is date:
        return date(2026, 3, 1 + index)
    if isinstance(hint, type) and issubclass(hint, Enum):
        members = list(hint)
        return members[index % len(members)]
    if hint is bool:
        return index % 2 == 0
    if hint is int:
        return 100 + index
    return f"texto {index} de Ana"


def an_event(cls: type[events.Event]) -> events.Event:
    hints = typing.get_type_hints(cls)
    values = {f.name: _sample(hints[f.name], i) for i, f in enumerate(dataclasses.fields(cls))}
    return cls(**values)


def test_every_event_kind_has_exactly_one_payload_class() -> None:
    subclasses = events.Event.__subclasses__()

    assert sorted(cls.kind for cls in subclasses) == sorted(EventKind)
    assert len(subclasses) == len({cls.kind for cls in subclasses})


@pytest.mark.parametrize("kind", list(EventKind))
def test_each_kind_survives_being_stored_and_read_back(kind: EventKind) -> None:
    event = an_event(events.EVENT_TYPES[kind])

    stored = json.loads(json.dumps(event.to_data()))
    texts = {str(k): v for k, v in event.texts().items()}

    assert events.parse(kind, stored, texts) == event


@pytest.mark.parametrize("kind", list(EventKind))
def test_personal_texts_never_reach_the_append_only_data(kind: EventKind) -> None:
    event = an_event(events.EVENT_TYPES[kind])

    assert not set(event.to_data()) & set(events.text_fields(type(event)))
    assert all(kind in CaseTextKind.values for kind in events.text_fields(type(event)))


def test_a_stored_key_the_payload_does_not_declare_is_refused() -> None:
    with pytest.raises(events.EventFormatError, match="unknown keys"):
        events.parse(EventKind.ASSIGNED, {"assignee": "Bruno", "previous": ""})


def test_a_fact_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(events.EventFormatError, match="expected a number"):
        events.parse(EventKind.MOVED, {"from_area_id": "Facturación"})


def test_a_service_writes_the_facts_as_columns_and_the_texts_as_rows(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case

    case_move(case=case, area=world.acueducto, by=world.adriana, note="Es de redes, Ana dice.")
    case = case_assign(case=case, assignee=world.carla, by=world.adriana)
    case_request_clarification(case=case, by=world.carla, message="Envíe la factura, Ana.")

    moved, assigned, asked = (
        case.events.get(kind=kind)
        for kind in (EventKind.MOVED, EventKind.ASSIGNED, EventKind.CLARIFICATION_REQUESTED)
    )
    assert (moved.area_after, moved.assignee_after) == (world.acueducto, None)
    assert moved.data == {"from_area_id": world.facturacion.pk}
    assert (assigned.area_after, assigned.assignee_after) == (world.acueducto, world.carla)
    assert assigned.data == {"previous_assignee_id": None}
    assert asked.status_after == CaseStatus.AWAITING_REQUESTER
    assert "Ana" not in json.dumps([moved.data, assigned.data, asked.data])
    assert list(CaseText.objects.filter(case=case).order_by("pk").values_list("kind", "body")) == [
        (CaseTextKind.NOTE, "Es de redes, Ana dice."),
        (CaseTextKind.MESSAGE, "Envíe la factura, Ana."),
    ]


def test_the_answer_counts_for_the_area_that_gave_it(world: World) -> None:
    # given a case answered by Facturación, then moved on (reopened elsewhere later)
    case = file_case(world.organization, world.facturacion).case
    case = case_assign(case=case, assignee=world.bruno, by=world.bruno)

    case_answer(case=case, by=world.bruno, text="Reliquidamos.", channel=ResponseChannel.PORTAL)

    answered = case.events.get(kind=EventKind.ANSWERED)
    assert answered.area_after == world.facturacion
    assert answered.assignee_after == world.bruno
    assert answered.payload == events.Answered(
        channel=ResponseChannel.PORTAL, on_time=True, text="Reliquidamos."
    )


def test_the_timeline_names_areas_and_people_as_they_are_called_today(
    world: World, client: Client
) -> None:
    # given a case moved out of Facturación and assigned to Carla, then both renamed
    case = file_case(world.organization, world.facturacion, received="2026-11-30T10:00").case
    case = case_move(case=case, area=world.acueducto, by=world.adriana)
    case = case_assign(case=case, assignee=world.carla, by=world.adriana)
    Area.objects.filter(pk=world.facturacion.pk).update(name="Facturación y Cartera")
    User.objects.filter(pk=world.carla.pk).update(full_name="Carla Gómez")

    # when Adriana reads the case page
    client.force_login(world.adriana)
    html = client.get(reverse("workspace:case", args=[case.filing_number])).content.decode()

    # then the history shows the names of today, read by id
    assert "Facturación y Cartera" in html
    assert "Carla Gómez" in html
