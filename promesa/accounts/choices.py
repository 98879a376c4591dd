from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a staff member may do; the areas they may do it in come from the area tree."""

    ADMINISTRATOR = "administrator", _("Administrator")
    QUALITY_LEAD = "quality_lead", _("Service-quality lead")
    AREA_MANAGER = "area_manager", _("Area manager")
    AGENT = "agent", _("Agent")
    OVERSIGHT = "oversight", _("Oversight (read only)")


# Roles that see every area of the organization.
ORGANIZATION_WIDE_ROLES = frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.OVERSIGHT})
# Roles that may change nothing.
READ_ONLY_ROLES = frozenset({Role.OVERSIGHT})
