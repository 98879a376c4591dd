"""``promesa prune-idempotency-keys``: delete API idempotency keys older than 24 hours.

Safe to run on several nodes at once and as often as wanted (a daily cron is enough); an
expired key is also freed lazily when a client reuses it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from promesa.intake.services import idempotency_keys_prune


class Command(BaseCommand):
    help = "Delete API idempotency keys older than 24 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = idempotency_keys_prune()
        self.stdout.write(f"Deleted {deleted} expired idempotency keys.")
