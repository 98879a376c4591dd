"""The e-mails about a case, as staff see them on the case page."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from promesa.cases.models import Case
from promesa.notifications.models import OutboxMessage, OutboxState
from promesa.notifications.outbox import Reference, outbox_put
from tests.conftest import World
from tests.workspace.helpers import assigned, case_url, new_case


def write(case: Case, number: int, **changes: object) -> OutboxMessage:
    message = outbox_put(
        kind="case_answer",
        dedupe_key=f"prueba:{case.pk}:{number}",
        to=["ana@correo.test"],
        subject=f"[{case.filing_number}] Respuesta {number}",
        body="Anulamos el cargo.",
        reference=Reference(
            organization_id=case.organization_id,
            case_public_id=case.public_id,
            filing_number=case.filing_number,
        ),
        deliver_on_commit=False,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(**changes)
    return message


def page_queries(client: Client, case: Case) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(case_url(case))
    assert response.status_code == 200
    return len(context), response.content.decode()


def test_the_case_page_reads_the_cases_messages_in_one_query_whatever_their_number(
    world: World, client: Client
) -> None:
    # given one e-mail about bruno's case, then five
    case = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    client.force_login(world.bruno)
    write(case, 1)
    with_one, _ = page_queries(client, case)
    for number in range(2, 6):
        write(case, number)

    # when bruno opens the case
    with_five, page = page_queries(client, case)

    # then the page ran the same (pinned) number of queries and lists all five
    assert with_one == with_five == 16
    assert page.count('class="case-message ') == 5


def test_each_message_shows_its_state_with_its_time(world: World, client: Client) -> None:
    case = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    now = timezone.now()
    write(case, 1, state=OutboxState.SENT, sent_at=now, attempts=1)
    write(
        case,
        2,
        state=OutboxState.RETRYING,
        attempts=2,
        next_attempt_at=now + timedelta(minutes=4),
        last_error="SMTPDataError: (451, b'Try again later')",
    )
    write(case, 3, state=OutboxState.FAILED, attempts=6, last_attempt_at=now, last_error="550")
    other = new_case(world, world.facturacion)
    write(other, 4)
    client.force_login(world.bruno)

    _, page = page_queries(client, case)

    assert "Enviado el" in page
    assert "Aún no enviado: 2 intentos fallaron" in page
    assert "Try again later" in page
    assert "no se pudo enviar después de 6 intentos" in page
    assert "ana@correo.test" in page
    assert f"[{other.filing_number}]" not in page
