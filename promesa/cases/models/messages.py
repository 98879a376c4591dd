"""The organization's own wording of the messages a requester receives."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.organization.models import Organization


class CaseMessageKind(models.TextChoices):
    """The messages a requester receives about their case.

    Kept next to ``MessageTemplate`` rather than in ``choices.py`` only because of file
    ownership when it was written; it may move there.
    """

    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    CLARIFICATION_REQUEST = "clarification_request", _("Request for clarification")
    EXTENSION_NOTICE = "extension_notice", _("Notice of extension")
    ANSWER = "answer", _("Answer")


MESSAGE_TEMPLATE_LANGUAGES = [("es-co", _("Spanish")), ("en", _("English"))]


class MessageTemplate(models.Model):
    """The organization's own wording of one case message in one language.

    Subject and body use Django template syntax with ``case``, ``organization``,
    ``requester_name``, ``due_date_words``, ``tracking_code`` and ``event_data``. Without a
    row the shipped wording is used.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="message_templates",
    )
    message = models.CharField(_("message"), max_length=30, choices=CaseMessageKind.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=MESSAGE_TEMPLATE_LANGUAGES, default="es-co"
    )
    subject = models.CharField(
        _("subject"),
        max_length=200,
        help_text=_("The filing number is added in front when the subject does not show it."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Variables: {{ case.filing_number }}, {{ requester_name }}, {{ due_date_words }}, "
            "{{ tracking_code }}, {{ event_data.message }}, {{ event_data.text }}."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["organization", "message", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "message", "language"],
                name="message_template_one_per_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_message_display()} ({self.language})"

    def clean(self) -> None:
        """Refuse a subject or body that does not compile, so a send never meets it first."""
        from django.core.exceptions import ValidationError
        from django.template import Engine, TemplateSyntaxError

        errors = {}
        for field in ("subject", "body"):
            try:
                Engine.get_default().from_string(getattr(self, field))
            except TemplateSyntaxError as exc:
                errors[field] = ValidationError(
                    _("This template has an error: %(error)s"), params={"error": exc}
                )
        if errors:
            raise ValidationError(errors)
