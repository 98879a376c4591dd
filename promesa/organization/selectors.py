"""Read queries on the organization, chiefly who may see which areas."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith

from promesa.accounts.models import User
from promesa.organization.models import Area, Membership


def visible_areas_filter(user: User, *, prefix: str = "") -> Q:
    """A Q object limiting a query to the areas ``user`` may see.

    Organization-wide roles see everything; an area manager sees the subtree of each area
    they manage; everyone sees the areas they are a member of. ``prefix`` is the lookup path
    from the queried model to Area, e.g. ``"area__"`` for cases.
    """
    if not prefix:
        # Filtering areas themselves (a few dozen rows): one query, the caller's. Case lists
        # keep the literal paths below, which let the planner use the per-area indexes.
        return in_areas_of(user, prefix="")
    if not user.is_active:
        return Q(pk__in=[])
    if user.sees_whole_organization:
        return Q()
    condition = Q(**{f"{prefix}pk__in": Area.objects.filter(memberships__user=user).values("pk")})
    managed_paths = list(user.managed_areas.values_list("path", flat=True))
    for path in managed_paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def in_areas_of(user: User, *, prefix: str) -> Q:
    """Rows whose area (reached through ``prefix``) ``user`` works in, in one SQL query.

    The same rule as ``visible_areas_filter`` (memberships, subtrees of managed areas, all
    for organization-wide roles), with the managed subtrees as a subquery instead of a
    query of their paths first, so the navigation counter costs a single query.
    """
    if not user.is_active:
        return Q(pk__in=[])
    if user.sees_whole_organization:
        return Q()
    managed_above = Area.objects.filter(manager=user).filter(
        StartsWith(OuterRef(f"{prefix}path"), F("path"))
    )
    return Q(**{f"{prefix}pk__in": Membership.objects.filter(user=user).values("area")}) | Q(
        Exists(managed_above)
    )


def areas_visible_to(user: User) -> list[Area]:
    """The areas ``user`` may read, in tree order."""
    return list(Area.objects.filter(visible_areas_filter(user)).order_by("path"))


def user_can_see_area(user: User, area: Area) -> bool:
    return Area.objects.filter(visible_areas_filter(user), pk=area.pk).exists()


def user_can_act_in_area(user: User, area: Area) -> bool:
    """Read access plus a role that may change things."""
    return not user.is_read_only and user_can_see_area(user, area)
