"""``promesa worker``: the background-task worker with production defaults.

It is django-tasks-db's ``db_worker`` on every queue, without the code reloader, named after
its host and process so the task rows say who ran them, and optionally with the periodic
jobs (``--with-scheduler``, see ``promesa.core.scheduler``). Start the same command on as
many machines as needed: workers claim tasks with row locks on PostgreSQL.
"""

from __future__ import annotations

import os
import socket
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from promesa.core.scheduler import Scheduler, jobs_from_settings

# How long TERM waits for a scheduled job that is running (the sweep, a mailbox poll).
SCHEDULER_STOP_SECONDS = 20.0


def _interval(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise ArgumentTypeError(f"must be a number of seconds, not {value!r}") from None
    if not 0 < seconds <= 60:
        raise ArgumentTypeError(f"must be more than 0 and at most 60 seconds, not {value}")
    return seconds


def default_worker_id() -> str:
    # django-tasks-db limits worker ids to 64 characters.
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


class Command(BaseCommand):
    help = (
        "Run background tasks from every queue until stopped (TERM lets the running task "
        "finish). With --with-scheduler, also run the periodic commands of WORKER_SCHEDULE."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Queues to process, separated by commas (default: all).",
        )
        parser.add_argument(
            "--interval",
            type=_interval,
            default=2.0,
            help=(
                "Seconds to wait when the queue is empty (default %(default)s). A busy "
                "worker does not wait between tasks."
            ),
        )
        parser.add_argument(
            "--worker-id",
            default=default_worker_id(),
            help="Name recorded on the tasks this worker runs (default: host:pid).",
        )
        parser.add_argument(
            "--with-scheduler",
            action="store_true",
            help="Also run the deadline sweep, the mailbox poll and the prunes periodically.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = None
        if options["with_scheduler"]:
            scheduler = Scheduler(jobs_from_settings(settings.WORKER_SCHEDULE))
            scheduler.start()
        try:
            # db_worker handles TERM and INT itself: it finishes the running task, or exits
            # at once (SystemExit) while it waits for one.
            call_command(
                "db_worker",
                queue_name=options["queue_name"],
                interval=options["interval"],
                worker_id=options["worker_id"],
                reload=False,
                verbosity=options["verbosity"],
            )
        finally:
            if scheduler is not None:
                scheduler.stop(wait_seconds=SCHEDULER_STOP_SECONDS)
