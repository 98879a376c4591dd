"""Personal texts of a case's history, kept apart from the append-only events."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.cases.choices import CaseTextKind
from promesa.cases.models.case import Case, CaseEvent


class CaseText(models.Model):
    """One personal text an event carries: a message, an answer, a reason.

    Events are append-only; their texts are not, so a requester's data can be exported,
    corrected and erased (Ley 1581 de 2012, GDPR arts. 15-17) while the record of who did
    what and when stays whole. See docs/decisions/0016-events-and-personal-text.md.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="texts"
    )
    event = models.ForeignKey(
        CaseEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="texts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseTextKind.choices)
    body = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="es-co")
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    redacted_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case text")
        verbose_name_plural = _("case texts")
        ordering = ["event_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="case_text_one_per_kind"),
            models.CheckConstraint(
                condition=models.Q(redacted_at__isnull=True) | models.Q(body=""),
                name="case_text_erased_is_empty",
            ),
        ]
        indexes = [models.Index(fields=["case", "event"], name="case_text_case")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.kind}"
