"""Staff pages of intake: register a request received in person, by phone or by letter."""

from __future__ import annotations

from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from promesa.accounts.models import User
from promesa.cases.choices import EventKind
from promesa.cases.models import Case
from promesa.core.errors import ApplicationError
from promesa.intake import services
from promesa.intake.forms import StaffRequestForm
from promesa.organization.models import Area, Organization
from promesa.organization.selectors import visible_areas_filter


def _staff(request: HttpRequest) -> tuple[User, Organization]:
    """The signed-in staff member who may file, and their organization; 403 otherwise."""
    user = request.user
    if not isinstance(user, User) or user.is_read_only:
        raise PermissionDenied
    area = Area.objects.filter(visible_areas_filter(user), is_active=True).order_by("path").first()
    if area is None:
        raise PermissionDenied
    return user, area.organization


def _sees(user: User, case: Case) -> bool:
    return Case.objects.filter(visible_areas_filter(user, prefix="area__"), pk=case.pk).exists()


def _tracking_key(case: Case) -> str:
    return f"intake:tracking:{case.public_id}"


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    user, organization = _staff(request)
    # Times typed by the clerk are read on the organization's wall clock.
    with timezone.override(ZoneInfo(organization.time_zone)):
        posted = request.method == "POST"
        form = StaffRequestForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            user=user,
            organization=organization,
        )
        if posted and form.is_valid():
            try:
                filed = services.staff_case_file(
                    organization=organization, by=user, request=form.staff_request()
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if not filed.duplicate:
                    request.session[_tracking_key(filed.case)] = filed.tracking_code
                    return redirect("intake:constancia", public_id=filed.case.public_id)
                if _sees(user, filed.case):
                    messages.info(request, _("This request was already registered."))
                    return redirect("intake:constancia", public_id=filed.case.public_id)
                # An earlier case outside this clerk's areas stays out of sight.
                messages.info(
                    request,
                    _(
                        "This request had already been received. The requester got the "
                        "filing number and the tracking code at the contact given then."
                    ),
                )
                return redirect("intake:register")
        return render(request, "intake/register.html", {"form": form})


@login_required
def constancia(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    case = get_object_or_404(
        Case.objects.filter(visible_areas_filter(user, prefix="area__")).select_related(
            "requester", "organization", "area"
        ),
        public_id=public_id,
    )
    filed = case.events.filter(kind=EventKind.FILED).select_related("actor").first()
    context = {
        "case": case,
        "data": filed.data if filed else {},
        "received_by": filed.actor if filed else None,
        "attachments": case.attachments.order_by("pk"),
        # Shown once, like on the portal: a reload no longer shows it.
        "tracking_code": request.session.pop(_tracking_key(case), ""),
        "time_zone": case.organization.time_zone,
    }
    return render(request, "intake/constancia.html", context)
