from __future__ import annotations

from django.db import models
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
