"""``promesa sweep_deadlines``: warn staff about cases near or past their legal deadline.

Meant to run every 15 minutes from cron or a systemd timer on every node; see
``promesa.cases.alerts`` for what it sends and why running it everywhere is safe.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from promesa.cases.alerts import run_sweep


def _parse_now(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--now must be an ISO date-time, such as 2026-04-08T09:00, not '{value}'."
        ) from None
    # A time without an offset is read in the project's time zone.
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Record today's deadline alerts and e-mail one digest to each person warned."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--now",
            help="Pretend the sweep runs at this ISO date-time (for testing and replays).",
        )
        parser.add_argument("--holder", help="Name this node in the sweep lease.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = _parse_now(options["now"]) if options["now"] else None
        result = run_sweep(now=now, holder=options["holder"] or None)
        self.stdout.write(str(result))
