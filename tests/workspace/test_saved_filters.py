"""Saved searches: save the queue being looked at, list, share with an area, delete."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promesa.cases.choices import CaseKind
from promesa.core.errors import ApplicationError
from promesa.workspace.choices import Queue
from promesa.workspace.models import SavedFilter
from promesa.workspace.services import saved_filter_create, saved_filter_delete
from tests.conftest import World
from tests.workspace.helpers import new_case


def save(client: Client, name: str, filters: str, queue: str = "mi-area", **extra: str) -> Any:
    return client.post(
        reverse("workspace:save_filter"),
        {"name": name, "queue": queue, "filters": filters, **extra},
    )


def test_i_save_the_search_i_am_looking_at_and_it_opens_with_its_filters(
    world: World, client: Client
) -> None:
    # given
    claim = new_case(world, world.facturacion, kind=CaseKind.RECLAMO)
    new_case(world, world.facturacion)
    client.force_login(world.bruno)

    # when
    response = save(client, "Reclamos de mi área", "kind=reclamo&q=&despues=x&cola=vencidos")

    # then
    saved = SavedFilter.objects.get()
    assert (saved.owner, saved.queue, saved.query) == (world.bruno, Queue.AREA, "kind=reclamo")
    assert response.status_code == 302
    assert response["Location"] == saved.get_absolute_url()
    page = client.get(response["Location"])
    assert [row.case.pk for row in page.context["page"].rows] == [claim.pk]
    html = page.content.decode()
    assert "Reclamos de mi área" in html
    assert "Búsquedas guardadas" in html


def test_the_queue_page_offers_to_save_the_current_search(world: World, client: Client) -> None:
    client.force_login(world.bruno)

    response = client.get(reverse("workspace:queue"), {"cola": "vencidos", "q": "fuga"})

    html = response.content.decode()
    assert "Guardar esta búsqueda" in html
    assert 'name="filters" value="q=fuga"' in html
    assert 'name="queue" value="vencidos"' in html


def test_a_name_is_unique_per_owner(world: World, client: Client) -> None:
    client.force_login(world.bruno)
    save(client, "Urgentes", "q=fuga")

    response = save(client, "urgentes", "q=medidor")

    assert SavedFilter.objects.count() == 1
    assert "Ya tiene una búsqueda guardada" in client.get(response["Location"]).content.decode()
    # someone else may use the same name
    saved_filter_create(owner=world.carla, name="Urgentes", queue=Queue.MINE, query="")
    assert SavedFilter.objects.count() == 2


def test_filters_the_user_could_not_apply_are_not_saved(world: World, client: Client) -> None:
    client.force_login(world.bruno)

    save(client, "Acueducto", f"area={world.acueducto.pk}")
    save(client, "Sin nombre", "kind=inventado")

    assert not SavedFilter.objects.exists()


def test_a_search_shared_with_my_area_is_listed_for_my_colleagues_only(
    world: World, client: Client
) -> None:
    # given: diego is a member of Servicio al Cliente, and bruno is not
    save_as = client
    save_as.force_login(world.diego)
    save(save_as, "Para el equipo", "q=fuga", shared_with=str(world.servicio.pk))
    saved = SavedFilter.objects.get()

    # then
    assert saved.shared_with == world.servicio
    for person, sees in [(world.diego, True), (world.bruno, False), (world.carla, False)]:
        client.force_login(person)
        html = client.get(reverse("workspace:queue")).content.decode()
        assert ("Para el equipo" in html) is sees


def test_i_cannot_share_with_an_area_i_do_not_belong_to(world: World) -> None:
    with pytest.raises(ApplicationError) as error:
        saved_filter_create(
            owner=world.bruno, name="X", queue=Queue.AREA, query="", shared_with=world.acueducto
        )

    assert error.value.code == "forbidden"


def test_a_shared_search_never_shows_more_than_the_viewer_may_see(
    world: World, client: Client
) -> None:
    # given: diego shares a search filtered on Facturación, a subtree of his area
    new_case(world, world.facturacion)
    saved = saved_filter_create(
        owner=world.diego,
        name="Facturación",
        queue=Queue.AREA,
        query=f"area={world.facturacion.pk}",
        shared_with=world.servicio,
    )
    client.force_login(world.carla)

    # when carla opens the link anyway
    response = client.get(saved.get_absolute_url())

    # then the filter is refused, not obeyed
    assert response.context["page"].rows == []
    assert response.context["form"].errors


def test_only_the_owner_deletes_a_search(world: World, client: Client) -> None:
    saved = saved_filter_create(
        owner=world.diego, name="Mío", queue=Queue.MINE, query="", shared_with=world.servicio
    )
    url = reverse("workspace:delete_filter", args=[saved.public_id])
    client.force_login(world.bruno)
    assert client.post(url).status_code == 404
    with pytest.raises(ApplicationError):
        saved_filter_delete(saved_filter=saved, by=world.bruno)

    client.force_login(world.diego)
    response = client.post(url)

    assert response.status_code == 302
    assert not SavedFilter.objects.exists()


def test_the_saved_searches_cost_one_query_however_many_there_are(
    world: World, client: Client
) -> None:
    client.force_login(world.diego)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("workspace:queue"))
        return len(context)

    saved_filter_create(owner=world.diego, name="Una", queue=Queue.MINE, query="")
    with_one = queries()
    for index in range(6):
        saved_filter_create(
            owner=world.diego,
            name=f"Otra {index}",
            queue=Queue.AREA,
            query="q=fuga",
            shared_with=world.servicio,
        )

    assert queries() == with_one
