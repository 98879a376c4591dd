"""Real mail servers for the e-mail tests: aiosmtpd for outgoing, a private Dovecot for IMAP."""

from __future__ import annotations

import imaplib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

DOVECOT = "/usr/sbin/dovecot"
IMAP_USER = "pqrs"
IMAP_PASSWORD = "clave-de-prueba-imap"
PASSWORD_ENV = "PROMESA_TEST_IMAP_PASSWORD"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, *, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"Nothing listens on 127.0.0.1:{port} after {seconds}s.")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


# --- SMTP ------------------------------------------------------------------------------------


@dataclass
class SmtpSink:
    """Envelopes the test SMTP server accepted, parsed."""

    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            BytesParser(policy=policy.default).parsebytes(envelope.content)
            for envelope in self.envelopes
        ]


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpSink]:
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield sink
    finally:
        controller.stop()


# --- IMAP (a private Dovecot) ----------------------------------------------------------------


@dataclass(frozen=True)
class DovecotServer:
    port: int
    directory: Path


def _dovecot_config(directory: Path, port: int) -> str:
    me = pwd.getpwuid(os.getuid())
    if os.getuid() == 0:
        # Dovecot refuses to run its internal processes and mail access as root; the Debian
        # package creates unprivileged users for exactly this.
        internal, login = "dovecot", "dovenull"
        mail_user = pwd.getpwnam("dovecot")
    else:
        internal = login = me.pw_name
        mail_user = me
    return f"""
base_dir = {directory}/run
state_dir = {directory}/state
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {directory}/dovecot.log
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 0
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = {directory}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={directory}/home/%u
}}
mail_location = maildir:{directory}/mail/%u
"""


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """A Dovecot of our own, on a free port, in a throwaway directory, for the session."""
    if not os.access(DOVECOT, os.X_OK):
        # A failure, not a skip: a run without an IMAP server has not tested the poller.
        pytest.fail(
            f"{DOVECOT} is not installed; `make install` (scripts/system-deps.sh) installs it.",
            pytrace=False,
        )
    # Not pytest's tmp dir: that one is private to the current user (0700) and Dovecot's
    # unprivileged processes must traverse this one.
    directory = Path(tempfile.mkdtemp(prefix="promesa-dovecot-"))
    directory.chmod(0o755)
    port = free_port()
    for sub in ("run", "state", "mail", "home"):
        (directory / sub).mkdir()
    (directory / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
    (directory / "dovecot.conf").write_text(_dovecot_config(directory, port))
    if os.getuid() == 0:
        dovecot_user = pwd.getpwnam("dovecot")
        for sub in ("mail", "home"):
            os.chown(directory / sub, dovecot_user.pw_uid, dovecot_user.pw_gid)
    console = (directory / "console.log").open("wb")
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(directory / "dovecot.conf")],
        stdout=console,
        stderr=subprocess.STDOUT,
    )
    try:
        try:
            wait_for_port(port)
        except TimeoutError:
            process.kill()
            process.wait()
            logs = [directory / "console.log", directory / "dovecot.log"]
            raise RuntimeError(
                "Dovecot did not start:\n"
                + "\n".join(log.read_text(errors="replace") for log in logs if log.exists())
            ) from None
        yield DovecotServer(port=port, directory=directory)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        console.close()
        shutil.rmtree(directory, ignore_errors=True)


class ImapTestClient:
    """The test's own view of the mailbox: put messages in, look at their flags."""

    def __init__(self, port: int) -> None:
        self.port = port

    def _connect(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(IMAP_USER, IMAP_PASSWORD)
        return client

    def append(
        self, raw: bytes, folder: str = "INBOX", *, received_at: datetime | None = None
    ) -> None:
        """Deliver ``raw``; ``received_at`` sets the server's INTERNALDATE."""
        client = self._connect()
        try:
            when = imaplib.Time2Internaldate(received_at) if received_at else ""
            # typeshed declares str; imaplib returns (status, data)
            result: Any = client.append(folder, "", when, raw)
            assert result[0] == "OK", result
        finally:
            client.logout()

    def create_folder(self, name: str) -> None:
        client = self._connect()
        try:
            status, data = client.create(f'"{name}"')
            assert status == "OK", data
        finally:
            client.logout()

    def subjects(self, *criteria: str, folder: str = "INBOX") -> list[str]:
        """Subjects of the messages matching ``criteria`` (e.g. "UNSEEN", "SEEN"), peeking."""
        client = self._connect()
        try:
            client.select(f'"{folder}"', readonly=True)
            _status, data = client.uid("SEARCH", None, *(criteria or ("ALL",)))  # type: ignore[arg-type]
            subjects = []
            for uid in data[0].split():
                _status, parts = client.uid(
                    "FETCH", uid.decode(), "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])"
                )
                header = next(p[1] for p in parts if isinstance(p, tuple))
                message = BytesParser(policy=policy.default).parsebytes(header)
                subjects.append(str(message["Subject"] or ""))
            return subjects
        finally:
            client.logout()

    def reset(self) -> None:
        """Empty INBOX and drop every other folder."""
        client = self._connect()
        try:
            _status, folders = client.list()
            for line in folders:
                if not isinstance(line, bytes):
                    continue
                match = re.match(r'\(.*?\) (?:"[^"]*"|NIL) (?P<name>.+)', line.decode())
                name = match.group("name").strip('"') if match else ""
                if name and name != "INBOX":
                    client.delete(f'"{name}"')
            _status, count = client.select("INBOX")
            if count and count[0] and int(count[0]) > 0:
                client.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
                client.expunge()
        finally:
            client.logout()


@pytest.fixture
def imap(dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ImapTestClient]:
    monkeypatch.setenv(PASSWORD_ENV, IMAP_PASSWORD)
    client = ImapTestClient(dovecot.port)
    client.reset()
    yield client
    client.reset()
