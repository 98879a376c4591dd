"""``promesa receive_email``: the mail server pipes one message to this command."""

from __future__ import annotations

import logging
import sys
from argparse import ArgumentParser
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError

from promesa.intake.mail.choices import InboundStatus
from promesa.intake.mail.processing import inbound_process
from promesa.organization.models import Organization

logger = logging.getLogger(__name__)

EX_TEMPFAIL = 75


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = (
        "Read one RFC 822 message from standard input and file it as a case, attach it to "
        "the case it replies to, or ignore it (automatic replies, bounces, loops). Exits 0 "
        "even when the message is rejected (too large, malformed): the reason goes to "
        "standard error and is recorded, because a mail server retries a message on a "
        "non-zero exit and a permanently bad message would then loop. Only an "
        "infrastructure failure (database, storage) exits non-zero, with 75 (EX_TEMPFAIL), "
        "so that the server retries it later."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--organization",
            default="",
            help="Short name of the organization that receives the message; needed when "
            "the install holds several.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                raise CommandError(f"No organization has the short name {options['organization']}.")
        # ``stdin`` lets tests and callers pass a byte stream (call_command(stdin=...)).
        stream: Any = options.get("stdin") or sys.stdin
        source: BinaryIO = getattr(stream, "buffer", stream)
        raw: bytes | str = source.read()
        try:
            inbound = inbound_process(
                raw.encode() if isinstance(raw, str) else raw, organization=organization
            )
        except Exception as exc:
            logger.exception("Could not process a piped e-mail")
            # EX_TEMPFAIL: Postfix, Exim and sendmail defer and retry on 75; other non-zero
            # codes may bounce the message.
            raise CommandError(f"Temporary failure: {exc}", returncode=EX_TEMPFAIL) from exc
        summary = f"{inbound.status} {inbound.case.filing_number if inbound.case else ''}"
        if inbound.status == InboundStatus.REJECTED:
            self.stderr.write(f"{summary.strip()}: {inbound.reason}")
        else:
            self.stdout.write(summary.strip())
