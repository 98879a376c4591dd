"""Template words for what the law in force does to a case's term (``promesa.cases.legal_text``).

``{% load legal_terms %}`` works in the portal, the staff pages and the e-mail templates
alike, so every one of them says the same thing about a case.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from promesa.cases.legal_text import case_term_while_waiting, waiting_sentence
from promesa.cases.models import Case

register = template.Library()


@register.simple_tag
def while_waiting(case: Case, audience: str = "requester") -> str:
    """What ``case``'s term does while the requester is asked, for ``audience``.

    "requester" speaks to the requester and names the due date when the term keeps
    running; "staff" speaks about the requester.
    """
    waiting = case_term_while_waiting(case)
    if audience == "staff":
        return waiting_sentence(waiting, audience="staff")
    return waiting_sentence(waiting, audience="requester", due=case.due_date)


@register.simple_tag
def silence_badge() -> SafeString:
    """The marker of a case deemed granted by positive silence: words and an icon."""
    return format_html(
        '<span class="risk risk-silence"><span class="risk-icon" aria-hidden="true">§</span> '
        "{}</span>",
        _("Positive silence"),
    )
