from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from promesa.accounts.forms import AdminEmailAuthenticationForm
from promesa.accounts.models import ApiToken, User
from promesa.accounts.tasks import send_welcome_email
from promesa.core.scoped_admin import (
    OrganizationScopedAdmin,
    OrganizationScopedMixin,
    is_install_operator,
)


@admin.register(User)
class UserAdmin(OrganizationScopedMixin, BaseUserAdmin):
    ordering = ("full_name",)
    list_display = ("full_name", "email", "organization", "role", "is_active", "last_login")
    list_filter = ("organization", "role", "is_active")
    list_select_related = ("organization",)
    search_fields = ("full_name", "email")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "organization", "role", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "organization",
                    "role",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            # Same welcome as accounts created by user_create, in the admin's transaction.
            send_welcome_email.enqueue(user_id=obj.pk)


@admin.register(ApiToken)
class ApiTokenAdmin(OrganizationScopedAdmin):
    organization_lookup = "user__organization"
    # Only the prefix is ever shown: the hash is useless to people and should not travel.
    list_display = (
        "name",
        "user",
        "key_prefix",
        "may_choose_regime_and_channel",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at", "may_choose_regime_and_channel")
    search_fields = ("name", "key_prefix", "user__email", "user__full_name")
    fields = (
        "user",
        "name",
        "key_prefix",
        "may_choose_regime_and_channel",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = ("user", "key_prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Keys are created with `promesa create-api-token`, which shows the key once.
        return False


# The task queue holds every organization's work (arguments, errors): only the install
# operator, who belongs to no organization, reads it.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_install_operator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_install_operator(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_install_operator(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_install_operator(request) and super().has_delete_permission(request, obj)


# /admin/login/ signs in with the same form, and so the same throttle, as /cuenta/ingresar/.
admin.site.login_form = AdminEmailAuthenticationForm
