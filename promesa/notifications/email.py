"""Rendering of outgoing e-mail into the outbox, one function per message kind.

Nothing here talks SMTP: each ``put_*`` function writes the rendered message as an outbox
row in the caller's transaction, and ``outbox.outbox_deliver`` sends it later.

Case messages carry the headers the e-mail intake needs to recognise a reply: a reply
address with a signed token, a ``Message-ID`` naming the case and the event, and
``X-Promesa-Case`` so that our own message coming back (a loop) is ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

from promesa.core.templatetags.promesa import long_date
from promesa.notifications.models import OutboxMessage
from promesa.notifications.outbox import Attachment, Reference, mail_domain, outbox_put

logger = logging.getLogger(__name__)

CASE_HEADER = "X-Promesa-Case"
_TOKEN_HEX_LENGTH = 10
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _render(source: str | None, name: str, context: dict[str, Any]) -> str:
    """Render a template string (``source``) or the named file, without HTML escaping.

    These are plain-text messages: escaping would turn "O'Brien" into "O&#x27;Brien".
    """
    engine = Engine.get_default()
    template = engine.from_string(source) if source is not None else engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def put_templated_email(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    dedupe_key: str,
    reference: Reference = Reference(),  # noqa: B008 - frozen, so sharing it is safe
    deliver_on_commit: bool = True,
) -> OutboxMessage:
    """Render ``notifications/email/<template>_{subject,body}.txt`` in ``language`` and put
    it in the outbox, in the caller's transaction, once per ``dedupe_key``."""
    with translation.override(language):
        full_context = {"base_url": settings.PROMESA_BASE_URL, **context}
        subject = _render(None, f"notifications/email/{template}_subject.txt", full_context)
        body = _render(None, f"notifications/email/{template}_body.txt", full_context)
    return outbox_put(
        kind=template,
        dedupe_key=dedupe_key,
        to=[to],
        subject=" ".join(subject.split()),
        body=body,
        reference=reference,
        deliver_on_commit=deliver_on_commit,
    )


def put_welcome(
    *,
    user_id: int,
    email: str,
    full_name: str,
    role_label: str,
    language: str,
    deliver_on_commit: bool = True,
) -> OutboxMessage:
    return put_templated_email(
        to=email,
        template="welcome",
        context={"full_name": full_name, "role_label": role_label, "email": email},
        language=language,
        dedupe_key=f"welcome:{user_id}",
        deliver_on_commit=deliver_on_commit,
    )


# --- Case messages and their threading headers ---------------------------------------------


def reply_token(filing_number: str) -> str:
    """``<filing>.<10 hex of HMAC(TRACKING_CODE_KEY, filing)>``: who replies cannot forge it."""
    digest = hmac.new(
        settings.TRACKING_CODE_KEY.encode(), filing_number.encode(), hashlib.sha256
    ).hexdigest()
    return f"{filing_number}.{digest[:_TOKEN_HEX_LENGTH]}"


def reply_address(filing_number: str) -> str:
    return str(settings.MAIL_REPLY_TO).format(token=reply_token(filing_number))


def filing_from_reply_addresses(addresses: list[str]) -> str | None:
    """The filing number of the first address carrying a valid reply token, else None."""
    prefix, _, suffix = str(settings.MAIL_REPLY_TO).partition("{token}")
    pattern = re.compile(
        re.escape(prefix) + r"(?P<token>[^\s<>@\"]+?)" + re.escape(suffix), re.IGNORECASE
    )
    for address in addresses:
        for match in pattern.finditer(address):
            filing, _, mac = match.group("token").rpartition(".")
            # Some relays lower-case the local part; the hex digest is case-insensitive and
            # filing numbers in the default format are digits and hyphens.
            for candidate in dict.fromkeys([filing, filing.upper()]):
                if candidate and hmac.compare_digest(
                    reply_token(candidate).lower(), f"{candidate}.{mac}".lower()
                ):
                    return candidate
    return None


def case_message_id(filing_number: str, event_public_id: str) -> str:
    return f"<case-{filing_number}-{event_public_id}@{mail_domain()}>"


@dataclass(frozen=True)
class CaseMessageRef:
    """What one of our Message-IDs names: the case's filing number and the event."""

    filing_number: str
    event_public_id: str


def parse_case_message_ids(text: str) -> list[CaseMessageRef]:
    """Every Message-ID of ours found in an ``In-Reply-To`` or ``References`` value."""
    pattern = re.compile(
        rf"<case-(?P<filing>[^<>\s]+)-(?P<event>{_UUID})@{re.escape(mail_domain())}>",
        re.IGNORECASE,
    )
    return [
        CaseMessageRef(filing_number=m.group("filing"), event_public_id=m.group("event").lower())
        for m in pattern.finditer(text or "")
    ]


@dataclass(frozen=True)
class CaseEmail:
    """One message to a requester about their case, with what threads it."""

    to: str
    message: str
    language: str
    filing_number: str
    event_public_id: str
    context: dict[str, Any]
    # Templates the organization edited; None uses the shipped files.
    subject_template: str | None = None
    body_template: str | None = None
    # The case's first message (the requester's e-mail or our acknowledgement).
    thread_root: str = ""
    auto_submitted: bool = False
    attachments: tuple[Attachment, ...] = ()


def _render_case_parts(email: CaseEmail, context: dict[str, Any]) -> tuple[str, str]:
    shipped = f"notifications/email/case_{email.message}"
    if email.subject_template is not None and email.body_template is not None:
        try:
            return (
                _render(email.subject_template, "", context),
                _render(email.body_template, "", context),
            )
        except TemplateSyntaxError:
            # The admin validates templates on save; one broken by hand must not stop the
            # requester from being told, so the shipped wording goes out instead.
            logger.exception(
                "Organization template for %s is broken; using the shipped one.", email.message
            )
    return (
        _render(None, f"{shipped}_subject.txt", context),
        _render(None, f"{shipped}_body.txt", context),
    )


@dataclass(frozen=True)
class RenderedCaseEmail:
    """Subject, body and headers of a case message exactly as it leaves."""

    subject: str
    body: str
    headers: dict[str, str]


def render_case_email(email: CaseEmail) -> RenderedCaseEmail:
    """Render one of the messages a requester receives, without sending it.

    The workspace's preview calls this too, so what staff preview is what goes out.
    """
    with translation.override(email.language):
        context = {"base_url": settings.PROMESA_BASE_URL, **email.context}
        case = context.get("case")
        due_date = getattr(case, "due_date", None)
        context.setdefault("due_date_words", long_date(due_date))
        subject, body = _render_case_parts(email, context)
    subject = " ".join(subject.split())
    if email.filing_number not in subject:
        subject = f"[{email.filing_number}] {subject}"
    message_id = case_message_id(email.filing_number, email.event_public_id)
    headers = {"Message-ID": message_id, CASE_HEADER: email.filing_number}
    if email.thread_root and email.thread_root != message_id:
        headers["In-Reply-To"] = email.thread_root
        headers["References"] = email.thread_root
    if email.auto_submitted:
        headers["Auto-Submitted"] = "auto-generated"
    return RenderedCaseEmail(subject=subject, body=body, headers=headers)


def put_case_email(
    email: CaseEmail,
    *,
    reference: Reference = Reference(),  # noqa: B008 - frozen, so sharing it is safe
    deliver_on_commit: bool = True,
) -> OutboxMessage:
    """Render one of the messages a requester receives about their case and put it in the
    outbox; the same message about the same event is written once."""
    rendered = render_case_email(email)
    return outbox_put(
        kind=f"case_{email.message}",
        dedupe_key=f"case:{email.event_public_id}:{email.message}",
        to=[email.to],
        subject=rendered.subject,
        body=rendered.body,
        headers=rendered.headers,
        reply_to=[reply_address(email.filing_number)],
        attachments=email.attachments,
        # The tracking code lives in the database only until the acknowledgement is sent.
        redact=[str(email.context.get("tracking_code") or "")],
        reference=Reference(
            organization_id=reference.organization_id,
            case_public_id=reference.case_public_id,
            filing_number=email.filing_number,
        ),
        deliver_on_commit=deliver_on_commit,
    )
