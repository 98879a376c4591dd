"""Words for the workspace: risk badges and case events described for people."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from promesa.accounts.models import User
from promesa.cases.choices import Channel, EventKind, ResponseChannel
from promesa.cases.models import CaseEvent
from promesa.cases.selectors import open_requests_received_count
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


def _date(text: str) -> str:
    try:
        return long_date(date.fromisoformat(text))
    except (TypeError, ValueError):
        return text


def _yes_no(value: object) -> str:
    return _("yes") if value else _("no")


@register.filter
def event_details(event: CaseEvent) -> list[tuple[str, str]]:
    """The event's data as (label, text) pairs, in words; unknown keys are left out."""
    data = event.data or {}
    kind = event.kind
    rows: list[tuple[str, str]] = []

    def add(label: str, value: object) -> None:
        if value not in (None, ""):
            rows.append((label, str(value)))

    if kind == EventKind.FILED:
        add(_("Received by"), _channel(data.get("channel", "")))
        add(_("Legal source"), data.get("legal_source"))
    elif kind == EventKind.ASSIGNED:
        add(_("Assigned to"), data.get("assignee"))
        add(_("Previously"), data.get("previous"))
    elif kind == EventKind.MOVED:
        add(_("From"), data.get("from_area"))
        add(_("To"), data.get("to_area"))
        add(_("Note"), data.get("note"))
    elif kind == EventKind.CLARIFICATION_REQUESTED:
        add(_("Message"), data.get("message"))
        add(_("Answer due by"), _date(data.get("answer_by", "")))
        add(_("Legal term stopped"), _yes_no(data.get("pauses_clock")))
    elif kind in (EventKind.CLARIFICATION_RECEIVED,):
        add(_("Message"), data.get("message"))
    elif kind == EventKind.EXTENDED:
        add(_("Extra days"), data.get("days"))
        add(_("Reasons"), data.get("reason"))
        add(_("Previous due date"), _date(data.get("previous_due_date", "")))
    elif kind == EventKind.TRANSFERRED:
        add(_("Entity"), data.get("entity"))
        add(_("Reasons"), data.get("reason"))
        add(_("Transfer due by"), _date(data.get("transfer_due", "")))
    elif kind == EventKind.ANSWERED:
        add(_("Answer"), data.get("text"))
        add(_("Sent by"), _channel(data.get("channel", "")))
        add(_("On time"), _yes_no(data.get("on_time")))
        add(_("Written by"), data.get("author"))
        add(_("Approved by"), data.get("approved_by"))
    elif kind == EventKind.ANSWER_SUBMITTED:
        add(_("Answer"), data.get("text"))
        add(_("To be sent by"), _channel(data.get("channel", "")))
    elif kind == EventKind.ANSWER_RETURNED:
        add(_("What should change"), data.get("reason"))
        add(_("Written by"), data.get("author"))
    elif kind in (EventKind.REOPENED, EventKind.WITHDRAWN):
        add(_("Reasons"), data.get("reason"))
        if kind == EventKind.WITHDRAWN:
            add(_("Tacit withdrawal"), _yes_no(data.get("tacit")))
    elif kind == EventKind.INTERNAL_REQUEST_OPENED:
        add(_("Area asked"), data.get("to_area"))
        add(_("Question"), data.get("question"))
        due = _date(data.get("due_date", ""))
        if data.get("capped"):
            due = _("%(date)s (the case's legal due date)") % {"date": due}
        add(_("Internal due date"), due)
    elif kind == EventKind.INTERNAL_REQUEST_ANSWERED:
        add(_("Area"), data.get("to_area"))
        add(_("Answer"), data.get("answer"))
        add(_("On time"), _yes_no(data.get("on_time")))
    elif kind == EventKind.INTERNAL_REQUEST_CANCELLED:
        add(_("Area"), data.get("to_area"))
        add(_("Reasons"), data.get("reason"))
    elif kind in (EventKind.MESSAGE_RECEIVED, EventKind.DUPLICATE_RECEIVED):
        add(_("Message"), data.get("text"))
        add(_("Received by"), _channel(data.get("channel", "")))
    return rows


@register.simple_tag
def open_internal_requests(user: object) -> int:
    """Open requests to the areas ``user`` works in, for the navigation: one query."""
    if not isinstance(user, User) or not user.is_active:
        return 0
    return open_requests_received_count(user)
