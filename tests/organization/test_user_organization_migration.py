"""The data migration that gives existing staff accounts their organization."""

from __future__ import annotations

import importlib

from django.apps import apps

from promesa.accounts.models import User
from promesa.organization.models import Area
from tests.conftest import World, WorldB

migration = importlib.import_module("promesa.accounts.migrations.0005_assign_users_to_organization")


def forget_every_organization() -> None:
    User.objects.update(organization=None)


def test_on_a_one_organization_install_everyone_joins_it(world: World) -> None:
    forget_every_organization()

    migration.assign_organizations(apps, None)

    assert set(User.objects.values_list("organization", flat=True)) == {world.organization.pk}


def test_with_several_organizations_people_join_the_one_of_their_areas(
    world: World, world_b: WorldB
) -> None:
    # given lucia, with no area, and nestor, member of an area of B only
    forget_every_organization()

    migration.assign_organizations(apps, None)

    people = {user.email: user.organization_id for user in User.objects.all()}
    assert people["bruno@prueba.test"] == world.organization.pk  # member in A
    assert people["diego@prueba.test"] == world.organization.pk  # manager in A
    assert people["nestor@norte.test"] == world_b.organization.pk
    # nobody is guessed: without areas, an administrator chooses the organization
    assert people["lucia@prueba.test"] is None
    assert people["lorena@norte.test"] is None


def test_someone_whose_areas_span_two_organizations_is_left_for_an_administrator(
    world: World, world_b: WorldB
) -> None:
    forget_every_organization()
    Area.objects.filter(pk=world_b.facturacion.pk).update(manager=world.bruno)

    migration.assign_organizations(apps, None)

    assert User.objects.get(pk=world.bruno.pk).organization is None


def test_an_empty_install_has_nobody_to_assign(db: None) -> None:
    migration.assign_organizations(apps, None)

    assert not User.objects.exists()
