"""``promesa due-date``: compute a legal deadline from the command line.

Prints the deadline as JSON so that counsel and support can check a case without the web
interface, and so that scripts can compare the engine with their own tables.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError

from promesa.cases.deadlines import (
    REGIMES,
    Calendar,
    DeadlineError,
    ExtensionMode,
    PauseMode,
    Regime,
    compute_deadline,
    get_regime,
    max_extension,
)


def _parse_pause(value: str) -> tuple[date, date]:
    start, sep, end = value.partition(":")
    if not sep:
        raise CommandError(f"A pause must look like START:END (ISO dates), not '{value}'.")
    try:
        return date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise CommandError(
            f"A pause must look like START:END (ISO dates), not '{value}'."
        ) from None


def _parse_received(value: str, regime: Regime) -> datetime:
    try:
        received = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--received must be an ISO date or date-time, such as 2026-12-18T16:00, not '{value}'."
        ) from None
    if received.tzinfo is None:
        # A clerk types the time shown on the wall clock of the entity.
        received = received.replace(tzinfo=ZoneInfo(regime.timezone))
    return received


def _regime_listing() -> list[dict[str, Any]]:
    listing = []
    for regime in REGIMES.values():
        rules = [
            {
                "type": rule.code,
                "label_es": rule.label_es,
                "label_en": rule.label_en,
                "term": rule.term,
                "unit": str(rule.unit),
                "extension_rule": str(rule.extension_rule),
                "max_extension": max_extension(rule, regime.extension_mode),
                "silence_effect": str(rule.silence_effect),
                "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
                "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
                "legal_source": rule.legal_source,
            }
            for rule in regime.rules
        ]
        listing.append(
            {
                "regime": regime.code,
                "country": regime.country,
                "name": regime.name,
                "timezone": regime.timezone,
                "types": rules,
            }
        )
    return listing


class Command(BaseCommand):
    # Operator-facing help stays in English, like Django's own commands.
    help = "Compute the legal deadline of a request and print it as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--regime", help="Legal regime code, such as co-ley1755.")
        parser.add_argument(
            "--type", dest="request_type", help="Request type code, such as peticion_general."
        )
        parser.add_argument(
            "--received",
            help="Reception date-time in ISO format; without an offset, the regime's local time.",
        )
        parser.add_argument(
            "--country",
            help="Holiday calendar country (ISO code); defaults to the regime's country.",
        )
        parser.add_argument("--subdiv", help="Holiday calendar subdivision, such as MD.")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="START:END",
            help="Inclusive suspension interval in ISO dates; may be repeated.",
        )
        parser.add_argument(
            "--extend", type=int, default=0, metavar="N", help="Extension in the term's unit."
        )
        parser.add_argument(
            "--roll-nonbusiness",
            action="store_true",
            help="Treat a reception on a non-business day as received on the next business day.",
        )
        parser.add_argument(
            "--pause-mode",
            choices=[mode.value for mode in PauseMode],
            help="Resume the remaining term after a pause, or restart it.",
        )
        parser.add_argument(
            "--extension-mode",
            choices=[mode.value for mode in ExtensionMode],
            help="Reading of an 'up to double' extension ceiling.",
        )
        parser.add_argument(
            "--list", action="store_true", help="List the regimes and their request types."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._print(_regime_listing())
            return
        for required in ("regime", "request_type", "received"):
            if not options[required]:
                flag = "--type" if required == "request_type" else f"--{required}"
                raise CommandError(f"{flag} is required (or use --list).")
        try:
            regime = get_regime(options["regime"])
            calendar = Calendar(
                country=options["country"] or regime.country, subdiv=options["subdiv"]
            )
            result = compute_deadline(
                regime=regime,
                request_type=options["request_type"],
                received_at=_parse_received(options["received"], regime),
                calendar=calendar,
                pauses=[_parse_pause(value) for value in options["pause"]],
                extension_days=options["extend"],
                # Without the flag the regime's own default applies.
                roll_nonbusiness_reception=True if options["roll_nonbusiness"] else None,
                pause_mode=PauseMode(options["pause_mode"]) if options["pause_mode"] else None,
                extension_mode=(
                    ExtensionMode(options["extension_mode"]) if options["extension_mode"] else None
                ),
            )
        except DeadlineError as exc:
            raise CommandError(str(exc)) from exc
        self._print(result.as_dict())

    def _print(self, payload: object) -> None:
        self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
