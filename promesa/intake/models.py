"""What the intake channels remember between requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from promesa.cases.models import Case


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` an API client sent with a filing, kept 24 hours.

    A retry with the same key and body gets the case of the first request back instead of a
    second case. The unique constraint is the lock: the first request inserts the row, a
    concurrent one blocks on the insert and then reads the row the first one committed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="idempotency_keys",
    )
    key = models.CharField(_("key"), max_length=200)
    request_hash = models.CharField(_("request hash"), max_length=64)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="idempotency_keys",
        null=True,
        blank=True,
    )
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self) -> str:
        return self.key


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
