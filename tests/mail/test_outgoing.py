"""Case messages as a real SMTP server receives them from the task worker."""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from promesa.cases.choices import CaseKind, Channel, EventKind, ResponseChannel
from promesa.cases.models import Case, MessageTemplate
from promesa.cases.services import FilingInput, RequesterInput, case_answer, case_file
from promesa.intake.mail.choices import InboundStatus
from promesa.intake.mail.processing import inbound_process
from promesa.notifications.email import filing_from_reply_addresses, reply_token
from tests.cases.factories import bogota, file_case
from tests.conftest import World
from tests.mail.conftest import SmtpSink
from tests.mail.messages import email_from_ana

pytestmark = pytest.mark.django_db(transaction=True)


def header(message: EmailMessage, name: str) -> str:
    """A header as one line ("" when absent): long ones (our Message-IDs) arrive folded."""
    value = message[name]
    return "" if value is None else " ".join(str(value).split())


def run_worker() -> None:
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, queue_name="*", verbosity=0
    )


def file_for(world: World, *, language: str, name: str = "Ana María Ruiz") -> Case:
    return case_file(
        filing=FilingInput(
            organization=world.organization,
            kind=CaseKind.PETICION,
            request_type="peticion_general",
            channel=Channel.WEB,
            requester=RequesterInput(full_name=name, email="ana@correo.test", language=language),
            subject="Cobro doble en la factura de noviembre",
            description=f"La factura trae dos veces el cargo fijo ({language}).",
            area=world.facturacion,
            received_at=bogota("2026-12-18T16:00"),
        )
    ).case


def test_the_acknowledgement_reaches_the_requester_in_spanish(
    world: World, smtp_server: SmtpSink
) -> None:
    # given a case filed by a Spanish-speaking requester
    case = file_for(world, language="es-co")
    filed = case.events.get(kind=EventKind.FILED)

    # when the worker runs
    run_worker()

    # then the SMTP server received the acknowledgement
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["ana@correo.test"]
    [message] = smtp_server.messages
    assert case.filing_number in header(message, "Subject")
    assert header(message, "Subject").startswith("Radicado")
    body = message.get_content()
    assert "recibió su solicitud" in body
    assert re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", body), "tracking code"
    assert header(message, "Message-ID") == (
        f"<case-{case.filing_number}-{filed.public_id}@promesa.localhost>"
    )
    assert (
        header(message, "Reply-To") == f"pqrs+{reply_token(case.filing_number)}@promesa.localhost"
    )
    assert filing_from_reply_addresses([(header(message, "Reply-To"))]) == case.filing_number
    assert header(message, "Auto-Submitted") == "auto-generated"
    assert header(message, "X-Promesa-Case") == case.filing_number


def test_the_acknowledgement_is_in_english_for_an_english_case(
    world: World, smtp_server: SmtpSink
) -> None:
    case = file_for(world, language="en")

    run_worker()

    [message] = smtp_server.messages
    assert (
        header(message, "Subject")
        == f"Filing number {case.filing_number}: we received your request"
    )
    assert "received your request with filing number" in message.get_content()


def test_the_organization_wording_is_used_and_the_filing_number_kept_in_the_subject(
    world: World, smtp_server: SmtpSink
) -> None:
    # given the organization wrote its own Spanish acknowledgement, without the number
    MessageTemplate.objects.create(
        organization=world.organization,
        message="acknowledgement",
        language="es-co",
        subject="Gracias por escribirnos",
        body=(
            "Estimada {{ requester_name }}: radicamos su solicitud {{ case.filing_number }}. "
            "Responderemos a más tardar el {{ due_date_words }}. Código: {{ tracking_code }}."
        ),
    )
    spanish = file_for(world, language="es-co", name="Ana O'Neill")
    english = file_for(world, language="en")

    run_worker()

    by_case = {header(m, "X-Promesa-Case"): m for m in smtp_server.messages}
    own = by_case[spanish.filing_number]
    assert header(own, "Subject") == f"[{spanish.filing_number}] Gracias por escribirnos"
    body = own.get_content()
    # plain text: no HTML escaping of the name
    assert f"Estimada Ana O'Neill: radicamos su solicitud {spanish.filing_number}." in body
    assert "2027" in body
    assert "enero" in body
    # the English case has no English template of the organization: shipped wording
    assert "received your request" in by_case[english.filing_number].get_content()


def test_the_answer_is_a_human_message_threaded_to_the_first_one(
    world: World, smtp_server: SmtpSink
) -> None:
    case = file_for(world, language="es-co")
    run_worker()
    [acknowledgement] = smtp_server.messages

    case_answer(
        case=case, by=world.bruno, text="Anulamos el cargo repetido.", channel=ResponseChannel.EMAIL
    )
    run_worker()

    answer = smtp_server.messages[-1]
    assert "Anulamos el cargo repetido." in answer.get_content()
    assert case.filing_number in header(answer, "Subject")
    assert header(answer, "Auto-Submitted") == ""
    assert header(answer, "In-Reply-To") == header(acknowledgement, "Message-ID")
    answered = case.events.get(kind=EventKind.ANSWERED)
    assert str(answered.public_id) in header(answer, "Message-ID")


def test_the_requester_replying_to_the_acknowledgement_reaches_the_case(
    world: World, smtp_server: SmtpSink
) -> None:
    # given the acknowledgement Ana received
    case = file_for(world, language="es-co")
    run_worker()
    [acknowledgement] = smtp_server.messages

    # when she answers it from her mail program
    inbound = inbound_process(
        email_from_ana(
            to=(header(acknowledgement, "Reply-To")),
            subject=f"Re: {header(acknowledgement, 'Subject')}",
            text="Gracias, quedo atenta.",
            headers={"In-Reply-To": (header(acknowledgement, "Message-ID"))},
        )
    )

    # then it is on the case
    assert inbound.status == InboundStatus.ATTACHED
    assert inbound.case == case


def test_our_own_message_coming_back_is_ignored(world: World, smtp_server: SmtpSink) -> None:
    file_for(world, language="es-co")
    run_worker()
    [envelope] = smtp_server.envelopes

    inbound = inbound_process(envelope.content)

    assert inbound.status == InboundStatus.IGNORED
    assert Case.objects.count() == 1


def test_an_email_case_is_acknowledged_in_reply_to_the_requesters_message(
    world: World, smtp_server: SmtpSink
) -> None:
    inbound = inbound_process(email_from_ana())

    run_worker()

    [message] = smtp_server.messages
    assert header(message, "In-Reply-To") == inbound.message_id
    assert header(message, "References") == inbound.message_id


def test_a_broken_organization_template_falls_back_to_the_shipped_wording(
    world: World, smtp_server: SmtpSink
) -> None:
    # given a template broken outside the admin, which validates on save
    MessageTemplate.objects.create(
        organization=world.organization,
        message="acknowledgement",
        language="es-co",
        subject="Gracias",
        body="{% if %}",
    )
    file_for(world, language="es-co")

    run_worker()

    [message] = smtp_server.messages
    assert "recibió su solicitud" in message.get_content()


def test_the_admin_refuses_a_template_that_does_not_compile(world: World) -> None:
    template = MessageTemplate(
        organization=world.organization,
        message="answer",
        language="en",
        subject="Answer to {{ case.filing_number }}",
        body="{% for %}",
    )

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    assert set(error.value.message_dict) == {"body"}


def test_no_email_is_sent_to_a_requester_without_an_address(
    world: World, smtp_server: SmtpSink
) -> None:
    file_case(world.organization, world.facturacion, anonymous=True)

    run_worker()

    assert smtp_server.envelopes == []
