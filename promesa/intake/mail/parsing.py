"""Turning raw RFC 822 bytes into the facts intake needs; pure code, no database.

The ``email`` package is lenient: it records defects instead of raising. A message is
refused as malformed only when it has no usable sender or its MIME structure is broken
(a multipart without boundaries), because filing a case from garbage helps nobody.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from email import errors, policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses

from promesa.notifications.email import CASE_HEADER

# Attachments beyond these are left out of the case (and said so in the intake record).
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

_FATAL_DEFECTS = (
    errors.NoBoundaryInMultipartDefect,
    errors.StartBoundaryNotFoundDefect,
    errors.MultipartInvariantViolationDefect,
)
# Magic numbers of the types people attach most; the declared type is only a fallback.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
)
_OFFICE_ZIP = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
}


class MalformedEmail(Exception):
    """The bytes are not an e-mail intake can work with; the message says why."""


@dataclass(frozen=True)
class ParsedAttachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedEmail:
    """The parts of an e-mail intake decides on."""

    message_id: str
    sender_address: str
    sender_name: str
    subject: str
    text: str
    language: str
    recipients: list[str]
    in_reply_to: str
    references: str
    attachments: list[ParsedAttachment]
    skipped_attachments: list[str] = field(default_factory=list)
    automatic_reason: str = ""


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse ``raw``; raise ``MalformedEmail`` when it cannot be a request."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _extract(message)
    except MalformedEmail:
        raise
    except Exception as exc:
        # Header and charset errors surface from deep inside the email package under many
        # exception types; all of them mean the same thing here.
        raise MalformedEmail(f"{type(exc).__name__}: {exc}") from exc


def header_summary(raw: bytes) -> tuple[str, str, str]:
    """Best-effort (Message-ID, From, Subject) of a message too broken to parse, for the record."""
    try:
        headers = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True)
        message_id, sender, subject = (
            " ".join(str(headers.get(name, "")).split())
            for name in ("Message-ID", "From", "Subject")
        )
        return message_id, sender, subject
    except Exception:
        return "", "", ""


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _extract(message: EmailMessage) -> ParsedEmail:
    for part in message.walk():
        for defect in part.defects:
            if isinstance(defect, _FATAL_DEFECTS):
                raise MalformedEmail(f"Broken MIME structure: {type(defect).__name__}.")
    senders = getaddresses([_header(message, "From")])
    sender_name, sender_address = senders[0] if senders else ("", "")
    if "@" not in sender_address:
        raise MalformedEmail("The message has no valid From address.")
    recipients = [
        address
        for name in ("To", "Cc", "Delivered-To", "X-Original-To")
        for value in message.get_all(name, [])
        for _display, address in getaddresses([str(value)])
        if address
    ]
    attachments, skipped = _attachments(message)
    language = _header(message, "Content-Language").lower()
    return ParsedEmail(
        message_id=_header(message, "Message-ID"),
        sender_address=sender_address.strip().lower(),
        sender_name=sender_name.strip(),
        subject=_header(message, "Subject"),
        text=_body_text(message),
        language="en" if language.startswith("en") else "es-co",
        recipients=recipients,
        in_reply_to=_header(message, "In-Reply-To"),
        references=_header(message, "References"),
        attachments=attachments,
        skipped_attachments=skipped,
        automatic_reason=automatic_reason(message, sender_address),
    )


def automatic_reason(message: Message, sender_address: str) -> str:
    """Why the message was written by a machine (RFC 3834 and common practice), or ""."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond"):
        if message.get(name) is not None:
            return f"{name} header"
    if _header(message, "Precedence").lower() in {"bulk", "junk", "list"}:
        return f"Precedence: {_header(message, 'Precedence').lower()}"
    if message.get("Return-Path") is not None and _header(message, "Return-Path") in {"<>", ""}:
        return "Empty Return-Path (a bounce)"
    local = sender_address.partition("@")[0].lower()
    if local in {"mailer-daemon", "postmaster"}:
        return f"Sent by {local}"
    if message.get_content_type() == "multipart/report":
        return "Delivery or read report (multipart/report)"
    if message.get(CASE_HEADER) is not None:
        return f"Our own message came back ({CASE_HEADER})"
    return ""


def _body_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = _decoded_text(body)
    if body.get_content_type() == "text/html":
        content = html_to_text(content)
    return content.strip()


def _decoded_text(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, UnicodeError):
        # An unknown or lying charset: keep what can be read rather than refuse the request.
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", re.IGNORECASE)
_DROP = re.compile(r"<\s*(script|style|head)\b.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(source: str) -> str:
    """Readable text from an HTML body: line breaks kept, markup and scripts dropped."""
    text = _DROP.sub("", source)
    text = _BLOCK_TAGS.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def safe_filename(name: str, *, fallback: str) -> str:
    """A file name with no path, no control characters and a sane length."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    if not name:
        return fallback
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10:
        return f"{stem[: 190 - len(extension)]}.{extension}"
    return name[:190]


def sniff_content_type(data: bytes, *, name: str, declared: str) -> str:
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            if content_type == "application/zip":
                extension = "." + name.rpartition(".")[2].lower()
                return _OFFICE_ZIP.get(extension, content_type)
            return content_type
    return declared or "application/octet-stream"


def _attachments(message: EmailMessage) -> tuple[list[ParsedAttachment], list[str]]:
    kept: list[ParsedAttachment] = []
    skipped: list[str] = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        name = safe_filename(part.get_filename() or "", fallback=f"adjunto-{index}")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else part.as_bytes()
        if part.get_content_type() == "message/rfc822" and "." not in name:
            name = f"{name}.eml"
        if len(kept) >= MAX_ATTACHMENTS:
            skipped.append(f"{name} (more than {MAX_ATTACHMENTS} attachments)")
        elif len(data) > MAX_ATTACHMENT_BYTES:
            skipped.append(f"{name} (larger than {MAX_ATTACHMENT_BYTES} bytes)")
        elif not data:
            skipped.append(f"{name} (empty)")
        else:
            content_type = sniff_content_type(data, name=name, declared=part.get_content_type())
            kept.append(ParsedAttachment(name=name, content_type=content_type, data=data))
    return kept, skipped
