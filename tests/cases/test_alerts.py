"""Deadline alerts: who is warned about which case, once a day, in one digest.

Cases filed on Monday 16 March 2026 under Ley 1755 are due on Thursday 9 April 2026 (Holy
Thursday and Good Friday are holidays); those filed on Tuesday 17 March are due on Friday
10 April. ``Organization.alert_days_before`` is 2 by default.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promesa.accounts.models import User
from promesa.cases.alerts import run_sweep
from promesa.cases.models import Case, DeadlineAlert, DeadlineAlertKind, SweepLease
from promesa.cases.services import case_assign, case_request_clarification
from promesa.organization.models import Area, Organization
from tests.cases.factories import bogota, file_case
from tests.conftest import World

MONDAY = "2026-03-16T09:00"  # due Thursday 2026-04-09
TUESDAY = "2026-03-17T09:00"  # due Friday 2026-04-10


def filed(world: World, *, received: str = MONDAY, area: Area | None = None) -> Case:
    return file_case(world.organization, area or world.facturacion, received=received).case


def assigned_to_bruno(world: World, *, received: str = MONDAY) -> Case:
    case = filed(world, received=received)
    return case_assign(case=case, assignee=world.bruno, by=world.bruno, at=bogota(received))


def mails_to(user: User) -> list[Any]:
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def adriana_manages_gerencia(world: World) -> World:
    Area.objects.filter(pk=world.gerencia.pk).update(manager=world.adriana)
    return world


def test_the_cases_fall_due_on_the_dates_the_scenarios_assume(world: World) -> None:
    assert str(filed(world, received=MONDAY).due_date) == "2026-04-09"
    assert str(filed(world, received=TUESDAY).due_date) == "2026-04-10"


def test_bruno_gets_one_digest_listing_his_two_due_soon_cases(world: World) -> None:
    # given: on Wednesday 8 April one case has 1 business day left and the other 2
    first = assigned_to_bruno(world, received=MONDAY)
    second = assigned_to_bruno(world, received=TUESDAY)
    mail.outbox.clear()

    # when
    result = run_sweep(now=bogota("2026-04-08T08:00"))

    # then
    assert result.alerts[DeadlineAlertKind.DUE_SOON] == 2
    assert result.emails_sent == 1
    [digest] = mail.outbox
    assert digest.to == [world.bruno.email]
    assert first.filing_number in digest.body
    assert second.filing_number in digest.body
    assert f"/trabajo/casos/{first.filing_number}/" in digest.body
    assert "Facturación" in digest.body
    assert not mails_to(world.diego)


def test_a_case_beyond_the_alert_window_is_not_announced(world: World) -> None:
    assigned_to_bruno(world, received=TUESDAY)  # 3 business days left on 7 April
    mail.outbox.clear()

    result = run_sweep(now=bogota("2026-04-07T08:00"))

    assert result.alerts[DeadlineAlertKind.DUE_SOON] == 0
    assert mail.outbox == []


def test_an_unassigned_case_due_soon_warns_the_nearest_manager(world: World) -> None:
    filed(world)
    mail.outbox.clear()

    run_sweep(now=bogota("2026-04-08T08:00"))

    assert [message.to for message in mail.outbox] == [[world.diego.email]]


def test_a_case_due_today_alerts_bruno_and_diego(world: World) -> None:
    case = assigned_to_bruno(world)
    mail.outbox.clear()

    result = run_sweep(now=bogota("2026-04-09T08:00"))

    assert result.alerts[DeadlineAlertKind.DUE_TODAY] == 2
    assert {tuple(message.to) for message in mail.outbox} == {
        (world.bruno.email,),
        (world.diego.email,),
    }
    assert set(DeadlineAlert.objects.filter(case=case).values_list("recipient__email", "kind")) == {
        (world.bruno.email, DeadlineAlertKind.DUE_TODAY),
        (world.diego.email, DeadlineAlertKind.DUE_TODAY),
    }


def test_an_overdue_case_escalates_to_the_manager_above_the_nearest_one(
    adriana_manages_gerencia: World,
) -> None:
    # given: Facturación has no manager, so diego (Servicio al Cliente) is the nearest one
    # and adriana (Gerencia, the level above Servicio) is the one escalated to
    world = adriana_manages_gerencia
    case = assigned_to_bruno(world)
    mail.outbox.clear()

    # when: Friday 10 April, the day after the due date
    result = run_sweep(now=bogota("2026-04-10T08:00"))

    # then
    assert result.alerts[DeadlineAlertKind.OVERDUE] == 2
    assert {tuple(message.to) for message in mail.outbox} == {
        (world.bruno.email,),
        (world.adriana.email,),
    }
    assert case.filing_number in mails_to(world.adriana)[0].body


def test_without_a_manager_above_the_escalation_stays_with_the_nearest_manager(
    world: World,
) -> None:
    assigned_to_bruno(world)
    mail.outbox.clear()

    run_sweep(now=bogota("2026-04-10T08:00"))

    assert {tuple(message.to) for message in mail.outbox} == {
        (world.bruno.email,),
        (world.diego.email,),
    }


def test_an_organization_that_does_not_escalate_only_warns_the_assignee(
    adriana_manages_gerencia: World,
) -> None:
    world = adriana_manages_gerencia
    Organization.objects.filter(pk=world.organization.pk).update(escalate_overdue=False)
    assigned_to_bruno(world)
    mail.outbox.clear()

    run_sweep(now=bogota("2026-04-10T08:00"))

    assert [message.to for message in mail.outbox] == [[world.bruno.email]]


def test_running_the_sweep_twice_on_the_same_day_sends_nothing_new(world: World) -> None:
    assigned_to_bruno(world)
    mail.outbox.clear()
    run_sweep(now=bogota("2026-04-09T08:00"))
    mail.outbox.clear()

    again = run_sweep(now=bogota("2026-04-09T16:45"))

    assert not again.skipped
    assert sum(again.alerts.values()) == 0
    assert again.emails_sent == 0
    assert mail.outbox == []


def test_the_next_day_the_overdue_case_alerts_again(adriana_manages_gerencia: World) -> None:
    world = adriana_manages_gerencia
    case = assigned_to_bruno(world)
    mail.outbox.clear()
    run_sweep(now=bogota("2026-04-10T08:00"))
    mail.outbox.clear()

    result = run_sweep(now=bogota("2026-04-13T08:00"))  # Monday

    assert result.alerts[DeadlineAlertKind.OVERDUE] == 2
    assert len(mails_to(world.bruno)) == 1
    assert DeadlineAlert.objects.filter(case=case, recipient=world.bruno).count() == 2


def test_a_case_awaiting_the_requester_is_not_alerted(world: World) -> None:
    # given: the clock stopped while the requester completes the request
    case = assigned_to_bruno(world)
    case_request_clarification(
        case=case,
        by=world.bruno,
        message="Adjunte la factura.",
        at=bogota("2026-03-18T10:00"),
        notify=False,
    )
    mail.outbox.clear()

    result = run_sweep(now=bogota("2026-04-09T08:00"))

    assert result.cases_examined == 0
    assert mail.outbox == []


def test_a_lease_held_by_another_node_skips_the_sweep(world: World) -> None:
    assigned_to_bruno(world)
    mail.outbox.clear()
    now = bogota("2026-04-09T08:00")
    SweepLease.objects.create(
        name="deadlines", holder="node-b", expires_at=now + timedelta(minutes=5)
    )

    result = run_sweep(now=now, holder="node-a")

    assert result.skipped
    assert str(result) == "skipped (lease held)"
    assert mail.outbox == []
    assert not DeadlineAlert.objects.exists()
    assert SweepLease.objects.get(name="deadlines").holder == "node-b"


def test_an_expired_lease_is_taken_over_and_released_at_the_end(world: World) -> None:
    now = bogota("2026-04-09T08:00")
    SweepLease.objects.create(
        name="deadlines", holder="node-b", expires_at=now - timedelta(minutes=1)
    )

    result = run_sweep(now=now, holder="node-a")

    assert not result.skipped
    lease = SweepLease.objects.get(name="deadlines")
    assert (lease.holder, lease.expires_at) == ("node-a", now)


def _queries_of_a_sweep(world: World, *, cases: int, day: str) -> int:
    for _ in range(cases):
        assigned_to_bruno(world)
    filed(world, area=world.acueducto)  # unassigned, nobody manages Acueducto's branch
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        result = run_sweep(now=bogota(day))
    assert result.emails_sent == 2  # bruno and diego
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_cases(world: World) -> None:
    run_sweep(now=bogota("2026-04-01T08:00"))  # the first sweep ever creates the lease row
    few = _queries_of_a_sweep(world, cases=3, day="2026-04-09T08:00")
    DeadlineAlert.objects.all().delete()

    many = _queries_of_a_sweep(world, cases=12, day="2026-04-09T09:00")

    assert few == many


def test_the_digest_is_in_the_recipients_language(world: World) -> None:
    User.objects.filter(pk=world.bruno.pk).update(language="en")
    assigned_to_bruno(world)
    mail.outbox.clear()

    run_sweep(now=bogota("2026-04-09T08:00"))

    [english] = mails_to(world.bruno)
    [spanish] = mails_to(world.diego)
    assert english.subject == "Promesa: 1 deadline alert"
    assert "DUE TODAY" in english.body
    assert "Thursday, April 9, 2026" in english.body
    assert "abril" in spanish.body
    assert "April" not in spanish.body


def test_the_digest_lists_overdue_cases_first(adriana_manages_gerencia: World) -> None:
    world = adriana_manages_gerencia
    overdue = assigned_to_bruno(world, received=MONDAY)
    soon = assigned_to_bruno(world, received="2026-03-18T09:00")  # due Monday 13 April
    mail.outbox.clear()

    run_sweep(now=bogota("2026-04-10T08:00"))

    [digest] = mails_to(world.bruno)
    assert soon.due_date > overdue.due_date
    assert digest.body.index(overdue.filing_number) < digest.body.index(soon.filing_number)


def test_the_command_prints_what_the_sweep_did(world: World) -> None:
    assigned_to_bruno(world)
    out = io.StringIO()

    call_command("sweep_deadlines", "--now", "2026-04-09T08:00-05:00", stdout=out)

    assert "due_today=2" in out.getvalue()
    assert "e-mails sent: 2" in out.getvalue()
