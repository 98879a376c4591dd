"""The Django admin shows a staff member only their own organization's rows.

Every admin page of a model that belongs to an organization uses ``OrganizationScopedAdmin``
(or the inline variant) with ``organization_lookup``, the path from the model to its
organization. Lists, change pages and the choices of every related field are limited to the
signed-in user's organization, whatever their role or superuser status. The one exception
is the install operator: a superuser who belongs to no organization, who sees every
organization in order to add and configure them (see
docs/decisions/0014-organizations-in-one-install.md).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest


def is_install_operator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_superuser) and getattr(user, "organization_id", None) is None


def organization_id_of(request: HttpRequest) -> int | None:
    organization_id: int | None = getattr(request.user, "organization_id", None)
    return organization_id


def organization_lookup_for(model: type[models.Model]) -> str | None:
    """The path from ``model`` to its organization, for the choices of a related field."""
    if model._meta.label == "organization.Organization":
        return "pk"
    names = {field.name for field in model._meta.get_fields()}
    if "organization" in names:
        return "organization"
    return None


def scope_queryset(
    request: HttpRequest, queryset: models.QuerySet[Any], lookup: str
) -> models.QuerySet[Any]:
    if is_install_operator(request):
        return queryset
    organization_id = organization_id_of(request)
    if organization_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: organization_id})


class OrganizationScopedMixin:
    """Limits an admin class to the organization at ``organization_lookup``."""

    organization_lookup = "organization"

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return scope_queryset(request, queryset, self.organization_lookup)

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        # A related-field filter lists every row of the related model; scoped users get
        # the values their own rows use, so no other organization's names show.
        filters = super().get_list_filter(request)  # type: ignore[misc]
        if is_install_operator(request):
            return list(filters)
        model = self.model  # type: ignore[attr-defined]
        scoped: list[Any] = []
        for item in filters:
            if (
                isinstance(item, str)
                and "__" not in item
                and model._meta.get_field(item).is_relation
            ):
                scoped.append((item, admin.RelatedOnlyFieldListFilter))
            else:
                scoped.append(item)
        return scoped

    def _scoped_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        lookup = organization_lookup_for(db_field.related_model)
        if lookup is not None and "queryset" not in kwargs:
            kwargs["queryset"] = scope_queryset(
                request, db_field.related_model._default_manager.all(), lookup
            )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class OrganizationScopedAdmin(OrganizationScopedMixin, admin.ModelAdmin):
    """An admin page limited to the signed-in user's organization."""


class OrganizationScopedInline(OrganizationScopedMixin, admin.TabularInline):
    """An inline limited to the signed-in user's organization."""
