import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_production_settings_pass_djangos_deployment_checks(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PROMESA_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "TRACKING_CODE_KEY": "another-long-random-tracking-key-" + "z" * 40,
        "ALLOWED_HOSTS": "pqrs.example.co",
        "PROMESA_VAR_DIR": str(tmp_path),
    }
    env.pop("DEBUG", None)

    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {**os.environ, "PROMESA_ENV": "production", "PROMESA_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)

    completed = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=ROOT, capture_output=True, text=True
    )

    assert completed.returncode != 0
    assert "SECRET_KEY must be set in production" in completed.stderr


def test_production_refuses_to_start_without_a_tracking_code_key(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PROMESA_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "PROMESA_VAR_DIR": str(tmp_path),
    }
    env.pop("TRACKING_CODE_KEY", None)

    completed = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=ROOT, capture_output=True, text=True
    )

    assert completed.returncode != 0
    assert "TRACKING_CODE_KEY must be set in production" in completed.stderr
