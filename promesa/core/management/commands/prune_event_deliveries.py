"""``promesa prune-event-deliveries``: forget subscriber runs older than a week.

A run is remembered so that a second run of its task does nothing. Finished tasks are pruned
after a day (``prune_db_task_results``), so after a week no task is left that could run
one of these again. Safe on several nodes at once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from promesa.core.models import EventDelivery


class Command(BaseCommand):
    help = "Delete the records of subscriber runs older than --days (7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(days=options["days"])
        deleted, _ = EventDelivery.objects.filter(delivered_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} records of subscriber runs.")
