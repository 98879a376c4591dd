"""The case page: who may read it, what it shows, and the actions it offers."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from promesa.cases.choices import CaseStatus, EventKind
from promesa.cases.events import Answered, ClarificationRequested
from promesa.cases.forms import ACTION_FORMS
from promesa.cases.models import Case, CaseEvent
from promesa.cases.services import case_internal_request_open, case_receive_clarification
from tests.cases.factories import reload
from tests.conftest import World
from tests.workspace.helpers import action_url, answer_url, assigned, case_url, new_case

ALL_ACTIONS = sorted(ACTION_FORMS)


def test_the_case_page_tells_the_story_top_to_bottom(world: World, client: Client) -> None:
    case = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    client.force_login(world.bruno)

    response = client.get(case_url(case))

    assert response.status_code == 200
    html = response.content.decode()
    assert case.filing_number in html
    assert "Ley 1755 de 2015" in html  # the legal source of the deadline
    assert "ana@correo.test" in html  # bruno acts in the area: he sees the contact data
    positions = [
        html.index('id="request-title"'),
        html.index('id="timeline-title"'),
        html.index('id="actions-title"'),
    ]
    assert positions == sorted(positions)
    assert "Bruno" in html  # the actor of the assignment


def test_an_anonymous_requester_shows_as_anonymous(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion, anonymous=True)
    client.force_login(world.bruno)

    response = client.get(case_url(case))

    assert response.status_code == 200
    assert response.context["case"].requester.is_anonymous


def test_carla_gets_404_for_every_url_of_a_facturacion_case(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.carla)

    assert client.get(case_url(case)).status_code == 404
    for action in ALL_ACTIONS:
        assert client.post(action_url(case, action), {}).status_code == 404, action
    assert reload(case).status == CaseStatus.FILED
    assert case.events.count() == 1


def test_oscar_reads_but_is_offered_and_allowed_nothing(world: World, client: Client) -> None:
    # given
    case = new_case(world, world.facturacion)
    client.force_login(world.oscar)

    # when
    page = client.get(case_url(case))

    # then: he reads it, requester contact included (he audits), without any action form
    assert page.status_code == 200
    assert page.context["forms"] == {}
    html = page.content.decode()
    assert all(action_url(case, action) not in html for action in ALL_ACTIONS)
    assert "ana@correo.test" in html
    for action in ALL_ACTIONS:
        response = client.post(
            action_url(case, action),
            {
                "assignee": world.bruno.pk,
                "move_area": world.acueducto.pk,
                "clarification_message": "x",
                "extend_days": "2",
                "extend_reason": "x",
                "transfer_entity": "x",
                "transfer_reason": "x",
                "answer_text": "x",
                "answer_channel": "email",
                "reopen_reason": "x",
                "withdraw_reason": "x",
            },
        )
        assert response.status_code in (400, 403), action
    assert reload(case).status == CaseStatus.FILED
    assert case.events.count() == 1


def test_bruno_works_a_case_from_start_to_close(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    def post(action: str, data: dict[str, str] | None = None) -> Case:
        response = client.post(action_url(case, action), data or {})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == case_url(case)
        return reload(case)

    # takes it
    taken = post("assign")
    assert (taken.status, taken.assignee) == (CaseStatus.ASSIGNED, world.bruno)
    assert case.events.last().kind == EventKind.ASSIGNED  # type: ignore[union-attr]

    # starts it
    assert post("start").status == CaseStatus.IN_PROGRESS
    assert case.events.last().kind == EventKind.STARTED  # type: ignore[union-attr]

    # asks for a clarification
    waiting = post("request_clarification", {"clarification_message": "Adjunte la factura."})
    assert waiting.status == CaseStatus.AWAITING_REQUESTER
    event = case.events.last()
    assert event is not None
    assert event.kind == EventKind.CLARIFICATION_REQUESTED
    assert event.payload_as(ClarificationRequested).message == "Adjunte la factura."
    case_receive_clarification(case=waiting, message="Aquí está la factura.")

    # answers on the answer page
    response = client.post(
        answer_url(case),
        {"intent": "send", "answer_text": "Corregimos el cobro.", "answer_channel": "email"},
    )
    assert response.status_code == 302
    assert response["Location"] == case_url(case)
    answered = reload(case)
    assert answered.status == CaseStatus.ANSWERED
    event = case.events.last()
    assert event is not None
    assert event.payload_as(Answered).text == "Corregimos el cobro."

    # closes
    assert post("close").status == CaseStatus.CLOSED
    assert case.events.last().kind == EventKind.CLOSED  # type: ignore[union-attr]

    # and the page shows every step in words
    html = client.get(case_url(case)).content.decode()
    assert "Adjunte la factura." in html
    assert "Corregimos el cobro." in html


def test_an_action_confirms_what_happened(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.diego)

    response = client.post(action_url(case, "assign"), {"assignee": world.bruno.pk}, follow=True)

    assert reload(case).assignee == world.bruno
    texts = [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]
    assert any(case.filing_number in text and "Bruno" in text for text in texts)


def test_a_refused_action_shows_the_reason_with_status_400(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    response = client.post(action_url(case, "close"))

    assert response.status_code == 400
    assert response.context["failed"].non_field_errors()
    assert 'id="error-summary"' in response.content.decode()
    assert reload(case).status == CaseStatus.FILED


def test_a_form_with_missing_fields_is_shown_again_with_errors(
    world: World, client: Client
) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    response = client.post(action_url(case, "request_clarification"), {})

    assert response.status_code == 400
    assert 'href="#id_clarification_message"' in response.content.decode()
    assert case.events.count() == 1


def test_agents_are_offered_no_supervisor_actions(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    page = client.get(case_url(case))

    assert set(page.context["forms"]) == {
        "assign",
        "start",
        "request_clarification",
        "internal_request",
        "move",
    }
    assert page.context["can_answer"]  # on its own page


def test_a_manager_is_offered_the_supervisor_actions_valid_now(
    world: World, client: Client
) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.diego)

    offered = set(client.get(case_url(case)).context["forms"])

    assert {"extend", "transfer", "withdraw"} <= offered
    assert "close" not in offered
    assert "reopen" not in offered
    assigned_to = client.get(case_url(case)).context["forms"]["assign"].fields["assignee"]
    assert set(assigned_to.queryset) >= {world.bruno, world.diego}
    assert world.carla not in set(assigned_to.queryset)


def test_a_manager_extends_and_the_timeline_explains_it(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.diego)

    response = client.post(
        action_url(case, "extend"),
        {"extend_days": "5", "extend_reason": "Se requiere visita técnica."},
    )

    assert response.status_code == 302
    extended = reload(case)
    assert extended.extension_days == 5
    assert extended.due_date > case.due_date
    html = client.get(case_url(case)).content.decode()
    assert "Se requiere visita técnica." in html


def _case_page_queries(client: Client, case: Case) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(case_url(case))
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("person", ["bruno", "diego"])
def test_the_case_page_runs_the_same_queries_for_2_or_12_events(
    world: World, client: Client, person: str
) -> None:
    client.force_login(getattr(world, person))
    case = assigned(new_case(world, world.facturacion), world.bruno, world.diego)
    assert case.events.count() == 2
    with_two = _case_page_queries(client, case)
    for index in range(10):
        assigned(case, world.diego if index % 2 == 0 else world.bruno, world.diego)
    assert CaseEvent.objects.filter(case=case).count() == 12

    with_twelve = _case_page_queries(client, case)

    assert with_two == with_twelve


def test_the_case_page_runs_the_same_queries_for_1_or_6_internal_requests(
    world: World, client: Client
) -> None:
    # Internal requests added three queries to the page, whatever their number: the list
    # (areas and asker joined), the areas the request form offers, the navigation counter;
    # answering added one more, the open draft; reading the visible areas with a subquery
    # took one away; the outbox added one, the e-mails sent about the case; typed events
    # added two, the event texts and the areas' current names.
    case = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    client.force_login(world.bruno)
    without = _case_page_queries(client, case)
    case_internal_request_open(case=case, by=world.bruno, to_area=world.acueducto, question="?")
    with_one = _case_page_queries(client, case)
    for area in (
        world.acueducto,
        world.operaciones,
        world.servicio,
        world.gerencia,
        world.acueducto,
    ):
        case_internal_request_open(case=case, by=world.bruno, to_area=area, question="¿?")

    with_six = _case_page_queries(client, case)

    assert case.internal_requests.count() == 6
    assert without == with_one == with_six == 18
