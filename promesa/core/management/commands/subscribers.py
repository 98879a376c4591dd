"""``promesa subscribers``: which subscriber reacts to which event kind, and how.

One line per event kind and subscriber: the kind, ``inline`` (inside the service's
transaction) or ``queued`` (a task), ``notifies`` when it messages people (skipped by
imports that ask for no notices), and the subscriber's dotted path.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from promesa.core import events


class Command(BaseCommand):
    help = "List the subscribers of every event kind."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = sorted(
            ((kind, each) for each in events.subscribers() for kind in each.kinds),
            key=lambda row: (row[0], row[1].name),
        )
        for kind, subscriber in rows:
            how = "inline" if subscriber.inline else "queued"
            notifies = "notifies" if subscriber.notifies else "-"
            self.stdout.write(f"{kind:<32} {how:<7} {notifies:<9} {subscriber.name}")
