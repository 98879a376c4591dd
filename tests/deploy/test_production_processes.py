"""`promesa serve` and `promesa worker` run as real processes, as a supervisor starts them.

They share one migrated SQLite file in production mode; the web server is reached over
HTTP and both are stopped with TERM, as systemd stops them.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROMESA = str(Path(sys.executable).with_name("promesa"))


@dataclass
class Installation:
    env: dict[str, str]
    var: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a promesa command to completion."""
        return subprocess.run(
            [PROMESA, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start a long-running promesa command, its output collected for failures."""
        return subprocess.Popen(
            [PROMESA, *args],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Installation:
    var = tmp_path_factory.mktemp("promesa-var")
    env = {
        **os.environ,
        "PROMESA_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-" + "y" * 40,
        "TRACKING_CODE_KEY": "another-long-random-tracking-key-" + "w" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PROMESA_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(var / "mail"),
        "LOG_FORMAT": "plain",
    }
    for name in ("DATABASE_URL", "DEBUG", "WEB_CONCURRENCY", "PROMESA_BIND"):
        env.pop(name, None)
    # One process migrates and adds a staff member, whose welcome e-mail then waits in the
    # queue for a worker (starting Django once instead of twice keeps the suite quick).
    prepared = Installation(env=env, var=var).run(
        "shell",
        "-c",
        "from django.core.management import call_command; "
        "from promesa.accounts.services import user_create; "
        "from promesa.organization.models import Organization; "
        "call_command('migrate', interactive=False, verbosity=0); "
        "org = Organization.objects.create(name='Aguas de Prueba', slug='prueba'); "
        "user_create(email='nueva@prueba.test', full_name='Nueva Agente', role='agent', "
        "organization=org)",
    )
    assert prepared.returncode == 0, prepared.stderr
    return Installation(env=env, var=var)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - local http
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"Gave up after {seconds} s waiting for {what}.")


def stop(process: subprocess.Popen[str], *, within: float) -> tuple[int, str]:
    """Send TERM like systemd does; return the exit code and everything it printed."""
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail(f"Still running {within} s after TERM:\n{output}")
    return process.returncode, output


@pytest.fixture
def server(installation: Installation) -> Iterator[tuple[subprocess.Popen[str], str]]:
    port = free_port()
    process = installation.start("serve", "--workers", "2", "--bind", f"127.0.0.1:{port}")
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"promesa serve exited early:\n{process.communicate()[0]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            return False

    try:
        wait_for(answers, seconds=30, what="promesa serve to listen")
        yield process, base
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serve_answers_the_health_check_and_serves_static_files_for_a_year(
    installation: Installation, server: tuple[subprocess.Popen[str], str]
) -> None:
    process, base = server

    # when the load balancer probes over plain HTTP
    status, _, body = get(f"{base}/health/")

    # then the database and the queue are reported healthy
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"

    # when a browser asks (through the HTTPS proxy) for a hashed static file, gzip accepted
    manifest = json.loads((installation.var / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["promesa/promesa.css"]
    status, headers, body = get(
        f"{base}/static/{hashed}",
        headers={"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
    )

    # then it comes compressed, cacheable for good
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    assert body[:2] == b"\x1f\x8b"

    # when systemd stops the service, it stops cleanly
    code, output = stop(process, within=10)
    assert code == 0, output
    assert "Shutting down: Master" in output


def test_the_worker_sends_a_queued_welcome_email_and_stops_on_term(
    installation: Installation,
) -> None:
    # given a staff member created while no worker ran: the welcome e-mail waits
    mail_dir = installation.var / "mail"
    assert not mail_dir.exists() or not any(mail_dir.iterdir())

    # when a worker starts
    worker = installation.start("worker", "--interval", "0.2")
    try:
        wait_for(
            lambda: mail_dir.exists() and any(mail_dir.iterdir()),
            seconds=20,
            what="the welcome e-mail",
        )
    finally:
        # then it stops on TERM
        code, output = stop(worker, within=10)

    # and the e-mail went out to the new member
    (message,) = mail_dir.iterdir()
    assert "nueva@prueba.test" in message.read_text()
    assert code == 0, output
