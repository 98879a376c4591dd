"""Domain events: what a service publishes reaches every subscriber once, or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from promesa.cases import services
from promesa.cases.choices import ConversationKind, EventKind
from promesa.cases.choices import ResponseChannel as RC
from promesa.cases.models import CaseEvent
from promesa.cases.subscribers import tell_the_mentioned, tell_the_requester
from promesa.core import events
from promesa.core.events import Delivery
from promesa.core.models import EventDelivery
from promesa.core.tasks import deliver_event
from promesa.organization.models import Organization
from tests.cases.factories import file_case
from tests.conftest import World
from tests.queue import deliveries, run_worker
from tests.workspace.helpers import new_case

# What the subscribers registered by these tests received, as an app above would see it.
received: list[Delivery] = []


def survey_after_the_answer(delivery: Delivery) -> None:
    """Stands for the surveys app: it invites the requester once a case is answered."""
    received.append(delivery)


def count_for_indicators(delivery: Delivery) -> None:
    """Stands for the indicators app: it counts every filing."""
    received.append(delivery)


def every_kind(delivery: Delivery) -> None:
    """Stands for an app that hears everything (indicators)."""
    received.append(delivery)


def broken_classifier(delivery: Delivery) -> None:
    raise RuntimeError("the model file is missing")


@pytest.fixture
def upper_apps() -> Iterator[None]:
    received.clear()
    events.subscribe(EventKind.ANSWERED, survey_after_the_answer)
    events.subscribe([EventKind.FILED, EventKind.DUPLICATE_RECEIVED], count_for_indicators)
    yield
    for handler in (survey_after_the_answer, count_for_indicators, broken_classifier, every_kind):
        events.unsubscribe(handler)
    received.clear()


@pytest.mark.usefixtures("upper_apps")
def test_a_subscriber_of_an_app_above_receives_the_answer_once_the_worker_runs(
    world: World,
) -> None:
    # given a filed case
    case = file_case(world.organization, world.facturacion).case

    # when bruno answers it and the worker runs
    services.case_answer(case=case, by=world.bruno, text="Ya corregimos.", channel=RC.PORTAL)
    assert not [d for d in received if d.kind == EventKind.ANSWERED]  # queued, not yet run
    run_worker()

    # then the survey subscriber got the ANSWERED event of that case, with its organization
    [answered] = [d for d in received if d.kind == EventKind.ANSWERED]
    assert isinstance(answered.record, CaseEvent)
    assert answered.record.case_id == case.pk
    assert answered.record.kind == EventKind.ANSWERED
    assert answered.organization_id == world.organization.pk
    assert answered.context == {}


@pytest.mark.usefixtures("upper_apps")
def test_a_rolled_back_service_publishes_nothing(world: World) -> None:
    # given a filing whose surrounding work fails after the case was written
    queued: list[int] = []

    def filing_whose_transaction_fails() -> None:
        with transaction.atomic():
            file_case(world.organization, world.facturacion)
            queued.append(len(deliveries()))
            raise RuntimeError("the surrounding work failed")

    with pytest.raises(RuntimeError):
        filing_whose_transaction_fails()

    assert queued == [2]  # the acknowledgement and the indicator count, both rolled back

    # then no task is left, and the worker has nothing to give anybody
    assert DBTaskResult.objects.count() == 0
    run_worker()
    assert received == []
    assert mail.outbox == []


@pytest.mark.usefixtures("upper_apps")
def test_a_failing_subscriber_does_not_stop_the_others(world: World) -> None:
    # given a text classifier that fails on every filing
    events.subscribe(EventKind.FILED, broken_classifier)

    # when a case is filed and the worker runs
    filed = file_case(world.organization, world.facturacion)
    run_worker()

    # then the requester got the acknowledgement and the indicators counted the filing
    [acknowledgement] = mail.outbox
    assert filed.tracking_code in acknowledgement.body
    assert [d.kind for d in received] == [EventKind.FILED]
    # and only the classifier's task failed, leaving no record of a run, so it may run again
    failed = DBTaskResult.objects.failed()
    assert [t.args_kwargs["kwargs"]["subscriber"] for t in failed] == [
        "tests.core.test_events.broken_classifier"
    ]
    # (the acknowledgement, the indicator count, and the outbox's delivery of the e-mail)
    assert DBTaskResult.objects.successful().count() == 3
    assert not EventDelivery.objects.filter(subscriber__endswith="broken_classifier").exists()


@pytest.mark.usefixtures("upper_apps")
def test_a_subscriber_run_twice_for_one_event_does_its_work_once(world: World) -> None:
    # given the indicator count of a filing, waiting in the queue
    file_case(world.organization, world.facturacion)
    [count] = deliveries(count_for_indicators)

    # when its task runs twice (a retry, a second worker)
    first = deliver_event.call(**count)
    second = deliver_event.call(**count)

    # then the filing was counted once
    assert (first, second) == (True, False)
    assert len(received) == 1


def test_a_failed_run_leaves_nothing_and_the_next_run_does_the_work(world: World) -> None:
    # given a subscriber whose first run fails halfway through its work
    attempts: list[int] = []
    filed = file_case(world.organization, world.facturacion)
    event = filed.case.events.get()

    def flaky(delivery: Delivery) -> None:
        attempts.append(delivery.record.pk)
        Organization.objects.filter(pk=delivery.organization_id).update(name="Contada")
        if len(attempts) == 1:
            raise RuntimeError("the database went away")

    subscriber = events.subscribe(EventKind.FILED, flaky)
    arguments: dict[str, Any] = {
        "subscriber": subscriber.name,
        "kind": EventKind.FILED,
        "model": "cases.caseevent",
        "pk": event.pk,
        "organization_id": world.organization.pk,
    }
    try:
        # when it runs, fails, and runs again
        with pytest.raises(RuntimeError):
            deliver_event.call(**arguments)
        # the half-done work was rolled back
        assert Organization.objects.get(pk=world.organization.pk).name != "Contada"
        assert deliver_event.call(**arguments)
    finally:
        events.unsubscribe(flaky)

    # then the second run did the work, and is recorded
    assert Organization.objects.get(pk=world.organization.pk).name == "Contada"
    assert attempts == [event.pk, event.pk]
    assert EventDelivery.objects.filter(subscriber=subscriber.name, object_pk=event.pk).exists()


@pytest.mark.usefixtures("upper_apps")
def test_an_import_that_notifies_nobody_still_reaches_the_other_subscribers(
    world: World,
) -> None:
    # given a filing recorded from history, telling nobody
    case = file_case(world.organization, world.facturacion).case
    DBTaskResult.objects.all().delete()
    services.case_extend(case=case, by=world.diego, days=5, reason="Visita.", notify=False)
    services.case_answer(case=case, by=world.bruno, text="Listo.", channel=RC.EMAIL, notify=False)

    # then no message to the requester is queued, while the survey subscriber still hears
    assert not deliveries(tell_the_requester)
    assert [d["kind"] for d in deliveries()] == [EventKind.ANSWERED]


def test_an_event_whose_row_is_gone_is_nothing_to_do(world: World) -> None:
    case = file_case(world.organization, world.facturacion).case
    note = services.case_add_note(case=case, by=world.bruno, text="@diego mire esto")
    [mention] = deliveries(tell_the_mentioned)
    note.delete()

    assert deliver_event.call(**mention) is False
    assert mail.outbox == []


def test_a_task_for_a_subscriber_nobody_registers_fails(world: World) -> None:
    file_case(world.organization, world.facturacion)
    [acknowledgement] = deliveries(tell_the_requester)

    with pytest.raises(LookupError):
        deliver_event.call(**{**acknowledgement, "subscriber": "promesa.gone.handler"})


def test_the_subscribers_command_lists_who_reacts_to_what() -> None:
    out = StringIO()

    call_command("subscribers", stdout=out)

    lines = [line.split() for line in out.getvalue().splitlines()]
    assert ["filed", "inline", "-", "promesa.cases.subscribers.index_for_search"] in lines
    assert ["filed", "queued", "notifies", "promesa.cases.subscribers.tell_the_requester"] in lines
    assert [
        "note_added",
        "queued",
        "notifies",
        "promesa.cases.subscribers.tell_the_mentioned",
    ] in lines
    # every requester message, every staff notice, and the search index (also after an
    # erasure of personal data): nothing else yet
    assert len(lines) == 15


def test_the_cases_app_reacts_to_its_own_events_in_one_place() -> None:
    # Each side effect the services used to enqueue themselves is now one subscriber.
    names = {subscriber.name.rsplit(".", 1)[1] for subscriber in events.subscribers()}
    assert names == {
        "index_for_search",
        "tell_the_requester",
        "tell_the_approver",
        "tell_the_author",
        "tell_the_supplying_area",
        "tell_the_asker",
        "tell_the_conversation",
        "tell_the_mentioned",
    }


def test_runs_older_than_a_week_are_forgotten(world: World) -> None:
    # given two recorded runs, one of them eight days old
    old = EventDelivery.objects.create(subscriber="a", model="cases.caseevent", object_pk=1)
    EventDelivery.objects.create(subscriber="a", model="cases.caseevent", object_pk=2)
    EventDelivery.objects.filter(pk=old.pk).update(delivered_at=timezone.now() - timedelta(days=8))
    out = StringIO()

    # when the daily prune runs
    call_command("prune_event_deliveries", stdout=out)

    # then only the recent one is left
    assert list(EventDelivery.objects.values_list("object_pk", flat=True)) == [2]
    assert out.getvalue().strip() == "Deleted 1 records of subscriber runs."


@pytest.mark.usefixtures("upper_apps")
def test_every_event_a_service_writes_is_published_once_in_its_order(world: World) -> None:
    # given a subscriber of every kind
    events.subscribe([*EventKind.values, *ConversationKind.values], every_kind)

    # when a case goes through its life, with a note and an internal request between areas
    case = new_case(world, world.facturacion)
    case = services.case_assign(case=case, assignee=world.bruno, by=world.bruno)
    case = services.case_start(case=case, by=world.bruno)
    services.case_add_note(case=case, by=world.bruno, text="@diego ¿lo vemos?")
    request = services.case_internal_request_open(
        case=case, by=world.bruno, to_area=world.acueducto, question="¿Hubo corte?"
    )
    services.internal_request_reply(request=request, by=world.carla, text="Lo reviso.")
    services.case_internal_request_answer(request=request, by=world.carla, text="Sí, el 3.")
    case = services.case_answer(case=case, by=world.bruno, text="Listo.", channel=RC.PORTAL)
    case = services.case_close(case=case, by=world.bruno)
    services.case_reopen(case=case, by=world.diego, reason="No quedó resuelto.")

    # then each case event reached the subscriber once, in order, and so did the conversation
    published = [d["kind"] for d in deliveries(every_kind)]
    recorded = list(case.events.order_by("created_at", "id").values_list("kind", flat=True))
    assert [k for k in published if k in EventKind.values] == recorded
    assert [k for k in published if k in ConversationKind.values] == [
        ConversationKind.NOTE_ADDED,
        ConversationKind.REQUEST_MESSAGE_ADDED,
    ]
    assert recorded == [
        EventKind.FILED,
        EventKind.ASSIGNED,
        EventKind.STARTED,
        EventKind.INTERNAL_REQUEST_OPENED,
        EventKind.INTERNAL_REQUEST_ANSWERED,
        EventKind.ANSWERED,
        EventKind.CLOSED,
        EventKind.REOPENED,
    ]
