"""The API cannot skip the approval of answers that a rule puts under a manager."""

from __future__ import annotations

from collections.abc import Callable

from promesa.accounts.models import User
from promesa.cases.choices import CaseStatus, EventKind
from promesa.cases.models import AnswerApprovalRule, Case
from tests.api.conftest import ApiClient, file_case
from tests.conftest import World


def test_an_agent_answering_through_the_api_is_refused_with_approval_required(
    world: World, api_as: Callable[[User], ApiClient]
) -> None:
    AnswerApprovalRule.objects.create(organization=world.organization, area=world.servicio)
    case = file_case(world)

    response = api_as(world.bruno).post(
        f"/cases/{case.filing_number}/answer", {"text": "Listo.", "channel": "email"}
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "approval_required"
    assert Case.objects.get(pk=case.pk).status == CaseStatus.FILED
    assert not case.events.filter(kind=EventKind.ANSWERED).exists()


def test_a_manager_answers_through_the_api_where_approval_applies(
    world: World, api_as: Callable[[User], ApiClient]
) -> None:
    AnswerApprovalRule.objects.create(organization=world.organization, area=world.servicio)
    case = file_case(world)

    response = api_as(world.diego).post(
        f"/cases/{case.filing_number}/answer", {"text": "Listo.", "channel": "email"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "answered"
