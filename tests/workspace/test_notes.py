"""Internal notes: staff talk to each other on a case, and the requester never reads it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promesa.cases.models import Case, CaseEvent, InternalNote
from promesa.cases.services import case_add_note
from promesa.cases.subscribers import tell_the_mentioned
from promesa.cases.tasks import send_mention_email
from promesa.core.errors import ApplicationError
from tests.cases.factories import file_case
from tests.conftest import World
from tests.queue import deliveries, run_worker
from tests.workspace.helpers import assigned, case_url, new_case


def note_url(case: Case) -> str:
    return reverse("workspace:case_note", args=[case.filing_number])


@pytest.mark.django_db(transaction=True)
def test_diego_gets_one_email_when_bruno_mentions_him(world: World, client: Client) -> None:
    # given
    case = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    client.force_login(world.bruno)

    # when
    response = client.post(note_url(case), {"note_text": "@diego ¿aprobamos la prórroga?"})
    run_worker()
    note = InternalNote.objects.get()
    send_mention_email.call(note_id=note.pk)  # a repeated run finds the note already told

    # then
    assert response.status_code == 302
    assert response["Location"] == case_url(case)
    assert (note.author, list(note.mentioned.all())) == (world.bruno, [world.diego])
    staff_mail = [message for message in mail.outbox if message.to != ["ana@correo.test"]]
    assert [message.to for message in staff_mail] == [["diego@prueba.test"]]
    assert case.filing_number in staff_mail[0].subject
    assert f"/trabajo/casos/{case.filing_number}/" in staff_mail[0].body
    assert "¿aprobamos la prórroga?" in staff_mail[0].body


def test_a_note_is_not_an_event_of_the_case(world: World) -> None:
    case = new_case(world, world.facturacion)

    case_add_note(case=case, by=world.bruno, text="Llamé a la usuaria; no contestó.")

    assert case.notes.get().text == "Llamé a la usuaria; no contestó."
    assert CaseEvent.objects.filter(case=case).count() == 1  # only the filing
    run_worker()
    assert [m.to for m in mail.outbox] == [["ana@correo.test"]]  # nobody mentioned, nobody told


def test_mentioning_carla_is_refused_and_nothing_is_saved(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.bruno)

    response = client.post(note_url(case), {"note_text": "@carla mira esto"})

    assert response.status_code == 400
    assert "Carla no puede ver este caso." in response.content.decode()
    assert not InternalNote.objects.exists()
    assert not deliveries(tell_the_mentioned)


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("@diego@prueba.test revise", ["diego"]),
        ("Hablé con @diego. Y con @bruno, @diego", ["bruno", "diego"]),
        ("Escribió desde ana@correo.test", []),
    ],
)
def test_mentions_are_read_from_the_text(world: World, text: str, mentioned: list[str]) -> None:
    case = new_case(world, world.facturacion)

    note = case_add_note(case=case, by=world.bruno, text=text)

    assert sorted(user.email.split("@")[0] for user in note.mentioned.all()) == mentioned


def test_mentioning_nobody_known_is_refused(world: World) -> None:
    case = new_case(world, world.facturacion)

    with pytest.raises(ApplicationError, match="@nadie"):
        case_add_note(case=case, by=world.bruno, text="@nadie sabe")

    assert not InternalNote.objects.exists()


def test_oscar_is_offered_no_note_form_and_cannot_post_one(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.oscar)

    page = client.get(case_url(case))
    response = client.post(note_url(case), {"note_text": "Revisado por control interno."})

    assert page.status_code == 200
    assert page.context["note_form"] is None
    assert note_url(case) not in page.content.decode()
    assert response.status_code == 403
    assert not InternalNote.objects.exists()


def test_carla_gets_404_on_the_note_url(world: World, client: Client) -> None:
    case = new_case(world, world.facturacion)
    client.force_login(world.carla)

    response = client.post(note_url(case), {"note_text": "Hola"})

    assert response.status_code == 404
    assert not InternalNote.objects.exists()


def test_notes_are_interleaved_with_events_and_marked_internal(
    world: World, client: Client
) -> None:
    # given a note written between the filing and the assignment
    case = new_case(world, world.facturacion)
    filed_at = case.events.get().created_at
    case_add_note(
        case=case, by=world.diego, text="Prioricen este caso.", at=filed_at + timedelta(hours=1)
    )
    assigned(case, world.bruno, world.bruno)
    client.force_login(world.bruno)

    # when
    response = client.get(case_url(case))

    # then
    html = response.content.decode()
    kinds = ["note" if item.note else item.entry.event.kind for item in response.context["history"]]
    assert kinds == ["filed", "note", "assigned"]
    assert "Prioricen este caso." in html
    assert "el peticionario no la ve" in html
    assert note_url(case) in html  # bruno may add notes


def test_a_notes_text_never_reaches_the_portal(world: World) -> None:
    filed = file_case(world.organization, world.facturacion)
    case_add_note(case=filed.case, by=world.bruno, text="Texto interno confidencial @diego")
    viewer = Client()

    viewer.post(
        "/pqrs/consultar/",
        {"filing_number": filed.case.filing_number, "tracking_code": filed.tracking_code},
    )
    page = viewer.get(f"/pqrs/caso/{filed.case.public_id}/")

    assert page.status_code == 200
    assert filed.case.subject in page.content.decode()
    assert "Texto interno confidencial" not in page.content.decode()


def _case_page_queries(client: Client, case: Case) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(case_url(case))
    assert response.status_code == 200
    return len(context)


def test_the_case_page_runs_the_same_queries_for_2_or_10_notes(
    world: World, client: Client
) -> None:
    case = assigned(new_case(world, world.facturacion), world.bruno, world.bruno)
    client.force_login(world.bruno)
    for index in range(2):
        case_add_note(case=case, by=world.bruno, text=f"Nota {index} para @diego")
    with_two = _case_page_queries(client, case)
    for index in range(8):
        author = world.diego if index % 2 else world.bruno
        case_add_note(case=case, by=author, text=f"Nota {index} para @bruno y @diego")

    with_ten = _case_page_queries(client, case)

    assert case.notes.count() == 10
    assert with_two == with_ten
