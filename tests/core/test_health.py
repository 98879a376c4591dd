import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from promesa.accounts.choices import Role
from promesa.accounts.services import user_create
from promesa.organization.models import Organization

ROOT = Path(__file__).resolve().parents[2]

# Calls /health/ in a fresh process whose settings point at DATABASE_URL.
PROBE = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/health/")
print(json.dumps({"status_code": response.status_code, "body": response.json()}))
"""


def probe_health(database_url: str) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_health_is_ok_when_database_and_queue_answer(db: None, client: Client) -> None:
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"]["healthy"] is True


def test_a_stopped_postgresql_is_reported_unhealthy() -> None:
    # Nothing listens on the port: this is what a stopped database server looks like.
    result = probe_health(f"postgres://postgres@127.0.0.1:{closed_port()}/promesa")

    assert result["status_code"] == 503
    body = result["body"]
    assert isinstance(body, dict)
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["healthy"] is False


def test_an_unreadable_sqlite_file_is_reported_unhealthy(tmp_path: Path) -> None:
    db_path = tmp_path / "promesa.sqlite3"
    db_path.mkdir()  # a directory where the database file should be

    result = probe_health(f"sqlite:///{db_path}")

    assert result["status_code"] == 503


@pytest.mark.django_db
def test_a_queue_with_a_task_waiting_too_long_is_unhealthy(client: Client) -> None:
    # given a task enqueued an hour ago that no worker picked up
    organization = Organization.objects.create(name="Aguas de Prueba", slug="prueba")
    user_create(
        email="nuevo@prueba.test", full_name="Nuevo", role=Role.AGENT, organization=organization
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"]["healthy"] is False
