"""Answering: templates filled from the case, approval rules, and the approval services."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from promesa.cases import services
from promesa.cases.answers import answer_needs_approval, fill_answer_template
from promesa.cases.choices import AnswerDraftStatus, CaseKind, CaseStatus, EventKind
from promesa.cases.choices import ResponseChannel as RC
from promesa.cases.events import Answered, AnswerReturned
from promesa.cases.models import AnswerApprovalRule, AnswerDraft, AnswerTemplate, Case
from promesa.cases.page_selectors import local_today
from promesa.cases.tasks import (
    send_answer_returned_email,
    send_answer_submitted_email,
    send_case_message,
)
from promesa.core.errors import ApplicationError
from promesa.core.templatetags.promesa import long_date
from promesa.notifications.outbox import outbox_deliver
from promesa.portal.selectors import public_attachments
from tests.cases.factories import file_case, reload
from tests.conftest import World
from tests.queue import run_worker
from tests.workspace.helpers import new_case

PDF = services.AttachmentInput(
    name="liquidacion.pdf", content_type="application/pdf", data=b"%PDF-1.4\nreliquidacion\n"
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def a_case(world: World, **kwargs: Any) -> Case:
    """A Facturación case received two days ago, so that answering now is on time."""
    return new_case(world, world.facturacion, **kwargs)


def needs_approval_in(world: World, **rule: Any) -> None:
    AnswerApprovalRule.objects.create(organization=world.organization, **rule)


def events(case: Case) -> list[str]:
    return list(case.events.order_by("created_at", "id").values_list("kind", flat=True))


# --- templates -------------------------------------------------------------------------------


def test_a_template_fills_the_case_variables_with_dates_in_words(world: World) -> None:
    case = file_case(world.organization, world.facturacion, received="2026-03-02T10:00").case
    template = AnswerTemplate.objects.create(
        organization=world.organization,
        name="General",
        body=(
            "{{ requester_name }} · {{ filing_number }} · {{ received_date }} · {{ due_date }}"
            " · {{ today }} · {{ area_name }} · {{ agent_name }} · {{ organization_name }}"
        ),
    )

    text = fill_answer_template(template, case=case, by=world.bruno)

    with translation.override("es-co"):
        today = long_date(local_today(world.organization))
        due = long_date(case.due_date)
    assert text == (
        f"Ana María Ruiz · {case.filing_number} · lunes 2 de marzo de 2026 · {due} · {today}"
        " · Facturación · Bruno · Aguas de Prueba S.A. E.S.P."
    )


def test_a_template_is_not_html_escaped(world: World) -> None:
    case = a_case(world)
    case.requester.full_name = "Ana O'Brien & Cía"
    template = AnswerTemplate(
        organization=world.organization, name="x", body="{{ requester_name }}"
    )

    assert fill_answer_template(template, case=case, by=world.bruno) == "Ana O'Brien & Cía"


def test_a_template_with_broken_syntax_is_refused_on_save(world: World) -> None:
    template = AnswerTemplate(
        organization=world.organization, name="Rota", body="Hola {% if requester_name %}"
    )

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert "body" in refused.value.message_dict


# --- approval rules --------------------------------------------------------------------------


def test_without_rules_no_answer_needs_approval(world: World) -> None:
    assert not answer_needs_approval(a_case(world))


def test_a_rule_on_an_area_covers_the_areas_below_it(world: World) -> None:
    needs_approval_in(world, area=world.servicio)  # Facturación's parent

    assert answer_needs_approval(a_case(world))
    assert not answer_needs_approval(file_case(world.organization, world.acueducto).case)


def test_a_rule_on_a_kind_covers_only_that_kind(world: World) -> None:
    needs_approval_in(world, kind=CaseKind.DENUNCIA)

    assert answer_needs_approval(a_case(world, kind=CaseKind.DENUNCIA))
    assert not answer_needs_approval(a_case(world, kind=CaseKind.PETICION))


def test_a_rule_on_area_and_kind_needs_both(world: World) -> None:
    needs_approval_in(world, area=world.acueducto, kind=CaseKind.RECLAMO)

    assert not answer_needs_approval(a_case(world, kind=CaseKind.RECLAMO))
    assert answer_needs_approval(
        file_case(world.organization, world.acueducto, kind=CaseKind.RECLAMO).case
    )


def test_an_empty_rule_covers_every_answer(world: World) -> None:
    needs_approval_in(world)

    assert answer_needs_approval(file_case(world.organization, world.gerencia).case)


# --- the services ----------------------------------------------------------------------------


def test_bruno_cannot_answer_directly_where_approval_applies(world: World) -> None:
    needs_approval_in(world, area=world.facturacion)
    case = a_case(world)

    with pytest.raises(ApplicationError) as refused:
        services.case_answer(case=case, by=world.bruno, text="Listo.", channel=RC.EMAIL)

    assert refused.value.code == "approval_required"
    assert events(case) == [EventKind.FILED]


def test_diego_may_answer_directly_where_approval_applies(world: World) -> None:
    needs_approval_in(world, area=world.facturacion)
    case = a_case(world)

    answered = services.case_answer(case=case, by=world.diego, text="Listo.", channel=RC.EMAIL)

    assert answered.status == CaseStatus.ANSWERED


def test_a_submission_waits_with_one_event_and_blocks_a_second_one(world: World) -> None:
    needs_approval_in(world, area=world.facturacion)
    case = a_case(world)

    draft = services.case_answer_submit(
        case=case, by=world.bruno, text="Reliquidamos.", channel=RC.EMAIL, attachments=[PDF]
    )

    assert draft.status == AnswerDraftStatus.PENDING
    assert reload(case).status == CaseStatus.FILED  # nothing went out
    assert events(case) == [EventKind.FILED, EventKind.ANSWER_SUBMITTED]
    assert public_attachments(case) == []  # the requester sees no file yet
    with pytest.raises(ApplicationError) as refused:
        services.case_answer_submit(case=case, by=world.bruno, text="Otra.", channel=RC.EMAIL)
    assert refused.value.code == "draft_pending"
    with pytest.raises(ApplicationError):
        services.case_answer(case=case, by=world.diego, text="Directa.", channel=RC.EMAIL)
    assert len(events(case)) == 2


def test_diego_approves_and_the_answer_goes_out_as_a_direct_one_would(world: World) -> None:
    needs_approval_in(world, area=world.facturacion)
    case = a_case(world)
    services.case_answer_submit(
        case=case, by=world.bruno, text="Reliquidamos.", channel=RC.EMAIL, attachments=[PDF]
    )

    answered = services.case_answer_approve(case=case, by=world.diego)

    assert answered.status == CaseStatus.ANSWERED
    assert answered.answered_at is not None
    assert answered.assignee == world.bruno  # the author, not the approver
    assert events(case)[-1] == EventKind.ANSWERED
    assert len(events(case)) == 3
    event = case.events.get(kind=EventKind.ANSWERED)
    assert event.actor == world.diego
    assert event.payload == Answered(
        text="Reliquidamos.",
        channel=RC.EMAIL,
        on_time=True,
        author_id=world.bruno.pk,
        approved=True,
    )
    assert event.area_after == world.facturacion
    assert event.assignee_after == world.bruno
    assert AnswerDraft.objects.get(case=case).status == AnswerDraftStatus.SENT
    assert [a.original_name for a in public_attachments(case)] == ["liquidacion.pdf"]


def test_diego_returns_it_and_bruno_resubmits(world: World) -> None:
    needs_approval_in(world, area=world.facturacion)
    case = a_case(world)
    services.case_answer_submit(case=case, by=world.bruno, text="Borrador.", channel=RC.EMAIL)

    returned = services.case_answer_return(case=case, by=world.diego, reason="Cite la norma.")

    assert returned.status == AnswerDraftStatus.RETURNED
    event = case.events.order_by("-id").first()
    assert event is not None
    assert event.kind == EventKind.ANSWER_RETURNED
    assert event.payload_as(AnswerReturned).reason == "Cite la norma."
    again = services.case_answer_submit(
        case=case, by=world.bruno, text="Según la Ley 142...", channel=RC.EMAIL
    )
    assert again.pk == returned.pk
    assert again.status == AnswerDraftStatus.PENDING
    assert events(case)[1:] == [
        EventKind.ANSWER_SUBMITTED,
        EventKind.ANSWER_RETURNED,
        EventKind.ANSWER_SUBMITTED,
    ]


def test_diego_is_told_once_that_an_answer_waits_for_him(world: World) -> None:
    # given: Facturación has no manager of its own; Servicio al Cliente above it is diego's
    needs_approval_in(world, area=world.facturacion)
    case = a_case(world)
    draft = services.case_answer_submit(
        case=case, by=world.bruno, text="Reliquidamos.", channel=RC.EMAIL
    )
    mail.outbox.clear()

    # when the task runs twice
    send_answer_submitted_email.call(draft_id=draft.pk)
    send_answer_submitted_email.call(draft_id=draft.pk)
    outbox_deliver()

    # then
    assert [message.to for message in mail.outbox] == [["diego@prueba.test"]]
    message = mail.outbox[0]
    assert message.subject == (
        f"[{case.filing_number}] Una respuesta de Bruno espera su aprobación"
    )
    assert f"/trabajo/casos/{case.filing_number}/responder/" in message.body
    assert f"El plazo legal vence el {long_date(case.due_date)}." in message.body


def test_bruno_is_told_what_to_change_and_a_stale_notice_is_not_sent(world: World) -> None:
    needs_approval_in(world, area=world.facturacion)
    case = a_case(world)
    draft = services.case_answer_submit(
        case=case, by=world.bruno, text="Borrador.", channel=RC.EMAIL
    )
    services.case_answer_return(case=case, by=world.diego, reason="Cite la Ley 142.")
    mail.outbox.clear()

    # the submission's notice ran late, after the answer came back: it has nothing to say
    send_answer_submitted_email.call(draft_id=draft.pk)
    send_answer_returned_email.call(draft_id=draft.pk)
    send_answer_returned_email.call(draft_id=draft.pk)
    outbox_deliver()

    assert [message.to for message in mail.outbox] == [["bruno@prueba.test"]]
    assert mail.outbox[0].subject == f"[{case.filing_number}] Diego le devolvió su respuesta"
    assert "Cite la Ley 142." in mail.outbox[0].body

    # resubmitted, diego is told again
    services.case_answer_submit(
        case=case, by=world.bruno, text="Según la Ley 142…", channel=RC.EMAIL
    )
    send_answer_submitted_email.call(draft_id=draft.pk)
    outbox_deliver()
    assert [message.to for message in mail.outbox][-1] == ["diego@prueba.test"]


def test_returning_needs_a_reason(world: World) -> None:
    case = a_case(world)
    services.case_answer_submit(case=case, by=world.bruno, text="Borrador.", channel=RC.EMAIL)

    with pytest.raises(ApplicationError) as refused:
        services.case_answer_return(case=case, by=world.diego, reason="  ")

    assert refused.value.code == "required"


@pytest.mark.parametrize(
    ("person", "action"),
    [
        ("carla", "submit"),  # another area
        ("oscar", "submit"),  # reads only
        ("bruno", "approve"),  # agents do not approve
        ("bruno", "return"),
        ("carla", "approve"),
        ("oscar", "approve"),
        ("oscar", "return"),
    ],
)
def test_who_may_not_submit_approve_or_return(world: World, person: str, action: str) -> None:
    case = a_case(world)
    if action != "submit":
        services.case_answer_submit(case=case, by=world.bruno, text="Borrador.", channel=RC.EMAIL)
    before = events(case)
    by = getattr(world, person)

    attempts: dict[str, Callable[[], object]] = {
        "submit": partial(
            services.case_answer_submit, case=case, by=by, text="Hola.", channel=RC.EMAIL
        ),
        "approve": partial(services.case_answer_approve, case=case, by=by),
        "return": partial(services.case_answer_return, case=case, by=by, reason="No."),
    }

    with pytest.raises(ApplicationError) as refused:
        attempts[action]()

    assert refused.value.code == "forbidden"
    assert events(case) == before


def test_approving_without_a_pending_answer_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.case_answer_approve(case=a_case(world), by=world.diego)

    assert refused.value.code == "no_pending_answer"


def test_an_e_mail_answer_needs_an_address(world: World) -> None:
    case = a_case(world, anonymous=True)

    with pytest.raises(ApplicationError) as refused:
        services.case_answer(case=case, by=world.bruno, text="Listo.", channel=RC.EMAIL)

    assert refused.value.code == "channel"
    assert services.case_answer(case=case, by=world.bruno, text="Listo.", channel=RC.PORTAL)


def test_the_files_of_the_answer_reach_the_e_mail_and_the_portal(world: World) -> None:
    case = a_case(world)
    mail.outbox.clear()

    services.case_answer(
        case=case, by=world.bruno, text="Adjuntamos.", channel=RC.EMAIL, attachments=[PDF]
    )
    send_case_message.call(case_id=case.pk, message="answer")
    outbox_deliver()

    [message] = mail.outbox
    assert message.attachments == [("liquidacion.pdf", PDF.data, "application/pdf")]
    [public] = public_attachments(case)
    assert public.original_name == "liquidacion.pdf"
    assert public.event is not None
    assert public.event.kind == EventKind.ANSWERED


def test_only_the_e_mail_channel_sends_an_e_mail(world: World) -> None:
    case = a_case(world)
    run_worker()
    mail.outbox.clear()  # the acknowledgement

    services.case_answer(case=case, by=world.bruno, text="En su página.", channel=RC.PORTAL)
    run_worker()

    assert mail.outbox == []
