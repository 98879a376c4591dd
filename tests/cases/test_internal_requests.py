"""Internal requests: one area asks another for input on a case, with its own due date."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from promesa.cases.choices import CaseStatus, EventKind, InternalRequestStatus, ResponseChannel
from promesa.cases.models import Case, InternalRequest
from promesa.cases.services import (
    case_answer,
    case_close,
    case_internal_request_answer,
    case_internal_request_cancel,
    case_internal_request_open,
    case_withdraw,
    internal_request_reply,
)
from promesa.cases.tasks import (
    send_internal_request_answered_email,
    send_internal_request_message_email,
    send_internal_request_opened_email,
)
from promesa.core.errors import ApplicationError
from promesa.notifications.outbox import outbox_deliver
from promesa.organization.services import area_create, membership_add
from tests.cases.factories import bogota, file_case, reload
from tests.conftest import World

# A Tuesday; Friday 25 December is Christmas, so three business days end on Monday the 28th.
ASKED_AT = bogota("2026-12-22T10:00")


def facturacion_case(world: World) -> Case:
    return file_case(world.organization, world.facturacion, received="2026-12-18T16:00").case


def ask_acueducto(world: World, case: Case, question: str = "¿Hubo corte?") -> InternalRequest:
    return case_internal_request_open(
        case=case, by=world.bruno, to_area=world.acueducto, question=question, at=ASKED_AT
    )


def acueducto_gets_elena_and_lucia(world: World) -> None:
    """Elena becomes Acueducto's manager and lucia joins carla as a member."""
    elena = world.diego.__class__.objects.create_user(
        email="elena@prueba.test",
        full_name="Elena",
        role="area_manager",
        organization=world.organization,
    )
    world.acueducto.manager = elena
    world.acueducto.save()
    membership_add(user=world.lucia, area=world.acueducto)


def test_the_internal_due_date_counts_the_organizations_business_days(world: World) -> None:
    case = facturacion_case(world)

    request = ask_acueducto(world, case)

    assert world.organization.internal_request_days == 3
    assert request.due_date == date(2026, 12, 28)  # over Christmas and the weekend
    assert not request.capped_at_legal_due_date
    assert (request.from_area, request.to_area, request.requested_by) == (
        world.facturacion,
        world.acueducto,
        world.bruno,
    )
    assert request.status == InternalRequestStatus.OPEN


def test_an_area_may_promise_its_own_service_level(world: World) -> None:
    world.acueducto.internal_service_days = 1
    world.acueducto.save()
    case = facturacion_case(world)

    request = ask_acueducto(world, case)

    assert request.due_date == date(2026, 12, 23)


def test_the_internal_due_date_is_never_after_the_legal_one(world: World) -> None:
    world.acueducto.internal_service_days = 40
    world.acueducto.save()
    case = facturacion_case(world)

    request = ask_acueducto(world, case)

    assert request.due_date == case.due_date
    assert request.capped_at_legal_due_date
    event = case.events.get(kind=EventKind.INTERNAL_REQUEST_OPENED)
    assert event.data["capped"] is True
    assert event.data["due_date"] == case.due_date.isoformat()


def test_opening_writes_one_event_and_leaves_the_case_state_alone(world: World) -> None:
    case = facturacion_case(world)

    request = ask_acueducto(world, case, question="¿Hubo corte en la calle 10?")

    events = list(case.events.order_by("created_at", "id"))
    assert [event.kind for event in events] == [EventKind.FILED, EventKind.INTERNAL_REQUEST_OPENED]
    assert events[1].actor == world.bruno
    assert events[1].data["request"] == str(request.public_id)
    assert events[1].data["to_area"] == "Acueducto"
    assert events[1].data["question"] == "¿Hubo corte en la calle 10?"
    assert reload(case).status == CaseStatus.FILED
    assert reload(case).due_date == case.due_date


@pytest.mark.parametrize(
    ("asker", "code"),
    [("carla", "forbidden"), ("oscar", "forbidden")],
)
def test_only_people_who_act_on_the_case_may_ask(world: World, asker: str, code: str) -> None:
    case = facturacion_case(world)

    with pytest.raises(ApplicationError) as error:
        case_internal_request_open(
            case=case, by=getattr(world, asker), to_area=world.acueducto, question="?"
        )

    assert error.value.code == code
    assert not InternalRequest.objects.exists()


def test_the_case_cannot_ask_its_own_area(world: World) -> None:
    case = facturacion_case(world)

    with pytest.raises(ApplicationError, match="ya está en Facturación") as error:
        case_internal_request_open(
            case=case, by=world.bruno, to_area=world.facturacion, question="?"
        )

    assert error.value.code == "invalid"


def test_an_area_of_another_organization_is_refused(world: World) -> None:
    from promesa.organization.models import Organization

    other = Organization.objects.create(name="Otra Empresa", slug="otra")
    foreign = area_create(organization=other, name="Acueducto", code="acueducto")
    case = facturacion_case(world)

    with pytest.raises(ApplicationError) as error:
        case_internal_request_open(case=case, by=world.bruno, to_area=foreign, question="?")

    assert error.value.code == "invalid"


def test_a_finished_case_asks_nobody(world: World) -> None:
    case = facturacion_case(world)
    case_answer(
        case=case, by=world.bruno, text="Respuesta.", channel=ResponseChannel.EMAIL, notify=False
    )

    with pytest.raises(ApplicationError) as error:
        ask_acueducto(world, reload(case))

    assert error.value.code == "invalid_transition"


def test_an_empty_question_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as error:
        ask_acueducto(world, facturacion_case(world), question="   ")

    assert error.value.code == "required"


def test_carla_answers_and_the_request_closes(world: World) -> None:
    # given
    case = facturacion_case(world)
    request = ask_acueducto(world, case)

    # when
    answered = case_internal_request_answer(
        request=request, by=world.carla, text="Sí, hubo corte el 10 de diciembre.", at=ASKED_AT
    )

    # then
    assert answered.status == InternalRequestStatus.ANSWERED
    assert (answered.answered_by, answered.answered_at) == (world.carla, ASKED_AT)
    event = case.events.get(kind=EventKind.INTERNAL_REQUEST_ANSWERED)
    assert event.actor == world.carla
    assert event.data["answer"] == "Sí, hubo corte el 10 de diciembre."
    assert event.data["on_time"] is True
    with pytest.raises(ApplicationError) as error:
        case_internal_request_answer(request=answered, by=world.carla, text="Otra vez")
    assert error.value.code == "invalid_transition"


@pytest.mark.parametrize("person", ["bruno", "diego", "oscar"])
def test_only_the_supplying_area_answers(world: World, person: str) -> None:
    request = ask_acueducto(world, facturacion_case(world))

    with pytest.raises(ApplicationError) as error:
        case_internal_request_answer(request=request, by=getattr(world, person), text="x")

    assert error.value.code == "forbidden"
    assert InternalRequest.objects.get().status == InternalRequestStatus.OPEN


def test_the_asking_side_cancels_and_the_supplier_no_longer_answers(world: World) -> None:
    case = facturacion_case(world)
    request = ask_acueducto(world, case)

    with pytest.raises(ApplicationError):
        case_internal_request_cancel(request=request, by=world.carla)
    cancelled = case_internal_request_cancel(
        request=request, by=world.diego, reason="Ya lo averiguamos."
    )

    assert cancelled.status == InternalRequestStatus.CANCELLED
    assert (cancelled.cancelled_by, cancelled.cancel_reason) == (world.diego, "Ya lo averiguamos.")
    assert case.events.filter(kind=EventKind.INTERNAL_REQUEST_CANCELLED).count() == 1
    with pytest.raises(ApplicationError):
        case_internal_request_answer(request=cancelled, by=world.carla, text="Tarde")


def test_closing_the_case_cancels_what_is_still_open_in_the_closing_event(world: World) -> None:
    # given: acueducto answered one question; the second is still open when bruno closes
    case = facturacion_case(world)
    answered = ask_acueducto(world, case, question="¿Hubo corte?")
    case_internal_request_answer(request=answered, by=world.carla, text="Sí.", at=ASKED_AT)
    pending = ask_acueducto(world, case, question="¿Cuándo se reconectó?")
    case_answer(
        case=reload(case),
        by=world.bruno,
        text="Respuesta.",
        channel=ResponseChannel.EMAIL,
        notify=False,
    )

    # when
    case_close(case=reload(case), by=world.bruno)

    # then
    answered.refresh_from_db()
    pending.refresh_from_db()
    assert answered.status == InternalRequestStatus.ANSWERED
    assert pending.status == InternalRequestStatus.CANCELLED
    assert (pending.cancelled_by, pending.cancel_reason) == (
        world.bruno,
        "El caso terminó antes de que llegara la respuesta.",
    )
    closing = case.events.get(kind=EventKind.CLOSED)
    assert closing.data == {"cancelled_requests": [str(pending.public_id)]}
    assert case.events.filter(kind=EventKind.INTERNAL_REQUEST_CANCELLED).count() == 0
    with pytest.raises(ApplicationError):
        case_internal_request_answer(request=pending, by=world.carla, text="Tarde")


def test_a_withdrawn_case_owes_no_other_area_an_answer(world: World) -> None:
    case = facturacion_case(world)
    request = ask_acueducto(world, case)

    case_withdraw(case=reload(case), by=world.diego, reason="El usuario desistió.")

    request.refresh_from_db()
    assert request.status == InternalRequestStatus.CANCELLED
    assert case.events.get(kind=EventKind.WITHDRAWN).data["cancelled_requests"] == [
        str(request.public_id)
    ]


def test_both_sides_write_in_the_thread_without_case_events(world: World) -> None:
    case = facturacion_case(world)
    request = ask_acueducto(world, case)

    internal_request_reply(request=request, by=world.carla, text="¿Qué dirección?")
    internal_request_reply(request=request, by=world.bruno, text="Calle 10 # 5-20")

    assert [(m.author, m.text) for m in request.messages.all()] == [
        (world.carla, "¿Qué dirección?"),
        (world.bruno, "Calle 10 # 5-20"),
    ]
    assert case.events.count() == 2  # filed and asked: messages are no events
    with pytest.raises(ApplicationError) as error:
        internal_request_reply(request=request, by=world.oscar, text="Leído")
    assert error.value.code == "forbidden"


def test_each_message_reaches_the_other_side_of_the_conversation_once(world: World) -> None:
    # given: Acueducto has a manager and a second member besides carla
    acueducto_gets_elena_and_lucia(world)
    request = ask_acueducto(world, facturacion_case(world))

    # bruno adds a detail before anyone of Acueducto wrote: the whole area hears of it
    first = internal_request_reply(request=request, by=world.bruno, text="Es la calle 10.")
    mail.outbox.clear()
    send_internal_request_message_email.call(message_id=first.pk)
    send_internal_request_message_email.call(message_id=first.pk)
    outbox_deliver()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "carla@prueba.test",
        "elena@prueba.test",
        "lucia@prueba.test",
    ]
    assert mail.outbox[0].subject == (
        f"[{request.case.filing_number}] Bruno escribió en la solicitud interna a Acueducto"
    )
    assert "Es la calle 10." in mail.outbox[0].body

    # carla asks back: bruno hears of it, and Acueducto is now in the conversation through her
    second = internal_request_reply(request=request, by=world.carla, text="¿Qué número?")
    third = internal_request_reply(request=request, by=world.bruno, text="El 5-20.")
    mail.outbox.clear()
    send_internal_request_message_email.call(message_id=second.pk)
    outbox_deliver()
    assert [m.to for m in mail.outbox] == [["bruno@prueba.test"]]
    mail.outbox.clear()
    send_internal_request_message_email.call(message_id=third.pk)
    outbox_deliver()
    assert [m.to for m in mail.outbox] == [["carla@prueba.test"]]


def test_the_thread_is_closed_once_answered(world: World) -> None:
    request = ask_acueducto(world, facturacion_case(world))
    case_internal_request_answer(request=request, by=world.carla, text="Listo.")

    with pytest.raises(ApplicationError) as error:
        internal_request_reply(request=request, by=world.bruno, text="Gracias")

    assert error.value.code == "invalid_transition"


def test_the_supplying_area_and_its_manager_are_told_once(world: World) -> None:
    # given a manager for Acueducto and a second member
    acueducto_gets_elena_and_lucia(world)
    request = ask_acueducto(world, facturacion_case(world), question="¿Hubo corte?")
    mail.outbox.clear()

    # when the task runs twice
    send_internal_request_opened_email.call(request_id=request.pk)
    send_internal_request_opened_email.call(request_id=request.pk)
    outbox_deliver()

    # then
    assert sorted(message.to[0] for message in mail.outbox) == [
        "carla@prueba.test",
        "elena@prueba.test",
        "lucia@prueba.test",
    ]
    message = next(m for m in mail.outbox if m.to == ["carla@prueba.test"])
    assert request.case.filing_number in message.subject
    assert "¿Hubo corte?" in message.body
    assert f"/trabajo/solicitudes/{request.public_id}/" in message.body
    assert "lunes 28 de diciembre de 2026" in message.body
    assert "ana@correo.test" not in message.body


def test_the_asker_is_told_of_the_answer_once(world: World) -> None:
    request = ask_acueducto(world, facturacion_case(world))
    case_internal_request_answer(request=request, by=world.carla, text="Sí, hubo corte.")
    mail.outbox.clear()

    send_internal_request_answered_email.call(request_id=request.pk)
    send_internal_request_answered_email.call(request_id=request.pk)
    outbox_deliver()

    assert [message.to for message in mail.outbox] == [["bruno@prueba.test"]]
    assert "Sí, hubo corte." in mail.outbox[0].body
    assert "Acueducto" in mail.outbox[0].subject
