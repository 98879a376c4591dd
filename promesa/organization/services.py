"""Write operations on the organization structure."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.text import slugify
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.core.errors import ApplicationError
from promesa.core.text import is_blank, visible_strip
from promesa.organization.choices import TouchpointKind
from promesa.organization.models import Area, Membership, Organization, Touchpoint


@transaction.atomic
def area_create(
    *,
    organization: Organization,
    name: str,
    parent: Area | None = None,
    manager: User | None = None,
    code: str = "",
) -> Area:
    """Create an area under ``parent`` (or at the top) and give it its tree path."""
    if is_blank(name):
        raise ApplicationError(_("Write the area's name."), code="required")
    name = visible_strip(name)
    if parent is not None and parent.organization_id != organization.pk:
        raise ApplicationError(_("The parent area belongs to another organization."))
    if manager is not None and manager.organization_id != organization.pk:
        raise ApplicationError(_("The manager works for another organization."))
    area = Area.objects.create(
        organization=organization,
        parent=parent,
        name=name,
        code=code or slugify(name),
        manager=manager,
    )
    area.path = f"{parent.path if parent else '/'}{area.pk}/"
    area.save(update_fields=["path"])
    return area


@transaction.atomic
def area_move(*, area: Area, parent: Area | None) -> Area:
    """Move ``area`` and its whole subtree under ``parent``."""
    if parent is not None and parent.is_within(area):
        raise ApplicationError(_("An area cannot be moved below itself."))
    old_path = area.path
    new_path = f"{parent.path if parent else '/'}{area.pk}/"
    # One UPDATE rewrites the prefix of every descendant's path.
    Area.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1))
    )
    area.parent = parent
    area.save(update_fields=["parent"])
    area.refresh_from_db()
    return area


def membership_add(*, user: User, area: Area) -> Membership:
    if user.organization_id != area.organization_id:
        raise ApplicationError(_("The person works for another organization."))
    membership, _created = Membership.objects.get_or_create(user=user, area=area)
    return membership


def touchpoint_create(
    *,
    organization: Organization,
    name: str,
    kind: TouchpointKind,
    owner_area: Area,
    description: str = "",
) -> Touchpoint:
    if is_blank(name):
        raise ApplicationError(_("Write the touchpoint's name."), code="required")
    if owner_area.organization_id != organization.pk:
        raise ApplicationError(_("The owner area belongs to another organization."))
    return Touchpoint.objects.create(
        organization=organization,
        name=visible_strip(name),
        kind=kind,
        owner_area=owner_area,
        description=description,
    )
