from django.db import models
from django.utils.translation import gettext_lazy as _


class Queue(models.TextChoices):
    """The work queues of the staff workspace; the value is the ``cola`` query parameter."""

    MINE = "mis-casos", _("My cases")
    AREA = "mi-area", _("My area")
    UNASSIGNED = "sin-asignar", _("Unassigned")
    DUE_SOON = "por-vencer", _("Due soon")
    OVERDUE = "vencidos", _("Overdue")
    TO_APPROVE = "por-aprobar", _("To approve")
