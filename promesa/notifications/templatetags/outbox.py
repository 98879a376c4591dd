"""``{% case_messages case show_contact %}``: the e-mails sent about a case and their state."""

from __future__ import annotations

from typing import Any

from django import template

from promesa.notifications.selectors import case_outbox_messages, kind_label

register = template.Library()


@register.inclusion_tag("notifications/_case_messages.html")
def case_messages(case: Any, show_contact: bool = False) -> dict[str, Any]:
    return {
        "outbox_messages": list(case_outbox_messages(case.public_id)),
        "show_contact": show_contact,
    }


@register.filter
def outbox_kind(kind: str) -> str:
    return kind_label(kind)
