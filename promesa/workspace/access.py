"""Who is asking, for the workspace's views: a staff member, their organization, a case.

Each helper refuses the way the pages must: 403 for someone who is not staff or works for no
organization, 404 for a case the user may not read, so its existence is not revealed.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from promesa.accounts.models import User
from promesa.cases.models import Case
from promesa.cases.selectors import case_for_user
from promesa.organization.models import Organization
from promesa.organization.selectors import current_organization

E = TypeVar("E", bound=Enum)


def staff_member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def staff_and_organization(request: HttpRequest) -> tuple[User, Organization]:
    """The signed-in staff member and the organization whose cases they work on."""
    user = staff_member(request)
    organization = current_organization(request)
    if organization is None:
        raise PermissionDenied
    return user, organization


def visible_case(user: User, filing_number: str) -> Case:
    case = case_for_user(user, filing_number=filing_number)
    if case is None:
        raise Http404
    return case


def choice_from_query(request: HttpRequest, name: str, default: E) -> E:
    """``?name=value`` read as one of ``default``'s enum; anything else is ``default``."""
    try:
        return type(default)(request.GET.get(name, default))
    except ValueError:
        return default
