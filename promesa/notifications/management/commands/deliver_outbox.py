"""``promesa deliver_outbox``: send every outgoing message that is due, once.

Runs every minute inside ``promesa worker --with-scheduler`` on every node; each message is
claimed by exactly one of them (see ``promesa.notifications.outbox``).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from promesa.notifications.outbox import outbox_deliver


class Command(BaseCommand):
    help = "Send the outgoing messages that are due: new ones and retries."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=200, help="Send at most this many in this run."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(outbox_deliver(limit=options["limit"])))
