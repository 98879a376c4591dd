"""Rows every app shares."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventDelivery(models.Model):
    """One subscriber's completed run for one event: a second run of its task finds it.

    Written in the transaction of the subscriber's work, so a failed run leaves nothing and
    may be retried. Old rows are pruned with ``promesa prune_event_deliveries`` once no task
    can run them again.
    """

    subscriber = models.CharField(_("subscriber"), max_length=200)
    model = models.CharField(_("model of the event's row"), max_length=100)
    object_pk = models.BigIntegerField(_("event's row"))
    delivered_at = models.DateTimeField(_("delivered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "model", "object_pk"], name="core_delivery_once"
            )
        ]
        indexes = [models.Index(fields=["delivered_at"], name="core_delivery_age")]

    def __str__(self) -> str:
        return f"{self.subscriber} ← {self.model}#{self.object_pk}"
