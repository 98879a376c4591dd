"""Rows every app shares."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateLimitHit(models.Model):
    """One counted attempt (a failed sign-in, a wrong tracking code, a public filing).

    Counted in the database so that every web process and node shares the count, on the
    embedded SQLite install as on PostgreSQL; see ``promesa.core.ratelimit``.
    """

    scope = models.CharField(_("scope"), max_length=40)
    # SHA-256 of the identity (an address, an account, a filing number): never the value.
    key = models.CharField(_("key"), max_length=64)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("rate-limit hit")
        verbose_name_plural = _("rate-limit hits")
        indexes = [
            models.Index(fields=["scope", "key", "at"], name="ratelimit_scope_key_at"),
            models.Index(fields=["at"], name="ratelimit_at"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.at:%Y-%m-%d %H:%M:%S}"


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


class SpentFormToken(models.Model):
    """A public form's token that was already used to file: each token files once.

    Rows older than the tokens' 12-hour life are useless (the signature has expired) and
    are deleted as new ones arrive.
    """

    nonce = models.CharField(_("nonce"), max_length=64, unique=True)
    spent_at = models.DateTimeField(_("spent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("spent form token")
        verbose_name_plural = _("spent form tokens")

    def __str__(self) -> str:
        return self.nonce
