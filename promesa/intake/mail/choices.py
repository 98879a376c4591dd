from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundStatus(models.TextChoices):
    """What became of one received e-mail."""

    FILED = "filed", _("Filed as a new case")
    ATTACHED = "attached", _("Attached to an existing case")
    IGNORED = "ignored", _("Ignored (automatic reply, bounce or loop)")
    REJECTED = "rejected", _("Rejected (too large or malformed)")
