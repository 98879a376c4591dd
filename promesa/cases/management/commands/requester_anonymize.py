"""``promesa requester-anonymize``: erase a requester's personal data (habeas data).

Blanks the person's details, the texts of their cases and their files on every filing;
the history stays, with one "personal data erased" event per case. Refused while one of
their cases is open. See docs/decisions/0016-events-and-personal-text.md.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from promesa.cases.management import personal_data
from promesa.cases.services import requester_anonymize
from promesa.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Erase a requester's personal data and texts from all their cases."

    def add_arguments(self, parser: ArgumentParser) -> None:
        personal_data.add_arguments(parser)
        parser.add_argument(
            "--reason", required=True, help="Why the data is erased (kept in each case)."
        )

    def handle(
        self,
        *args: Any,
        case: str,
        organization: str | None,
        by: str,
        reason: str,
        **options: Any,
    ) -> None:
        requester, actor = personal_data.requester_and_actor(
            case=case, organization=organization, by=by
        )
        try:
            erasure = requester_anonymize(requester=requester, by=actor, reason=reason)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Personal data erased from {erasure.cases} cases: {erasure.texts} texts "
                f"and {erasure.files} files."
            )
        )
