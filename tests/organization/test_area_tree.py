import pytest
from django.utils import translation

from promesa.core.errors import ApplicationError
from promesa.organization.models import Area
from promesa.organization.selectors import areas_visible_to, user_can_act_in_area, user_can_see_area
from promesa.organization.services import area_create, area_move
from tests.conftest import World


def test_areas_form_a_tree_with_paths_that_find_whole_subtrees(world: World) -> None:
    subtree = Area.objects.subtree_of([world.servicio])

    assert set(subtree) == {world.servicio, world.facturacion}
    assert world.facturacion.is_within(world.gerencia)
    assert not world.acueducto.is_within(world.servicio)
    assert world.facturacion.depth == 2


def test_moving_an_area_moves_its_subtree(world: World) -> None:
    # given Servicio al Cliente (with Facturación below) moves under Operaciones
    area_move(area=world.servicio, parent=world.operaciones)

    # then Facturación now lies below Operaciones too
    world.facturacion.refresh_from_db()
    assert world.facturacion.is_within(world.operaciones)
    assert (
        world.facturacion.path
        == f"{world.operaciones.path}{world.servicio.pk}/{world.facturacion.pk}/"
    )


def test_an_area_cannot_be_moved_below_itself(world: World) -> None:
    with translation.override("en"), pytest.raises(ApplicationError, match="below itself"):
        area_move(area=world.servicio, parent=world.facturacion)


def test_an_area_cannot_hang_from_another_organizations_area(world: World) -> None:
    from promesa.organization.models import Organization

    other = Organization.objects.create(name="Otra", slug="otra")
    with pytest.raises(ApplicationError):
        area_create(organization=other, name="Intrusa", parent=world.gerencia)


# Who sees which area: the matrix every area-scoped page and API relies on.
VISIBILITY = {
    #          gerencia servicio facturacion operaciones acueducto
    "adriana": (True, True, True, True, True),
    "lucia": (True, True, True, True, True),
    "oscar": (True, True, True, True, True),
    "diego": (False, True, True, False, False),
    "bruno": (False, False, True, False, False),
    "carla": (False, False, False, False, True),
}
AREAS = ("gerencia", "servicio", "facturacion", "operaciones", "acueducto")


@pytest.mark.parametrize("persona", VISIBILITY)
def test_each_role_sees_exactly_its_areas(world: World, persona: str) -> None:
    user = getattr(world, persona)
    expected = {name for name, seen in zip(AREAS, VISIBILITY[persona], strict=True) if seen}

    seen = {name for name in AREAS if user_can_see_area(user, getattr(world, name))}

    assert seen == expected
    assert {a.pk for a in areas_visible_to(user)} == {getattr(world, n).pk for n in expected}


def test_oversight_reads_every_area_but_may_act_in_none(world: World) -> None:
    assert user_can_see_area(world.oscar, world.facturacion)
    assert not user_can_act_in_area(world.oscar, world.facturacion)


def test_agents_act_only_in_their_own_area(world: World) -> None:
    assert user_can_act_in_area(world.bruno, world.facturacion)
    assert not user_can_act_in_area(world.carla, world.facturacion)


def test_a_deactivated_user_sees_nothing(world: World) -> None:
    world.adriana.is_active = False
    world.adriana.save()

    assert areas_visible_to(world.adriana) == []
