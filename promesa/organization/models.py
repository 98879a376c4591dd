from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.organization.choices import CalendarOverrideKind, TouchpointKind

if TYPE_CHECKING:
    from promesa.accounts.models import User


class Organization(models.Model):
    """The company or public institution that answers cases, with its legal settings."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    tax_id = models.CharField(_("tax id (NIT)"), max_length=30, blank=True)
    # The host name whose public pages (filing, tracking) belong to this organization; an
    # organization without one is served on the default host if it is the configured default.
    public_host = models.CharField(
        _("public host name"),
        max_length=253,
        blank=True,
        help_text=_(
            "Host name of this organization's public pages, e.g. pqrs.example.gov.co. "
            "It must also be listed in ALLOWED_HOSTS."
        ),
    )
    country = models.CharField(_("country"), max_length=2, default="CO")
    subdivision = models.CharField(
        _("region"), max_length=10, blank=True, help_text=_("Region whose holidays also apply.")
    )
    time_zone = models.CharField(_("time zone"), max_length=60, default="America/Bogota")
    default_regime = models.CharField(
        _("default legal regime"), max_length=40, default="co-ley1755"
    )
    filing_number_format = models.CharField(
        _("filing number format"),
        max_length=60,
        default="{year}-{seq:06d}",
        help_text=_(
            "Python format with {year} and {seq}, e.g. {year}-{seq:06d} gives 2026-000123."
        ),
    )
    saturday_is_business_day = models.BooleanField(_("Saturdays are business days"), default=False)
    due_soon_days = models.PositiveSmallIntegerField(
        _("business days before the due date that count as due soon"), default=3
    )
    alert_days_before = models.PositiveSmallIntegerField(
        _("business days before the due date that warn the assignee"), default=2
    )
    escalate_overdue = models.BooleanField(
        _("escalate overdue cases to the next manager up"), default=True
    )
    internal_request_days = models.PositiveSmallIntegerField(
        _("business days an area has to answer another area's internal request"),
        default=3,
        help_text=_("Each area may set its own; never later than the case's legal due date."),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["public_host"],
                condition=~models.Q(public_host=""),
                name="organization_public_host_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarOverride(models.Model):
    """A date that the organization treats differently from the country calendar."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="calendar_overrides",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarOverrideKind.choices)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "date"], name="calendar_override_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class AreaQuerySet(models.QuerySet["Area"]):
    def subtree_of(self, areas: list[Area]) -> AreaQuerySet:
        """The given areas and every area below them."""
        condition = models.Q(pk__in=[])
        for area in areas:
            condition |= models.Q(path__startswith=area.path)
        return self.filter(condition)


class Area(models.Model):
    """An organizational unit (dependencia) in a tree, responsible for cases."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="areas"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=150)
    code = models.SlugField(_("code"), max_length=60)
    # Materialized path of primary keys ("/1/4/9/"): one indexed prefix match finds a
    # whole subtree, which every area-scoped query needs. Maintained by the services.
    path = models.CharField(_("path"), max_length=500, db_index=True, editable=False, default="")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        related_name="managed_areas",
        null=True,
        blank=True,
    )
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        through="Membership",
        related_name="areas",
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The service level this area promises the other areas when they ask it for input;
    # empty uses the organization's ``internal_request_days``.
    internal_service_days = models.PositiveSmallIntegerField(
        _("business days to answer internal requests"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the organization's default."),
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="area_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0

    @property
    def internal_request_days(self) -> int:
        """Business days this area has to answer an internal request (its own or the default)."""
        if self.internal_service_days is not None:
            return self.internal_service_days
        return self.organization.internal_request_days

    def is_within(self, other: Area) -> bool:
        """True when this area is ``other`` or lies below it."""
        return bool(self.path) and self.path.startswith(other.path)


class Membership(models.Model):
    """A staff member working in an area."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="memberships"
    )
    since = models.DateField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.area}"


class Touchpoint(models.Model):
    """A moment of truth where the customer meets the organization, owned by an area."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="touchpoints",
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=TouchpointKind.choices)
    description = models.TextField(_("description"), blank=True)
    owner_area = models.ForeignKey(
        Area, verbose_name=_("owner area"), on_delete=models.PROTECT, related_name="touchpoints"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="touchpoint_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
