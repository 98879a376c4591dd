"""Reads and pure helpers for composing answers: templates, channels and approval rules."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases.choices import OPEN_DRAFT_STATUSES, ResponseChannel
from promesa.cases.models import AnswerApprovalRule, AnswerDraft, AnswerTemplate, Case
from promesa.core.errors import ApplicationError
from promesa.core.templatetags.promesa import long_date


def answer_needs_approval(case: Case) -> bool:
    """True when a rule covers the case's area (or one above it) and its kind.

    One query: the case's area path already lists the ids of every area above it.
    """
    ancestor_ids = [int(pk) for pk in case.area.path.strip("/").split("/") if pk]
    return (
        AnswerApprovalRule.objects.filter(organization_id=case.organization_id)
        .filter(Q(area__isnull=True) | Q(area_id__in=ancestor_ids))
        .filter(Q(kind="") | Q(kind=case.kind))
        .exists()
    )


def open_draft(case: Case) -> AnswerDraft | None:
    """The answer being written, waiting for approval or returned, if there is one."""
    return (
        AnswerDraft.objects.filter(case=case, status__in=OPEN_DRAFT_STATUSES)
        .select_related("author", "decided_by")
        .prefetch_related("attachments")
        .first()
    )


def templates_for(case: Case) -> QuerySet[AnswerTemplate]:
    """Active templates of the case's organization and language that suit its kind."""
    return AnswerTemplate.objects.filter(
        Q(kind="") | Q(kind=case.kind),
        organization_id=case.organization_id,
        language=case.language,
        is_active=True,
    ).order_by("name")


def answer_template_context(case: Case, *, by: User) -> dict[str, str]:
    """The variables a template may use; dates in words, in the case's language."""
    zone = ZoneInfo(case.organization.time_zone)
    with translation.override(case.language):
        return {
            "requester_name": case.requester.full_name
            if not case.requester.is_anonymous
            else _("requester"),
            "filing_number": case.filing_number,
            "subject": case.subject,
            "received_date": long_date(case.received_at.astimezone(zone).date()),
            "due_date": long_date(case.due_date),
            "today": long_date(timezone.now().astimezone(zone).date()),
            "area_name": case.area.name,
            "agent_name": by.full_name,
            "organization_name": case.organization.name,
        }


def fill_answer_template(template: AnswerTemplate, *, case: Case, by: User) -> str:
    """The template's text with the case's variables, as plain text (no HTML escaping)."""
    try:
        compiled = Engine.get_default().from_string(template.body)
    except TemplateSyntaxError:
        raise ApplicationError(
            _("The template “%(name)s” has an error; ask an administrator to fix it.")
            % {"name": template.name},
            code="template",
        ) from None
    context = Context(answer_template_context(case, by=by), autoescape=False)
    return compiled.render(context).strip()


def default_channel(case: Case) -> ResponseChannel:
    """The requester's preferred channel when their contact data allows it, else the portal."""
    preferred = ResponseChannel(case.requester.preferred_channel)
    if channel_problem(case, preferred) is None:
        return preferred
    if case.requester.email:
        return ResponseChannel.EMAIL
    return ResponseChannel.PORTAL


def channel_problem(case: Case, channel: str) -> str | None:
    """Why the answer cannot go out on ``channel`` for this requester, or None."""
    if channel == ResponseChannel.EMAIL and not case.requester.email:
        return _("The requester gave no e-mail address; choose another channel.")
    if channel == ResponseChannel.POSTAL and not case.requester.address:
        return _("The requester gave no postal address; choose another channel.")
    return None
