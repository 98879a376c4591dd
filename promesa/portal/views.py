"""Public pages where people file a request and follow it, without an account.

Everything works without JavaScript. Access to a case is granted to a browser session that
filed it or that gave its filing number and tracking code; anyone else gets a 404.
"""

from __future__ import annotations

import hmac
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.forms import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from promesa.cases import deadlines
from promesa.cases.choices import CaseKind, CaseStatus, Channel, EventKind
from promesa.cases.legal_text import answer_received_sentence, case_term_while_waiting
from promesa.cases.models import Attachment, Case
from promesa.cases.services import (
    FilingDetails,
    FilingInput,
    case_file,
    case_receive_clarification,
    hash_tracking_code,
    tracking_code_matches,
)
from promesa.cases.views import attachment_response
from promesa.core import ratelimit, spam
from promesa.core.errors import ApplicationError
from promesa.organization.models import Organization
from promesa.organization.selectors import public_organization
from promesa.portal.forms import FilingForm, ReplyForm, TrackingForm
from promesa.portal.selectors import (
    legal_source,
    public_attachments,
    public_timeline,
    status_text,
)

# Session keys. Tracking codes stay in the session only until the confirmation shows them.
TRACKED_CASES = "portal_tracked_cases"
FILING_RECEIPTS = "portal_filing_receipts"
_TRACK_WINDOW_SECONDS = 60 * 60
# Names the spam token is bound to: a token from one form page does not file on the other.
_FORM_VIEW = "portal-file"
_EMBED_VIEW = "portal-embed"


def tracking_throttle() -> ratelimit.Throttle:
    """Wrong codes slow down the address that sent them, never the owner elsewhere."""
    return ratelimit.Throttle(
        scope="track",
        client_limit=settings.PUBLIC_TRACKING_RATE_LIMIT,
        free=5,
        target_alarm=settings.PUBLIC_TRACKING_RATE_LIMIT,
        window_seconds=_TRACK_WINDOW_SECONDS,
        base_seconds=30,
        max_wait_seconds=_TRACK_WINDOW_SECONDS,
    )


def _organization(request: HttpRequest) -> Organization:
    """The organization whose public pages this host serves (see ``public_organization``)."""
    organization = public_organization(request)
    if organization is None:
        raise Http404
    return organization


def _track(request: HttpRequest, case: Case) -> None:
    tracked = [*request.session.get(TRACKED_CASES, [])]
    if str(case.public_id) not in tracked:
        request.session[TRACKED_CASES] = [*tracked[-19:], str(case.public_id)]


def _tracked_case(request: HttpRequest, public_id: UUID) -> Case:
    if str(public_id) not in request.session.get(TRACKED_CASES, []):
        raise Http404
    return get_object_or_404(
        Case.objects.select_related("organization", "requester"),
        public_id=public_id,
        organization=_organization(request),
    )


def _file(request: HttpRequest, *, embedded: bool) -> HttpResponse:
    organization = _organization(request)
    form = FilingForm(request.POST or None, request.FILES or None, organization=organization)
    view = _EMBED_VIEW if embedded else _FORM_VIEW
    if request.method == "POST" and form.is_valid():
        try:
            spam.check_submission(request, request.POST, view=view)
            filed = case_file(
                filing=FilingInput(
                    organization=organization,
                    kind=CaseKind(form.cleaned_data["kind"]),
                    request_type=deadlines.default_request_type(organization.default_regime),
                    channel=Channel.WEB,
                    requester=form.requester(language=request.LANGUAGE_CODE or "es-co"),
                    subject=form.cleaned_data["subject"],
                    description=form.cleaned_data["description"],
                    touchpoint=form.cleaned_data.get("touchpoint"),
                    attachments=form.cleaned_data["attachments"],
                    details=FilingDetails(embedded=embedded),
                )
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            if filed.duplicate:
                # The earlier case belongs to whoever filed it first: this visitor gets
                # neither its number nor access to it, only the news that it arrived.
                already = "portal:embed_already_filed" if embedded else "portal:already_filed"
                return redirect(already)
            receipts = dict(request.session.get(FILING_RECEIPTS, {}))
            receipts[str(filed.case.public_id)] = {"code": filed.tracking_code}
            request.session[FILING_RECEIPTS] = receipts
            _track(request, filed.case)
            target = "portal:embed_filed" if embedded else "portal:filed"
            return redirect(target, public_id=filed.case.public_id)
    token = spam.issue_token(view=view)
    return render(
        request,
        "portal/file.html",
        {
            "form": form,
            "embedded": embedded,
            "base_template": "portal/embed_base.html" if embedded else "base.html",
            "organization": organization,
            "consent_version": settings.CONSENT_TEXT_VERSION,
            "spam_token": token,
            "pow_challenge": spam.token_challenge(token),
            "pow_bits": settings.SPAM_PROOF_OF_WORK_BITS,
            "spam_fields": {
                "honeypot": spam.HONEYPOT_FIELD,
                "token": spam.TOKEN_FIELD,
                "nonce": spam.NONCE_FIELD,
            },
        },
    )


def _filed(request: HttpRequest, public_id: UUID, *, embedded: bool) -> HttpResponse:
    case = _tracked_case(request, public_id)
    receipts = dict(request.session.get(FILING_RECEIPTS, {}))
    # Shown once: a reload or a shared screen no longer reveals the code.
    receipt = receipts.pop(str(public_id), None)
    request.session[FILING_RECEIPTS] = receipts
    return render(
        request,
        "portal/filed.html",
        {
            "case": case,
            "tracking_code": (receipt or {}).get("code", ""),
            "embedded": embedded,
            "base_template": "portal/embed_base.html" if embedded else "base.html",
        },
    )


def _already_filed(request: HttpRequest, *, embedded: bool) -> HttpResponse:
    return render(
        request,
        "portal/already_filed.html",
        {
            "embedded": embedded,
            "base_template": "portal/embed_base.html" if embedded else "base.html",
        },
    )


def _embed_headers(response: HttpResponse) -> HttpResponse:
    """Allow the organization's own sites, and only them, to show the page in a frame."""
    ancestors = " ".join(["'self'", *settings.EMBED_ALLOWED_ORIGINS])
    directives = [
        d.strip()
        for d in settings.CONTENT_SECURITY_POLICY.split(";")
        if d.strip() and not d.strip().startswith("frame-ancestors")
    ]
    response["Content-Security-Policy"] = "; ".join([*directives, f"frame-ancestors {ancestors}"])
    return response


@require_http_methods(["GET", "POST"])
def file(request: HttpRequest) -> HttpResponse:
    """The public filing form."""
    return _file(request, embedded=False)


@never_cache
def filed(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The confirmation: number, tracking code (once), due date and what happens next."""
    return _filed(request, public_id, embedded=False)


# Inside a frame on another site the browser withholds Lax cookies, CSRF's included; the
# signed, time-limited form token from ``spam.issue_token`` stands in for it: it files once,
# and only on the page that issued it. The form changes no state of a signed-in user, which
# is what CSRF protection is for.
@csrf_exempt
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def embed(request: HttpRequest) -> HttpResponse:
    """The filing form with a minimal layout, for a frame on the organization's own site.

    Allowed sites are listed in EMBED_ALLOWED_ORIGINS (Content-Security-Policy
    frame-ancestors). Snippet for the organization's page::

        <iframe src="https://pqrs.example.org/pqrs/embebido/radicar/"
                title="Formulario de peticiones, quejas, reclamos y sugerencias"
                width="100%" height="1800" loading="lazy"></iframe>

    The title attribute is required for screen readers. The confirmation page stays in the
    frame. Browsers that block third-party cookies do not keep the session inside the frame:
    the confirmation then shows the number but the tracking code only arrives by e-mail, so
    link to the full page (/pqrs/radicar/) too.
    """
    return _embed_headers(_file(request, embedded=True))


def already_filed(request: HttpRequest) -> HttpResponse:
    """A repeated filing: received, without a word about the earlier case."""
    return _already_filed(request, embedded=False)


@xframe_options_exempt
def embed_already_filed(request: HttpRequest) -> HttpResponse:
    return _embed_headers(_already_filed(request, embedded=True))


@never_cache
@xframe_options_exempt
def embed_filed(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The confirmation inside the frame."""
    return _embed_headers(_filed(request, public_id, embedded=True))


def _same_answer_for_any_miss(organization: Organization, number: str, code: str) -> Case | None:
    """The case when number and code match; None otherwise, after the same work."""
    case = Case.objects.filter(organization=organization, filing_number=number).first()
    if case is None:
        # Hash and compare anyway so a missing number costs what a wrong code costs.
        hmac.compare_digest(hash_tracking_code(code), hash_tracking_code(f"x{code}"))
        return None
    return case if tracking_code_matches(case, code) else None


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Follow a case with its filing number and tracking code."""
    organization = _organization(request)
    form = TrackingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["filing_number"].strip().upper()
        code = form.cleaned_data["tracking_code"].strip()
        address = ratelimit.client_address(request.META)
        throttle = tracking_throttle()
        # The same number exists in every organization: each host counts its own.
        target = f"{organization.pk}:{number}"
        wait = throttle.wait_seconds(client=address, target=target)
        if wait > 0:
            form.add_error(
                None,
                _(
                    "There were too many wrong look-ups from this connection. For your "
                    "security, wait %(minutes)s minutes and try again."
                )
                % {"minutes": ratelimit.minutes(wait)},
            )
        else:
            case = _same_answer_for_any_miss(organization, number, code)
            if case is not None:
                throttle.succeeded(client=address, target=target)
                _track(request, case)
                return redirect("portal:case", public_id=case.public_id)
            throttle.failed(client=address, target=target)
            form.add_error(
                None,
                _(
                    "We found no request with that filing number and tracking code. Check "
                    "both and try again."
                ),
            )
    return render(request, "portal/track.html", {"form": form})


@never_cache
def case_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The state of a tracked case, its public history and, when asked, the reply form."""
    case = _tracked_case(request, public_id)
    return _render_case(request, case, ReplyForm())


def _render_case(
    request: HttpRequest, case: Case, reply_form: ReplyForm, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "case": case,
        "status_text": status_text(case),
        "legal_source": legal_source(case),
        "timeline": public_timeline(case),
        "attachments": public_attachments(case),
        "reply_form": reply_form if case.status == CaseStatus.AWAITING_REQUESTER else None,
        "form": reply_form,
        "events": EventKind,
    }
    return render(request, "portal/case.html", context, status=status)


@never_cache
@require_POST
def reply(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The requester completes the request; the legal clock resumes."""
    case = _tracked_case(request, public_id)
    form = ReplyForm(request.POST, request.FILES)
    if case.status != CaseStatus.AWAITING_REQUESTER:
        return redirect("portal:case", public_id=case.public_id)
    if form.is_valid():
        try:
            case_receive_clarification(
                case=case,
                message=form.cleaned_data["message"],
                attachments=form.cleaned_data["attachments"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, answer_received_sentence(case_term_while_waiting(case)))
            return redirect("portal:case", public_id=case.public_id)
    return _render_case(request, case, form)


@never_cache
def attachment(request: HttpRequest, public_id: UUID, attachment_id: UUID) -> FileResponse:
    """Download a file of a tracked case that the requester may see."""
    case = _tracked_case(request, public_id)
    item: Attachment | None = next(
        (a for a in public_attachments(case) if a.public_id == attachment_id), None
    )
    if item is None:
        raise Http404
    return attachment_response(item)
