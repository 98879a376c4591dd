"""What the public portal may show of a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.cases import events
from promesa.cases.choices import CaseStatus, EventKind
from promesa.cases.models import Attachment, Case, CaseEvent

# Events the requester sees; internal steps (assignment, moves) are not theirs to read.
PUBLIC_EVENTS = frozenset(
    {
        EventKind.FILED,
        EventKind.CLARIFICATION_REQUESTED,
        EventKind.CLARIFICATION_RECEIVED,
        EventKind.EXTENDED,
        EventKind.ANSWERED,
        EventKind.CLOSED,
        EventKind.TRANSFERRED,
        EventKind.WITHDRAWN,
    }
)
# Files the requester sent, and those sent with the answer.
ATTACHMENT_EVENTS = frozenset(
    {
        EventKind.FILED,
        EventKind.CLARIFICATION_RECEIVED,
        EventKind.MESSAGE_RECEIVED,
        EventKind.DUPLICATE_RECEIVED,
        EventKind.ANSWERED,
    }
)


@dataclass(frozen=True)
class PublicEvent:
    kind: str
    at: Any
    title: str
    text: str
    new_due_date: date | None
    entity: str


def status_text(case: Case) -> str:
    """The status in plain words for the requester."""
    texts = {
        CaseStatus.FILED: _("Received. We are reviewing it."),
        CaseStatus.ASSIGNED: _("Received. A person is in charge of answering it."),
        CaseStatus.IN_PROGRESS: _("In progress. We are preparing the answer."),
        CaseStatus.AWAITING_REQUESTER: _(
            "Waiting for you. We need you to complete your request; see below."
        ),
        CaseStatus.ANSWERED: _("Answered."),
        CaseStatus.CLOSED: _("Closed."),
        CaseStatus.TRANSFERRED: _("Sent to the entity that can answer it."),
        CaseStatus.WITHDRAWN: _("Withdrawn."),
    }
    return str(texts.get(CaseStatus(case.status), case.get_status_display()))


def legal_source(case: Case) -> str:
    filed = case.events.filter(kind=EventKind.FILED).first()
    facts = filed.facts if filed else None
    return facts.legal_source if isinstance(facts, events.Filed) else ""


def _public_text(payload: events.Event) -> str:
    """The words the requester reads under an event: theirs, ours, or the reasons."""
    match payload:
        case events.ClarificationRequested() | events.ClarificationReceived():
            return payload.message
        case events.Extended() | events.Transferred():
            return payload.reason
        case events.Answered():
            return payload.text
    return ""


def _public_event(event: CaseEvent) -> PublicEvent:
    titles = {
        EventKind.FILED: _("We received your request"),
        EventKind.CLARIFICATION_REQUESTED: _("We asked you to complete your request"),
        EventKind.CLARIFICATION_RECEIVED: _("We received your answer"),
        EventKind.EXTENDED: _("We extended the term to answer"),
        EventKind.ANSWERED: _("We answered your request"),
        EventKind.CLOSED: _("The case was closed"),
        EventKind.TRANSFERRED: _("We sent your request to the competent entity"),
        EventKind.WITHDRAWN: _("The request was withdrawn"),
    }
    payload = event.payload
    return PublicEvent(
        kind=event.kind,
        at=timezone.localtime(event.created_at),
        title=str(titles[EventKind(event.kind)]),
        text=_public_text(payload),
        new_due_date=event.due_date_after if event.kind == EventKind.EXTENDED else None,
        entity=payload.entity if isinstance(payload, events.Transferred) else "",
    )


def public_timeline(case: Case) -> list[PublicEvent]:
    rows = (
        case.events.filter(kind__in=PUBLIC_EVENTS)
        .prefetch_related("texts")
        .order_by("created_at", "id")
    )
    return [_public_event(e) for e in rows]


def public_attachments(case: Case) -> list[Attachment]:
    return list(
        Attachment.objects.filter(case=case, event__kind__in=ATTACHMENT_EVENTS)
        .select_related("event")
        .order_by("uploaded_at", "id")
    )
