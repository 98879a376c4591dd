"""Background tasks of the cases app: thin, idempotent wrappers over notifications.

Each message task renders its messages and writes them to the outbox in one transaction
(with the claim that says they were written), and the outbox enqueues their delivery in that
same transaction. The tasks run as subscribers of case events, inside the subscriber's
transaction, so no SMTP is spoken here; a failed send stays in the outbox and is retried
there (``promesa.notifications.outbox``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from promesa.accounts.models import User
from promesa.cases.alerts import AreaTree
from promesa.cases.choices import AnswerDraftStatus, EventKind
from promesa.cases.models import (
    AnswerDraft,
    Case,
    CaseEvent,
    CaseMessageKind,
    InternalNote,
    InternalRequest,
    InternalRequestMessage,
    MessageTemplate,
)
from promesa.notifications.email import (
    CaseEmail,
    case_message_id,
    put_case_email,
    put_templated_email,
)
from promesa.notifications.outbox import Attachment, Reference
from promesa.organization.selectors import (
    public_base_url,
    user_can_act_in_area,
    user_can_see_area,
)

MESSAGES = frozenset(CaseMessageKind.values)

# The event each message tells the requester about; its public id names the message.
_EVENT_OF_MESSAGE = {
    CaseMessageKind.ACKNOWLEDGEMENT: EventKind.FILED,
    CaseMessageKind.CLARIFICATION_REQUEST: EventKind.CLARIFICATION_REQUESTED,
    CaseMessageKind.EXTENSION_NOTICE: EventKind.EXTENDED,
    CaseMessageKind.ANSWER: EventKind.ANSWERED,
}


def _thread_root(case: Case) -> str:
    """The case's first message: the requester's own e-mail, or our acknowledgement."""
    filed = case.events.filter(kind=EventKind.FILED).order_by("created_at", "id").first()
    if filed is None:
        return ""
    return str(filed.data.get("message_id") or "") or case_message_id(
        case.filing_number, str(filed.public_id)
    )


def case_email(
    case: Case,
    message: str,
    *,
    event_public_id: str,
    event_data: dict[str, Any],
    tracking_code: str = "",
    attachments: tuple[Attachment, ...] = (),
) -> CaseEmail:
    """The message ``message`` about ``case``, ready to render or send.

    The sender and the workspace's answer preview both build it here, so the preview shows
    the organization's own template, or the shipped wording, exactly as it will be sent.
    """
    template = MessageTemplate.objects.filter(
        organization=case.organization_id, message=message, language=case.language
    ).first()
    return CaseEmail(
        to=case.requester.email,
        message=message,
        language=case.language,
        filing_number=case.filing_number,
        event_public_id=event_public_id,
        context={
            "case": case,
            "organization": case.organization,
            # The requester follows the case on their organization's own public address.
            "base_url": public_base_url(case.organization),
            "requester_name": case.requester.full_name,
            "event_data": event_data,
            "tracking_code": tracking_code,
        },
        subject_template=template.subject if template else None,
        body_template=template.body if template else None,
        thread_root=_thread_root(case),
        # Only the acknowledgement is machine-written; the others carry a person's words
        # (RFC 3834), and the answer in particular must look like a human reply.
        auto_submitted=message == CaseMessageKind.ACKNOWLEDGEMENT,
        attachments=attachments,
    )


def _files_of(event: CaseEvent) -> tuple[Attachment, ...]:
    # The outbox refers to the stored files; it does not copy them.
    return tuple(
        Attachment(
            name=item.original_name, content_type=item.content_type, stored_name=item.file.name
        )
        for item in event.attachments.order_by("uploaded_at", "id")
    )


def _about(case: Case) -> Reference:
    return Reference(
        organization_id=case.organization_id,
        case_public_id=case.public_id,
        filing_number=case.filing_number,
    )


@task()
def send_case_message(case_id: int, message: str, tracking_code: str = "") -> None:
    """E-mail the requester about their case, when they gave an address.

    The outbox keeps one message per event and kind, so running twice sends it once; it
    never fails for a case that changed or disappeared meanwhile. The answer carries the
    files sent with it.
    """
    if message not in MESSAGES:
        raise ValueError(f"Unknown case message {message!r}.")
    case = Case.objects.select_related("requester", "organization").filter(pk=case_id).first()
    if case is None or not case.requester.email:
        return
    event: CaseEvent | None = (
        case.events.filter(kind=_EVENT_OF_MESSAGE[CaseMessageKind(message)])
        .order_by("-created_at", "-id")
        .first()
    ) or case.events.order_by("-created_at", "-id").first()
    if event is None:
        return
    with transaction.atomic():
        put_case_email(
            case_email(
                case,
                message,
                event_public_id=str(event.public_id),
                event_data=event.data,
                tracking_code=tracking_code,
                attachments=_files_of(event) if message == CaseMessageKind.ANSWER else (),
            ),
            reference=_about(case),
        )


@task()
def sweep_deadlines_task() -> dict[str, object]:
    """Run the deadline-alert sweep; several workers may run it at once (see ``alerts``)."""
    from promesa.cases.alerts import run_sweep

    return run_sweep().as_dict()


def _claimed(rows: QuerySet[Any], field: str) -> bool:
    """Set ``field`` to now on ``rows`` where it is still empty; False if another run did.

    Run inside the transaction that writes the messages to the outbox: if writing fails,
    the claim rolls back with it and the retry writes them.
    """
    return bool(rows.filter(**{field: None}).update(**{field: timezone.now()}))


@task()
def send_mention_email(note_id: int) -> None:
    """Tell each person mentioned in an internal note, once, in their own language.

    The note is claimed with a conditional UPDATE in the same transaction that writes the
    messages to the outbox: a second run (or a second worker) finds it claimed and writes
    nothing; a failed send is retried by the outbox.
    """
    with transaction.atomic():
        if not _claimed(InternalNote.objects.filter(pk=note_id), "mentions_notified_at"):
            return
        note = InternalNote.objects.select_related("case__area", "author").get(pk=note_id)
        for person in note.mentioned.exclude(pk=note.author_id):
            # Someone who left, or moved out of the area since, no longer reads the case.
            if not user_can_see_area(person, note.case.area):
                continue
            put_templated_email(
                to=person.email,
                template="note_mention",
                context={
                    "full_name": person.full_name,
                    "author_name": note.author.full_name,
                    "filing_number": note.case.filing_number,
                    "subject": note.case.subject,
                    "text": note.text,
                },
                language=person.language,
                dedupe_key=f"note-mention:{note.pk}:{person.pk}",
                reference=_about(note.case),
            )


def _claim(request_id: int, field: str) -> InternalRequest | None:
    """Mark one notification of a request as sent; None when another run already did."""
    if not _claimed(InternalRequest.objects.filter(pk=request_id), field):
        return None
    return InternalRequest.objects.select_related(
        "case", "from_area", "to_area__manager", "requested_by", "answered_by"
    ).get(pk=request_id)


def _request_context(request: InternalRequest, person: User) -> dict[str, object]:
    # The case's subject and number only: the requester's data stays on the case page.
    return {
        "full_name": person.full_name,
        "filing_number": request.case.filing_number,
        "subject": request.case.subject,
        "from_area": request.from_area.name,
        "to_area": request.to_area.name,
        "requested_by": request.requested_by.full_name,
        "question": request.question,
        "due_date": request.due_date,
        "answer": request.answer,
        "answered_by": request.answered_by.full_name if request.answered_by else "",
        "public_id": request.public_id,
    }


@task()
def send_internal_request_opened_email(request_id: int) -> None:
    """Tell the supplying area's members and its manager that another area needs input.

    Claimed like ``send_mention_email``: a second run writes nothing, a failed send is
    retried by the outbox.
    """
    with transaction.atomic():
        request = _claim(request_id, "opened_notified_at")
        if request is None:
            return
        people = _supplying_area_people(request)
        people.pop(request.requested_by_id, None)
        for person in sorted(people.values(), key=lambda user: user.email):
            put_templated_email(
                to=person.email,
                template="internal_request_opened",
                context=_request_context(request, person),
                language=person.language,
                dedupe_key=f"internal-request-opened:{request.pk}:{person.pk}",
                reference=_about(request.case),
            )


def _supplying_area_people(request: InternalRequest) -> dict[int, User]:
    """The members of the area asked for input, and its manager."""
    people = {
        user.pk: user
        for user in User.objects.filter(memberships__area=request.to_area, is_active=True)
    }
    manager = request.to_area.manager
    if manager is not None and manager.is_active:
        people[manager.pk] = manager
    return people


@task()
def send_internal_request_message_email(message_id: int) -> None:
    """Tell the others in a request's conversation about a new message, once.

    The others are the person who asked and everyone who wrote before. While nobody of the
    supplying area has written yet (this message included), that whole area is told, as
    when the request opened.
    """
    with transaction.atomic():
        if not _claimed(InternalRequestMessage.objects.filter(pk=message_id), "notified_at"):
            return
        message = InternalRequestMessage.objects.select_related(
            "author",
            "request__case",
            "request__from_area",
            "request__to_area__manager",
            "request__requested_by",
            "request__answered_by",
        ).get(pk=message_id)
        request = message.request
        people = {request.requested_by_id: request.requested_by}
        for earlier in request.messages.filter(pk__lt=message.pk).select_related("author"):
            people[earlier.author_id] = earlier.author
        in_conversation = [*people.values(), message.author]
        if not any(user_can_act_in_area(person, request.to_area) for person in in_conversation):
            people.update(_supplying_area_people(request))
        people.pop(message.author_id, None)
        for person in sorted(people.values(), key=lambda user: user.email):
            if not person.is_active:
                continue
            put_templated_email(
                to=person.email,
                template="internal_request_message",
                context={
                    **_request_context(request, person),
                    "author_name": message.author.full_name,
                    "text": message.text,
                },
                language=person.language,
                dedupe_key=f"internal-request-message:{message.pk}:{person.pk}",
                reference=_about(request.case),
            )


@task()
def send_internal_request_answered_email(request_id: int) -> None:
    """Tell the person who asked that the other area answered, once."""
    with transaction.atomic():
        request = _claim(request_id, "answered_notified_at")
        if request is None:
            return
        asker = request.requested_by
        if not asker.is_active or asker.pk == request.answered_by_id:
            return
        put_templated_email(
            to=asker.email,
            template="internal_request_answered",
            context=_request_context(request, asker),
            language=asker.language,
            dedupe_key=f"internal-request-answered:{request.pk}",
            reference=_about(request.case),
        )


def _claim_draft(draft_id: int, status: AnswerDraftStatus) -> AnswerDraft | None:
    """Mark the draft's people as told while it is still in ``status``; None if done already.

    A draft that changed state before the task ran (approved, returned, resubmitted) is not
    announced for a state it has left.
    """
    if not _claimed(AnswerDraft.objects.filter(pk=draft_id, status=status), "notified_at"):
        return None
    return AnswerDraft.objects.select_related(
        "case__organization", "case__area", "author", "decided_by"
    ).get(pk=draft_id)


def _draft_key(kind: str, draft: AnswerDraft) -> str:
    # A draft is submitted (and returned) again after each round; the claim's time tells
    # the rounds apart.
    claimed_at = draft.notified_at.isoformat() if draft.notified_at else ""
    return f"{kind}:{draft.pk}:{claimed_at}"


def _draft_context(draft: AnswerDraft, person: User) -> dict[str, object]:
    return {
        "full_name": person.full_name,
        "filing_number": draft.case.filing_number,
        "subject": draft.case.subject,
        "author_name": draft.author.full_name,
        "decided_by": draft.decided_by.full_name if draft.decided_by else "",
        "reason": draft.return_reason,
        "due_date": draft.case.due_date,
    }


@task()
def send_answer_submitted_email(draft_id: int) -> None:
    """Tell the manager nearest to the case's area that an answer waits for approval, once."""
    with transaction.atomic():
        draft = _claim_draft(draft_id, AnswerDraftStatus.PENDING)
        if draft is None:
            return
        manager_id = AreaTree(draft.case.organization).nearest_manager(draft.case.area_id)
        if manager_id is None or manager_id == draft.author_id:
            return
        manager = User.objects.get(pk=manager_id)
        put_templated_email(
            to=manager.email,
            template="answer_submitted",
            context=_draft_context(draft, manager),
            language=manager.language,
            dedupe_key=_draft_key("answer-submitted", draft),
            reference=_about(draft.case),
        )


@task()
def send_answer_returned_email(draft_id: int) -> None:
    """Tell the author that the answer came back, with what to change, once."""
    with transaction.atomic():
        draft = _claim_draft(draft_id, AnswerDraftStatus.RETURNED)
        if draft is None:
            return
        author = draft.author
        if not author.is_active:
            return
        put_templated_email(
            to=author.email,
            template="answer_returned",
            context=_draft_context(draft, author),
            language=author.language,
            dedupe_key=_draft_key("answer-returned", draft),
            reference=_about(draft.case),
        )
