"""Rendering and sending of outgoing e-mail, one function per message kind."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(
    *, to: list[str], template: str, context: dict[str, Any], language: str
) -> None:
    """Render ``notifications/email/<template>_{subject,body}.txt`` in ``language`` and send it."""
    with translation.override(language):
        full_context = {"base_url": settings.PROMESA_BASE_URL, **context}
        subject = render_to_string(f"notifications/email/{template}_subject.txt", full_context)
        body = render_to_string(f"notifications/email/{template}_body.txt", full_context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=to, from_email=settings.DEFAULT_FROM_EMAIL
    )
    message.send()


def send_welcome(*, email: str, full_name: str, role_label: str, language: str) -> None:
    send_templated_email(
        to=[email],
        template="welcome",
        context={"full_name": full_name, "role_label": role_label, "email": email},
        language=language,
    )


def send_case_email(*, to: str, message: str, language: str, context: dict[str, Any]) -> None:
    """One of the messages a requester receives about their case."""
    send_templated_email(to=[to], template=f"case_{message}", context=context, language=language)
