from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from promesa.organization.models import Area
from promesa.workspace.choices import Queue


class SavedFilter(models.Model):
    """A queue with its filters, saved under a name by one staff member.

    It only stores a query string: opening it runs the queue with the filters validated
    again for whoever opens it, so a saved or shared filter never widens what anyone sees.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_filters",
    )
    name = models.CharField(_("name"), max_length=80)
    queue = models.CharField(_("queue"), max_length=20, choices=Queue.choices)
    # The filter fields as a query string ("kind=reclamo&q=medidor"), without queue or cursor.
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    shared_with = models.ForeignKey(
        Area,
        verbose_name=_("shared with the area"),
        on_delete=models.CASCADE,
        related_name="shared_filters",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_filter_name_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The queue page with the saved filters applied."""
        query = urlencode({"cola": self.queue})
        return f"{reverse('workspace:queue')}?{query}" + (f"&{self.query}" if self.query else "")
