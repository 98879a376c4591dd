"""Read-only admin pages for cases: changes go through the services, never the admin."""

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases.models import (
    AnswerApprovalRule,
    AnswerTemplate,
    Case,
    CaseEvent,
    InternalRequest,
    MessageTemplate,
    Requester,
)
from promesa.cases.services import requester_anonymize, requester_export
from promesa.core.errors import ApplicationError
from promesa.core.scoped_admin import OrganizationScopedAdmin


class ReadOnlyAdmin(OrganizationScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CaseEventInline(admin.TabularInline[CaseEvent, Case]):
    model = CaseEvent
    fields = (
        "created_at",
        "kind",
        "actor",
        "actor_label",
        "status_after",
        "due_date_after",
        "area_after",
        "assignee_after",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("filing_number", "subject", "status", "area", "assignee", "due_date")
    list_filter = ("status", "kind", "channel", "regime")
    search_fields = ("filing_number", "subject")
    list_select_related = ("area", "assignee")
    inlines = [CaseEventInline]
    exclude = ("tracking_code_hash",)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(OrganizationScopedAdmin):
    """The organization edits the wording of its case messages here (not case state)."""

    list_display = ("organization", "message", "language", "subject", "updated_at")
    list_filter = ("organization", "message", "language")
    search_fields = ("subject", "body")


@admin.register(InternalRequest)
class InternalRequestAdmin(ReadOnlyAdmin):
    """Read-only: requests are opened, answered and cancelled through the services."""

    organization_lookup = "case__organization"

    list_display = ("case", "from_area", "to_area", "status", "due_date", "answered_at")
    list_filter = ("status", "to_area")
    list_select_related = ("case", "from_area", "to_area")


class AnswerSettingsAdmin(OrganizationScopedAdmin):
    """Answer templates and approval rules: kept by administrators and quality leads.

    Django's model permissions still apply; the role check keeps a staff account with a
    broad permission set but another role (e.g. a manager) from changing them.
    """

    EDITORS = frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD})

    def _is_editor(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_superuser) or getattr(user, "role", "") in self.EDITORS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_editor(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_editor(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_editor(request) and super().has_delete_permission(request, obj)


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(AnswerSettingsAdmin):
    list_display = ("name", "organization", "kind", "language", "is_active", "updated_at")
    list_filter = ("organization", "kind", "language", "is_active")
    search_fields = ("name", "body")


@admin.register(AnswerApprovalRule)
class AnswerApprovalRuleAdmin(AnswerSettingsAdmin):
    list_display = ("organization", "area", "kind", "created_at")
    list_filter = ("organization", "kind")
    autocomplete_fields = ("area",)


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in each case's history, e.g. the request's filing number."),
    )


def _one_requester(
    modeladmin: admin.ModelAdmin[Requester], request: HttpRequest, queryset: QuerySet[Requester]
) -> Requester | None:
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Choose one requester."), messages.WARNING)
        return None
    return queryset.get()


@admin.action(description=gettext_lazy("Export the personal data (JSON)"))
def export_personal_data(
    modeladmin: admin.ModelAdmin[Requester], request: HttpRequest, queryset: QuerySet[Requester]
) -> HttpResponse | None:
    requester = _one_requester(modeladmin, request, queryset)
    if requester is None or not isinstance(request.user, User):
        return None
    try:
        exported = requester_export(requester=requester, by=request.user)
    except ApplicationError as exc:
        modeladmin.message_user(request, exc.message, messages.ERROR)
        return None
    response = HttpResponse(
        json.dumps(exported, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="requester-{requester.public_id}.json"'
    return response


@admin.action(description=gettext_lazy("Erase the personal data"))
def erase_personal_data(
    modeladmin: admin.ModelAdmin[Requester], request: HttpRequest, queryset: QuerySet[Requester]
) -> HttpResponse | None:
    """Ask for the reasons on a confirmation page, then erase (habeas data)."""
    requester = _one_requester(modeladmin, request, queryset)
    if requester is None or not isinstance(request.user, User):
        return None
    form = ErasureForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        try:
            erasure = requester_anonymize(
                requester=requester, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
            return None
        modeladmin.message_user(
            request,
            _("Personal data erased from %(cases)d cases.") % {"cases": erasure.cases},
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/cases/requester/erase_personal_data.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Erase the personal data"),
            "requester": requester,
            "form": form,
            "opts": modeladmin.model._meta,
            "action": "erase_personal_data",
        },
    )


@admin.register(Requester)
class RequesterAdmin(ReadOnlyAdmin):
    """Habeas data: export or erase a requester's data; corrections use the same service."""

    list_display = ("__str__", "email", "id_number", "organization", "created_at")
    list_filter = ("organization", "is_anonymous")
    search_fields = ("full_name", "email", "id_number", "cases__filing_number")
    actions = [export_personal_data, erase_personal_data]
