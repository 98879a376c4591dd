"""The PQRS lifecycle: each transition is one service writing one event."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.utils import translation

from promesa.cases import services
from promesa.cases.choices import CaseStatus, EventKind, ResponseChannel
from promesa.cases.events import Answered, Transferred
from promesa.cases.models import Case, CaseEvent
from promesa.cases.selectors import case_timeline, cases_visible_to
from promesa.cases.subscribers import tell_the_requester
from promesa.core.errors import ApplicationError
from tests.cases.factories import bogota, file_case, reload
from tests.conftest import World
from tests.queue import deliveries, run_worker


def test_filing_numbers_the_case_and_computes_the_legal_deadline(world: World) -> None:
    filed = file_case(world.organization, world.facturacion, received="2026-12-18T16:00")

    case = reload(filed.case)
    assert case.filing_number == "2026-000001"
    assert case.due_date == date(2027, 1, 13)  # vector CO1
    assert case.original_due_date == date(2027, 1, 13)
    assert case.status == CaseStatus.FILED
    assert [e.kind for e in case.events.all()] == [EventKind.FILED]


def test_filing_numbers_follow_the_organizations_format_and_restart_each_year(
    world: World,
) -> None:
    world.organization.filing_number_format = "PQRS-{year}-{seq:05d}"
    world.organization.save()

    first = file_case(world.organization, world.facturacion, received="2026-12-30T10:00")
    second = file_case(world.organization, world.facturacion, received="2026-12-31T10:00")
    third = file_case(world.organization, world.facturacion, received="2027-01-04T10:00")

    assert [first.case.filing_number, second.case.filing_number, third.case.filing_number] == [
        "PQRS-2026-00001",
        "PQRS-2026-00002",
        "PQRS-2027-00001",
    ]


def test_the_tracking_code_is_stored_only_hashed(world: World) -> None:
    filed = file_case(world.organization, world.facturacion)

    case = reload(filed.case)
    assert filed.tracking_code not in case.tracking_code_hash
    assert services.tracking_code_matches(case, filed.tracking_code)
    assert services.tracking_code_matches(case, filed.tracking_code.lower().replace("-", ""))
    assert not services.tracking_code_matches(case, "AAAA-BBBB-CCCC")


def test_tracking_codes_are_unguessable(world: World) -> None:
    codes = {file_case(world.organization, world.facturacion).tracking_code for _ in range(20)}

    assert len(codes) == 20
    assert all(len(code.replace("-", "")) == 12 for code in codes)


def test_filing_enqueues_the_acknowledgement_in_the_same_transaction(world: World) -> None:
    filed = file_case(world.organization, world.facturacion)

    [acknowledgement] = deliveries(tell_the_requester)
    assert acknowledgement["kind"] == EventKind.FILED
    assert acknowledgement["context"] == {"tracking_code": filed.tracking_code}
    assert len(deliveries()) == 1  # nothing else reacts to a filing yet

    run_worker()

    [message] = mail.outbox
    assert message.to == ["ana@correo.test"]
    assert filed.tracking_code in message.body


def test_an_anonymous_request_keeps_no_identity(world: World) -> None:
    filed = file_case(world.organization, world.facturacion, anonymous=True)

    requester = reload(filed.case).requester
    assert requester.is_anonymous
    assert (requester.full_name, requester.email) == ("", "")


def test_an_identified_request_without_a_name_is_refused(world: World) -> None:
    with translation.override("en"), pytest.raises(ApplicationError, match="name"):
        services.case_file(
            filing=services.FilingInput(
                organization=world.organization,
                kind="peticion",  # type: ignore[arg-type]
                request_type="peticion_general",
                regime="co-ley1755",
                channel="web",  # type: ignore[arg-type]
                requester=services.RequesterInput(full_name="  "),
                subject="Asunto",
                description="Detalle",
                area=world.facturacion,
            )
        )
    assert Case.objects.count() == 0


def test_an_unknown_request_type_is_refused_clearly(world: World) -> None:
    with pytest.raises(ApplicationError):
        file_case(world.organization, world.facturacion, request_type="no_existe")


def test_bruno_works_a_case_from_filing_to_closing(world: World) -> None:
    # given a petition filed in Facturación
    case = file_case(world.organization, world.facturacion, received="2026-03-16T09:00").case

    # when bruno takes it, works it, answers and closes it
    case = services.case_assign(
        case=case, assignee=world.bruno, by=world.bruno, at=bogota("2026-03-16T10:00")
    )
    case = services.case_start(case=case, by=world.bruno, at=bogota("2026-03-17T08:00"))
    case = services.case_answer(
        case=case,
        by=world.bruno,
        text="Se corrigió el cobro.",
        channel=ResponseChannel.EMAIL,
        at=bogota("2026-03-20T11:00"),
    )
    case = services.case_close(case=case, by=world.bruno, at=bogota("2026-03-21T09:00"))

    # then the timeline tells the story in order, one event per step
    timeline = case_timeline(reload(case))
    assert [entry.event.kind for entry in timeline] == [
        EventKind.FILED,
        EventKind.ASSIGNED,
        EventKind.STARTED,
        EventKind.ANSWERED,
        EventKind.CLOSED,
    ]
    assert [entry.event.status_after for entry in timeline] == [
        CaseStatus.FILED,
        CaseStatus.ASSIGNED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.ANSWERED,
        CaseStatus.CLOSED,
    ]
    assert all(entry.due_date == date(2026, 4, 9) for entry in timeline)  # vector CO6
    assert timeline[3].event.payload_as(Answered).on_time is True
    assert reload(case).answered_at == bogota("2026-03-20T11:00")


def test_a_clarification_request_pauses_the_clock_until_the_requester_answers(
    world: World,
) -> None:
    # given a petition filed on Monday 16 March 2026, due 9 April (CO6)
    case = file_case(world.organization, world.facturacion, received="2026-03-16T09:00").case
    case = services.case_start(case=case, by=world.bruno, at=bogota("2026-03-17T08:00"))

    # when bruno asks for a missing document on 18 March and Ana answers on 25 March
    case = services.case_request_clarification(
        case=case, by=world.bruno, message="Adjunte la factura.", at=bogota("2026-03-18T09:00")
    )
    assert case.status == CaseStatus.AWAITING_REQUESTER
    assert case.clarification_due == date(2026, 4, 20)  # 18 April is a Saturday: rolls over
    case = services.case_receive_clarification(
        case=case, message="Adjunto la factura.", at=bogota("2026-03-25T15:00")
    )

    # then the business days 18, 19, 20, 24, 25 March did not count (resume mode)
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.due_date == date(2026, 4, 16)
    assert reload(case).pauses == [["2026-03-18", "2026-03-25"]]
    last = case.events.order_by("-created_at").first()
    assert last is not None
    assert last.actor_label == "requester"


def test_a_utility_claim_keeps_its_clock_running_while_waiting(world: World) -> None:
    # Ley 142 claims have no suspension: asking the user does not stop the term.
    case = file_case(
        world.organization,
        world.facturacion,
        regime="co-ley142",
        request_type="pqr",
        received="2025-12-23T10:00",
    ).case
    case = services.case_request_clarification(
        case=case,
        by=world.bruno,
        message="¿Cuál es el número de cuenta?",
        at=bogota("2025-12-26T10:00"),
    )
    case = services.case_receive_clarification(
        case=case, message="Cuenta 12345", at=bogota("2026-01-05T10:00")
    )

    assert case.due_date == date(2026, 1, 16)  # vector CO12, unchanged


def test_an_extension_before_the_deadline_moves_it_and_notifies(world: World) -> None:
    case = file_case(world.organization, world.facturacion, received="2026-12-18T16:00").case

    case = services.case_extend(
        case=case,
        by=world.diego,
        days=15,
        reason="Se requiere visita técnica.",
        at=bogota("2027-01-12T10:00"),
    )

    assert case.due_date == date(2027, 2, 3)  # vector CO4, mode A
    assert case.original_due_date == date(2027, 1, 13)
    told = [delivery["kind"] for delivery in deliveries(tell_the_requester)]
    assert told == [EventKind.FILED, EventKind.EXTENDED]


def test_an_extension_recorded_after_the_deadline_is_refused(world: World) -> None:
    case = file_case(world.organization, world.facturacion, received="2026-12-18T16:00").case

    with pytest.raises(ApplicationError) as error:
        services.case_extend(
            case=case, by=world.diego, days=5, reason="Tarde.", at=bogota("2027-01-14T09:00")
        )

    assert error.value.code == "deadline"
    assert reload(case).due_date == date(2027, 1, 13)
    assert reload(case).events.count() == 1


def test_an_extension_beyond_double_the_term_is_refused(world: World) -> None:
    case = file_case(world.organization, world.facturacion, received="2026-12-18T16:00").case

    with pytest.raises(ApplicationError):
        services.case_extend(
            case=case, by=world.diego, days=16, reason="Mucho.", at=bogota("2027-01-05T09:00")
        )


def test_an_agent_cannot_take_again_a_case_that_is_already_theirs(world: World) -> None:
    # given bruno holds the case
    case = file_case(world.organization, world.facturacion).case
    case = services.case_assign(case=case, assignee=world.bruno, by=world.bruno)

    # when he takes it again, then nothing happens and he is told why
    with translation.override("es"), pytest.raises(ApplicationError) as refused:
        services.case_assign(case=case, assignee=world.bruno, by=world.bruno)

    assert (refused.value.code, refused.value.message) == ("forbidden", "El caso ya es suyo.")
    assert case.events.count() == 2
    # the rule is for agents: a manager holding the case is not refused
    services.case_assign(case=case, assignee=world.diego, by=world.diego)
    services.case_assign(case=case, assignee=world.diego, by=world.diego)
    assert case.events.count() == 4


def test_moving_a_case_to_another_area_leaves_it_unassigned_there(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    case = services.case_assign(case=case, assignee=world.bruno, by=world.bruno)

    case = services.case_move(case=case, area=world.acueducto, by=world.bruno, note="Es de red")

    assert (case.area, case.assignee, case.status) == (world.acueducto, None, CaseStatus.FILED)
    assert case in cases_visible_to(world.carla)
    assert case not in cases_visible_to(world.bruno)


def test_a_transfer_to_the_competent_entity_ends_the_case_here(world: World) -> None:
    case = file_case(world.organization, world.facturacion, received="2026-03-16T09:00").case

    case = services.case_transfer(
        case=case,
        by=world.diego,
        entity="Superintendencia de Servicios Públicos",
        reason="Competencia de la SSPD",
        at=bogota("2026-03-20T09:00"),
    )

    assert case.status == CaseStatus.TRANSFERRED
    event = case.events.get(kind=EventKind.TRANSFERRED)
    assert event.payload_as(Transferred).transfer_due == date(2026, 3, 24)  # vector CO5
    assert event.payload_as(Transferred).on_time is True


def test_reopening_an_answered_case_puts_it_back_in_progress(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    case = services.case_answer(
        case=case, by=world.bruno, text="Respuesta", channel=ResponseChannel.EMAIL
    )

    case = services.case_reopen(case=case, by=world.diego, reason="El usuario insiste.")

    assert case.status == CaseStatus.IN_PROGRESS


def test_a_tacit_withdrawal_waits_for_the_requesters_month(world: World) -> None:
    case = file_case(world.organization, world.facturacion, received="2026-07-01T09:00").case
    case = services.case_request_clarification(
        case=case, by=world.bruno, message="Falta la cédula.", at=bogota("2026-07-10T09:00")
    )
    assert case.clarification_due == date(2026, 8, 10)  # vector CO9

    with pytest.raises(ApplicationError):
        services.case_withdraw(
            case=case,
            by=world.diego,
            reason="Sin respuesta",
            tacit=True,
            at=bogota("2026-08-10T18:00"),
        )
    case = services.case_withdraw(
        case=case, by=world.diego, reason="Sin respuesta", tacit=True, at=bogota("2026-08-11T08:00")
    )

    assert case.status == CaseStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("case_close", {}),
        ("case_reopen", {"reason": "x"}),
        ("case_receive_clarification", {"message": "x"}),
    ],
)
def test_invalid_transitions_raise_one_translated_error(
    world: World, action: str, kwargs: dict[str, str]
) -> None:
    case = file_case(world.organization, world.facturacion).case
    by = {} if action == "case_receive_clarification" else {"by": world.diego}

    with pytest.raises(ApplicationError) as error:
        getattr(services, action)(case=case, **by, **kwargs)

    assert error.value.code == "invalid_transition"
    assert "Filed" in error.value.message or "Radicad" in error.value.message


def test_nothing_after_the_answer_can_be_answered_again(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    case = services.case_answer(case=case, by=world.bruno, text="R", channel=ResponseChannel.EMAIL)

    with pytest.raises(ApplicationError):
        services.case_answer(case=case, by=world.bruno, text="R2", channel=ResponseChannel.EMAIL)


def test_events_are_append_only(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    event = CaseEvent.objects.get(case=case)

    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        CaseEvent.objects.filter(case=case).update(kind="closed")
    with pytest.raises(PermissionError):
        CaseEvent.objects.filter(case=case).delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the database trigger exists on PostgreSQL only",
)
def test_the_database_itself_refuses_to_rewrite_events(world: World) -> None:
    from django.db import DatabaseError, transaction

    case = file_case(world.organization, world.facturacion).case

    for statement in (
        "UPDATE cases_caseevent SET kind = 'closed' WHERE case_id = %s",
        "DELETE FROM cases_caseevent WHERE case_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [case.pk])

    assert CaseEvent.objects.filter(case=case).count() == 1
