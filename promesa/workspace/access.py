"""Who is asking, for the workspace's views: a staff member and their organization.

Each helper refuses the way the pages must: 403 for someone who is not staff or works for no
organization. The staff member and the case they may read come from ``promesa.cases.access``.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from promesa.accounts.models import User
from promesa.cases.access import staff_member
from promesa.organization.models import Organization
from promesa.organization.selectors import current_organization

E = TypeVar("E", bound=Enum)


def staff_and_organization(request: HttpRequest) -> tuple[User, Organization]:
    """The signed-in staff member and the organization whose cases they work on."""
    user = staff_member(request)
    organization = current_organization(request)
    if organization is None:
        raise PermissionDenied
    return user, organization


def choice_from_query(request: HttpRequest, name: str, default: E) -> E:
    """``?name=value`` read as one of ``default``'s enum; anything else is ``default``."""
    try:
        return type(default)(request.GET.get(name, default))
    except ValueError:
        return default
