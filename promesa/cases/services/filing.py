"""Filing: a new case is numbered, given its legal deadline and its first event."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases import deadlines, events
from promesa.cases.choices import (
    VERBAL_CHANNELS,
    CaseKind,
    Channel,
    Priority,
    PriorityReason,
    RequesterKind,
    ResponseChannel,
)
from promesa.cases.legal_text import deadline_application_error
from promesa.cases.models import (
    Case,
    FilingSequence,
    Requester,
)
from promesa.cases.services._common import (
    _CODE_ALPHABET,
    AttachmentInput,
    _compute,
    _local_date,
    _lock,
    _record,
    _store_attachments,
)
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area, Organization, Touchpoint


@dataclass(frozen=True)
class RequesterInput:
    """Who files a case; an anonymous filing leaves every identifying field empty."""

    is_anonymous: bool = False
    kind: RequesterKind = RequesterKind.PERSON
    full_name: str = ""
    id_type: str = ""
    id_number: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    preferred_channel: ResponseChannel = ResponseChannel.EMAIL
    language: str = "es-co"
    consent_given: bool = False
    consent_text_version: str = ""


@dataclass(frozen=True)
class FiledCase:
    """A new case and its tracking code, which is shown once and stored only hashed.

    When the same requester filed the same text shortly before, ``duplicate`` is True,
    ``case`` is that first case and there is no new tracking code.
    """

    case: Case
    tracking_code: str
    duplicate: bool = False


def hash_tracking_code(code: str) -> str:
    normalized = code.replace("-", "").replace(" ", "").upper()
    key = settings.TRACKING_CODE_KEY.encode()
    return hmac.new(key, f"tracking:{normalized}".encode(), hashlib.sha256).hexdigest()


def tracking_code_matches(case: Case, code: str) -> bool:
    return hmac.compare_digest(case.tracking_code_hash, hash_tracking_code(code))


def _new_tracking_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _next_filing_number(organization: Organization, year: int) -> str:
    """The next number of the year's gapless counter.

    The counter row stays locked until the filing commits, so a rolled-back filing gives
    its number back. One UPDATE … RETURNING does the usual case in one round trip; the
    first filing of a year creates the row (ON CONFLICT DO NOTHING, so racing filers agree).
    """
    table = FilingSequence._meta.db_table
    sql = (
        f"UPDATE {table} SET last_value = last_value + 1 "  # noqa: S608 - names, not input
        "WHERE organization_id = %s AND year = %s RETURNING last_value"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, year])
        row = cursor.fetchone()
        if row is None:
            FilingSequence.objects.bulk_create(
                [FilingSequence(organization=organization, year=year, last_value=0)],
                ignore_conflicts=True,
            )
            cursor.execute(sql, [organization.pk, year])
            row = cursor.fetchone()
    try:
        return organization.filing_number_format.format(year=year, seq=row[0])
    except (KeyError, IndexError, ValueError):
        raise ApplicationError(
            _("The organization's filing number format is not valid."), code="configuration"
        ) from None


@dataclass(frozen=True)
class FilingDetails:
    """What a channel knows of a filing beyond the request itself.

    ``message_id`` is the requester's own e-mail; ``embedded`` marks the form embedded in
    another site; the rest is what a staff member writes down for the constancia de
    radicación (Decreto 1166 de 2016): personal texts, stored as ``CaseText`` rows.
    """

    message_id: str = ""
    embedded: bool = False
    representative: str = ""
    reasons: str = ""
    documents: str = ""
    verbal_answer: str = ""


@dataclass(frozen=True)
class FilingInput:
    """A request as a channel received it, ready to be filed.

    Every channel (the web form, e-mail, the API, staff registration, the demo and bench
    loaders) builds one and hands it to :func:`case_file`. ``area`` and ``touchpoint`` are
    optional: without an area the case goes to the touchpoint's owner, or else to the
    organization's intake area. ``actor_label`` names a filer who is no staff member
    ("email", an API client); ``details`` are what the channel adds to the FILED event.
    """

    organization: Organization
    kind: CaseKind
    request_type: str
    channel: Channel
    requester: RequesterInput
    subject: str
    description: str
    regime: str | None = None
    touchpoint: Touchpoint | None = None
    area: Area | None = None
    priority: Priority = Priority.NORMAL
    priority_reason: PriorityReason = PriorityReason.NONE
    received_at: datetime | None = None
    actor_label: str = ""
    details: FilingDetails = field(default_factory=FilingDetails)
    attachments: Sequence[AttachmentInput] = ()


@transaction.atomic
def case_file(*, filing: FilingInput, by: User | None = None, notify: bool = True) -> FiledCase:
    """Register a request, number it, compute its legal deadline and start its history.

    ``by`` is the staff member who registers it (None when the requester files it
    themselves); ``notify=False`` acknowledges nothing (history imports). The same requester
    filing the same text within ``DUPLICATE_WINDOW_HOURS`` gets the first case back, with
    the repetition recorded on it, instead of a second case.
    """
    # The checks and writes below read the input's fields by their own names.
    organization, requester, channel = filing.organization, filing.requester, filing.channel
    kind, request_type, regime = filing.kind, filing.request_type, filing.regime
    subject, description, details = filing.subject, filing.description, filing.details
    touchpoint, area, attachments = filing.touchpoint, filing.area, filing.attachments
    priority, priority_reason = filing.priority, filing.priority_reason
    actor_label = filing.actor_label
    received_at = filing.received_at or timezone.now()
    if timezone.is_naive(received_at):
        raise ApplicationError(_("The reception time must include its time zone."))
    if not subject.strip() or not description.strip():
        raise ApplicationError(_("Write a subject and a description."), code="required")
    if not requester.is_anonymous and not requester.full_name.strip():
        raise ApplicationError(_("An identified request needs the requester's name."))
    if priority == Priority.LEGAL and not priority_reason:
        raise ApplicationError(_("Legal priority needs its reason."), code="required")
    if touchpoint is not None and touchpoint.organization_id != organization.pk:
        raise ApplicationError(_("The touchpoint belongs to another organization."))
    area = area or (touchpoint.owner_area if touchpoint else None) or _intake_area(organization)
    if area.organization_id != organization.pk:
        raise ApplicationError(_("The area belongs to another organization."))
    if by is not None and by.is_read_only:
        raise ApplicationError(_("Read-only users cannot file cases."), code="forbidden")

    content_hash = _content_hash(requester, subject, description)
    if content_hash:
        first = (
            Case.objects.filter(
                organization=organization,
                content_hash=content_hash,
                received_at__gte=received_at - timedelta(hours=settings.DUPLICATE_WINDOW_HOURS),
                received_at__lte=received_at,
            )
            .order_by("received_at")
            .first()
        )
        if first is not None:
            first = _lock(first)
            event = _record(
                first,
                events.DuplicateReceived(
                    channel=channel, message_id=details.message_id, embedded=details.embedded
                ),
                by=by,
                at=received_at,
                actor_label=actor_label or ("" if by else "requester"),
            )
            _store_attachments(first, event, attachments)
            return FiledCase(case=first, tracking_code="", duplicate=True)

    regime_code = regime or organization.default_regime
    try:
        rule = deadlines.get_regime(regime_code).rule_for(
            request_type, _local_date(received_at, organization)
        )
    except deadlines.DeadlineError as exc:
        raise deadline_application_error(exc) from None

    filed_requester = Requester.objects.create(
        organization=organization,
        is_anonymous=requester.is_anonymous,
        kind=requester.kind,
        full_name="" if requester.is_anonymous else requester.full_name.strip(),
        id_type=requester.id_type,
        id_number=requester.id_number,
        email=requester.email.strip().lower(),
        phone=requester.phone,
        address=requester.address,
        preferred_channel=requester.preferred_channel,
        language=requester.language,
        consent_given=requester.consent_given,
        consent_text_version=requester.consent_text_version,
        consent_at=received_at if requester.consent_given else None,
    )
    tracking_code = _new_tracking_code()
    case = Case(
        organization=organization,
        tracking_code_hash=hash_tracking_code(tracking_code),
        kind=kind,
        regime=regime_code,
        request_type=request_type,
        channel=channel,
        requester=filed_requester,
        subject=subject.strip(),
        description=description.strip(),
        touchpoint=touchpoint,
        area=area,
        priority=priority,
        priority_reason=priority_reason,
        language=requester.language,
        received_at=received_at,
        content_hash=content_hash,
        positive_silence=rule.silence_effect is deadlines.SilenceEffect.POSITIVE,
    )
    result = _compute(case, extension_days=0)
    case.due_date = case.original_due_date = result.due_date
    # Numbered last: the counter's row lock is held from here to the commit, so the less
    # work after it, the more filings per second the organization can take.
    case.filing_number = _next_filing_number(
        organization, _local_date(received_at, organization).year
    )
    event = _record(
        case,
        events.Filed(
            channel=channel,
            legal_source=rule.legal_source,
            term=rule.term,
            unit=str(rule.unit),
            message_id=details.message_id,
            embedded=details.embedded,
            verbal=channel in VERBAL_CHANNELS,
            representative=details.representative.strip(),
            reasons=details.reasons.strip(),
            documents=details.documents.strip(),
            verbal_answer=details.verbal_answer.strip() if channel in VERBAL_CHANNELS else "",
        ),
        by=by,
        at=received_at,
        actor_label=actor_label or ("" if by else "requester"),
        notify=notify,
        # The code travels in the acknowledgement task's arguments because the case keeps
        # only its hash; finished task rows are pruned (docs/decisions/0007).
        context={"tracking_code": tracking_code},
    )
    _store_attachments(case, event, attachments)
    return FiledCase(case=case, tracking_code=tracking_code)


def _content_hash(requester: RequesterInput, subject: str, description: str) -> str:
    """Requester identity plus normalized text; empty for anonymous filings (no identity)."""
    identity = requester.email.strip().lower() or requester.id_number.strip()
    if requester.is_anonymous or not identity:
        return ""
    text = " ".join(f"{subject} {description}".casefold().split())
    return hashlib.sha256(f"{identity}\n{text}".encode()).hexdigest()


def _intake_area(organization: Organization) -> Area:
    area = Area.objects.filter(organization=organization, parent=None, is_active=True).first()
    if area is None:
        raise ApplicationError(_("The organization has no area to receive cases."))
    return area
