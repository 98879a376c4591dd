"""The staff case page and its action bar: one service call per action, looked up in a table.

The URLs stay those of the staff workspace (``/trabajo/casos/…``, names ``workspace:case``
and so on): the workspace's URL configuration includes ``promesa.cases.staff_urls``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from promesa.accounts.models import User
from promesa.cases import page_selectors, permissions, services
from promesa.cases.access import staff_member, visible_case
from promesa.cases.answers import open_draft
from promesa.cases.forms import (
    ACTION_FORMS,
    ActionForm,
    AssignForm,
    InternalRequestForm,
    NoteForm,
)
from promesa.cases.models import Case
from promesa.cases.policy import Action
from promesa.cases.selectors import organization_calendar
from promesa.core.errors import ApplicationError
from promesa.core.templatetags.promesa import long_date


@require_GET
@login_required
def case_page(request: HttpRequest, filing_number: str) -> HttpResponse:
    user = staff_member(request)
    case = visible_case(user, filing_number)
    return _render_case(request, case, user)


def _render_case(
    request: HttpRequest,
    case: Case,
    user: User,
    *,
    failed: ActionForm | None = None,
    failed_action: str = "",
    status: int = 200,
) -> HttpResponse:
    relation = permissions.relation_for_changes(user, case)
    # Read once for the deadline summary, the internal requests and the request form.
    calendar = organization_calendar(case.organization)
    summary = page_selectors.case_summary(case, calendar=calendar)
    actions = page_selectors.available_actions(case, user, relation=relation, summary=summary)
    can_act = bool(permissions.decide(user, case, Action.ADD_NOTE, relation=relation))
    bar_allows_extend = bool(page_selectors.bar_decision(case, user, "extend", relation=relation))
    # Answering has its own page (templates, files, preview, approval).
    forms = {
        action: failed
        if action == failed_action and failed is not None
        else ACTION_FORMS[action](case=case, user=user, calendar=calendar)
        for action in actions
        if action in ACTION_FORMS
    }
    note_form = None
    if can_act:
        note_form = failed if failed_action == "note" else NoteForm(case=case, user=user)
    context: dict[str, Any] = {
        "case": case,
        "summary": summary,
        "history": page_selectors.case_history(case),
        "internal_requests": page_selectors.case_internal_requests(
            case, today=summary.today, calendar=calendar
        ),
        "attachments": list(case.attachments.order_by("uploaded_at")),
        "show_contact": page_selectors.can_see_requester_contact(user, can_act=can_act),
        "forms": forms,
        "can_answer": "answer" in actions,
        # Told beside the bar to a supervisor, who would otherwise look for the extension.
        "extension_refusal": summary.extension_refusal
        if "extend" not in actions and bar_allows_extend
        else "",
        # One query; its files are only read when a draft exists.
        "draft": open_draft(case),
        "note_form": note_form,
        "failed": failed,
        "failed_action": failed_action,
    }
    return render(request, "cases/case.html", context, status=status)


@require_POST
@login_required
def case_action(request: HttpRequest, filing_number: str, action: str) -> HttpResponse:
    user = staff_member(request)
    case = visible_case(user, filing_number)
    if action not in PERFORM:
        raise Http404
    relation = permissions.relation_for_changes(user, case)
    if page_selectors.bar_decision(case, user, action, relation=relation).code == "forbidden":
        raise PermissionDenied
    form = ACTION_FORMS[action](request.POST, case=case, user=user)
    if form.is_valid():
        try:
            done = PERFORM[action](form, case, user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("workspace:case", filing_number=case.filing_number)
    return _render_case(request, case, user, failed=form, failed_action=action, status=400)


@require_POST
@login_required
def case_note(request: HttpRequest, filing_number: str) -> HttpResponse:
    user = staff_member(request)
    case = visible_case(user, filing_number)
    if not permissions.decide(user, case, Action.ADD_NOTE):
        raise PermissionDenied
    form = NoteForm(request.POST, case=case, user=user)
    if form.is_valid():
        try:
            services.case_add_note(case=case, by=user, text=form.cleaned_data["note_text"])
        except ApplicationError as exc:
            form.add_error("note_text", exc.message)
        else:
            messages.success(request, _("Your internal note was added to the case."))
            return redirect("workspace:case", filing_number=case.filing_number)
    return _render_case(request, case, user, failed=form, failed_action="note", status=400)


def _assign(form: ActionForm, case: Case, user: User) -> str:
    assignee = cast(AssignForm, form).assignee()
    case = services.case_assign(case=case, assignee=assignee, by=user)
    name = case.assignee.full_name if case.assignee else ""
    return _("Case %(number)s assigned to %(name)s.") % {
        "number": case.filing_number,
        "name": name,
    }


def _move(form: ActionForm, case: Case, user: User) -> str:
    data = form.cleaned_data
    case = services.case_move(case=case, area=data["move_area"], by=user, note=data["move_note"])
    return _("Case %(number)s moved to %(area)s; it waits there for someone to take it.") % {
        "number": case.filing_number,
        "area": case.area.name,
    }


def _open_internal_request(form: ActionForm, case: Case, user: User) -> str:
    to_area = cast(InternalRequestForm, form).to_area()
    internal = services.case_internal_request_open(
        case=case, by=user, to_area=to_area, question=form.cleaned_data["ireq_question"]
    )
    return _("%(area)s was asked for information; it should answer by %(date)s.") % {
        "area": internal.to_area.name,
        "date": long_date(internal.due_date),
    }


def _start(form: ActionForm, case: Case, user: User) -> str:
    services.case_start(case=case, by=user)
    return _("You started working on case %(number)s.") % {"number": case.filing_number}


def _request_clarification(form: ActionForm, case: Case, user: User) -> str:
    message = form.cleaned_data["clarification_message"]
    case = services.case_request_clarification(case=case, by=user, message=message)
    return _("The requester was asked to complete case %(number)s by %(date)s.") % {
        "number": case.filing_number,
        "date": long_date(case.clarification_due),
    }


def _extend(form: ActionForm, case: Case, user: User) -> str:
    data = form.cleaned_data
    case = services.case_extend(
        case=case, by=user, days=data["extend_days"], reason=data["extend_reason"]
    )
    return _("The deadline of case %(number)s is now %(date)s; the requester is told.") % {
        "number": case.filing_number,
        "date": long_date(case.due_date),
    }


def _transfer(form: ActionForm, case: Case, user: User) -> str:
    data = form.cleaned_data
    services.case_transfer(
        case=case, by=user, entity=data["transfer_entity"], reason=data["transfer_reason"]
    )
    return _("Case %(number)s transferred to %(entity)s.") % {
        "number": case.filing_number,
        "entity": data["transfer_entity"].strip(),
    }


def _close(form: ActionForm, case: Case, user: User) -> str:
    services.case_close(case=case, by=user)
    return _("Case %(number)s closed.") % {"number": case.filing_number}


def _reopen(form: ActionForm, case: Case, user: User) -> str:
    services.case_reopen(case=case, by=user, reason=form.cleaned_data["reopen_reason"])
    return _("Case %(number)s reopened; its legal deadline is unchanged.") % {
        "number": case.filing_number
    }


def _withdraw(form: ActionForm, case: Case, user: User) -> str:
    data = form.cleaned_data
    services.case_withdraw(
        case=case, by=user, reason=data["withdraw_reason"], tacit=data["withdraw_tacit"]
    )
    return _("Case %(number)s marked as withdrawn.") % {"number": case.filing_number}


def _recognise_silence(form: ActionForm, case: Case, user: User) -> str:
    services.case_recognise_silence_effects(
        case=case, by=user, note=form.cleaned_data["silence_note"]
    )
    return _(
        "The effects of the positive silence on case %(number)s are recorded as recognised."
    ) % {"number": case.filing_number}


def _exclude_silence(form: ActionForm, case: Case, user: User) -> str:
    data = form.cleaned_data
    services.case_exclude_silence(
        case=case, by=user, cause=data["silence_cause"], reason=data["silence_reason"]
    )
    return _(
        "Case %(number)s is no longer marked for positive silence; the reason is recorded."
    ) % {"number": case.filing_number}


# URL word of the action bar → the one service call behind it, which says what happened.
PERFORM: dict[str, Callable[[ActionForm, Case, User], str]] = {
    "assign": _assign,
    "move": _move,
    "internal_request": _open_internal_request,
    "start": _start,
    "request_clarification": _request_clarification,
    "extend": _extend,
    "transfer": _transfer,
    "close": _close,
    "reopen": _reopen,
    "withdraw": _withdraw,
    "recognise_silence": _recognise_silence,
    "exclude_silence": _exclude_silence,
}
