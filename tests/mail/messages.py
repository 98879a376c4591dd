"""Raw e-mails as requesters, their mail programs and mail servers write them."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def email_from_ana(
    *,
    subject: str = "Cobro doble en la factura de noviembre",
    text: str = "La factura de noviembre trae dos veces el cargo fijo del acueducto.",
    sender: str = "Ana María Ruiz <ana@correo.test>",
    to: str = "pqrs@aguas.test",
    headers: dict[str, str] | None = None,
    attachment: tuple[str, bytes, str] | None = None,
    html: str | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="correo.test")
    for name, value in (headers or {}).items():
        message[name] = value
    if html is not None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(text)
    if attachment is not None:
        name, data, content_type = attachment
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def bounce_for(address: str) -> bytes:
    """A delivery status notification, as a mail server sends it back (RFC 3464)."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.correo.test>\r\n"
        f"To: {address}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@mx.correo.test>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n"
        "--B\r\n"
        "Content-Type: text/plain\r\n\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        "--B\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.correo.test\r\n\r\n"
        "Final-Recipient: rfc822; nadie@correo.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B--\r\n"
    ).encode()


def malformed() -> bytes:
    """A multipart message whose boundary never appears: no part can be found."""
    return (
        b"From: Ana <ana@correo.test>\r\n"
        b"To: pqrs@aguas.test\r\n"
        b"Subject: Roto\r\n"
        b"Message-ID: <roto-1@correo.test>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed\r\n"
        b"\r\n"
        b"no boundary parameter, so nothing here is a part\r\n"
    )
