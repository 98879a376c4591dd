"""``promesa reindex_search``: (re)build the full-text index of every case.

The services keep the index current; run this after migrating an existing database, after a
bulk load that bypassed the services (e.g. ``COPY``), or to repair it. Idempotent.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from promesa.cases.search import reindex_all
from promesa.core.progress import stderr_bar


class Command(BaseCommand):
    help = "Rebuild the full-text search index of all cases, in batches."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch",
            type=int,
            default=5000,
            metavar="N",
            help="Case ids per transaction (default 5000).",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Redraw the progress bar even when stderr is not a terminal.",
        )

    def handle(self, *args: Any, batch: int, progress: bool, **options: Any) -> None:
        if batch < 1:
            raise CommandError("--batch must be 1 or more.")
        indexed = reindex_all(batch=batch, progress=stderr_bar(self, force=progress))
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt for {indexed} cases."))
