"""Habeas data: what is held about a requester, exported, corrected and erased.

Ley 1581 de 2012 (arts. 8 and 15) and the GDPR (arts. 15-17) give a person the right to know,
correct and have erased the data an organization holds about them. A case's history is
append-only, so the personal part of it lives apart: the requester's fields, the case's
subject and description, the ``CaseText`` rows the events point to, the internal texts about
the case and the files. Erasing blanks those and keeps the events: who did what, when, and
with what legal effect. See docs/decisions/0016-events-and-personal-text.md.

A requester row is written per filing, so one person is every requester row of the
organization with the same e-mail address or the same document; an anonymous requester is
only their own row.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases import events
from promesa.cases.choices import OPEN_STATUSES
from promesa.cases.models import (
    AnswerDraft,
    Attachment,
    Case,
    CaseText,
    InternalNote,
    InternalRequest,
    InternalRequestMessage,
    Requester,
)
from promesa.cases.services._common import _lock, _record
from promesa.core.errors import ApplicationError

# The people who answer for the organization's personal-data processing.
DATA_PROTECTION_ROLES = frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD})

# The requester fields a correction may change.
CORRECTABLE_FIELDS = ("full_name", "id_type", "id_number", "email", "phone", "address")


def _require_data_protection(by: User, requester: Requester) -> None:
    if by.role not in DATA_PROTECTION_ROLES or not by.is_active:
        raise ApplicationError(
            _("Only an administrator or a quality lead may handle a requester's personal data."),
            code="forbidden",
        )
    # Another organization's requester does not exist for this person (decision 0014).
    if by.organization_id is None or requester.organization_id != by.organization_id:
        raise ApplicationError(_("There is no such requester."), code="not_found")


def _delete_files(stored: list[tuple[Storage, str]]) -> None:
    for storage, name in stored:
        storage.delete(name)


def same_person(requester: Requester) -> QuerySet[Requester]:
    """Every requester row of the organization that is the same person as ``requester``."""
    rows = Requester.objects.filter(organization_id=requester.organization_id)
    if requester.is_anonymous:
        return rows.filter(pk=requester.pk)
    same = Q(pk=requester.pk)
    if requester.email:
        same |= Q(email__iexact=requester.email)
    if requester.id_number:
        same |= Q(id_type=requester.id_type, id_number=requester.id_number)
    return rows.filter(same)


def _cases_of(requester: Requester) -> QuerySet[Case]:
    return Case.objects.filter(requester__in=same_person(requester)).order_by("received_at", "pk")


def _requester_fields(row: Requester) -> dict[str, Any]:
    return {
        "public_id": str(row.public_id),
        "anonymous": row.is_anonymous,
        "kind": row.kind,
        "full_name": row.full_name,
        "id_type": row.id_type,
        "id_number": row.id_number,
        "email": row.email,
        "phone": row.phone,
        "address": row.address,
        "preferred_channel": row.preferred_channel,
        "language": row.language,
        "consent_given": row.consent_given,
        "consent_text_version": row.consent_text_version,
        "consent_at": row.consent_at.isoformat() if row.consent_at else None,
        "created_at": row.created_at.isoformat(),
    }


def _case_export(case: Case) -> dict[str, Any]:
    history = [
        {
            "at": event.created_at.isoformat(),
            "kind": event.kind,
            "status_after": event.status_after,
            "texts": {str(kind): body for kind, body in event.payload.texts().items()},
        }
        for event in case.events.prefetch_related("texts").order_by("created_at", "id")
    ]
    return {
        "filing_number": case.filing_number,
        "public_id": str(case.public_id),
        "kind": case.kind,
        "channel": case.channel,
        "subject": case.subject,
        "description": case.description,
        "status": case.status,
        "received_at": case.received_at.isoformat(),
        "due_date": case.due_date.isoformat(),
        "answered_at": case.answered_at.isoformat() if case.answered_at else None,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "history": history,
        "attachments": [
            {
                "name": item.original_name,
                "content_type": item.content_type,
                "size": item.size,
                "uploaded_at": item.uploaded_at.isoformat(),
            }
            for item in case.attachments.order_by("uploaded_at", "pk")
        ],
    }


def requester_export(*, requester: Requester, by: User) -> dict[str, Any]:
    """Everything held about the person: their details per filing, cases, texts and files.

    The answer to a habeas data consultation (Ley 1581 art. 14, GDPR art. 15), as JSON types.
    Internal notes and requests between areas are the organization's deliberation, not data
    the person gave, and are left out (they are erased with the rest, though).
    """
    _require_data_protection(by, requester)
    return {
        "organization": requester.organization.name,
        "exported_at": timezone.now().isoformat(),
        "exported_by": by.email,
        "requesters": [_requester_fields(row) for row in same_person(requester).order_by("pk")],
        "cases": [_case_export(case) for case in _cases_of(requester)],
    }


@dataclass(frozen=True)
class RequesterCorrection:
    """New values for some of a requester's fields; ``None`` leaves a field as it is."""

    full_name: str | None = None
    id_type: str | None = None
    id_number: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


@transaction.atomic
def requester_correct(
    *,
    requester: Requester,
    by: User,
    correction: RequesterCorrection,
    at: datetime | None = None,
) -> Requester:
    """Correct the person's details on every filing; each of their cases records which fields.

    The event names the fields, never the old or the new values: those are personal data.
    """
    _require_data_protection(by, requester)
    changes = {
        name: value.strip() for name in CORRECTABLE_FIELDS if (value := getattr(correction, name))
    }
    if "email" in changes:
        changes["email"] = changes["email"].lower()
    if not changes:
        raise ApplicationError(_("Write at least one corrected field."), code="required")
    at = at or timezone.now()
    rows = list(same_person(requester).select_for_update())
    cases = list(_cases_of(requester))
    for row in rows:
        for name, value in changes.items():
            setattr(row, name, value)
        row.save(update_fields=list(changes))
    for case in cases:
        _record(
            _lock(case),
            events.PersonalDataCorrected(fields=tuple(sorted(changes))),
            by=by,
            at=at,
        )
    requester.refresh_from_db()
    return requester


@dataclass(frozen=True)
class Erasure:
    """What ``requester_anonymize`` erased."""

    cases: int
    texts: int
    files: int


def _erase_case(case: Case, *, now: datetime) -> tuple[int, list[Attachment]]:
    """Blank one case's personal texts; return how many texts and the files to delete."""
    case.subject = _("(personal data erased)")
    case.description = ""
    case.content_hash = ""
    texts = CaseText.objects.filter(case=case, redacted_at__isnull=True)
    erased = texts.update(body="", redacted_at=now)
    InternalNote.objects.filter(case=case).update(text="")
    InternalRequest.objects.filter(case=case).update(question="", answer="", cancel_reason="")
    InternalRequestMessage.objects.filter(request__case=case).update(text="")
    AnswerDraft.objects.filter(case=case).update(text="", return_reason="")
    return erased, list(Attachment.objects.filter(case=case))


@transaction.atomic
def requester_anonymize(
    *, requester: Requester, by: User, reason: str, at: datetime | None = None
) -> Erasure:
    """Erase the person's data and texts from all their cases, keeping the history.

    Refused while one of their cases is open: the organization still owes an answer, and a
    legal duty to keep the data prevails over its erasure (Ley 1581 art. 15). The files are
    deleted from storage once the transaction commits, so a failure keeps them.
    """
    _require_data_protection(by, requester)
    if not reason.strip():
        raise ApplicationError(_("Explain why the personal data is erased."), code="required")
    at = at or timezone.now()
    rows = list(same_person(requester).select_for_update())
    cases = [_lock(case) for case in _cases_of(requester)]
    if any(case.status in OPEN_STATUSES for case in cases):
        raise ApplicationError(
            _("The requester has open cases; answer or close them before erasing their data."),
            code="open_cases",
        )
    total_texts = total_files = 0
    for case in cases:
        texts, files = _erase_case(case, now=at)
        stored = [(item.file.storage, item.file.name) for item in files if item.file]
        Attachment.objects.filter(pk__in=[item.pk for item in files]).delete()
        transaction.on_commit(functools.partial(_delete_files, stored))
        _record(
            case,
            events.PersonalDataErased(
                texts_erased=texts, files_deleted=len(files), reason=reason.strip()
            ),
            by=by,
            at=at,
        )
        total_texts += texts
        total_files += len(files)
    for row in rows:
        row.is_anonymous = True
        for name in CORRECTABLE_FIELDS:
            setattr(row, name, "")
        row.save(update_fields=["is_anonymous", *CORRECTABLE_FIELDS])
    return Erasure(cases=len(cases), texts=total_texts, files=total_files)
