"""Reading the outbox for the pages that show it."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from promesa.notifications.models import OutboxMessage

# What each kind of message is, in words staff read on the case page.
KIND_LABELS: dict[str, Promise] = {
    "case_acknowledgement": _("Acknowledgement to the requester"),
    "case_clarification_request": _("Request to complete, to the requester"),
    "case_extension_notice": _("Extension notice to the requester"),
    "case_answer": _("Answer to the requester"),
    "note_mention": _("Mention in an internal note"),
    "internal_request_opened": _("Internal request to another area"),
    "internal_request_message": _("Message in an internal request"),
    "internal_request_answered": _("Internal request answered"),
    "answer_submitted": _("Answer waiting for approval"),
    "answer_returned": _("Answer returned to its author"),
    "deadline_digest": _("Deadline alerts"),
    "welcome": pgettext_lazy("outbox", "Welcome"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def case_outbox_messages(case_public_id: uuid.UUID | str) -> QuerySet[OutboxMessage]:
    """Every message about one case, newest first, without bodies: one query."""
    return (
        OutboxMessage.objects.filter(case_public_id=case_public_id)
        .only(
            "kind",
            "to",
            "subject",
            "state",
            "attempts",
            "next_attempt_at",
            "last_attempt_at",
            "last_error",
            "sent_at",
            "created_at",
        )
        .order_by("-created_at", "-id")
    )
