"""The scheduler inside `promesa worker --with-scheduler`."""

from __future__ import annotations

import logging
import threading

import pytest

from promesa.core.scheduler import Job, Scheduler, jobs_from_settings, run_job


def test_the_schedule_in_settings_names_commands_that_exist() -> None:
    from django.conf import settings
    from django.core.management import get_commands

    jobs = jobs_from_settings(settings.WORKER_SCHEDULE)

    assert {job.command for job in jobs} == {
        "deliver_outbox",
        "sweep_deadlines",
        "poll_mailboxes",
        "prune_db_task_results",
        "prune_idempotency_keys",
        "prune_event_deliveries",
    }
    assert all(job.command in get_commands() for job in jobs)


@pytest.mark.django_db(transaction=True)
def test_a_job_logs_what_its_command_printed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="promesa.core.scheduler")

    assert run_job(Job("prune_idempotency_keys", (), 60)) is True

    (record,) = caplog.records
    assert record.job == "prune_idempotency_keys"  # type: ignore[attr-defined]
    assert record.output == "Deleted 0 expired idempotency keys."  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_logged_and_does_not_raise(caplog: pytest.LogCaptureFixture) -> None:
    assert run_job(Job("sweep_deadlines", ("--now", "not-a-date"), 60)) is False

    (record,) = caplog.records
    assert record.levelno == logging.ERROR
    assert "sweep_deadlines failed" in record.getMessage()


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_each_job_soon_after_start_and_stops_when_told(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="promesa.core.scheduler")
    finished = threading.Event()

    class Signal(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if getattr(record, "job", None) == "prune_idempotency_keys":
                finished.set()

    handler = Signal()
    logging.getLogger("promesa.core.scheduler").addHandler(handler)
    scheduler = Scheduler([Job("prune_idempotency_keys", (), 3600)], first_run_within_seconds=0)
    try:
        scheduler.start()
        assert finished.wait(timeout=10)
    finally:
        scheduler.stop(wait_seconds=5)
        logging.getLogger("promesa.core.scheduler").removeHandler(handler)

    assert not any(thread.is_alive() for thread in scheduler._threads)
