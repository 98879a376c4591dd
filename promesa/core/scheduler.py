"""Periodic management commands run inside ``promesa worker --with-scheduler``.

There is deliberately no leader election: every worker node runs every job. That is only
correct because each scheduled command is safe on several nodes at once (settings.py says
why for each), which keeps scale-out to "start the same worker on another machine".
"""

from __future__ import annotations

import io
import logging
import random
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.management import call_command
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A management command and how often to run it."""

    command: str
    args: tuple[str, ...]
    every_seconds: int


def jobs_from_settings(schedule: Iterable[tuple[str, list[str], int]]) -> list[Job]:
    return [Job(command, tuple(args), every) for command, args, every in schedule]


def run_job(job: Job) -> bool:
    """Run one job now; log its output or its failure. Returns whether it succeeded."""
    output = io.StringIO()
    started = time.monotonic()
    close_old_connections()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except Exception:
        # One failing job (say, an unreachable mail server) must not stop the others.
        logger.exception("Scheduled command %s failed.", job.command, extra={"job": job.command})
        return False
    finally:
        # Each job thread has its own connection; do not keep it open while sleeping.
        connection.close()
    text = output.getvalue().strip()
    logger.log(
        logging.INFO if text else logging.DEBUG,
        "Scheduled command %s finished.",
        job.command,
        extra={"job": job.command, "output": text, "seconds": round(time.monotonic() - started, 3)},
    )
    return True


class Scheduler:
    """Runs each job in its own thread: once shortly after start, then at its interval.

    One thread per job, so a slow job (a mailbox that takes a minute to answer) never delays
    another (the deadline sweep). The threads are daemons: a job cut off at shutdown is safe
    to cut off, because each command commits its work in steps and is idempotent.
    """

    def __init__(self, jobs: Iterable[Job], *, first_run_within_seconds: float = 10.0) -> None:
        self.jobs = list(jobs)
        self.first_run_within_seconds = first_run_within_seconds
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for job in self.jobs:
            thread = threading.Thread(
                target=self._loop, args=(job,), name=f"scheduler:{job.command}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        logger.info(
            "Scheduler started: %s.",
            ", ".join(f"{job.command} every {job.every_seconds} s" for job in self.jobs),
        )

    def stop(self, *, wait_seconds: float) -> None:
        """Let running jobs finish for up to ``wait_seconds`` in total, then give up."""
        self._stop.set()
        deadline = time.monotonic() + wait_seconds
        for thread in self._threads:
            thread.join(timeout=max(deadline - time.monotonic(), 0))

    def _loop(self, job: Job) -> None:
        # Spread the first runs so that nodes restarted together do not run in lock step.
        delay = random.uniform(0, self.first_run_within_seconds)  # noqa: S311 - not security
        while not self._stop.wait(delay):
            run_job(job)
            delay = job.every_seconds
