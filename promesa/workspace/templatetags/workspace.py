"""Words for the workspace: risk badges and case events described for people."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from promesa.accounts.models import User
from promesa.cases import events
from promesa.cases.choices import Channel, ResponseChannel
from promesa.cases.legal_text import event_waiting_sentence
from promesa.cases.models import CaseEvent, Requester
from promesa.cases.selectors import TimelineEntry, open_requests_received_count
from promesa.core.templatetags.promesa import long_date

register = template.Library()

# Text and an icon character for each level of legal risk: never colour alone.
_RISKS = {
    # The queue tab "Overdue" is plural in Spanish ("Vencidos"); one case's badge is singular.
    "overdue": ("⚠", pgettext_lazy("risk of one case", "Overdue")),
    "due_today": ("◉", gettext_lazy("Due today")),
    "due_soon": ("◔", gettext_lazy("Due soon")),
    "on_track": ("✓", gettext_lazy("On track")),
    "done": ("■", gettext_lazy("Finished")),
}


@register.simple_tag
def risk_badge(risk: str) -> SafeString:
    """The badge in words and an icon; written here, not by a template, as it is on every row."""
    icon, label = _RISKS.get(risk, _RISKS["on_track"])
    return format_html(
        '<span class="risk risk-{}"><span class="risk-icon" aria-hidden="true">{}</span> {}</span>',
        risk,
        icon,
        label,
    )


@register.filter
def days_left_text(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return _("due today")
    if days < 0:
        return ngettext(
            "%(days)d business day overdue", "%(days)d business days overdue", -days
        ) % {"days": -days}
    return ngettext("%(days)d business day left", "%(days)d business days left", days) % {
        "days": days
    }


@register.filter
def actor_name(event: CaseEvent) -> str:
    if event.actor is not None:
        return event.actor.full_name
    labels = {"requester": _("The requester"), "system": _("Promesa (automatic)")}
    return labels.get(event.actor_label, event.actor_label) or _("Promesa (automatic)")


def _channel(code: str) -> str:
    for choices in (ResponseChannel, Channel):
        if code in choices.values:
            return str(choices(code).label)
    return code


def _yes_no(value: object) -> str:
    return _("yes") if value else _("no")


# One short branch per event kind, each saying what its payload means to a person.
def _details(entry: TimelineEntry) -> list[tuple[str, object]]:  # noqa: C901
    """The payload of one event in words, with the current names of whom it names."""
    event, p = entry.event, entry.payload
    assignee = event.assignee_after.full_name if event.assignee_after else ""
    match p:
        case events.Filed():
            return [
                (_("Received by"), _channel(p.channel)),
                (_("Legal source"), p.legal_source),
            ]
        case events.Assigned():
            return [
                (_("Assigned to"), assignee),
                (_("Previously"), entry.person_name(p.previous_assignee_id)),
            ]
        case events.Moved():
            return [
                (_("From"), entry.area_name(p.from_area_id)),
                (_("To"), event.area_after.name),
                (_("Note"), p.note),
            ]
        case events.ClarificationRequested():
            return [
                (_("Message"), p.message),
                (_("Answer due by"), long_date(p.answer_by)),
                (
                    _("Legal term"),
                    event_waiting_sentence(
                        p.term_effect, pauses_clock=p.pauses_clock, case=event.case
                    ),
                ),
            ]
        case events.ClarificationReceived():
            return [(_("Message"), p.message)]
        case events.Extended():
            return [
                (_("Extra days"), p.days),
                (_("Reasons"), p.reason),
                (_("Previous due date"), long_date(p.previous_due_date)),
            ]
        case events.Transferred():
            return [
                (_("Entity"), p.entity),
                (_("Reasons"), p.reason),
                (_("Transfer due by"), long_date(p.transfer_due)),
            ]
        case events.Answered():
            return [
                (_("Answer"), p.text),
                (_("Sent by"), _channel(p.channel)),
                (_("On time"), _yes_no(p.on_time)),
                (_("Written by"), entry.person_name(p.author_id)),
                (_("Approved by"), actor_name(event) if p.approved else ""),
            ]
        case events.AnswerSubmitted():
            return [(_("Answer"), p.text), (_("To be sent by"), _channel(p.channel))]
        case events.AnswerReturned():
            return [
                (_("What should change"), p.reason),
                (_("Written by"), entry.person_name(p.author_id)),
            ]
        case events.Reopened():
            return [(_("Reasons"), p.reason)]
        case events.Withdrawn():
            return [(_("Reasons"), p.reason), (_("Tacit withdrawal"), _yes_no(p.tacit))]
        case events.InternalRequestOpened():
            due = long_date(p.due_date)
            if p.capped:
                due = _("%(date)s (the case's legal due date)") % {"date": due}
            return [
                (_("Area asked"), entry.area_name(p.to_area_id)),
                (_("Question"), p.question),
                (_("Internal due date"), due),
            ]
        case events.InternalRequestAnswered():
            return [
                (_("Area"), entry.area_name(p.to_area_id)),
                (_("Answer"), p.answer),
                (_("On time"), _yes_no(p.on_time)),
            ]
        case events.InternalRequestCancelled():
            return [(_("Area"), entry.area_name(p.to_area_id)), (_("Reasons"), p.reason)]
        case events.MessageReceived():
            return [(_("Message"), p.text), (_("Received by"), _channel(p.channel))]
        case events.DuplicateReceived():
            return [(_("Received by"), _channel(p.channel))]
        case events.PersonalDataCorrected():
            labels = (
                str(getattr(Requester._meta.get_field(name), "verbose_name", name))
                for name in p.fields
            )
            return [(_("Corrected"), ", ".join(labels))]
        case events.PersonalDataErased():
            return [(_("Reasons"), p.reason)]
        case events.SilenceEffectsRecognised():
            return [
                (_("Silence occurred on"), long_date(p.occurred_on)),
                (_("Within the 72 hours"), _yes_no(p.in_time)),
                (_("How"), p.note),
            ]
        case events.SilenceExcluded():
            return [(_("Cause"), p.cause.label), (_("Reasons"), p.reason)]
    return []


@register.filter
def event_details(entry: TimelineEntry) -> list[tuple[str, str]]:
    """The event's payload as (label, text) pairs, in words; empty values are left out."""
    return [(label, str(value)) for label, value in _details(entry) if value not in (None, "")]


@register.simple_tag
def open_internal_requests(user: object) -> int:
    """Open requests to the areas ``user`` works in, for the navigation: one query."""
    if not isinstance(user, User) or not user.is_active:
        return 0
    return open_requests_received_count(user)
