"""Recognising a reply to one of our case messages, strongest evidence first."""

from __future__ import annotations

import re

from promesa.cases.models import Case
from promesa.intake.mail.parsing import ParsedEmail
from promesa.notifications.email import filing_from_reply_addresses, parse_case_message_ids
from promesa.organization.models import Organization

# How many of the sender's recent cases a subject is compared with.
_RECENT_CASES_BY_SENDER = 50


def find_replied_case(
    parsed: ParsedEmail, *, organization: Organization
) -> tuple[Case, str] | None:
    """The case ``parsed`` answers and how it was recognised, or None for a new request.

    1. A reply address with a valid signed token (anyone holding it may write to the case,
       as with the tracking code).
    2. ``In-Reply-To``/``References`` naming one of our messages: the event's random UUID
       in it must belong to the case, so it cannot be guessed from the filing number.
    3. A filing number in the subject, only when the sender is the case's requester: a
       number alone is public enough to be typed by anyone.
    """
    cases = Case.objects.filter(organization=organization)
    filing = filing_from_reply_addresses(parsed.recipients)
    if filing:
        case = cases.filter(filing_number=filing).first()
        if case is not None:
            return case, "reply address"
    for ref in parse_case_message_ids(f"{parsed.in_reply_to} {parsed.references}"):
        case = cases.filter(
            filing_number=ref.filing_number, events__public_id=ref.event_public_id
        ).first()
        if case is not None:
            return case, "message reference"
    if parsed.subject:
        recent = cases.filter(requester__email=parsed.sender_address).order_by("-received_at")
        for case in recent[:_RECENT_CASES_BY_SENDER]:
            # Bounded so that 2026-000001 is not found inside 2026-0000012.
            if re.search(rf"(?<![\w-]){re.escape(case.filing_number)}(?![\w])", parsed.subject):
                return case, "filing number in the subject"
    return None
