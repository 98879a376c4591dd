"""``promesa poll_mailboxes``: read the organization's IMAP mailboxes into cases."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from promesa.intake.mail.imap import poll_all


class Command(BaseCommand):
    help = (
        "Fetch unread messages from every active mailbox, file or attach them, and mark "
        "them read once processed. Runs until stopped unless --once is given; several "
        "nodes may run it at the same time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Poll every mailbox once.")
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between polls (default 60)."
        )

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        while True:
            close_old_connections()
            for name, result in poll_all().items():
                if options["verbosity"] >= 1:
                    statuses = [m.status for m in result.processed]
                    self.stdout.write(
                        f"{name}: {len(statuses)} processed "
                        f"({', '.join(sorted(set(statuses))) or '-'}), {result.failed} failed"
                    )
            if once:
                return
            time.sleep(max(interval, 1))
