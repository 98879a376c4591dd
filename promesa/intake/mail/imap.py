"""Polling IMAP mailboxes: fetch unread messages, process them, then mark them read.

The order is the guarantee. A message is fetched with ``BODY.PEEK[]`` (which leaves it
unread), processed in one committed transaction, and only then flagged ``\\Seen``. A crash
in between leaves it unread; the next poll fetches it again and ``inbound_process``
returns the first result (same SHA-256), so no second case is filed. Several nodes may
poll the same mailbox for the same reason.
"""

from __future__ import annotations

import imaplib
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime

from promesa.intake.mail.models import InboundMessage, Mailbox
from promesa.intake.mail.processing import inbound_process

logger = logging.getLogger(__name__)

_TIMEOUT_SECONDS = 60


class MailboxError(Exception):
    """The mailbox could not be opened (configuration, credentials, network)."""


@dataclass
class PollResult:
    """What one pass over a mailbox did."""

    processed: list[InboundMessage] = field(default_factory=list)
    failed: int = 0


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    """Log in and select the mailbox's folder."""
    password = os.environ.get(mailbox.password_env)
    if password is None:
        raise MailboxError(
            f"Environment variable {mailbox.password_env} (password of {mailbox}) is not set."
        )
    client_class = imaplib.IMAP4_SSL if mailbox.use_ssl else imaplib.IMAP4
    client = client_class(mailbox.host, mailbox.port, timeout=_TIMEOUT_SECONDS)
    try:
        client.login(mailbox.username, password)
        status, data = client.select(_quote(mailbox.folder))
        if status != "OK":
            raise MailboxError(f"Cannot open folder {mailbox.folder!r}: {data!r}")
    except BaseException:
        _logout(client)
        raise
    return client


def unseen_uids(client: imaplib.IMAP4) -> list[bytes]:
    status, data = client.uid("SEARCH", None, "UNSEEN")  # type: ignore[arg-type]
    if status != "OK":
        raise MailboxError(f"SEARCH failed: {data!r}")
    return data[0].split() if data and data[0] else []


def fetch(client: imaplib.IMAP4, uid: bytes) -> tuple[bytes, datetime | None]:
    """The raw message and the time the server received it, leaving it unread."""
    status, data = client.uid("FETCH", uid.decode(), "(INTERNALDATE BODY.PEEK[])")
    if status != "OK":
        raise MailboxError(f"FETCH {uid!r} failed: {data!r}")
    for item in data:
        if isinstance(item, tuple):
            envelope, raw = item
            return bytes(raw), _internal_date(envelope)
    raise MailboxError(f"FETCH {uid!r} returned no message (deleted meanwhile?).")


def mark_seen(client: imaplib.IMAP4, uid: bytes, mailbox: Mailbox) -> None:
    """Flag the message read and, when configured, move it to the processed folder."""
    status, data = client.uid("STORE", uid.decode(), "+FLAGS.SILENT", r"(\Seen)")
    if status != "OK":
        raise MailboxError(f"STORE {uid!r} failed: {data!r}")
    if not mailbox.processed_folder:
        return
    target = _quote(mailbox.processed_folder)
    if "MOVE" in client.capabilities:
        status, data = client.uid("MOVE", uid.decode(), target)
    else:
        status, data = client.uid("COPY", uid.decode(), target)
        if status == "OK":
            client.uid("STORE", uid.decode(), "+FLAGS.SILENT", r"(\Deleted)")
            client.expunge()
    if status != "OK":
        raise MailboxError(f"Moving {uid!r} to {mailbox.processed_folder!r} failed: {data!r}")


def poll_mailbox(mailbox: Mailbox) -> PollResult:
    """Process every unread message of ``mailbox``; one bad message never stops the rest."""
    result = PollResult()
    client = connect(mailbox)
    try:
        for uid in unseen_uids(client):
            try:
                raw, received_at = fetch(client, uid)
                inbound = inbound_process(raw, mailbox=mailbox, received_at=received_at)
            except Exception:
                # Left unread, so the next poll retries it (infrastructure failures heal;
                # bad messages are recorded as rejected by inbound_process and do not land
                # here).
                result.failed += 1
                logger.exception("Could not process message %s of %s", uid, mailbox)
                continue
            result.processed.append(inbound)
            try:
                mark_seen(client, uid, mailbox)
            except Exception:
                # The processing is committed; the next poll finds the message again and
                # inbound_process returns the recorded result without filing twice.
                result.failed += 1
                logger.exception("Could not mark message %s of %s as read", uid, mailbox)
    finally:
        _logout(client)
    return result


def poll_all() -> dict[str, PollResult]:
    """One pass over every active mailbox; a broken mailbox is logged and skipped."""
    results: dict[str, PollResult] = {}
    for mailbox in Mailbox.objects.filter(is_active=True).select_related("organization"):
        try:
            results[mailbox.name] = poll_mailbox(mailbox)
        except Exception:
            logger.exception("Could not poll mailbox %s", mailbox)
    return results


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


_INTERNALDATE = re.compile(rb'INTERNALDATE "(?P<date>[^"]+)"')


def _internal_date(envelope: bytes) -> datetime | None:
    """INTERNALDATE ("24-Nov-2026 09:28:00 -0500") as an aware datetime."""
    match = _INTERNALDATE.search(envelope)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group("date").decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _logout(client: imaplib.IMAP4) -> None:
    try:
        client.logout()
    except Exception:
        logger.debug("IMAP logout failed", exc_info=True)
