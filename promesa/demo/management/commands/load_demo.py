import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from promesa.accounts.models import User
from promesa.demo.loader import DEMO_PASSWORD, PEOPLE, load_demo

BAR_WIDTH = 30


class ProgressBar:
    """A text bar on stderr: redrawn in place on a terminal, one line at the end otherwise."""

    def __init__(self, write: Any, *, live: bool) -> None:
        self.write = write
        self.live = live
        self.started = time.monotonic()
        self.last_drawn = 0.0

    def render(self, done: int, total: int) -> str:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        elapsed = time.monotonic() - self.started
        return f"[{bar}] {done}/{total} cases ({elapsed:.0f} s)"

    def __call__(self, done: int, total: int) -> None:
        finished = done >= total
        if self.live:
            now = time.monotonic()
            if finished or now - self.last_drawn >= 0.1:
                self.last_drawn = now
                self.write("\r" + self.render(done, total), ending="\n" if finished else "")
        elif finished:
            self.write(self.render(done, total))


class Command(BaseCommand):
    help = "Load the demo organization (does nothing when it is already there)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load the demo when the database holds no user at all.",
        )
        parser.add_argument(
            "--history",
            type=int,
            default=2000,
            metavar="N",
            help="Cases to file over the last year for a new demo (default 2000; 0 for none).",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Redraw the progress bar even when stderr is not a terminal.",
        )

    def handle(
        self, *args: Any, if_empty: bool, history: int, progress: bool, **options: Any
    ) -> None:
        if history < 0:
            raise CommandError("--history must be 0 or more.")
        bar = ProgressBar(
            lambda text, ending=None: self.stderr.write(
                text, style_func=lambda s: s, ending=ending
            ),
            live=progress or self.stderr.isatty(),
        )
        if if_empty and User.objects.exists():
            self.stdout.write("The database already holds data; the demo was not loaded.")
        elif load_demo(history, progress=bar if history else None):
            loaded = f" with {history} cases" if history else ""
            self.stdout.write(self.style.SUCCESS(f"Demo organization loaded{loaded}."))
        else:
            self.stdout.write("The demo organization is already loaded.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for person in PEOPLE:
            self.stdout.write(f"  {person.email:<24} {person.role.label}")
