"""Deadline alerts and the lease that lets one node run the sweep."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.cases.models.case import Case


class SweepLease(models.Model):
    """Who runs a periodic sweep right now, so only one node does each tick.

    Claimed with one conditional UPDATE (expired, or already ours); see ``cases.alerts``.
    """

    name = models.CharField(_("name"), max_length=60, unique=True)
    holder = models.CharField(_("holder"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("sweep lease")
        verbose_name_plural = _("sweep leases")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.holder or '-'} until {self.expires_at:%Y-%m-%d %H:%M})"


class DeadlineAlertKind(models.TextChoices):
    """Why staff are warned about a case's legal deadline.

    Kept next to ``DeadlineAlert`` rather than in ``choices.py`` only because of file
    ownership when it was written; it may move there.
    """

    DUE_SOON = "due_soon", _("Due soon")
    DUE_TODAY = "due_today", _("Due today")
    OVERDUE = "overdue", _("Overdue")


class DeadlineAlert(models.Model):
    """One warning to one person about one case's deadline on one (organization-local) day.

    The unique constraint is what makes the sweep idempotent: a person hears about a case
    and kind at most once a day, however many sweeps or nodes run.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadline_alerts"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="deadline_alerts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineAlertKind.choices)
    sent_on = models.DateField(_("sent on"))
    # The sweep run that inserted the row: after an INSERT that ignores conflicts, it tells
    # this run's rows from those another node inserted at the same moment.
    sweep_id = models.UUIDField(_("sweep run"), db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        ordering = ["-sent_on", "case", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "recipient", "kind", "sent_on"], name="deadline_alert_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} → {self.recipient_id} on {self.sent_on}"
