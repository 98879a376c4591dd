"""Personas shared by the whole suite.

- ``bruno``: agent in Facturación (area A).
- ``carla``: agent in Acueducto (area B); must never see area A's cases.
- ``diego``: manager of Servicio al Cliente, the parent of Facturación.
- ``oscar``: oversight (control interno): reads everything, changes nothing.
- ``adriana``: administrator.
- ``lucia``: service-quality lead.

A second organization (``world_b``, Aguas del Norte, public pages on ``pqrs.norte.test``)
has its own people with the same roles: ``beatriz`` administrator, ``lorena`` quality lead,
``nestor`` agent in its Facturación, ``olga`` oversight. No one of either organization may
see or change anything of the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.accounts.services import user_create
from promesa.organization.models import Area, Organization
from promesa.organization.services import area_create, membership_add

PASSWORD = "una-clave-larga-2026"


@dataclass
class World:
    organization: Organization
    gerencia: Area
    servicio: Area
    facturacion: Area
    operaciones: Area
    acueducto: Area
    adriana: User
    lucia: User
    diego: User
    bruno: User
    carla: User
    oscar: User


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; the suite creates many users. The hashing itself is
    # specified in tests/accounts/test_login.py, which switches Argon2 back on.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_world() -> World:
    organization = Organization.objects.create(name="Aguas de Prueba S.A. E.S.P.", slug="prueba")

    def person(name: str, role: Role) -> User:
        return user_create(
            email=f"{name}@prueba.test",
            full_name=name.capitalize(),
            role=role,
            organization=organization,
            password=PASSWORD,
            send_welcome=False,
        )

    diego = person("diego", Role.AREA_MANAGER)
    gerencia = area_create(organization=organization, name="Gerencia General", code="gerencia")
    servicio = area_create(
        organization=organization, name="Servicio al Cliente", parent=gerencia, manager=diego
    )
    facturacion = area_create(organization=organization, name="Facturación", parent=servicio)
    operaciones = area_create(organization=organization, name="Operaciones", parent=gerencia)
    acueducto = area_create(organization=organization, name="Acueducto", parent=operaciones)
    world = World(
        organization=organization,
        gerencia=gerencia,
        servicio=servicio,
        facturacion=facturacion,
        operaciones=operaciones,
        acueducto=acueducto,
        adriana=person("adriana", Role.ADMINISTRATOR),
        lucia=person("lucia", Role.QUALITY_LEAD),
        diego=diego,
        bruno=person("bruno", Role.AGENT),
        carla=person("carla", Role.AGENT),
        oscar=person("oscar", Role.OVERSIGHT),
    )
    membership_add(user=world.bruno, area=facturacion)
    membership_add(user=world.carla, area=acueducto)
    membership_add(user=world.diego, area=servicio)
    return world


@pytest.fixture
def world(db: None) -> World:
    return make_world()


NORTE_HOST = "pqrs.norte.test"


@dataclass
class WorldB:
    organization: Organization
    gerencia: Area
    facturacion: Area
    beatriz: User
    lorena: User
    nestor: User
    olga: User


def make_world_b() -> WorldB:
    """A second organization of the same install, with its own areas and people."""
    organization = Organization.objects.create(
        name="Aguas del Norte E.S.P.", slug="norte", public_host=NORTE_HOST
    )

    def person(name: str, role: Role) -> User:
        return user_create(
            email=f"{name}@norte.test",
            full_name=name.capitalize(),
            role=role,
            organization=organization,
            password=PASSWORD,
            send_welcome=False,
        )

    gerencia = area_create(organization=organization, name="Gerencia del Norte", code="gerencia")
    facturacion = area_create(
        organization=organization, name="Facturación del Norte", code="facturacion", parent=gerencia
    )
    world_b = WorldB(
        organization=organization,
        gerencia=gerencia,
        facturacion=facturacion,
        beatriz=person("beatriz", Role.ADMINISTRATOR),
        lorena=person("lorena", Role.QUALITY_LEAD),
        nestor=person("nestor", Role.AGENT),
        olga=person("olga", Role.OVERSIGHT),
    )
    membership_add(user=world_b.nestor, area=facturacion)
    return world_b


@pytest.fixture
def world_b(db: None) -> WorldB:
    return make_world_b()
