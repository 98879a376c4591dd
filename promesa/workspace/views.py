"""Staff workspace pages: the work queues, bulk actions, saved searches and internal requests.

The case page and its action bar are in ``promesa.cases.case_page``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from promesa.accounts.models import User
from promesa.cases import services
from promesa.cases.access import staff_member
from promesa.cases.models import Case, InternalRequest
from promesa.cases.page_selectors import local_today
from promesa.cases.selectors import (
    CaseFilter,
    Cursor,
    cases_visible_to,
    internal_request_for_user,
    organization_calendar,
)
from promesa.core.errors import ApplicationError
from promesa.core.forms import AccessibleForm
from promesa.workspace import selectors
from promesa.workspace import services as workspace_services
from promesa.workspace.access import (
    choice_from_query,
    staff_and_organization,
)
from promesa.workspace.choices import Queue
from promesa.workspace.forms import (
    BULK_ACTIONS,
    BulkActionForm,
    InternalAnswerForm,
    InternalCancelForm,
    InternalReplyForm,
    QueueFilterForm,
    SavedFilterForm,
)
from promesa.workspace.models import SavedFilter

QUEUE_TABS = [
    (Queue.MINE, gettext_lazy("My cases")),
    (Queue.AREA, gettext_lazy("My area")),
    (Queue.UNASSIGNED, gettext_lazy("Unassigned")),
    (Queue.DUE_SOON, gettext_lazy("Due soon")),
    (Queue.OVERDUE, gettext_lazy("Overdue")),
    (Queue.TO_APPROVE, gettext_lazy("To approve")),
]


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user, organization = staff_and_organization(request)
    current = choice_from_query(request, "cola", Queue.MINE)
    form = QueueFilterForm(request.GET or None, user=user, organization=organization)
    today = local_today(organization)
    calendar = organization_calendar(organization)
    cases = selectors.queue_cases(
        user,
        organization=organization,
        queue=current,
        today=today,
        calendar=calendar,
        case_filter=form.case_filter() if form.is_valid() else CaseFilter(),
    )
    if form.is_bound and not form.is_valid():
        # A filter that cannot be read (e.g. an area the user may not see) shows nothing
        # rather than a list that looks filtered and is not.
        cases = cases.none()
    page = selectors.queue_page(
        cases,
        today=today,
        calendar=calendar,
        time_zone=organization.time_zone,
        **_cursors(request),
    )
    return render(
        request,
        "workspace/queue.html",
        {
            "queue": current,
            "tabs": QUEUE_TABS,
            "form": form,
            "page": page,
            "today": today,
            "bulk_form": None
            if user.is_read_only
            else BulkActionForm(user=user, organization=organization),
            "queue_query": request.GET.urlencode(),
            "saved_filters": selectors.saved_filters_for(user),
            "save_form": SavedFilterForm(
                user=user,
                organization=organization,
                initial={"queue": current, "filters": _query_strings(request)["filter_query"]},
            ),
            **_query_strings(request),
        },
    )


def _cursors(request: HttpRequest) -> dict[str, Cursor | None]:
    """The page position from ``despues``/``antes``; a token that cannot be read is page 1."""
    try:
        after = request.GET.get("despues")
        before = request.GET.get("antes")
        return {
            "after": Cursor.decode(after) if after else None,
            "before": Cursor.decode(before) if before and not after else None,
        }
    except ApplicationError:
        return {"after": None, "before": None}


def _query_strings(request: HttpRequest) -> dict[str, str]:
    """The current filters as query strings for the tab and pagination links."""
    filters = request.GET.copy()
    for name in ("despues", "antes", "pagina", "cola"):
        filters.pop(name, None)
    return {"filter_query": filters.urlencode()}


@require_POST
@login_required
def save_filter(request: HttpRequest) -> HttpResponse:
    """Save the queue and filters the user is looking at (sent as the page's query string)."""
    user, organization = staff_and_organization(request)
    form = SavedFilterForm(request.POST, user=user, organization=organization)
    back = f"{reverse('workspace:queue')}?{urlencode({'cola': request.POST.get('queue', '')})}"
    if filters := request.POST.get("filters", "")[:1000]:
        back += "&" + filters
    if form.is_valid():
        try:
            saved = workspace_services.saved_filter_create(
                owner=user,
                name=form.cleaned_data["name"],
                queue=form.cleaned_data["queue"],
                query=form.cleaned_data["filters"],
                shared_with=form.cleaned_data["shared_with"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Search “%(name)s” saved.") % {"name": saved.name})
            return redirect(saved.get_absolute_url())
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(back)


@require_POST
@login_required
def delete_filter(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = staff_member(request)
    saved = SavedFilter.objects.filter(owner=user, public_id=public_id).first()
    if saved is None:
        raise Http404
    workspace_services.saved_filter_delete(saved_filter=saved, by=user)
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": saved.name})
    return redirect("workspace:queue")


@require_POST
@login_required
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Apply one action to the cases ticked in the queue, each case in its own transaction.

    Cases the user cannot see are left alone and reported as not found; a refusal of the
    service on one case does not undo the others.
    """
    user, organization = staff_and_organization(request)
    if user.is_read_only:
        raise PermissionDenied
    back = reverse("workspace:queue")
    if request.GET:
        back += "?" + request.GET.urlencode()
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        messages.error(request, _("Choose what to do with the selected cases."))
        return redirect(back)
    numbers = list(dict.fromkeys(n.strip() for n in request.POST.getlist("casos") if n.strip()))
    if not numbers:
        messages.error(request, _("Select at least one case."))
        return redirect(back)
    form = BulkActionForm(request.POST, user=user, organization=organization, action=action)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    found = {
        case.filing_number: case
        for case in cases_visible_to(user)
        .filter(organization=organization, filing_number__in=numbers)
        .select_related("area", "assignee", "organization")
    }
    done = 0
    failures: list[tuple[str, str]] = []
    for number in numbers:
        case = found.get(number)
        if case is None:
            failures.append((number, _("case not found")))
            continue
        try:
            with transaction.atomic():
                _bulk_perform(action, form, case, user)
        except ApplicationError as exc:
            failures.append((number, str(exc.message).rstrip(".")))
        else:
            done += 1
    summary = _bulk_summary(action, form, done, failures)
    if not failures:
        messages.success(request, summary)
    elif done:
        messages.warning(request, summary)
    else:
        messages.error(request, summary)
    return redirect(back)


def _bulk_perform(action: str, form: BulkActionForm, case: Case, user: User) -> None:
    data = form.cleaned_data
    if action == "assign":
        services.case_assign(case=case, assignee=data["bulk_assignee"], by=user)
    elif action == "move":
        services.case_move(case=case, area=data["bulk_area"], by=user)
    else:
        services.case_add_note(case=case, by=user, text=data["bulk_note"])


def _bulk_summary(
    action: str, form: BulkActionForm, done: int, failures: list[tuple[str, str]]
) -> str:
    data = form.cleaned_data
    parts = []
    if done or not failures:
        if action == "assign":
            parts.append(
                ngettext(
                    "%(count)s case assigned to %(name)s.",
                    "%(count)s cases assigned to %(name)s.",
                    done,
                )
                % {"count": done, "name": data["bulk_assignee"].full_name}
            )
        elif action == "move":
            parts.append(
                ngettext(
                    "%(count)s case moved to %(area)s.", "%(count)s cases moved to %(area)s.", done
                )
                % {"count": done, "area": data["bulk_area"].name}
            )
        else:
            parts.append(
                ngettext(
                    "Internal note added to %(count)s case.",
                    "Internal note added to %(count)s cases.",
                    done,
                )
                % {"count": done}
            )
    if failures:
        details = "; ".join(f"{number} — {reason}" for number, reason in failures)
        parts.append(
            ngettext(
                "%(count)s could not be changed: %(details)s.",
                "%(count)s could not be changed: %(details)s.",
                len(failures),
            )
            % {"count": len(failures), "details": details}
        )
    return " ".join(parts)


# --- Internal requests between areas -------------------------------------------------------

INBOX_TABS = [
    (selectors.Inbox.RECEIVED, gettext_lazy("Received by my areas")),
    (selectors.Inbox.SENT, gettext_lazy("Sent by my areas")),
]

# URL word → the form of each change to a request, on the request's page.
REQUEST_FORMS: dict[str, type[AccessibleForm]] = {
    "responder": InternalAnswerForm,
    "mensaje": InternalReplyForm,
    "cancelar": InternalCancelForm,
}


def _page_number(request: HttpRequest) -> int:
    """``?pagina=N``; anything that is not a page number from 1 to 10,000 is the first page."""
    text = request.GET.get("pagina", "")
    return int(text) if text.isdigit() and 1 <= int(text) <= 10_000 else 1


def _visible_request(user: User, public_id: UUID) -> InternalRequest:
    """The request if ``user`` may read it; 404 otherwise, as for cases."""
    found = internal_request_for_user(user, public_id=public_id)
    if found is None:
        raise Http404
    return found


@require_GET
@login_required
def internal_requests(request: HttpRequest) -> HttpResponse:
    user, organization = staff_and_organization(request)
    box = choice_from_query(request, "bandeja", selectors.Inbox.RECEIVED)
    today = local_today(organization)
    page = selectors.internal_request_inbox(
        user, box=box, organization=organization, today=today, page=_page_number(request)
    )
    context = {"box": box, "tabs": INBOX_TABS, "page": page, "rows": page.rows, "today": today}
    return render(request, "workspace/internal_requests.html", context)


@require_GET
@login_required
def internal_request_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = staff_member(request)
    return _render_request(request, _visible_request(user, public_id), user)


def _render_request(
    request: HttpRequest,
    internal: InternalRequest,
    user: User,
    *,
    failed: AccessibleForm | None = None,
    failed_action: str = "",
    status: int = 200,
) -> HttpResponse:
    access = selectors.internal_request_access(user, internal)
    allowed = {
        "responder": access.can_answer,
        "mensaje": access.can_reply,
        "cancelar": access.can_cancel,
    }
    forms = {
        name: failed if name == failed_action and failed is not None else form_class()
        for name, form_class in REQUEST_FORMS.items()
        if allowed[name]
    }
    context = {
        "internal": internal,
        "case": internal.case,
        "row": selectors.request_row(internal, organization=internal.case.organization),
        "thread": list(internal.messages.select_related("author")),
        "access": access,
        "forms": forms,
        "failed": failed,
        "failed_action": failed_action,
    }
    return render(request, "workspace/internal_request.html", context, status=status)


@require_POST
@login_required
def internal_request_action(request: HttpRequest, public_id: UUID, action: str) -> HttpResponse:
    user = staff_member(request)
    internal = _visible_request(user, public_id)
    if action not in REQUEST_FORMS:
        raise Http404
    if user.is_read_only:
        raise PermissionDenied
    form = REQUEST_FORMS[action](request.POST)
    if form.is_valid():
        try:
            done = _perform_on_request(action, form.cleaned_data, internal, user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("workspace:internal_request", public_id=internal.public_id)
    return _render_request(request, internal, user, failed=form, failed_action=action, status=400)


def _perform_on_request(
    action: str, data: dict[str, Any], internal: InternalRequest, user: User
) -> str:
    """Call the one service behind ``action`` on a request and say what happened."""
    if action == "responder":
        services.case_internal_request_answer(request=internal, by=user, text=data["ireq_answer"])
        return _("Your answer was sent to %(name)s; the request is closed.") % {
            "name": internal.requested_by.full_name
        }
    if action == "mensaje":
        services.internal_request_reply(request=internal, by=user, text=data["ireq_message"])
        return _("Your message was added to the request.")
    services.case_internal_request_cancel(
        request=internal, by=user, reason=data["ireq_cancel_reason"]
    )
    return _("The request to %(area)s was cancelled.") % {"area": internal.to_area.name}
