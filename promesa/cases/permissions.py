"""The policy applied to real users and cases: reads the facts, asks ``policy``, explains.

``promesa.cases.policy`` holds the rules and no ORM; this module finds how a user stands to
a case (through the organization's own visibility rule, ``user_can_see_area`` or
``visible_areas_filter``, so that nobody ever stands in any relation to a case of another
organization), asks the policy and turns a refusal into the translated message and the
``ApplicationError`` the services raise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases import policy
from promesa.cases.answers import answer_needs_approval
from promesa.cases.models import Case
from promesa.cases.policy import Action, Decision, Relation
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area, Membership
from promesa.organization.selectors import user_can_see_area, visible_areas_filter


def relation_to_area(user: User, area: Area, *, assignee_id: int | None = None) -> Relation:
    """How ``user`` stands to ``area`` (to a case there when ``assignee_id`` is its assignee).

    One query either way. Organization-wide roles and the case's holder only need to see
    the area (``user_can_see_area``). Everyone else is read their own areas, among those the
    organization's visibility rule lets them see; being a member of the area, or managing
    one above it, is then the policy's reading of those facts, and no tie is none.
    """
    holds = assignee_id is not None and assignee_id == user.pk
    member_of: list[int] = []
    manages: list[str] = []
    if user.sees_whole_organization or holds:
        if not user_can_see_area(user, area):
            return Relation.NONE
    else:
        is_member = Exists(Membership.objects.filter(user=user, area=OuterRef("pk")))
        rows = (
            Area.objects.filter(visible_areas_filter(user))
            .annotate(is_member=is_member)
            .filter(Q(is_member=True) | Q(manager=user))
            .values_list("pk", "path", "manager_id", "is_member")
        )
        for pk, path, manager_id, member in rows:
            if member:
                member_of.append(pk)
            if manager_id == user.pk:
                manages.append(path)
    return policy.relation(
        user_id=user.pk,
        role=user.role,
        member_of=member_of,
        manages=manages,
        area_id=area.pk,
        area_path=area.path,
        assignee_id=assignee_id,
    )


def relation_to_case(user: User, case: Case) -> Relation:
    return relation_to_area(user, case.area, assignee_id=case.assignee_id)


def relation_for_changes(user: User, case: Case) -> Relation:
    """The tie that counts for changing ``case``: none for a role that may change nothing.

    The policy refuses every change to such a role (oversight) whatever its tie, so a page
    that only asks what may be changed spends no query on reading it.
    """
    if user.role not in policy.ACTING_ROLES:
        return Relation.NONE
    return relation_to_case(user, case)


def _needs_approval(user: User, case: Case, action: Action) -> bool:
    # One query, and only where it can change the answer.
    return (
        action == Action.ANSWER
        and user.role not in policy.SUPERVISOR_ROLES
        and answer_needs_approval(case)
    )


def decide(user: User, case: Case, action: Action, *, relation: Relation | None = None) -> Decision:
    """The policy's answer for ``user`` and ``case``; pass ``relation`` when already known."""
    return policy.decide(
        role=user.role,
        relation=relation_to_case(user, case) if relation is None else relation,
        action=action,
        status=case.status,
        needs_approval=_needs_approval(user, case, action),
    )


def reason_text(decision: Decision, *, case: Case | None = None, area: Area | None = None) -> str:
    """The refusal in the user's language, its placeholders filled from the case and area."""
    message = _(decision.reason)
    if "%(" not in message:
        return message
    return message % {
        "status": case.get_status_display() if case is not None else "",
        "area": area.name if area is not None else "",
    }


def _refuse(decision: Decision, *, case: Case, area: Area | None = None) -> None:
    if not decision.allowed:
        raise ApplicationError(
            reason_text(decision, case=case, area=area or case.area), code=decision.code
        )


def require(user: User | None, case: Case, action: Action) -> None:
    """Raise the ``ApplicationError`` of the policy's refusal, if it refuses."""
    if user is None:
        raise ApplicationError(_("This action needs a signed-in staff member."), code="forbidden")
    _refuse(decide(user, case, action), case=case)


def require_state(case: Case, action: Action) -> None:
    """Only the state: for what the requester does, who is no staff member."""
    if case.status not in policy.ALLOWED_FROM[action]:
        _refuse(
            Decision(allowed=False, reason=policy.WRONG_STATE, code="invalid_transition"),
            case=case,
        )


@dataclass(frozen=True)
class AreaDecision:
    """A decision judged against one of several areas (an internal request's two sides)."""

    decision: Decision
    area: Area


def decide_in_areas(user: User, case: Case, action: Action, areas: Sequence[Area]) -> AreaDecision:
    """Allowed when the policy allows ``action`` in any of ``areas``; else the first refusal.

    The areas are read in order and the first that allows ends the search.
    """
    first: AreaDecision | None = None
    for area in dict.fromkeys(areas):
        found = AreaDecision(
            decision=policy.decide(
                role=user.role,
                relation=relation_to_area(user, area),
                action=action,
                status=case.status,
            ),
            area=area,
        )
        if found.decision.allowed:
            return found
        first = first or found
    if first is None:
        raise ValueError("decide_in_areas needs at least one area")
    return first


def require_in_areas(user: User, case: Case, action: Action, areas: Sequence[Area]) -> None:
    found = decide_in_areas(user, case, action, areas)
    _refuse(found.decision, case=case, area=found.area)
