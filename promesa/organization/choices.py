from django.db import models
from django.utils.translation import gettext_lazy as _


class TouchpointKind(models.TextChoices):
    """The kinds of moments of truth where a customer meets the organization."""

    WEB = "web", _("Website or app")
    CALL_CENTER = "call_center", _("Call center")
    OFFICE = "office", _("Service office")
    FIELD_VISIT = "field_visit", _("Field visit")
    INVOICE = "invoice", _("Invoice")
    EMAIL = "email", _("E-mail")
    SOCIAL_MEDIA = "social_media", _("Social media")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class CalendarOverrideKind(models.TextChoices):
    CLOSURE = "closure", _("Closure day (not a business day)")
    WORKING_DAY = "working_day", _("Holiday worked (a business day)")
