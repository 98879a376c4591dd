"""Parsing of environment variables into settings values.

Kept apart from ``settings.py`` so the parsing rules can be tested without reloading
Django's settings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url

TRUE_VALUES = frozenset({"1", "true", "yes", "on", "si", "sí"})
FALSE_VALUES = frozenset({"0", "false", "no", "off", ""})


class SettingsError(ValueError):
    """An environment variable holds a value Promesa cannot use."""


def env_str(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if name not in env:
        return default
    value = env[name].strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise SettingsError(f"{name} must be true or false, not {env[name]!r}.")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    env = os.environ if environ is None else environ
    if name not in env or not env[name].strip():
        return default
    try:
        return int(env[name])
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {env[name]!r}.") from None


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    env = os.environ if environ is None else environ
    if name not in env:
        return list(default)
    return [item.strip() for item in env[name].split(",") if item.strip()]


def database_config(url: str | None, *, default_sqlite_path: Path) -> dict[str, Any]:
    """Return Django's DATABASES["default"] for a DATABASE_URL (SQLite file when unset)."""
    if not url:
        url = f"sqlite:///{default_sqlite_path}"
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except ValueError as exc:
        raise SettingsError(
            f"DATABASE_URL is not a database address Promesa knows: {exc}"
        ) from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web server read while the task worker writes; IMMEDIATE
        # transactions take the write lock up front instead of failing half way
        # with "database is locked" when two processes write at once.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=5000;"
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif engine == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise SettingsError(
            f"DATABASE_URL must point at SQLite or PostgreSQL, not {engine.rsplit('.', 1)[-1]}."
        )
    config["TEST"] = {"NAME": None}
    return config


def cache_config(url: str | None) -> dict[str, Any]:
    """Local memory by default; Redis when CACHE_URL is a redis:// address."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "promesa"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise SettingsError(f"CACHE_URL must be a redis:// address, not {url!r}.")
