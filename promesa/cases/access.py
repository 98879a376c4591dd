"""Who is asking, for the staff case pages: a staff member and a case they may read.

Each helper refuses the way the pages must: 403 for someone who is not staff, 404 for a case
the user may not read, so its existence is not revealed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from promesa.accounts.models import User
from promesa.cases.models import Case
from promesa.cases.selectors import case_for_user


def staff_member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def visible_case(user: User, filing_number: str) -> Case:
    case = case_for_user(user, filing_number=filing_number)
    if case is None:
        raise Http404
    return case
