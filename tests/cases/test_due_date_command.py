"""``promesa due-date``: the deadline engine from the command line (no database needed)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def due_date(*args: str) -> Any:
    out = io.StringIO()
    call_command("due_date", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_deadline_of_a_general_petition_as_json() -> None:
    payload = due_date(
        "--country",
        "CO",
        "--regime",
        "co-ley1755",
        "--type",
        "peticion_general",
        "--received",
        "2026-12-18T16:00",
    )

    assert payload["due_date"] == "2027-01-13"
    assert payload["term"] == 15
    assert payload["unit"] == "business_days"
    assert [item["date"] for item in payload["skipped_holidays"]] == [
        "2026-12-25",
        "2027-01-01",
        "2027-01-11",
    ]
    assert payload["skipped_holidays"][0]["name"] == "Navidad"


def test_it_keeps_spanish_names_readable_in_the_output() -> None:
    out = io.StringIO()

    call_command(
        "due_date",
        "--regime",
        "co-ley1755",
        "--type",
        "peticion_general",
        "--received",
        "2026-12-18T16:00",
        stdout=out,
    )

    assert "Año Nuevo" in out.getvalue()


def test_a_time_with_an_offset_is_converted_to_the_regime_local_date() -> None:
    payload = due_date(
        "--regime",
        "co-ley1755",
        "--type",
        "peticion_general",
        "--received",
        "2026-12-19T03:00:00+00:00",
    )

    assert payload["reception_date"] == "2026-12-18"
    assert payload["due_date"] == "2027-01-13"


def test_repeated_pauses_suspend_the_peruvian_claim() -> None:
    payload = due_date(
        "--regime",
        "pe-libro-reclamaciones",
        "--type",
        "reclamo",
        "--received",
        "2026-10-05T18:42",
        "--pause",
        "2026-10-12:2026-10-12",
        "--pause",
        "2026-10-13:2026-10-13",
    )

    assert payload["due_date"] == "2026-10-29"
    assert payload["paused_days"] == 2


def test_an_extension_within_the_ceiling_moves_the_deadline() -> None:
    payload = due_date(
        "--regime",
        "co-ley1755",
        "--type",
        "peticion_general",
        "--received",
        "2026-12-18",
        "--extend",
        "15",
    )

    assert payload["due_date"] == "2027-02-03"
    assert payload["original_due_date"] == "2027-01-13"


def test_the_additional_reading_allows_a_longer_extension() -> None:
    payload = due_date(
        "--regime",
        "co-ley1755",
        "--type",
        "peticion_general",
        "--received",
        "2026-12-18",
        "--extend",
        "30",
        "--extension-mode",
        "additional",
    )

    assert payload["due_date"] == "2027-02-24"


def test_rolling_a_saturday_reception_is_opt_in() -> None:
    args = ("--regime", "co-ley1755", "--type", "peticion_general", "--received", "2026-03-21")

    assert due_date(*args)["due_date"] == "2026-04-15"
    assert due_date(*args, "--roll-nonbusiness")["due_date"] == "2026-04-16"


def test_a_subdivision_selects_the_regional_calendar() -> None:
    payload = due_date(
        "--regime",
        "es-trlgdcu",
        "--type",
        "reclamacion",
        "--received",
        "2026-01-31T12:00",
        "--subdiv",
        "MD",
    )

    assert payload["due_date"] == "2026-02-28"


def test_another_country_replaces_the_regime_calendar() -> None:
    # Peru has no holiday on 2027-01-11, the Colombian Epiphany Monday.
    payload = due_date(
        "--country",
        "PE",
        "--regime",
        "co-ley1755",
        "--type",
        "peticion_general",
        "--received",
        "2026-12-18T16:00",
    )

    assert payload["due_date"] == "2027-01-12"


def test_list_shows_every_regime_with_its_types_and_terms() -> None:
    payload = due_date("--list")

    regimes = {item["regime"]: item for item in payload}
    assert "co-ley1755" in regimes
    assert "pe-libro-reclamaciones" in regimes
    types = {rule["type"]: rule for rule in regimes["co-ley1581"]["types"]}
    assert types["reclamo"]["term"] == 15
    assert types["reclamo"]["max_extension"] == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--regime", "xx", "--type", "reclamo", "--received", "2026-01-05"), "Unknown regime"),
        (
            ("--regime", "co-ley1755", "--type", "queja", "--received", "2026-01-05"),
            "Unknown request type",
        ),
        (
            ("--regime", "co-ley1755", "--type", "peticion_general", "--received", "ayer"),
            "--received must be an ISO date",
        ),
        (
            (
                "--regime",
                "co-ley1755",
                "--type",
                "peticion_general",
                "--received",
                "2026-12-18",
                "--extend",
                "16",
            ),
            "exceeds the maximum of 15",
        ),
        (
            (
                "--regime",
                "co-ley1755",
                "--type",
                "peticion_general",
                "--received",
                "2026-12-18",
                "--pause",
                "2026-12-21",
            ),
            "START:END",
        ),
        (("--regime", "co-ley1755", "--type", "peticion_general"), "--received is required"),
        (
            (
                "--country",
                "XX",
                "--regime",
                "co-ley1755",
                "--type",
                "peticion_general",
                "--received",
                "2026-12-18",
            ),
            "Unsupported holiday calendar",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("due_date", *args, stdout=io.StringIO())
