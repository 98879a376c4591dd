"""Intake services: requests registered by staff, and API filings with an idempotency key.

The filing itself is always ``promesa.cases.services.case_file``; this module adds what each
channel needs around it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases.choices import (
    VERBAL_CHANNELS,
    CaseKind,
    Channel,
    Priority,
    PriorityReason,
)
from promesa.cases.models import Case
from promesa.cases.services import (
    AttachmentInput,
    FiledCase,
    FilingInput,
    RequesterInput,
    case_file,
)
from promesa.core.errors import ApplicationError
from promesa.intake.models import IdempotencyKey
from promesa.organization.models import Area, Organization, Touchpoint

# A key protects retries for a day (the usual window of payment and messaging APIs); after
# that the same key files a new case. ``promesa prune_idempotency_keys`` deletes old rows.
IDEMPOTENCY_TTL = timedelta(hours=24)
IDEMPOTENCY_KEY_MAX_LENGTH = 200


@dataclass(frozen=True)
class IdempotentFiling:
    """The outcome of a filing sent with a key; ``replayed`` when the key was already used.

    A replay carries no tracking code: the code is shown once and only its hash is stored.
    """

    case: Case
    status: int
    tracking_code: str
    duplicate: bool
    replayed: bool


def idempotency_key_validate(key: str) -> str:
    """Refuse keys that are empty, too long or not printable ASCII."""
    if not 1 <= len(key) <= IDEMPOTENCY_KEY_MAX_LENGTH or not all(
        " " <= char <= "~" for char in key
    ):
        raise ApplicationError(
            _("The Idempotency-Key header must have 1 to 200 printable ASCII characters."),
            code="invalid_idempotency_key",
        )
    return key


def request_hash(body: Any) -> str:
    """SHA-256 of the body as canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def case_file_idempotent(
    *,
    user: User,
    key: str,
    body_hash: str,
    file: Callable[[], FiledCase],
    now: datetime | None = None,
) -> IdempotentFiling:
    """Run ``file`` at most once per (user, key) within ``IDEMPOTENCY_TTL``.

    The key row is claimed first, in the same transaction as the filing. On PostgreSQL a
    concurrent INSERT of the same key waits for that transaction: if it commits, the insert
    fails with a unique violation and we read the committed row and its case; if it rolls
    back (the filing was refused), the insert succeeds and this request files instead.
    """
    now = now or timezone.now()
    # An expired key is free again.
    IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=now - IDEMPOTENCY_TTL).delete()
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint, so the outer transaction survives
                claim = IdempotencyKey.objects.create(
                    user=user, key=key, request_hash=body_hash, created_at=now
                )
        except IntegrityError:
            return _replay(user=user, key=key, body_hash=body_hash)
        filed = file()
        claim.case = filed.case
        claim.response_status = 200 if filed.duplicate else 201
        claim.save(update_fields=["case", "response_status"])
    return IdempotentFiling(
        case=filed.case,
        status=claim.response_status,
        tracking_code=filed.tracking_code,
        duplicate=filed.duplicate,
        replayed=False,
    )


def _replay(*, user: User, key: str, body_hash: str) -> IdempotentFiling:
    claim = IdempotencyKey.objects.select_related("case").filter(user=user, key=key).first()
    if claim is None or claim.case is None or claim.response_status is None:
        # Not reachable on PostgreSQL (the row is committed together with its case); a
        # database without row-level waiting may show a claim still being filed.
        raise ApplicationError(
            _("A request with this Idempotency-Key is still being processed. Retry shortly."),
            code="idempotency_conflict",
        )
    if claim.request_hash != body_hash:
        raise ApplicationError(
            _(
                "This Idempotency-Key was already used with a different request body. "
                "Use a new key for a new request."
            ),
            code="idempotency_conflict",
        )
    return IdempotentFiling(
        case=claim.case,
        status=claim.response_status,
        tracking_code="",
        duplicate=claim.response_status == 200,
        replayed=True,
    )


def idempotency_keys_prune(*, now: datetime | None = None) -> int:
    """Delete keys older than ``IDEMPOTENCY_TTL``; returns how many were deleted."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_TTL
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@dataclass(frozen=True)
class StaffRequest:
    """A request as the staff member wrote it down, ready for ``staff_case_file``."""

    channel: Channel
    kind: CaseKind
    request_type: str
    requester: RequesterInput
    representative: str
    subject: str
    description: str
    reasons: str
    documents: str
    area: Area
    touchpoint: Touchpoint | None
    priority: Priority
    priority_reason: PriorityReason
    received_at: datetime
    verbal_answer: str
    attachments: list[AttachmentInput]


def staff_case_file(*, organization: Organization, by: User, request: StaffRequest) -> FiledCase:
    """File a request a staff member received in person, by phone, by letter or online.

    The filed event keeps what the constancia de radicación must show (Decreto 1166 de 2016,
    compiled in Decreto 1069 de 2015, arts. 2.2.3.12.x): the reasons, the list of attached
    documents, who received it, whether it was verbal, and any verbal answer given.
    """
    verbal = request.channel in VERBAL_CHANNELS
    return case_file(
        filing=FilingInput(
            organization=organization,
            kind=request.kind,
            request_type=request.request_type,
            channel=request.channel,
            requester=request.requester,
            subject=request.subject,
            description=request.description,
            area=request.area,
            touchpoint=request.touchpoint,
            priority=request.priority,
            priority_reason=request.priority_reason,
            received_at=request.received_at,
            extra={
                "reasons": request.reasons,
                "documents": request.documents,
                "representative": request.representative,
                "verbal": verbal,
                "received_by": by.full_name or by.email,
                "verbal_answer": request.verbal_answer if verbal else "",
            },
            attachments=request.attachments,
        ),
        by=by,
    )
