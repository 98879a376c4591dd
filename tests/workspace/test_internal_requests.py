"""Internal requests in the workspace: ask from the case page, answer from the inbox."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promesa.accounts.choices import Role
from promesa.accounts.services import user_create
from promesa.cases.choices import EventKind, InternalRequestStatus
from promesa.cases.models import Case, InternalRequest
from promesa.cases.services import (
    case_internal_request_answer,
    case_internal_request_open,
)
from promesa.organization.services import area_create, membership_add
from promesa.workspace.selectors import INBOX_SIZE
from tests.conftest import PASSWORD, World
from tests.workspace.helpers import action_url, assigned, case_url, new_case

INBOX = reverse("workspace:internal_requests")


def request_url(request: InternalRequest, action: str = "") -> str:
    if action:
        return reverse("workspace:internal_request_action", args=[request.public_id, action])
    return reverse("workspace:internal_request", args=[request.public_id])


def bruno_asks_acueducto(world: World, case: Case | None = None) -> InternalRequest:
    case = case or new_case(world, world.facturacion)
    return case_internal_request_open(
        case=case, by=world.bruno, to_area=world.acueducto, question="¿Hubo corte en la zona?"
    )


def test_bruno_asks_acueducto_from_the_case_page(world: World, client: Client) -> None:
    # given
    case = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    client.force_login(world.bruno)
    page = client.get(case_url(case)).content.decode()
    assert "Pedir información a otra área" in page
    assert "Enviar solicitud" in page
    assert "Acueducto — responde a más tardar el" in page

    # when
    response = client.post(
        action_url(case, "internal_request"),
        {"ireq_area": world.acueducto.pk, "ireq_question": "¿Hubo corte en la zona?"},
    )

    # then
    assert response.status_code == 302
    request = InternalRequest.objects.get()
    assert (request.to_area, request.requested_by) == (world.acueducto, world.bruno)
    html = client.get(case_url(case)).content.decode()
    assert 'id="internal-requests-title"' in html
    assert "Esperando la respuesta" in html  # pending, prominently
    assert "¿Hubo corte en la zona?" in html  # and in the timeline
    assert case.events.filter(kind=EventKind.INTERNAL_REQUEST_OPENED).count() == 1


def test_asking_the_cases_own_area_is_not_offered(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    response = client.post(
        action_url(case, "internal_request"),
        {"ireq_area": world.facturacion.pk, "ireq_question": "¿?"},
    )

    assert response.status_code == 400
    assert 'aria-describedby="id_ireq_area-hint id_ireq_area-error"' in response.content.decode()
    assert not InternalRequest.objects.exists()


def test_the_form_says_when_the_legal_due_date_caps_the_internal_one(
    world: World, client: Client
) -> None:
    world.acueducto.internal_service_days = 60
    world.acueducto.save()
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    html = client.get(case_url(case)).content.decode()

    assert "Nunca después de la fecha límite legal del caso" in html


def test_carla_reads_and_answers_but_never_opens_the_case(world: World, client: Client) -> None:
    # given
    request = bruno_asks_acueducto(world)
    case = request.case
    client.force_login(world.carla)

    # when
    inbox = client.get(INBOX)
    page = client.get(request_url(request))
    response = client.post(request_url(request, "responder"), {"ireq_answer": "Sí, el día 10."})

    # then
    assert [row.request for row in inbox.context["rows"]] == [request]
    html = page.content.decode()
    assert page.status_code == 200
    assert case.subject in html
    assert case.filing_number in html
    assert case.description in html
    assert "ana@correo.test" not in html
    assert "Ana María Ruiz" not in html
    assert case_url(case) not in html
    assert "Responder solicitud" in html
    assert response.status_code == 302
    assert InternalRequest.objects.get().status == InternalRequestStatus.ANSWERED
    assert client.get(case_url(case)).status_code == 404
    assert client.post(action_url(case, "answer"), {"answer_text": "x"}).status_code == 404
    assert client.post(action_url(case, "internal_request"), {}).status_code == 404


def test_oscar_reads_the_request_and_changes_nothing(world: World, client: Client) -> None:
    request = bruno_asks_acueducto(world)
    client.force_login(world.oscar)

    page = client.get(request_url(request))
    posts = [
        client.post(request_url(request, action), {"ireq_answer": "x", "ireq_message": "x"})
        for action in ("responder", "mensaje", "cancelar")
    ]

    assert page.status_code == 200
    assert page.context["forms"] == {}
    assert [response.status_code for response in posts] == [403, 403, 403]
    assert InternalRequest.objects.get().status == InternalRequestStatus.OPEN


def test_someone_of_a_third_area_gets_404(world: World, client: Client) -> None:
    energia = area_create(organization=world.organization, name="Energía", parent=world.gerencia)
    pablo = user_create(
        email="pablo@prueba.test",
        full_name="Pablo",
        role=Role.AGENT,
        organization=world.organization,
        password=PASSWORD,
        send_welcome=False,
    )
    membership_add(user=pablo, area=energia)
    request = bruno_asks_acueducto(world)
    client.force_login(pablo)

    assert client.get(request_url(request)).status_code == 404
    assert client.post(request_url(request, "responder"), {"ireq_answer": "x"}).status_code == 404
    assert client.get(INBOX).context["rows"] == []
    assert client.get(INBOX, {"bandeja": "enviadas"}).context["rows"] == []


def test_bruno_cannot_answer_his_own_request(world: World, client: Client) -> None:
    request = bruno_asks_acueducto(world)
    client.force_login(world.bruno)

    response = client.post(request_url(request, "responder"), {"ireq_answer": "Yo mismo"})

    assert response.status_code == 400
    assert "Solo las personas de Acueducto pueden responder" in response.content.decode()
    assert InternalRequest.objects.get().status == InternalRequestStatus.OPEN


def test_both_sides_talk_then_the_answer_closes_the_thread(world: World, client: Client) -> None:
    request = bruno_asks_acueducto(world)
    carla, bruno = Client(), Client()
    carla.force_login(world.carla)
    bruno.force_login(world.bruno)

    carla.post(request_url(request, "mensaje"), {"ireq_message": "¿Qué dirección?"})
    bruno.post(request_url(request, "mensaje"), {"ireq_message": "Calle 10 # 5-20"})
    carla.post(request_url(request, "responder"), {"ireq_answer": "Hubo corte."})
    page = bruno.get(request_url(request))

    html = page.content.decode()
    positions = [html.index(t) for t in ("¿Qué dirección?", "Calle 10 # 5-20", "Hubo corte.")]
    assert positions == sorted(positions)
    assert page.context["forms"] == {}  # answered: nothing more to write
    refused = bruno.post(request_url(request, "mensaje"), {"ireq_message": "Gracias"})
    assert refused.status_code == 400
    assert request.messages.count() == 2


def test_bruno_cancels_and_carla_is_no_longer_asked(world: World, client: Client) -> None:
    request = bruno_asks_acueducto(world)
    client.force_login(world.bruno)

    response = client.post(
        request_url(request, "cancelar"), {"ireq_cancel_reason": "Ya lo sabemos."}
    )
    carla = Client()
    carla.force_login(world.carla)

    assert response.status_code == 302
    assert InternalRequest.objects.get().status == InternalRequestStatus.CANCELLED
    assert "Responder solicitud" not in carla.get(request_url(request)).content.decode()


@pytest.mark.django_db(transaction=True)
def test_carla_is_emailed_and_bruno_hears_back(world: World, client: Client) -> None:
    from tests.queue import run_worker

    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)
    client.post(
        action_url(case, "internal_request"),
        {"ireq_area": world.acueducto.pk, "ireq_question": "¿Hubo corte?"},
    )
    run_worker()
    asked = [m.to for m in mail.outbox if m.to != ["ana@correo.test"]]
    request = InternalRequest.objects.get()
    case_internal_request_answer(request=request, by=world.carla, text="Sí.")
    run_worker()

    told = [m.to for m in mail.outbox if m.to != ["ana@correo.test"]]
    assert asked == [["carla@prueba.test"]]
    assert told == [["carla@prueba.test"], ["bruno@prueba.test"]]


def test_the_inbox_puts_overdue_first_and_says_so(world: World, client: Client) -> None:
    later = bruno_asks_acueducto(world)
    overdue = bruno_asks_acueducto(world)
    InternalRequest.objects.filter(pk=overdue.pk).update(due_date=later.due_date.replace(year=2020))
    client.force_login(world.carla)

    response = client.get(INBOX)

    rows = response.context["rows"]
    assert [row.request.pk for row in rows] == [overdue.pk, later.pk]
    assert rows[0].risk == "overdue"
    assert "Vencido" in response.content.decode()


def test_bruno_sees_his_area_s_requests_under_sent(world: World, client: Client) -> None:
    request = bruno_asks_acueducto(world)
    client.force_login(world.bruno)

    received = client.get(INBOX).context["rows"]
    sent = client.get(INBOX, {"bandeja": "enviadas"}).context["rows"]

    assert received == []
    assert [row.request for row in sent] == [request]


def test_carla_pages_through_more_requests_than_one_page_holds(
    world: World, client: Client
) -> None:
    case = new_case(world, world.facturacion)
    asked = [bruno_asks_acueducto(world, case) for _ in range(INBOX_SIZE + 3)]
    client.force_login(world.carla)

    first = client.get(INBOX)
    second = client.get(INBOX, {"pagina": "2"})
    beyond = client.get(INBOX, {"pagina": "x"})

    shown = [row.request for row in first.context["rows"] + second.context["rows"]]
    assert len(first.context["rows"]) == INBOX_SIZE
    assert sorted(r.pk for r in shown) == sorted(r.pk for r in asked)  # each once, none lost
    assert 'href="?bandeja=recibidas&amp;pagina=2"' in first.content.decode()
    assert 'rel="prev" href="?bandeja=recibidas&amp;pagina=1"' in second.content.decode()
    assert "pagina=3" not in second.content.decode()
    assert beyond.context["page"].number == 1


def test_the_navigation_counts_open_requests_received(world: World, client: Client) -> None:
    bruno_asks_acueducto(world)
    bruno_asks_acueducto(world)
    client.force_login(world.carla)

    html = client.get(INBOX).content.decode()

    assert 'Solicitudes internas <span class="count">(2 abiertas)</span>' in html


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_the_inbox_runs_the_same_queries_for_2_or_10_requests(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    for _ in range(2):
        bruno_asks_acueducto(world, case)
    client.force_login(world.carla)
    with_two = _queries(client, INBOX)
    for _ in range(8):
        bruno_asks_acueducto(world, new_case(world, world.facturacion))

    with_ten = _queries(client, INBOX)

    assert len(client.get(INBOX).context["rows"]) == 10
    assert with_two == with_ten


def test_the_request_page_runs_the_same_queries_for_2_or_10_messages(
    world: World, client: Client
) -> None:
    from promesa.cases.services import internal_request_reply

    request = bruno_asks_acueducto(world)
    for index in range(2):
        internal_request_reply(request=request, by=world.carla, text=f"Mensaje {index}")
    client.force_login(world.carla)
    with_two = _queries(client, request_url(request))
    for index in range(8):
        author = world.bruno if index % 2 else world.carla
        internal_request_reply(request=request, by=author, text=f"Otro {index}")

    assert with_two == _queries(client, request_url(request))
