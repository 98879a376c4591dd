"""``promesa requester-export``: everything held about a requester, as JSON (habeas data).

The answer to a person who asks what the organization holds about them (Ley 1581 de 2012
art. 14, GDPR art. 15). See docs/decisions/0016-events-and-personal-text.md.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from promesa.cases.management import personal_data
from promesa.cases.services import requester_export
from promesa.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Export a requester's personal data, cases, texts and file list as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        personal_data.add_arguments(parser)
        parser.add_argument(
            "--output", metavar="FILE", help="Write the JSON to FILE instead of the screen."
        )

    def handle(
        self,
        *args: Any,
        case: str,
        organization: str | None,
        by: str,
        output: str | None,
        **options: Any,
    ) -> None:
        requester, actor = personal_data.requester_and_actor(
            case=case, organization=organization, by=by
        )
        try:
            exported = requester_export(requester=requester, by=actor)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        text = json.dumps(exported, ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
