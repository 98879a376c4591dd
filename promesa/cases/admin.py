"""Read-only admin pages for cases: changes go through the services, never the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from promesa.accounts.choices import Role
from promesa.cases.models import (
    AnswerApprovalRule,
    AnswerTemplate,
    Case,
    CaseEvent,
    InternalRequest,
    MessageTemplate,
)
from promesa.core.scoped_admin import OrganizationScopedAdmin


class ReadOnlyAdmin(OrganizationScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    fields = ("created_at", "kind", "actor", "actor_label", "status_after", "due_date_after")
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
