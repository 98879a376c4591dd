"""Internal notes on a case, with mentions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.cases.models.case import Case


class InternalNote(models.Model):
    """A remark staff leave on a case for each other; the requester never reads it.

    Not a ``CaseEvent``: notes change nothing in the case and are no part of its legal
    record, so the portal, which reads only events, cannot show them.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="internal_notes",
    )
    text = models.TextField(_("text"))
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned"),
        related_name="note_mentions",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"))
    # Set when the mention e-mails are claimed for sending, so a task run twice sends once.
    mentions_notified_at = models.DateTimeField(_("mentions notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="internal_note_case")]

    def __str__(self) -> str:
        return f"{self.case_id} note by {self.author_id} {self.created_at:%Y-%m-%d %H:%M}"
