"""The policy as a table: who may do what to a case, read without a database."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from promesa.accounts.choices import ORGANIZATION_WIDE_ROLES, Role
from promesa.cases import policy
from promesa.cases.choices import OPEN_STATUSES, CaseStatus
from promesa.cases.policy import Action, Decision, Relation

ACTING = (Relation.ASSIGNEE, Relation.AREA_MEMBER, Relation.AREA_MANAGER, Relation.ORGANIZATION)
LIFECYCLE_SUPERVISOR_ACTIONS = (Action.EXTEND, Action.TRANSFER, Action.WITHDRAW, Action.REOPEN)


def test_the_policy_names_the_same_roles_and_states_as_the_models() -> None:
    assert set(policy.ROLES) == set(Role.values)
    assert set(policy.STATUSES) == set(CaseStatus.values)
    assert policy.OPEN == OPEN_STATUSES
    assert policy.ORGANIZATION_WIDE_ROLES == ORGANIZATION_WIDE_ROLES


def test_every_role_relation_and_action_has_a_cell_and_a_starting_state() -> None:
    assert len(policy.TABLE) == len(policy.ROLES) * len(Relation) * len(Action)
    assert set(policy.ALLOWED_FROM) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("relation", list(Relation))
def test_oversight_reads_and_changes_nothing(relation: Relation, action: Action) -> None:
    assert policy.TABLE[(Role.OVERSIGHT, relation, action)] is not None


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", policy.ROLES)
def test_nobody_acts_on_a_case_they_cannot_see(role: str, action: Action) -> None:
    decision = policy.decide(
        role=role, relation=Relation.NONE, action=action, status=CaseStatus.FILED
    )

    assert not decision.allowed
    assert decision.code == "forbidden"


@pytest.mark.parametrize("relation", ACTING)
@pytest.mark.parametrize("action", LIFECYCLE_SUPERVISOR_ACTIONS)
def test_legal_acts_are_for_supervisors(action: Action, relation: Relation) -> None:
    for role in policy.SUPERVISOR_ROLES:
        assert policy.TABLE[(role, relation, action)] is None
    assert policy.TABLE[(Role.AGENT, relation, action)] == policy.SUPERVISORS_ONLY


@pytest.mark.parametrize("relation", ACTING)
def test_agents_only_take_cases_and_never_hand_them_to_others(relation: Relation) -> None:
    assert policy.TABLE[(Role.AGENT, relation, Action.ASSIGN)] == policy.AGENTS_TAKE_ONLY


def test_an_agent_cannot_take_a_case_that_is_already_theirs() -> None:
    assert policy.TABLE[(Role.AGENT, Relation.AREA_MEMBER, Action.TAKE)] is None
    assert policy.TABLE[(Role.AGENT, Relation.ASSIGNEE, Action.TAKE)] == policy.ALREADY_YOURS
    # The rule is for agents: a manager holding the case may take or reassign it.
    assert policy.TABLE[(Role.AREA_MANAGER, Relation.ASSIGNEE, Action.TAKE)] is None
    assert policy.TABLE[(Role.AREA_MANAGER, Relation.ASSIGNEE, Action.ASSIGN)] is None


@pytest.mark.parametrize("role", policy.ROLES)
def test_only_supervisors_approve_or_return_an_answer(role: str) -> None:
    for action in (Action.APPROVE_ANSWER, Action.RETURN_ANSWER):
        allowed = policy.TABLE[(role, Relation.ORGANIZATION, action)] is None
        assert allowed == (role in policy.SUPERVISOR_ROLES)


def test_who_is_judged_before_the_state() -> None:
    decision = policy.decide(
        role=Role.AGENT,
        relation=Relation.AREA_MEMBER,
        action=Action.EXTEND,
        status=CaseStatus.CLOSED,
    )

    assert decision == Decision(allowed=False, reason=policy.SUPERVISORS_ONLY, code="forbidden")


@pytest.mark.parametrize(
    ("action", "allowed_from"),
    [
        (Action.START, {CaseStatus.FILED, CaseStatus.ASSIGNED}),
        (Action.CLOSE, {CaseStatus.ANSWERED}),
        (Action.REOPEN, {CaseStatus.ANSWERED, CaseStatus.CLOSED}),
        (Action.RECEIVE_CLARIFICATION, {CaseStatus.AWAITING_REQUESTER}),
        (Action.WITHDRAW, set(OPEN_STATUSES)),
        (Action.ADD_NOTE, set(CaseStatus.values)),
    ],
)
def test_each_action_starts_from_its_states(action: Action, allowed_from: set[str]) -> None:
    for status in CaseStatus.values:
        decision = policy.decide(
            role=Role.ADMINISTRATOR, relation=Relation.ORGANIZATION, action=action, status=status
        )
        assert decision.allowed == (status in allowed_from), status
        if not decision.allowed:
            assert (decision.reason, decision.code) == (policy.WRONG_STATE, "invalid_transition")


@pytest.mark.parametrize("role", [Role.AGENT, Role.AREA_MANAGER])
def test_an_approval_rule_stops_only_the_direct_answers_of_non_supervisors(role: str) -> None:
    def decide(action: Action) -> Decision:
        return policy.decide(
            role=role,
            relation=Relation.AREA_MEMBER,
            action=action,
            status=CaseStatus.IN_PROGRESS,
            needs_approval=True,
        )

    if role == Role.AGENT:
        assert decide(Action.ANSWER).code == "approval_required"
    else:
        assert decide(Action.ANSWER).allowed
    assert decide(Action.SUBMIT_ANSWER).allowed
    assert decide(Action.DRAFT_ANSWER).allowed


def _relation(role: str, *, member_of: tuple[int, ...] = (), manages: tuple[str, ...] = ()) -> str:
    return policy.relation(
        user_id=7,
        role=role,
        member_of=member_of,
        manages=manages,
        area_id=9,
        area_path="/1/4/9/",
        assignee_id=None,
    )


def test_the_relation_comes_from_plain_facts() -> None:
    assert _relation(Role.AGENT, member_of=(9,)) == Relation.AREA_MEMBER
    assert _relation(Role.AGENT, member_of=(4,)) == Relation.NONE  # members see their area only
    assert _relation(Role.AREA_MANAGER, manages=("/1/4/",)) == Relation.AREA_MANAGER
    assert _relation(Role.AREA_MANAGER, manages=("/1/49/",)) == Relation.NONE
    assert _relation(Role.AREA_MANAGER, manages=("/1/4/9/",)) == Relation.AREA_MANAGER
    for role in ORGANIZATION_WIDE_ROLES:
        assert _relation(role) == Relation.ORGANIZATION
    assert _relation(Role.AGENT) == Relation.NONE


def test_holding_the_case_is_the_strongest_tie() -> None:
    relation = policy.relation(
        user_id=7,
        role=Role.ADMINISTRATOR,
        member_of=(9,),
        manages=(),
        area_id=9,
        area_path="/1/4/9/",
        assignee_id=7,
    )

    assert relation == Relation.ASSIGNEE


REASONS = [
    policy.CANNOT_CHANGE_AREA,
    policy.SUPERVISORS_ONLY,
    policy.AGENTS_TAKE_ONLY,
    policy.ALREADY_YOURS,
    policy.WRONG_STATE,
    policy.NEEDS_APPROVAL,
    policy.ONLY_SUPPLIER,
    policy.ONLY_ASKER,
    policy.ONLY_PARTIES,
]


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_reads_in_spanish(reason: str) -> None:
    with translation.override("es"):
        assert gettext(reason) != reason
