from typing import Any

from django.core.management.base import BaseCommand

from promesa.accounts.models import User
from promesa.demo.loader import DEMO_PASSWORD, PEOPLE, load_demo


class Command(BaseCommand):
    help = "Load the demo organization (does nothing when it is already there)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load the demo when the database holds no user at all.",
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if if_empty and User.objects.exists():
            self.stdout.write("The database already holds data; the demo was not loaded.")
        elif load_demo():
            self.stdout.write(self.style.SUCCESS("Demo organization loaded."))
        else:
            self.stdout.write("The demo organization is already loaded.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for person in PEOPLE:
            self.stdout.write(f"  {person.email:<24} {person.role.label}")
