from typing import Any

from django.core.management.base import BaseCommand, CommandError

from promesa.accounts.models import User
from promesa.core.progress import stderr_bar
from promesa.demo.loader import DEMO_PASSWORD, PEOPLE, load_demo


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
        bar = stderr_bar(self, force=progress)
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
