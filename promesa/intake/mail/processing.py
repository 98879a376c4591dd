"""The e-mail intake service: one received message in, one ``InboundMessage`` out.

Everything a message causes (the case or the reply on it, and the record of the message)
is written in one transaction, and the record's unique SHA-256 makes a second processing
of the same bytes return the first result. Callers (the IMAP poller, the pipe command)
only acknowledge the message to the mail server after this function returned.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.cases import deadlines
from promesa.cases.choices import CaseKind, Channel
from promesa.cases.models import Case
from promesa.cases.services import (
    AttachmentInput,
    FilingInput,
    RequesterInput,
    case_add_requester_message,
    case_file,
)
from promesa.core.errors import ApplicationError
from promesa.core.text import visible_strip
from promesa.intake.mail.choices import InboundStatus
from promesa.intake.mail.models import InboundMessage, Mailbox
from promesa.intake.mail.parsing import (
    MalformedEmail,
    ParsedEmail,
    header_summary,
    parse_email,
)
from promesa.intake.mail.threading import find_replied_case
from promesa.organization.models import Organization

logger = logging.getLogger(__name__)

_SUBJECT_MAX = 200


def _receiving_organization(
    mailbox: Mailbox | None, organization: Organization | None
) -> Organization | None:
    """The mailbox's organization, the one named, or the install's only one; else none."""
    if mailbox is not None:
        return mailbox.organization
    if organization is not None:
        return organization
    only = list(Organization.objects.order_by("pk")[:2])
    return only[0] if len(only) == 1 else None


def inbound_process(
    raw: bytes,
    *,
    mailbox: Mailbox | None = None,
    organization: Organization | None = None,
    received_at: datetime | None = None,
) -> InboundMessage:
    """File, attach, ignore or reject one raw e-mail, exactly once per distinct message.

    The case goes to the mailbox's organization; a message piped without a mailbox to
    ``organization``, or to the install's only one (with several, it is rejected).

    ``received_at`` is when the mail server received it (IMAP INTERNALDATE); the legal term
    runs from then, not from whenever a poller got to it. Never raises for a bad message:
    only for infrastructure failures (database, storage), which the caller retries.
    """
    digest = hashlib.sha256(raw).hexdigest()
    existing = InboundMessage.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    stored: list[str] = []
    try:
        with transaction.atomic():
            return _process(
                raw, digest, mailbox, received_at or timezone.now(), stored, organization
            )
    except IntegrityError:
        _discard(stored)
        # Another node committed the same message between our check and our insert; on
        # PostgreSQL our insert waited for its commit on the unique index and then failed.
        existing = InboundMessage.objects.filter(sha256=digest).first()
        if existing is None:
            raise
        return existing
    except BaseException:
        # The transaction rolled back; the raw file it saved must not stay behind.
        _discard(stored)
        raise


def content_fingerprint(parsed: ParsedEmail) -> str:
    """SHA-256 over what a person sent: sender, subject, text and each attachment."""
    digest = hashlib.sha256()
    for part in (parsed.sender_address.lower(), parsed.subject, parsed.text):
        digest.update(part.encode("utf-8", "replace"))
        digest.update(b"\0")
    for attachment in parsed.attachments:
        digest.update(attachment.name.encode("utf-8", "replace"))
        digest.update(b"\0")
        digest.update(hashlib.sha256(attachment.data).digest())
    return digest.hexdigest()


def _discard(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete orphan raw message %s", name, exc_info=True)


def _process(
    raw: bytes,
    digest: str,
    mailbox: Mailbox | None,
    received_at: datetime,
    stored: list[str],
    named_organization: Organization | None,
) -> InboundMessage:
    record = InboundMessage(
        mailbox=mailbox,
        sha256=digest,
        received_at=received_at,
        size=len(raw),
        status=InboundStatus.REJECTED,
    )
    if len(raw) > settings.MAIL_INBOUND_MAX_BYTES:
        # Not stored: keeping it would defeat the limit.
        return _finish(
            record,
            InboundStatus.REJECTED,
            f"Too large: {len(raw)} bytes, the limit is {settings.MAIL_INBOUND_MAX_BYTES}.",
        )
    try:
        parsed: ParsedEmail | None = parse_email(raw)
        malformed = ""
    except MalformedEmail as exc:
        parsed, malformed = None, str(exc)
    fingerprint = content_fingerprint(parsed) if parsed is not None else ""
    if parsed is not None and parsed.message_id:
        earlier = (
            InboundMessage.objects.filter(
                message_id=parsed.message_id[:998],
                sender=parsed.sender_address[:254],
                content_sha256=fingerprint,
            )
            .exclude(status=InboundStatus.REJECTED)
            .first()
        )
        if earlier is not None:
            # The same message reached us by another route (two of our addresses, a
            # resend with new trace headers): the first processing stands. Another sender
            # or other content under a seen Message-ID is a different message and is
            # processed like any other.
            return earlier
    record.content_sha256 = fingerprint
    # Claim the digest before filing anything, so a concurrent processing of the same
    # bytes fails on the unique constraint instead of filing a second case.
    record.raw.save(f"{digest}.eml", ContentFile(raw), save=False)
    stored.append(record.raw.name or "")
    record.save()
    if parsed is None:
        message_id, sender, subject = header_summary(raw)
        record.message_id, record.sender = message_id[:998], sender[:254]
        record.subject = subject[:_SUBJECT_MAX]
        return _finish(record, InboundStatus.REJECTED, f"Malformed: {malformed}")
    record.message_id = parsed.message_id[:998]
    record.sender = parsed.sender_address[:254]
    record.subject = parsed.subject[:_SUBJECT_MAX]
    if parsed.automatic_reason:
        return _finish(record, InboundStatus.IGNORED, parsed.automatic_reason)
    if parsed.sender_address in _own_addresses():
        return _finish(record, InboundStatus.IGNORED, "Sent by Promesa itself.")
    organization = _receiving_organization(mailbox, named_organization)
    if organization is None:
        return _finish(record, InboundStatus.REJECTED, "No organization to receive it.")
    attachments = [
        AttachmentInput(name=a.name, content_type=a.content_type, data=a.data)
        for a in parsed.attachments
    ]
    notes = [f"Attachment left out: {s}" for s in parsed.skipped_attachments]
    try:
        return _attach_or_file(record, parsed, organization, attachments, received_at, notes)
    except ApplicationError as exc:
        # A business refusal (e.g. the organization has no intake area) is permanent for
        # this message; record it instead of retrying forever.
        logger.warning("E-mail %s refused: %s", parsed.message_id, exc.message)
        return _finish(record, InboundStatus.REJECTED, f"Refused: {exc.message}", notes=notes)


def _attach_or_file(
    record: InboundMessage,
    parsed: ParsedEmail,
    organization: Organization,
    attachments: list[AttachmentInput],
    received_at: datetime,
    notes: list[str],
) -> InboundMessage:
    replied = find_replied_case(parsed, organization=organization)
    if replied is not None:
        case, evidence = replied
        case = case_add_requester_message(
            case=case,
            text=parsed.text,
            channel=Channel.EMAIL,
            at=received_at,
            attachments=attachments,
            extra={"message_id": parsed.message_id, "subject": parsed.subject},
        )
        return _finish(
            record,
            InboundStatus.ATTACHED,
            f"Reply recognised by {evidence}.",
            case=case,
            notes=notes,
        )
    filed = case_file(
        filing=FilingInput(
            organization=organization,
            kind=CaseKind.PETICION,
            request_type=deadlines.default_request_type(organization.default_regime),
            channel=Channel.EMAIL,
            requester=RequesterInput(
                full_name=parsed.sender_name or parsed.sender_address.partition("@")[0],
                email=parsed.sender_address,
                language=parsed.language,
            ),
            subject=(visible_strip(parsed.subject) or _("(no subject)"))[:_SUBJECT_MAX],
            description=visible_strip(parsed.text) or _("(no text; see the attachments)"),
            received_at=received_at,
            actor_label="email",
            extra={"message_id": parsed.message_id},
            attachments=attachments,
        )
    )
    if filed.duplicate:
        notes.append(f"Same request as case {filed.case.filing_number}, received again.")
    return _finish(record, InboundStatus.FILED, "", case=filed.case, notes=notes)


def _finish(
    record: InboundMessage,
    status: InboundStatus,
    reason: str,
    *,
    case: Case | None = None,
    notes: list[str] | None = None,
) -> InboundMessage:
    record.status = status
    record.reason = "\n".join(part for part in [reason, *(notes or [])] if part)
    record.case = case
    record.save()
    log = logger.info if status in {InboundStatus.FILED, InboundStatus.ATTACHED} else logger.warning
    log(
        "Inbound e-mail %s: %s",
        record.message_id or record.sha256,
        status,
        extra={"inbound_status": str(status), "reason": record.reason},
    )
    return record


def _own_addresses() -> set[str]:
    own = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1], parseaddr(settings.SERVER_EMAIL)[1]}
    return {address.lower() for address in own if address}
