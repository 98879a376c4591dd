"""Answers: drafts, approval and the answer sent to the requester."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases import events
from promesa.cases.answers import answer_needs_approval, channel_problem
from promesa.cases.choices import (
    OPEN_DRAFT_STATUSES,
    AnswerDraftStatus,
    CaseStatus,
    ResponseChannel,
)
from promesa.cases.models import (
    AnswerDraft,
    Case,
)
from promesa.cases.policy import Action
from promesa.cases.services._common import (
    SUPERVISOR_ROLES,
    AttachmentInput,
    _begin,
    _local_date,
    _record,
    _store_attachments,
)
from promesa.core.errors import ApplicationError


def answer_goes_to_approval(case: Case, by: User) -> bool:
    """True when ``by``'s answer to the case must wait for a supervisor's approval."""
    # The role first: a supervisor's answer never waits, and costs no query.
    return by.role not in SUPERVISOR_ROLES and answer_needs_approval(case)


def _open_draft_locked(case: Case) -> AnswerDraft | None:
    return (
        AnswerDraft.objects.select_for_update()
        .filter(case=case, status__in=OPEN_DRAFT_STATUSES)
        .first()
    )


def _check_answer(case: Case, text: str, channel: ResponseChannel) -> None:
    if not text.strip():
        raise ApplicationError(_("Write the answer."), code="required")
    problem = channel_problem(case, channel)
    if problem is not None:
        raise ApplicationError(problem, code="channel")


def _save_draft(
    case: Case,
    *,
    by: User,
    text: str,
    channel: ResponseChannel,
    attachments: Sequence[AttachmentInput],
    remove: Sequence[str],
) -> AnswerDraft:
    """Create or update the case's open draft; one waiting for approval cannot change."""
    draft = _open_draft_locked(case)
    if draft is not None and draft.status == AnswerDraftStatus.PENDING:
        raise ApplicationError(
            _("An answer to this case is waiting for approval; it cannot change meanwhile."),
            code="draft_pending",
        )
    if draft is None:
        draft = AnswerDraft(case=case)
    draft.author = by
    draft.text = text.strip()
    draft.channel = channel
    draft.save()
    for item in draft.attachments.filter(public_id__in=[str(r) for r in remove]):
        item.file.delete(save=False)
        item.delete()
    _store_attachments(case, None, attachments, draft=draft)
    return draft


@transaction.atomic
def answer_draft_save(
    *,
    case: Case,
    by: User,
    text: str,
    channel: ResponseChannel,
    attachments: Sequence[AttachmentInput] = (),
    remove: Sequence[str] = (),
) -> AnswerDraft:
    """Keep the answer being written, with its files, so it can be previewed and resumed.

    Writes no ``CaseEvent``: a draft changes nothing in the case until it is submitted or
    sent. ``remove`` lists public ids of the draft's files to drop.
    """
    case = _begin(case, by=by, action=Action.DRAFT_ANSWER)
    if not text.strip() and not attachments:
        raise ApplicationError(_("Write the answer."), code="required")
    return _save_draft(
        case, by=by, text=text, channel=channel, attachments=attachments, remove=remove
    )


def _send_answer(
    case: Case,
    *,
    by: User,
    text: str,
    channel: ResponseChannel,
    at: datetime,
    notify: bool,
    draft: AnswerDraft | None,
    attachments: Sequence[AttachmentInput],
    author: User | None = None,
) -> Case:
    """The one path an answer goes out on, directly or after approval."""
    case.status = CaseStatus.ANSWERED
    case.answered_at = at
    if case.assignee_id is None:
        case.assignee = draft.author if draft is not None else by
    event = _record(
        case,
        events.Answered(
            text=text.strip(),
            channel=channel,
            on_time=_local_date(at, case.organization) <= case.due_date,
            author_id=author.pk if author is not None else None,
            approved=author is not None,
        ),
        by=by,
        at=at,
        notify=notify,
    )
    if draft is not None:
        draft.status = AnswerDraftStatus.SENT
        draft.save(update_fields=["status", "updated_at"])
        draft.attachments.update(event=event)
    _store_attachments(case, event, attachments)
    return case


@transaction.atomic
def case_answer(
    *,
    case: Case,
    by: User,
    text: str,
    channel: ResponseChannel,
    attachments: Sequence[AttachmentInput] = (),
    remove: Sequence[str] = (),
    at: datetime | None = None,
    notify: bool = True,
) -> Case:
    """Send the answer through ``channel``, with the files of the open draft and new ones.

    Where a rule asks for approval only a supervisor may answer directly; anybody else
    submits with ``case_answer_submit``, so no path (the API included) skips the approval.
    """
    # The policy refuses a direct answer where a rule asks for approval (approval_required).
    case = _begin(case, by=by, action=Action.ANSWER)
    _check_answer(case, text, channel)
    draft = _open_draft_locked(case)
    if draft is not None:
        draft = _save_draft(
            case, by=by, text=text, channel=channel, attachments=attachments, remove=remove
        )
        attachments = ()
    return _send_answer(
        case,
        by=by,
        text=text,
        channel=channel,
        at=at or timezone.now(),
        notify=notify,
        draft=draft,
        attachments=attachments,
    )


@transaction.atomic
def case_answer_submit(
    *,
    case: Case,
    by: User,
    text: str,
    channel: ResponseChannel,
    attachments: Sequence[AttachmentInput] = (),
    remove: Sequence[str] = (),
    at: datetime | None = None,
) -> AnswerDraft:
    """Hand the answer to a supervisor for approval; nothing goes to the requester yet."""
    case = _begin(case, by=by, action=Action.SUBMIT_ANSWER)
    _check_answer(case, text, channel)
    at = at or timezone.now()
    draft = _save_draft(
        case, by=by, text=text, channel=channel, attachments=attachments, remove=remove
    )
    draft.status = AnswerDraftStatus.PENDING
    draft.submitted_at = at
    draft.decided_by = None
    draft.decided_at = None
    draft.notified_at = None
    draft.save()
    _record(
        case,
        events.AnswerSubmitted(text=draft.text, channel=channel, draft_id=draft.pk),
        by=by,
        at=at,
    )
    return draft


def _pending_draft(case: Case) -> AnswerDraft:
    draft = _open_draft_locked(case)
    if draft is None or draft.status != AnswerDraftStatus.PENDING:
        raise ApplicationError(
            _("No answer to this case is waiting for approval."), code="no_pending_answer"
        )
    return draft


@transaction.atomic
def case_answer_approve(
    *, case: Case, by: User, at: datetime | None = None, notify: bool = True
) -> Case:
    """Approve the answer waiting for approval and send it, as ``case_answer`` would."""
    case = _begin(case, by=by, action=Action.APPROVE_ANSWER)
    draft = _pending_draft(case)
    at = at or timezone.now()
    channel = ResponseChannel(draft.channel)
    problem = channel_problem(case, channel)
    if problem is not None:
        raise ApplicationError(problem, code="channel")
    draft.decided_by = by
    draft.decided_at = at
    return _send_answer(
        case,
        by=by,
        text=draft.text,
        channel=channel,
        at=at,
        notify=notify,
        draft=draft,
        attachments=(),
        author=draft.author,
    )


@transaction.atomic
def case_answer_return(
    *, case: Case, by: User, reason: str, at: datetime | None = None
) -> AnswerDraft:
    """Send the answer back to its author with what to change; they edit and resubmit."""
    case = _begin(case, by=by, action=Action.RETURN_ANSWER)
    draft = _pending_draft(case)
    if not reason.strip():
        raise ApplicationError(_("Say what should change in the answer."), code="required")
    at = at or timezone.now()
    draft.status = AnswerDraftStatus.RETURNED
    draft.decided_by = by
    draft.decided_at = at
    draft.return_reason = reason.strip()
    draft.notified_at = None
    draft.save()
    _record(
        case,
        events.AnswerReturned(reason=reason.strip(), draft_id=draft.pk, author_id=draft.author_id),
        by=by,
        at=at,
    )
    return draft
