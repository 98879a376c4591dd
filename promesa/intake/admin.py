from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from promesa.core.scoped_admin import OrganizationScopedAdmin
from promesa.intake.models import IdempotencyKey


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(OrganizationScopedAdmin):
    """Read-only: the API writes the keys and ``prune_idempotency_keys`` deletes them."""

    organization_lookup = "user__organization"

    list_display = ("key", "user", "case", "response_status", "created_at")
    list_filter = ("created_at",)
    search_fields = ("key", "user__email", "case__filing_number")
    list_select_related = ("user", "case")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
