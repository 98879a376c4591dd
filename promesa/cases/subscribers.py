"""What the cases app does when one of its own events is published.

The services only record what happened; the reactions are here, registered by
:func:`register` from ``CasesConfig.ready`` (see ``promesa.core.events``). Apps above
register theirs the same way, from their own ``ready``.

The search index is inline: it is never behind a committed write (decision 0009). Every
other reaction is queued and calls the task function that does the work, so each may be run
again on its own (``promesa.cases.tasks``).
"""

from __future__ import annotations

from promesa.cases import search
from promesa.cases.choices import ConversationKind, EventKind, ResponseChannel
from promesa.cases.models import (
    AnswerDraft,
    CaseEvent,
    CaseMessageKind,
    InternalNote,
    InternalRequest,
    InternalRequestMessage,
)
from promesa.cases.tasks import (
    send_answer_returned_email,
    send_answer_submitted_email,
    send_case_message,
    send_internal_request_answered_email,
    send_internal_request_message_email,
    send_internal_request_opened_email,
    send_mention_email,
)
from promesa.core.events import Delivery, subscribe

# Events after which the case's search document changes: a new case, and every event whose
# text is searchable (``search.TEXT_EVENTS``).
SEARCHABLE = frozenset(
    {
        EventKind.FILED,
        EventKind.CLARIFICATION_RECEIVED,
        EventKind.MESSAGE_RECEIVED,
        EventKind.ANSWERED,
    }
)

# The requester's messages, by the event they tell about.
REQUESTER_MESSAGES = {
    EventKind.FILED: CaseMessageKind.ACKNOWLEDGEMENT,
    EventKind.CLARIFICATION_REQUESTED: CaseMessageKind.CLARIFICATION_REQUEST,
    EventKind.EXTENDED: CaseMessageKind.EXTENSION_NOTICE,
    EventKind.ANSWERED: CaseMessageKind.ANSWER,
}


def index_for_search(delivery: Delivery) -> None:
    """Rebuild the case's search document in the transaction that changed its text."""
    event: CaseEvent = delivery.record
    search.index_case(event.case)


def tell_the_requester(delivery: Delivery) -> None:
    """E-mail the requester the message of the event: acknowledgement, request, notice, answer.

    The acknowledgement's tracking code comes in the delivery's context, the only place it
    exists in clear (docs/decisions/0007-tracking-code-in-ack.md). Only an answer sent by
    e-mail is e-mailed: the portal shows the answer, and letters, calls and visits are
    carried out by staff.
    """
    event: CaseEvent = delivery.record
    if event.kind == EventKind.ANSWERED and event.data.get("channel") != ResponseChannel.EMAIL:
        return
    send_case_message.call(
        case_id=event.case_id,
        message=REQUESTER_MESSAGES[EventKind(event.kind)],
        tracking_code=delivery.context.get("tracking_code", ""),
    )


def _draft_of(event: CaseEvent) -> AnswerDraft | None:
    # A case has at most one open draft; the task announces it only while it is still in the
    # state the event put it in.
    return AnswerDraft.objects.filter(case_id=event.case_id).order_by("-updated_at", "-id").first()


def tell_the_approver(delivery: Delivery) -> None:
    """Tell the nearest manager that an answer waits for their approval."""
    draft = _draft_of(delivery.record)
    if draft is not None:
        send_answer_submitted_email.call(draft_id=draft.pk)


def tell_the_author(delivery: Delivery) -> None:
    """Tell the author of an answer that it came back for changes."""
    draft = _draft_of(delivery.record)
    if draft is not None:
        send_answer_returned_email.call(draft_id=draft.pk)


def _request_of(event: CaseEvent) -> InternalRequest | None:
    return InternalRequest.objects.filter(public_id=event.data.get("request")).first()


def tell_the_supplying_area(delivery: Delivery) -> None:
    """Tell the area asked for input, and its manager, about a new internal request."""
    request = _request_of(delivery.record)
    if request is not None:
        send_internal_request_opened_email.call(request_id=request.pk)


def tell_the_asker(delivery: Delivery) -> None:
    """Tell the person who asked another area that it answered."""
    request = _request_of(delivery.record)
    if request is not None:
        send_internal_request_answered_email.call(request_id=request.pk)


def tell_the_conversation(delivery: Delivery) -> None:
    """Tell the others in an internal request's conversation about a new message."""
    message: InternalRequestMessage = delivery.record
    send_internal_request_message_email.call(message_id=message.pk)


def tell_the_mentioned(delivery: Delivery) -> None:
    """Tell the staff an internal note mentions."""
    note: InternalNote = delivery.record
    if note.mentioned.exists():
        send_mention_email.call(note_id=note.pk)


def register() -> None:
    """Subscribe the cases app's reactions; called from ``CasesConfig.ready``."""
    subscribe(SEARCHABLE, index_for_search, inline=True)
    subscribe(REQUESTER_MESSAGES, tell_the_requester, notifies=True)
    subscribe(EventKind.ANSWER_SUBMITTED, tell_the_approver, notifies=True)
    subscribe(EventKind.ANSWER_RETURNED, tell_the_author, notifies=True)
    subscribe(EventKind.INTERNAL_REQUEST_OPENED, tell_the_supplying_area, notifies=True)
    subscribe(EventKind.INTERNAL_REQUEST_ANSWERED, tell_the_asker, notifies=True)
    subscribe(ConversationKind.REQUEST_MESSAGE_ADDED, tell_the_conversation, notifies=True)
    subscribe(ConversationKind.NOTE_ADDED, tell_the_mentioned, notifies=True)
