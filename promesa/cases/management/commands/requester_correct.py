"""``promesa requester-correct``: correct a requester's details on all their filings.

Each of their cases records which fields were corrected, never the values (habeas data,
Ley 1581 de 2012 art. 8). See docs/decisions/0016-events-and-personal-text.md.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from promesa.cases.management import personal_data
from promesa.cases.services import RequesterCorrection, requester_correct
from promesa.cases.services.personal_data import CORRECTABLE_FIELDS
from promesa.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Correct a requester's name, document, e-mail, phone or address on all filings."

    def add_arguments(self, parser: ArgumentParser) -> None:
        personal_data.add_arguments(parser)
        for name in CORRECTABLE_FIELDS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="VALUE")

    def handle(
        self, *args: Any, case: str, organization: str | None, by: str, **options: Any
    ) -> None:
        requester, actor = personal_data.requester_and_actor(
            case=case, organization=organization, by=by
        )
        correction = RequesterCorrection(**{name: options[name] for name in CORRECTABLE_FIELDS})
        try:
            requester_correct(requester=requester, by=actor, correction=correction)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"Requester of {case} corrected."))
