"""The answer page of the workspace: compose from a template, preview, send or approve.

Each POST calls one service; choosing a template and previewing change nothing in the case
(a preview keeps the draft and its files so they survive the round trip).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from promesa.accounts.models import User
from promesa.cases import answers, events, permissions, services
from promesa.cases.access import staff_member, visible_case
from promesa.cases.choices import AnswerDraftStatus, EventKind, ResponseChannel
from promesa.cases.models import AnswerDraft, Attachment, Case
from promesa.cases.policy import Action, Decision
from promesa.cases.tasks import case_email
from promesa.core.errors import ApplicationError
from promesa.notifications.email import render_case_email
from promesa.workspace.forms import AnswerComposeForm, ReturnAnswerForm


def _acting_case(
    request: HttpRequest, filing_number: str, action: Action
) -> tuple[User, Case, Decision]:
    """The case, the user and the policy's answer; 403 for who may not (oversight reads only).

    A refusal for the case's state is left to the caller, who explains it.
    """
    user = staff_member(request)
    case = visible_case(user, filing_number)
    decision = permissions.decide(user, case, action)
    if decision.code == "forbidden":
        raise PermissionDenied
    return user, case, decision


@dataclass(frozen=True)
class AnswerPreview:
    """What the requester will receive, per channel; ``subject`` only for e-mail."""

    channel: str
    text: str
    files: list[Attachment]
    subject: str = ""
    to: str = ""


def answer_preview(case: Case, draft: AnswerDraft) -> AnswerPreview:
    """Render the draft as it will go out; the e-mail through the sender's own code."""
    files = list(draft.attachments.all())
    if draft.channel != ResponseChannel.EMAIL:
        return AnswerPreview(channel=draft.channel, text=draft.text, files=files)
    rendered = render_case_email(
        case_email(
            case,
            "answer",
            # The real Message-ID names the ANSWERED event, which does not exist yet; the
            # id is not shown, so any value renders the same subject and body.
            event_public_id=str(uuid.uuid4()),
            event_data={"text": draft.text, "channel": draft.channel},
        )
    )
    return AnswerPreview(
        channel=draft.channel,
        text=rendered.body,
        files=files,
        subject=rendered.subject,
        to=case.requester.email,
    )


def _render(
    request: HttpRequest,
    case: Case,
    user: User,
    *,
    draft: AnswerDraft | None,
    form: AnswerComposeForm | None = None,
    return_form: ReturnAnswerForm | None = None,
    preview: bool = False,
    status: int = 200,
) -> HttpResponse:
    pending = draft is not None and draft.status == AnswerDraftStatus.PENDING
    context: dict[str, Any] = {
        "case": case,
        "draft": draft,
        "pending": pending,
        "form": None if pending else form or AnswerComposeForm(case=case, user=user, draft=draft),
        "needs_approval": services.answer_goes_to_approval(case, user),
        "may_decide": pending and bool(permissions.decide(user, case, Action.APPROVE_ANSWER)),
        "return_form": return_form or ReturnAnswerForm(),
        "preview": answer_preview(case, draft) if draft and (preview or pending) else None,
    }
    return render(request, "workspace/answer.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def answer_compose(request: HttpRequest, filing_number: str) -> HttpResponse:
    user, case, decision = _acting_case(request, filing_number, Action.DRAFT_ANSWER)
    if not decision.allowed:
        messages.error(request, _("This case cannot be answered in its current state."))
        return redirect("workspace:case", filing_number=case.filing_number)
    draft = answers.open_draft(case)
    if request.method == "GET":
        return _render(request, case, user, draft=draft, preview="vista" in request.GET)
    intent = request.POST.get("intent", "")
    if intent == "template":
        return _apply_template(request, case, user, draft)
    if intent != "send":
        intent = "preview"  # the safe reading of a form sent without a known button
    form = AnswerComposeForm(request.POST, request.FILES, case=case, user=user, draft=draft)
    if form.require_text():
        try:
            done = _submit(intent, form, case, user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if intent == "preview":
                return redirect(reverse("workspace:answer", args=[case.filing_number]) + "?vista")
            messages.success(request, done)
            return redirect("workspace:case", filing_number=case.filing_number)
    return _render(request, case, user, draft=draft, form=form, status=400)


def _apply_template(
    request: HttpRequest, case: Case, user: User, draft: AnswerDraft | None
) -> HttpResponse:
    """Re-show the form with the chosen template filled in; works without JavaScript."""
    data = request.POST.copy()
    form = AnswerComposeForm(data, case=case, user=user, draft=draft)
    try:
        template = form.fields["answer_template"].clean(data.get("answer_template"))
        if template is None:
            raise ValidationError(_("Choose a template."))
    except ValidationError as exc:
        form.add_error("answer_template", exc)
        return _render(request, case, user, draft=draft, form=form, status=400)
    try:
        data["answer_text"] = answers.fill_answer_template(template, case=case, by=user)
    except ApplicationError as exc:
        form.add_error("answer_template", exc.message)
        return _render(request, case, user, draft=draft, form=form, status=400)
    return _render(
        request,
        case,
        user,
        draft=draft,
        form=AnswerComposeForm(data, case=case, user=user, draft=draft),
    )


def _submit(intent: str, form: AnswerComposeForm, case: Case, user: User) -> str:
    """Call the one service behind the pressed button and say what happened."""
    data = form.cleaned_data
    arguments: dict[str, Any] = {
        "case": case,
        "by": user,
        "text": data["answer_text"],
        "channel": ResponseChannel(data["answer_channel"]),
        "attachments": data["answer_files"],
        "remove": data.get("remove_files") or [],
    }
    number = case.filing_number
    if intent == "preview":
        services.answer_draft_save(**arguments)
        return ""
    if services.answer_goes_to_approval(case, user):
        services.case_answer_submit(**arguments)
        return _("The answer to case %(number)s is waiting for a manager's approval.") % {
            "number": number
        }
    services.case_answer(**arguments)
    return _answered_message(number, arguments["channel"])


def _answered_message(number: str, channel: ResponseChannel) -> str:
    if channel == ResponseChannel.EMAIL:
        return _("The answer to case %(number)s was sent by e-mail.") % {"number": number}
    if channel == ResponseChannel.PORTAL:
        return _("The answer to case %(number)s is on the requester's tracking page.") % {
            "number": number
        }
    return _("The answer to case %(number)s was recorded; deliver it by %(channel)s.") % {
        "number": number,
        "channel": channel.label,
    }


@require_POST
@login_required
def answer_approve(request: HttpRequest, filing_number: str) -> HttpResponse:
    user, case, _decision = _acting_case(request, filing_number, Action.APPROVE_ANSWER)
    try:
        case = services.case_answer_approve(case=case, by=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("workspace:answer", filing_number=case.filing_number)
    event = case.events.filter(kind=EventKind.ANSWERED).order_by("-created_at", "-id").first()
    facts = event.facts if event else None
    channel = facts.channel if isinstance(facts, events.Answered) else ResponseChannel.PORTAL
    messages.success(request, _answered_message(case.filing_number, channel))
    return redirect("workspace:case", filing_number=case.filing_number)


@require_POST
@login_required
def answer_return(request: HttpRequest, filing_number: str) -> HttpResponse:
    user, case, _decision = _acting_case(request, filing_number, Action.RETURN_ANSWER)
    form = ReturnAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.case_answer_return(
                case=case, by=user, reason=form.cleaned_data["return_reason"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The answer to case %(number)s went back to its author with your remarks.")
                % {"number": case.filing_number},
            )
            return redirect("workspace:case", filing_number=case.filing_number)
    draft = answers.open_draft(case)
    return _render(request, case, user, draft=draft, return_form=form, status=400)


@require_GET
@login_required
def answer_letter(request: HttpRequest, filing_number: str) -> HttpResponse:
    """The answer as a printable letter: the open draft, else the answer already sent."""
    user = staff_member(request)
    case = visible_case(user, filing_number)
    draft = answers.open_draft(case)
    if draft is not None:
        text, files, at = draft.text, list(draft.attachments.all()), timezone.now()
        signer = draft.author.full_name
    else:
        event = (
            case.events.filter(kind=EventKind.ANSWERED)
            .select_related("actor")
            .order_by("-created_at", "-id")
            .first()
        )
        answer = event.payload if event else None
        if event is None or not isinstance(answer, events.Answered):
            messages.error(request, _("There is no answer to print yet."))
            return redirect("workspace:case", filing_number=case.filing_number)
        text, files, at = answer.text, list(event.attachments.all()), event.created_at
        author = User.objects.filter(pk=answer.author_id).first() if answer.author_id else None
        signer = author.full_name if author else (event.actor.full_name if event.actor else "")
    return render(
        request,
        "workspace/letter.html",
        {
            "case": case,
            "text": text,
            "files": files,
            "date": timezone.localtime(at).date(),
            "signer": signer,
        },
    )
