"""Read queries on the organization: whose organization a request works in, who sees which areas.

One install holds several organizations (docs/decisions/0014-organizations-in-one-install.md).
A staff member works in their own organization only, whatever their role; the public pages
serve the organization of the host they are reached on. Every other query is scoped through
the helpers here.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.http import HttpRequest

from promesa.accounts.models import User
from promesa.organization.models import Area, Membership, Organization


def organization_of(user: User) -> Organization | None:
    """The organization ``user`` works for; None for an account not yet given one."""
    if not user.is_active or user.organization_id is None:
        return None
    return user.organization


def current_organization(request: HttpRequest) -> Organization | None:
    """The organization a staff request works in: the signed-in user's own."""
    user = getattr(request, "user", None)
    return organization_of(user) if isinstance(user, User) else None


def public_organization(request: HttpRequest) -> Organization | None:
    """The organization whose public pages answer on the request's host.

    The organization with that public host name; on any other host, the one named by
    ``PUBLIC_DEFAULT_ORGANIZATION`` (the demo unless configured), or the install's only
    organization. None when no organization fits: the page is a 404.
    """
    host = request.get_host().rsplit(":", 1)[0].strip().lower()
    if host:
        claimed = Organization.objects.filter(public_host__iexact=host).first()
        if claimed is not None:
            return claimed
    default = Organization.objects.filter(slug=settings.PUBLIC_DEFAULT_ORGANIZATION).first()
    if default is not None:
        return default
    only = list(Organization.objects.order_by("pk")[:2])
    return only[0] if len(only) == 1 else None


def public_base_url(organization: Organization) -> str:
    """The address of ``organization``'s public pages, for links in requesters' e-mails.

    Its public host name with the scheme of ``PROMESA_BASE_URL``; that address itself for an
    organization without one (it is served on the default host).
    """
    if not organization.public_host:
        return str(settings.PROMESA_BASE_URL)
    scheme = str(settings.PROMESA_BASE_URL).split("://", 1)[0] or "https"
    return f"{scheme}://{organization.public_host.strip().lower()}"


def _whole_organization(user: User, *, prefix: str) -> Q:
    # The areas as a subquery rather than a join, so a case query keeps reading area_id.
    if not prefix:
        return Q(organization_id=user.organization_id)
    areas = Area.objects.filter(organization=user.organization_id).values("pk")
    return Q(**{f"{prefix}pk__in": areas})


def visible_areas_filter(user: User, *, prefix: str = "") -> Q:
    """A Q object limiting a query to the areas ``user`` may see.

    Only areas of the user's own organization, whatever the role: organization-wide roles
    see all of them; an area manager sees the subtree of each area they manage there;
    everyone sees the areas of their organization they are a member of. ``prefix`` is the
    lookup path from the queried model to Area, e.g. ``"area__"`` for cases.
    """
    if not prefix:
        # Filtering areas themselves (a few dozen rows): one query, the caller's. Case lists
        # keep the literal paths below, which let the planner use the per-area indexes.
        return in_areas_of(user, prefix="")
    if not user.is_active or user.organization_id is None:
        return Q(pk__in=[])
    if user.sees_whole_organization:
        return _whole_organization(user, prefix=prefix)
    own = Area.objects.filter(organization_id=user.organization_id)
    condition = Q(**{f"{prefix}pk__in": own.filter(memberships__user=user).values("pk")})
    managed_paths = list(own.filter(manager=user).values_list("path", flat=True))
    for path in managed_paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def in_areas_of(user: User, *, prefix: str) -> Q:
    """Rows whose area (reached through ``prefix``) ``user`` works in, in one SQL query.

    The same rule as ``visible_areas_filter`` (the user's organization only; memberships,
    subtrees of managed areas, all for organization-wide roles), with the managed subtrees
    as a subquery instead of a query of their paths first, so the navigation counter costs
    a single query.
    """
    if not user.is_active or user.organization_id is None:
        return Q(pk__in=[])
    if user.sees_whole_organization:
        return _whole_organization(user, prefix=prefix)
    own = Area.objects.filter(organization_id=user.organization_id)
    managed_above = own.filter(manager=user).filter(
        StartsWith(OuterRef(f"{prefix}path"), F("path"))
    )
    memberships = Membership.objects.filter(user=user, area__organization_id=user.organization_id)
    return Q(**{f"{prefix}pk__in": memberships.values("area")}) | Q(Exists(managed_above))


def areas_visible_to(user: User) -> list[Area]:
    """The areas ``user`` may read, in tree order."""
    return list(Area.objects.filter(visible_areas_filter(user)).order_by("path"))


def user_can_see_area(user: User, area: Area) -> bool:
    return Area.objects.filter(visible_areas_filter(user), pk=area.pk).exists()


def user_can_act_in_area(user: User, area: Area) -> bool:
    """Read access plus a role that may change things."""
    return not user.is_read_only and user_can_see_area(user, area)
