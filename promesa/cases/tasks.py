"""Background tasks of the cases app: thin, idempotent wrappers over notifications."""

from __future__ import annotations

from django_tasks import task

from promesa.cases.models import Case
from promesa.notifications.email import send_case_email

MESSAGES = frozenset({"acknowledgement", "clarification_request", "extension_notice", "answer"})


@task()
def send_case_message(case_id: int, message: str, tracking_code: str = "") -> None:
    """E-mail the requester about their case, when they gave an address."""
    if message not in MESSAGES:
        raise ValueError(f"Unknown case message {message!r}.")
    case = Case.objects.select_related("requester", "organization").filter(pk=case_id).first()
    if case is None or not case.requester.email:
        return
    event = case.events.order_by("-created_at", "-id").first()
    send_case_email(
        to=case.requester.email,
        message=message,
        language=case.language,
        context={
            "case": case,
            "organization": case.organization,
            "requester_name": case.requester.full_name,
            "event_data": event.data if event else {},
            "tracking_code": tracking_code,
        },
    )
