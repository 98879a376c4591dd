"""Bulk actions on the queue: one action applied to the ticked cases, each on its own."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from promesa.accounts.choices import Role
from promesa.accounts.services import user_create
from promesa.cases.choices import EventKind
from promesa.cases.models import Case, CaseEvent, InternalNote
from promesa.organization.services import membership_add
from tests.conftest import World
from tests.workspace.helpers import new_case

BULK_URL = reverse("workspace:bulk")


def texts(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_diego_assigns_three_cases_to_bruno_in_one_post(world: World, client: Client) -> None:
    cases = [new_case(world, world.facturacion) for _ in range(3)]
    client.force_login(world.diego)

    response = client.post(
        BULK_URL + "?cola=mi-area&q=cobro",
        {
            "casos": [case.filing_number for case in cases],
            "bulk_assignee": world.bruno.pk,
            "action": "assign",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:queue") + "?cola=mi-area&q=cobro"
    for case in cases:
        case.refresh_from_db()
        assert case.assignee == world.bruno
    assert CaseEvent.objects.filter(case__in=cases, kind=EventKind.ASSIGNED).count() == 3
    assert texts(response) == ["3 casos asignados a Bruno."]


def test_diego_moves_two_cases_to_acueducto(world: World, client: Client) -> None:
    cases = [new_case(world, world.facturacion) for _ in range(2)]
    client.force_login(world.diego)

    response = client.post(
        BULK_URL,
        {
            "casos": [case.filing_number for case in cases],
            "bulk_area": world.acueducto.pk,
            "action": "move",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:queue")
    for case in cases:
        case.refresh_from_db()
        assert case.area == world.acueducto
    assert texts(response) == ["2 casos movidos a Acueducto."]


def test_diego_adds_a_note_to_two_cases(world: World, client: Client) -> None:
    cases = [new_case(world, world.facturacion) for _ in range(2)]
    client.force_login(world.diego)

    response = client.post(
        BULK_URL,
        {
            "casos": [case.filing_number for case in cases],
            "bulk_note": "Revisar con lectura del medidor.",
            "action": "note",
        },
    )

    assert response.status_code == 302
    assert InternalNote.objects.filter(case__in=cases).count() == 2
    assert set(InternalNote.objects.values_list("text", flat=True)) == {
        "Revisar con lectura del medidor."
    }
    assert texts(response) == ["Nota interna agregada a 2 casos."]


def test_a_case_the_user_cannot_see_is_left_alone_and_reported(
    world: World, client: Client
) -> None:
    mine = [new_case(world, world.facturacion) for _ in range(2)]
    water = new_case(world, world.acueducto)
    client.force_login(world.bruno)

    response = client.post(
        BULK_URL,
        {
            "casos": [mine[0].filing_number, water.filing_number, mine[1].filing_number],
            "bulk_assignee": world.bruno.pk,
            "action": "assign",
        },
    )

    assert response.status_code == 302
    for case in mine:
        case.refresh_from_db()
        assert case.assignee == world.bruno
    water.refresh_from_db()
    assert water.assignee is None
    assert not water.events.filter(kind=EventKind.ASSIGNED).exists()
    assert texts(response) == [
        f"2 casos asignados a Bruno. 1 no se pudo cambiar: {water.filing_number} — "
        "caso no encontrado."
    ]


def test_an_agent_may_only_assign_to_themself(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    colleague = user_create(
        email="beatriz@prueba.test",
        full_name="Beatriz",
        role=Role.AGENT,
        organization=world.organization,
        password="x",
        send_welcome=False,
    )
    membership_add(user=colleague, area=world.facturacion)
    client.force_login(world.bruno)

    response = client.post(
        BULK_URL,
        {"casos": [case.filing_number], "bulk_assignee": colleague.pk, "action": "assign"},
    )

    case.refresh_from_db()
    assert case.assignee is None
    [message] = texts(response)
    assert message == (
        f"1 no se pudo cambiar: {case.filing_number} — "
        "Los agentes solo pueden asignarse casos a sí mismos."
    )


def test_oversight_may_not_act_in_bulk(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.oscar)

    response = client.post(
        BULK_URL, {"casos": [case.filing_number], "bulk_note": "Hola", "action": "note"}
    )

    assert response.status_code == 403
    assert not InternalNote.objects.exists()


def test_nothing_selected_changes_nothing(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.diego)

    response = client.post(BULK_URL, {"bulk_assignee": world.bruno.pk, "action": "assign"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee is None
    assert texts(response) == ["Seleccione al menos un caso."]


def test_the_queue_has_a_labelled_checkbox_per_case(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.diego)

    response = client.get(reverse("workspace:queue"), {"cola": "mi-area"})

    html = response.content.decode()
    number = case.filing_number
    assert f'<input type="checkbox" name="casos" value="{number}" id="select-{number}">' in html
    assert (
        f'<label for="select-{number}" class="visually-hidden">Seleccionar el caso {number}</label>'
        in html
    )
    assert f'action="{BULK_URL}?cola=mi-area"' in html
    assert 'name="action" value="assign"' in html
    assert "Con los casos seleccionados" in html


def test_oversight_sees_no_checkboxes(world: World, client: Client) -> None:
    new_case(world, world.facturacion)
    client.force_login(world.oscar)

    response = client.get(reverse("workspace:queue"), {"cola": "mi-area"})

    assert 'name="casos"' not in response.content.decode()
    assert Case.objects.count() == 1


def test_a_missing_choice_is_reported_and_changes_nothing(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.diego)

    response = client.post(BULK_URL, {"casos": [case.filing_number], "action": "move"})

    case.refresh_from_db()
    assert case.area == world.facturacion
    assert texts(response) == ["Elija el área a la que se moverán los casos."]
