"""What the habeas data commands share: finding the requester and the staff member acting."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import CommandError

from promesa.accounts.models import User
from promesa.cases.models import Case, Requester


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--case",
        required=True,
        metavar="FILING_NUMBER",
        help="A filing number of the requester; all their filings are included.",
    )
    parser.add_argument(
        "--organization",
        metavar="SLUG",
        help="The organization's short name, when several share the filing number format.",
    )
    parser.add_argument(
        "--by",
        required=True,
        metavar="EMAIL",
        help="The administrator or quality lead who answers the request.",
    )


def requester_and_actor(*, case: str, organization: str | None, by: str) -> tuple[Requester, User]:
    cases = Case.objects.filter(filing_number=case).select_related("requester__organization")
    if organization:
        cases = cases.filter(organization__slug=organization)
    found = list(cases[:2])
    if not found:
        raise CommandError(f"No case has the filing number {case}.")
    if len(found) > 1:
        raise CommandError(f"Several organizations have a case {case}; give --organization.")
    actor = User.objects.filter(email__iexact=by.strip(), is_active=True).first()
    if actor is None:
        raise CommandError(f"No active staff member has the address {by}.")
    return found[0].requester, actor
