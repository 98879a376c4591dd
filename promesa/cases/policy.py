"""Who may do what to a case: role × relation to the case × action × state, as one table.

Pure code, like the deadline engine: no ORM, no Django, no request. Services, the case pages,
the API and the permission tests all ask :func:`decide`; ``promesa.cases.permissions`` reads
the facts from the database and translates the reasons.

Roles and statuses are the plain codes of ``accounts.choices.Role`` and
``cases.choices.CaseStatus`` (both ``str`` enums, so either may be passed); those modules
import Django, so this one names their codes instead, and a test checks they agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation; ``permissions.reason_text`` translates it."""
    return message


class Action(StrEnum):
    """Every change a staff member may ask for on a case, by one name."""

    ASSIGN = "assign"  # give the case to someone else
    TAKE = "take"  # give the case to oneself
    MOVE = "move"
    START = "start"
    REQUEST_CLARIFICATION = "request_clarification"
    RECEIVE_CLARIFICATION = "receive_clarification"
    EXTEND = "extend"
    TRANSFER = "transfer"
    DRAFT_ANSWER = "draft_answer"  # write and keep an answer without sending it
    ANSWER = "answer"  # send the answer directly
    SUBMIT_ANSWER = "submit_answer"  # hand the answer to a supervisor for approval
    APPROVE_ANSWER = "approve_answer"
    RETURN_ANSWER = "return_answer"
    CLOSE = "close"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"
    ADD_NOTE = "add_note"
    # Silencio administrativo positivo (Ley 142 art. 158): recognise its effects, or record
    # the legal cause that excludes it.
    RECOGNISE_SILENCE = "recognise_silence"
    EXCLUDE_SILENCE = "exclude_silence"
    OPEN_INTERNAL_REQUEST = "open_internal_request"
    # These three are judged against the request's areas, not the case's (see permissions).
    ANSWER_INTERNAL_REQUEST = "answer_internal_request"
    CANCEL_INTERNAL_REQUEST = "cancel_internal_request"
    REPLY_INTERNAL_REQUEST = "reply_internal_request"


class Relation(StrEnum):
    """How a person stands to a case (or to an area), the strongest tie first."""

    ASSIGNEE = "assignee"
    AREA_MEMBER = "area_member"  # member of the case's area
    AREA_MANAGER = "area_manager"  # manager of the area or of one above it
    ORGANIZATION = "organization"  # a role that sees the whole organization
    NONE = "none"  # cannot see the case at all


# The codes of accounts.choices.Role.
ADMINISTRATOR = "administrator"
QUALITY_LEAD = "quality_lead"
AREA_MANAGER = "area_manager"
AGENT = "agent"
OVERSIGHT = "oversight"
ROLES = (ADMINISTRATOR, QUALITY_LEAD, AREA_MANAGER, AGENT, OVERSIGHT)
ORGANIZATION_WIDE_ROLES = frozenset({ADMINISTRATOR, QUALITY_LEAD, OVERSIGHT})
# Legal acts that bind the organization are for managers, quality leads and administrators.
SUPERVISOR_ROLES = frozenset({ADMINISTRATOR, QUALITY_LEAD, AREA_MANAGER})
ACTING_ROLES = frozenset({*SUPERVISOR_ROLES, AGENT})  # oversight reads, changes nothing

# The codes of cases.choices.CaseStatus.
FILED = "filed"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
AWAITING_REQUESTER = "awaiting_requester"
ANSWERED = "answered"
CLOSED = "closed"
TRANSFERRED = "transferred"
WITHDRAWN = "withdrawn"
STATUSES = (
    FILED,
    ASSIGNED,
    IN_PROGRESS,
    AWAITING_REQUESTER,
    ANSWERED,
    CLOSED,
    TRANSFERRED,
    WITHDRAWN,
)
OPEN = frozenset({FILED, ASSIGNED, IN_PROGRESS, AWAITING_REQUESTER})
_WORKABLE = frozenset({FILED, ASSIGNED, IN_PROGRESS})
_ANY = frozenset(STATUSES)

# The states each action may start from. Internal requests have states of their own, which
# their services check; the case may be in any state for those.
ALLOWED_FROM: Mapping[Action, frozenset[str]] = {
    Action.ASSIGN: OPEN,
    Action.TAKE: OPEN,
    Action.MOVE: OPEN,
    Action.START: frozenset({FILED, ASSIGNED}),
    Action.REQUEST_CLARIFICATION: _WORKABLE,
    Action.RECEIVE_CLARIFICATION: frozenset({AWAITING_REQUESTER}),
    Action.EXTEND: _WORKABLE,
    Action.TRANSFER: _WORKABLE,
    Action.DRAFT_ANSWER: _WORKABLE,
    Action.ANSWER: _WORKABLE,
    Action.SUBMIT_ANSWER: _WORKABLE,
    Action.APPROVE_ANSWER: _WORKABLE,
    Action.RETURN_ANSWER: _WORKABLE,
    Action.CLOSE: frozenset({ANSWERED}),
    Action.REOPEN: frozenset({ANSWERED, CLOSED}),
    Action.WITHDRAW: OPEN,
    Action.ADD_NOTE: _ANY,
    # Once the term has run out the case may have been answered (late) or closed meanwhile.
    Action.RECOGNISE_SILENCE: frozenset({*OPEN, ANSWERED, CLOSED}),
    Action.EXCLUDE_SILENCE: frozenset({*OPEN, ANSWERED, CLOSED}),
    Action.OPEN_INTERNAL_REQUEST: OPEN,
    Action.ANSWER_INTERNAL_REQUEST: _ANY,
    Action.CANCEL_INTERNAL_REQUEST: _ANY,
    Action.REPLY_INTERNAL_REQUEST: _ANY,
}

# Reasons, as English message ids (translated by permissions.reason_text). Placeholders:
# %(status)s is the case's status, %(area)s the area the action is judged against.
CANNOT_CHANGE_AREA = gettext_noop("You may not change cases of this area.")
SUPERVISORS_ONLY = gettext_noop("Only a manager, a quality lead or an administrator may do this.")
AGENTS_TAKE_ONLY = gettext_noop("Agents may only take cases for themselves.")
ALREADY_YOURS = gettext_noop("The case is already yours.")
WRONG_STATE = gettext_noop("This cannot be done while the case is “%(status)s”.")
NEEDS_APPROVAL = gettext_noop(
    "Answers to this case need a manager's approval; submit it for approval."
)
ONLY_SUPPLIER = gettext_noop("Only people of %(area)s may answer this request.")
ONLY_ASKER = gettext_noop("Only the area that asked may cancel this request.")
ONLY_PARTIES = gettext_noop("Only the two areas of this request may write in it.")

SUPERVISOR_ACTIONS = frozenset(
    {
        Action.ASSIGN,
        Action.EXTEND,
        Action.TRANSFER,
        Action.WITHDRAW,
        Action.REOPEN,
        Action.APPROVE_ANSWER,
        Action.RETURN_ANSWER,
        Action.RECOGNISE_SILENCE,
        Action.EXCLUDE_SILENCE,
    }
)
# The reason an action refused to someone of the right area but the wrong role gives.
_ROLE_REFUSAL = {Action.ASSIGN: AGENTS_TAKE_ONLY}
# The reason an action refused to someone outside the area gives.
_AREA_REFUSAL = {
    Action.ANSWER_INTERNAL_REQUEST: ONLY_SUPPLIER,
    Action.CANCEL_INTERNAL_REQUEST: ONLY_ASKER,
    Action.REPLY_INTERNAL_REQUEST: ONLY_PARTIES,
}


def _cell(role: str, relation: Relation, action: Action) -> str | None:
    """The reason ``role`` in ``relation`` may not ask for ``action``; None when it may."""
    if relation == Relation.NONE or role not in ACTING_ROLES:
        return _AREA_REFUSAL.get(action, CANNOT_CHANGE_AREA)
    if action in SUPERVISOR_ACTIONS and role not in SUPERVISOR_ROLES:
        return _ROLE_REFUSAL.get(action, SUPERVISORS_ONLY)
    if action == Action.TAKE and role == AGENT and relation == Relation.ASSIGNEE:
        # An agent's own case offers nothing to take; a manager may still hand it on.
        return ALREADY_YOURS
    return None


# role × relation × action → the reason of a refusal, or None when allowed.
TABLE: Mapping[tuple[str, Relation, Action], str | None] = {
    (role, relation, action): _cell(role, relation, action)
    for role in ROLES
    for relation in Relation
    for action in Action
}


@dataclass(frozen=True)
class Decision:
    """The answer of the policy: allowed, or refused with a reason and an error code.

    ``code`` is that of the ``ApplicationError`` a service raises: ``forbidden`` (who),
    ``invalid_transition`` (the case's state) or ``approval_required``.
    """

    allowed: bool
    reason: str = ""
    code: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(allowed=True)


def decide(
    *, role: str, relation: Relation, action: Action, status: str, needs_approval: bool = False
) -> Decision:
    """May someone of ``role``, standing in ``relation`` to a case in ``status``, do ``action``?

    Who is judged before the state, as the services always did: someone who may not act is
    told so whatever the state. ``needs_approval`` says that an approval rule covers the
    case, which only matters to sending an answer directly.
    """
    refusal = TABLE[(role, relation, action)]
    if refusal is not None:
        return Decision(allowed=False, reason=refusal, code="forbidden")
    if status not in ALLOWED_FROM[action]:
        return Decision(allowed=False, reason=WRONG_STATE, code="invalid_transition")
    if action == Action.ANSWER and needs_approval and role not in SUPERVISOR_ROLES:
        return Decision(allowed=False, reason=NEEDS_APPROVAL, code="approval_required")
    return ALLOWED


def answer_goes_to_approval(*, role: str, needs_approval: bool) -> bool:
    """True when an answer by ``role`` must wait for a supervisor (a rule covers the case)."""
    return needs_approval and role not in SUPERVISOR_ROLES


def relation(
    *,
    user_id: int,
    role: str,
    member_of: Iterable[int],
    manages: Iterable[str],
    area_id: int,
    area_path: str,
    assignee_id: int | None = None,
) -> Relation:
    """How a person stands to a case in the area ``area_id`` (tree path ``area_path``).

    ``member_of`` are the ids of the areas the person belongs to and ``manages`` the tree
    paths of the areas they manage; a manager's reach is the subtree below each. The caller
    establishes first that the person may see the area at all (the organization's own
    rule), and passes ``Relation.NONE`` otherwise.
    """
    if assignee_id is not None and assignee_id == user_id:
        return Relation.ASSIGNEE
    if role in ORGANIZATION_WIDE_ROLES:
        # Their reach is the whole organization whatever areas they also belong to.
        return Relation.ORGANIZATION
    if area_id in set(member_of):
        return Relation.AREA_MEMBER
    if any(area_path.startswith(path) for path in manages):
        return Relation.AREA_MANAGER
    return Relation.NONE
