"""Turning one received e-mail into a case, a reply on a case, or a recorded refusal."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from promesa.cases.choices import CaseStatus, Channel, EventKind
from promesa.cases.events import Filed, MessageReceived
from promesa.cases.models import Case
from promesa.cases.services import case_request_clarification
from promesa.intake.mail.choices import InboundStatus
from promesa.intake.mail.models import InboundMessage
from promesa.intake.mail.processing import inbound_process
from promesa.notifications.email import case_message_id, reply_address
from tests.cases.factories import file_case, reload
from tests.conftest import World
from tests.mail.messages import PDF, bounce_for, email_from_ana, malformed

pytestmark = pytest.mark.django_db


def test_a_new_email_files_a_petition_with_its_attachment(world: World) -> None:
    # when Ana writes to the PQRS address with a PDF
    raw = email_from_ana(attachment=("factura.pdf", PDF, "application/octet-stream"))
    inbound = inbound_process(raw)

    # then a petition is filed for her, by e-mail, with the attachment
    assert inbound.status == InboundStatus.FILED
    case = inbound.case
    assert case is not None
    assert case.channel == Channel.EMAIL
    assert case.kind == "peticion"
    assert case.request_type == "peticion_general"
    assert case.requester.full_name == "Ana María Ruiz"
    assert case.requester.email == "ana@correo.test"
    assert case.subject == "Cobro doble en la factura de noviembre"
    assert "dos veces el cargo fijo" in case.description
    attachment = case.attachments.get()
    assert attachment.original_name == "factura.pdf"
    # the declared type was generic; the content says PDF
    assert attachment.content_type == "application/pdf"
    filed = case.events.get(kind=EventKind.FILED)
    assert filed.payload_as(Filed).message_id == inbound.message_id
    # and the raw message is kept
    assert inbound.raw.read() == raw
    assert inbound.size == len(raw)


def test_the_requester_name_falls_back_to_the_local_part_of_the_address(world: World) -> None:
    inbound = inbound_process(email_from_ana(sender="ana.ruiz@correo.test"))

    assert inbound.case is not None
    assert inbound.case.requester.full_name == "ana.ruiz"


def test_an_html_only_email_is_filed_with_its_text(world: World) -> None:
    raw = email_from_ana(html="<p>La factura&nbsp;llegó <b>doble</b></p><script>x()</script>")

    inbound = inbound_process(raw)

    assert inbound.case is not None
    assert inbound.case.description == "La factura llegó doble"


def test_an_organization_under_ley_142_files_a_pqr(world: World) -> None:
    world.organization.default_regime = "co-ley142"
    world.organization.save()

    inbound = inbound_process(email_from_ana())

    assert inbound.case is not None
    assert inbound.case.request_type == "pqr"


def test_the_same_message_twice_files_one_case(world: World) -> None:
    raw = email_from_ana()

    first = inbound_process(raw)
    second = inbound_process(raw)

    assert second.pk == first.pk
    assert Case.objects.count() == 1
    assert InboundMessage.objects.count() == 1


def test_the_same_message_id_by_another_route_files_one_case(world: World) -> None:
    raw = email_from_ana()
    rerouted = b"Received: from relay.correo.test by mx.aguas.test;\r\n" + raw

    first = inbound_process(raw)
    second = inbound_process(rerouted)

    assert second.pk == first.pk
    assert Case.objects.count() == 1


def test_a_reply_to_the_reply_address_is_added_to_the_case(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case

    inbound = inbound_process(
        email_from_ana(
            to=reply_address(case.filing_number),
            subject="Re: su solicitud",
            text="Adjunto la factura.",
            attachment=("factura.pdf", PDF, "application/pdf"),
        )
    )

    assert inbound.status == InboundStatus.ATTACHED
    assert inbound.case == case
    message = case.events.get(kind=EventKind.MESSAGE_RECEIVED)
    assert message.payload_as(MessageReceived).text == "Adjunto la factura."
    assert message.payload_as(MessageReceived).channel == Channel.EMAIL
    assert message.attachments.get().original_name == "factura.pdf"
    assert Case.objects.count() == 1


def test_a_reply_to_a_forged_reply_address_files_a_new_case(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    forged = f"pqrs+{case.filing_number}.0123456789@promesa.localhost"

    inbound = inbound_process(email_from_ana(to=forged, subject="Otra cosa"))

    assert inbound.status == InboundStatus.FILED
    assert inbound.case != case


def test_a_reply_referencing_our_message_id_is_added_to_the_case(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    filed = case.events.get(kind=EventKind.FILED)
    our_id = case_message_id(case.filing_number, str(filed.public_id))

    inbound = inbound_process(
        email_from_ana(subject="Re: algo", headers={"In-Reply-To": our_id, "References": our_id})
    )

    assert inbound.status == InboundStatus.ATTACHED
    assert inbound.case == case


def test_a_filing_number_in_the_subject_counts_only_from_the_requester(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    subject = f"Sobre el radicado {case.filing_number}"

    from_ana = inbound_process(email_from_ana(subject=subject, text="Sigo esperando."))
    from_stranger = inbound_process(
        email_from_ana(subject=subject, sender="Pedro <pedro@otro.test>", text="Yo también.")
    )

    assert from_ana.status == InboundStatus.ATTACHED
    assert from_ana.case == case
    assert from_stranger.status == InboundStatus.FILED
    assert from_stranger.case != case


def test_a_reply_while_the_case_waits_for_clarification_resumes_it(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    case_request_clarification(case=case, by=world.bruno, message="¿Qué factura?", notify=False)

    inbound_process(email_from_ana(to=reply_address(case.filing_number), text="La 123."))

    case = reload(case)
    assert case.status == CaseStatus.FILED
    assert case.events.filter(kind=EventKind.CLARIFICATION_RECEIVED).count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "vacation"},
        {"Precedence": "bulk"},
        {"Precedence": "list"},
        {"Return-Path": "<>"},
        {"X-Promesa-Case": "2026-000001"},
    ],
)
def test_automatic_messages_are_ignored(world: World, headers: dict[str, str]) -> None:
    inbound = inbound_process(email_from_ana(subject="Fuera de la oficina", headers=headers))

    assert inbound.status == InboundStatus.IGNORED
    assert inbound.reason
    assert Case.objects.count() == 0


def test_a_message_that_says_it_is_not_automatic_is_filed(world: World) -> None:
    inbound = inbound_process(email_from_ana(headers={"Auto-Submitted": "no"}))

    assert inbound.status == InboundStatus.FILED


def test_a_bounce_is_ignored(world: World) -> None:
    inbound = inbound_process(bounce_for("ana@correo.test"))

    assert inbound.status == InboundStatus.IGNORED
    assert Case.objects.count() == 0


def test_an_oversized_message_is_rejected_and_recorded(world: World, settings: Any) -> None:
    settings.MAIL_INBOUND_MAX_BYTES = 2_000

    inbound = inbound_process(email_from_ana(text="x" * 5_000))

    assert inbound.status == InboundStatus.REJECTED
    assert "Too large" in inbound.reason
    assert not inbound.raw
    assert Case.objects.count() == 0


@pytest.mark.parametrize("raw", [malformed(), b"\x00\xff\xfe not an e-mail at all"])
def test_a_malformed_message_is_rejected_and_recorded(world: World, raw: bytes) -> None:
    inbound = inbound_process(raw)

    assert inbound.status == InboundStatus.REJECTED
    assert inbound.reason.startswith("Malformed")
    assert inbound.raw.read() == raw
    assert Case.objects.count() == 0


def test_the_pipe_command_files_a_case_from_standard_input(world: World) -> None:
    out = io.StringIO()

    call_command("receive_email", stdin=io.BytesIO(email_from_ana()), stdout=out)

    case = Case.objects.get()
    assert out.getvalue().strip() == f"filed {case.filing_number}"


def test_the_pipe_command_reads_bytes_from_sys_stdin_buffer(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stdin:
        buffer = io.BytesIO(email_from_ana())

    monkeypatch.setattr("sys.stdin", Stdin())

    call_command("receive_email", stdout=io.StringIO())

    assert Case.objects.count() == 1


def test_the_pipe_command_reports_a_rejection_without_failing(world: World) -> None:
    err = io.StringIO()

    # a non-zero exit would make the mail server retry a message that can never succeed
    call_command("receive_email", stdin=io.BytesIO(malformed()), stderr=err)

    assert "rejected" in err.getvalue()
    assert InboundMessage.objects.get().status == InboundStatus.REJECTED


def test_the_pipe_command_asks_the_mail_server_to_retry_when_the_database_fails(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(raw: bytes) -> InboundMessage:
        raise OperationalError("connection refused")

    monkeypatch.setattr(
        "promesa.intake.mail.management.commands.receive_email.inbound_process", database_down
    )

    with pytest.raises(CommandError) as error:
        call_command("receive_email", stdin=io.BytesIO(email_from_ana()))

    assert error.value.returncode == 75  # EX_TEMPFAIL: deferred and retried, not bounced
