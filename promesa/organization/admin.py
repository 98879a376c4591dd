from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from promesa.core.scoped_admin import (
    OrganizationScopedAdmin,
    OrganizationScopedInline,
    is_install_operator,
)
from promesa.organization import services
from promesa.organization.models import Area, CalendarOverride, Membership, Organization, Touchpoint


class CalendarOverrideInline(OrganizationScopedInline):
    model = CalendarOverride
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    organization_lookup = "pk"
    list_display = ("name", "slug", "public_host", "country", "default_regime", "time_zone")
    inlines = [CalendarOverrideInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Organizations are added by the install operator, never from inside another one.
        return is_install_operator(request) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_install_operator(request) and super().has_delete_permission(request, obj)


class MembershipInline(OrganizationScopedInline):
    organization_lookup = "area__organization"
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Area)
class AreaAdmin(OrganizationScopedAdmin):
    list_display = ("name", "code", "parent", "manager", "is_active")
    list_filter = ("organization", "is_active")
    search_fields = ("name", "code")
    readonly_fields = ("path",)
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Area, form: Any, change: bool) -> None:
        # The tree path is maintained by the services, so the admin goes through them too.
        if not change:
            created = services.area_create(
                organization=obj.organization,
                name=obj.name,
                parent=obj.parent,
                manager=obj.manager,
                code=obj.code,
            )
            obj.pk, obj.path = created.pk, created.path
            return
        parent_changed = "parent" in form.changed_data
        obj.save()
        if parent_changed:
            services.area_move(area=obj, parent=obj.parent)


@admin.register(Touchpoint)
class TouchpointAdmin(OrganizationScopedAdmin):
    list_display = ("name", "kind", "owner_area", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
