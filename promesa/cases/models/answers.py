"""Answer templates, approval rules and the drafts that become answers."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from promesa.cases.choices import (
    OPEN_DRAFT_STATUSES,
    AnswerDraftStatus,
    CaseKind,
    ResponseChannel,
)
from promesa.cases.models.case import Case
from promesa.cases.models.messages import MESSAGE_TEMPLATE_LANGUAGES
from promesa.organization.models import Area, Organization


def _template_error(source: str) -> str | None:
    """The syntax error of a Django template string, or None when it compiles."""
    from django.template import Engine, TemplateSyntaxError

    try:
        Engine.get_default().from_string(source)
    except TemplateSyntaxError as exc:
        return str(exc)
    return None


class AnswerTemplate(models.Model):
    """A starting text for answers, with variables filled from the case when it is chosen.

    Plain text in Django template syntax; the variables are listed in ``help_text`` and
    filled by ``cases.answers.fill_answer_template``.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="answer_templates",
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("suits cases of kind"),
        max_length=20,
        choices=CaseKind.choices,
        blank=True,
        help_text=_("Leave empty for a template that suits any kind."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=MESSAGE_TEMPLATE_LANGUAGES, default="es-co"
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Variables: {{ requester_name }}, {{ filing_number }}, {{ subject }}, "
            "{{ received_date }}, {{ due_date }}, {{ today }}, {{ area_name }}, "
            "{{ agent_name }}, {{ organization_name }}. Dates are written in words."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name", "language"], name="answer_template_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Refuse a text that does not compile, so an agent never meets the error first."""
        from django.core.exceptions import ValidationError

        error = _template_error(self.body)
        if error is not None:
            message = _("This template has an error: %(error)s")
            raise ValidationError({"body": ValidationError(message, params={"error": error})})


class AnswerApprovalRule(models.Model):
    """Answers of matching cases need a supervisor's approval before they go out.

    A rule matches a case when its area is the case's area or one above it (or is empty)
    and its kind is the case's kind (or is empty); see ``cases.answers.answer_needs_approval``.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="answer_approval_rules",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        related_name="answer_approval_rules",
        null=True,
        blank=True,
        help_text=_("The rule also covers the areas below it. Empty: every area."),
    )
    kind = models.CharField(
        _("kind of case"),
        max_length=20,
        choices=CaseKind.choices,
        blank=True,
        help_text=_("Empty: every kind."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer approval rule")
        verbose_name_plural = _("answer approval rules")
        ordering = ["organization", "area", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "area", "kind"], name="answer_approval_rule_unique"
            ),
        ]

    def __str__(self) -> str:
        area = self.area.name if self.area else _("every area")
        kind = self.get_kind_display() if self.kind else _("every kind")
        return f"{area} · {kind}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.area is not None and self.area.organization_id != self.organization_id:
            raise ValidationError({"area": _("The area belongs to another organization.")})


class AnswerDraft(models.Model):
    """An answer being written, waiting for approval, returned, or finally sent.

    Saving a draft or previewing it changes nothing in the case and writes no event; the
    services write the events when it is submitted, returned or sent.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="answer_drafts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="answer_drafts",
    )
    text = models.TextField(_("text"))
    channel = models.CharField(_("sent by"), max_length=20, choices=ResponseChannel.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AnswerDraftStatus.choices,
        default=AnswerDraftStatus.EDITING,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="answer_decisions",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning it"), blank=True)
    # When the people waiting on the draft's current state (the approver once it is submitted,
    # the author once it is returned) were e-mailed; cleared at each submission and return.
    notified_at = models.DateTimeField(_("people told at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer draft")
        verbose_name_plural = _("answer drafts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=sorted(str(s) for s in OPEN_DRAFT_STATUSES)),
                name="answer_draft_one_open_per_case",
            ),
        ]
        indexes = [models.Index(fields=["status", "case"], name="answer_draft_status")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"
