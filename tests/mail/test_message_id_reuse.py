"""A Message-ID seen before only marks a true resend; any other message is still taken in.

Regression for issue 11: a message whose Message-ID had been seen was dropped whatever its
sender and content, with no record and no raw copy.
"""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from promesa.cases.models import Case
from promesa.intake.mail.choices import InboundStatus
from promesa.intake.mail.models import InboundMessage
from promesa.intake.mail.processing import inbound_process
from tests.conftest import World
from tests.mail.messages import PDF, email_from_ana

pytestmark = pytest.mark.django_db


def with_message_id(raw: bytes, message_id: str) -> bytes:
    head, _, body = raw.partition(b"\n\n")
    lines = [line for line in head.split(b"\n") if not line.lower().startswith(b"message-id:")]
    return b"\n".join([*lines, f"Message-ID: {message_id}".encode()]) + b"\n\n" + body


def test_another_sender_reusing_a_message_id_is_filed(world: World) -> None:
    first = inbound_process(with_message_id(email_from_ana(), "<reused@correo.test>"))

    other = inbound_process(
        with_message_id(
            email_from_ana(
                sender="Pedro Gómez <pedro@otro.test>",
                text="Se rompió el tubo frente a mi casa.",
            ),
            "<reused@correo.test>",
        )
    )

    assert other.pk != first.pk
    assert other.status == InboundStatus.FILED
    assert other.raw
    assert Case.objects.count() == 2
    assert other.case is not None
    assert other.case.requester.email == "pedro@otro.test"


def test_the_same_sender_with_other_content_under_a_seen_id_is_filed(world: World) -> None:
    inbound_process(with_message_id(email_from_ana(), "<reused@correo.test>"))

    other = inbound_process(
        with_message_id(
            email_from_ana(text="Además, el medidor marca consumo con la llave cerrada."),
            "<reused@correo.test>",
        )
    )

    assert other.status == InboundStatus.FILED
    assert InboundMessage.objects.count() == 2
    assert Case.objects.count() == 2


def test_other_attachments_under_a_seen_id_are_not_a_resend(world: World) -> None:
    inbound_process(with_message_id(email_from_ana(), "<reused@correo.test>"))

    other = inbound_process(
        with_message_id(
            email_from_ana(attachment=("factura.pdf", PDF, "application/pdf")),
            "<reused@correo.test>",
        )
    )

    assert InboundMessage.objects.count() == 2
    assert other.status == InboundStatus.FILED


def test_a_true_resend_with_new_trace_headers_is_recognised(world: World) -> None:
    raw = with_message_id(email_from_ana(), "<same@correo.test>")
    first = inbound_process(raw)

    again = inbound_process(b"Received: from relay2.correo.test by mx.aguas.test;\n" + raw)

    assert again.pk == first.pk
    assert InboundMessage.objects.count() == 1
    assert Case.objects.count() == 1


def test_a_repeated_request_by_email_sends_nothing_about_the_earlier_case(world: World) -> None:
    inbound_process(email_from_ana())
    tasks_before = DBTaskResult.objects.count()

    again = inbound_process(email_from_ana())  # same sender and text, a new Message-ID

    assert Case.objects.count() == 1
    assert again.status == InboundStatus.FILED
    assert "received again" in again.reason
    # No acknowledgement, tracking code or case detail goes out for the repetition.
    assert DBTaskResult.objects.count() == tasks_before
