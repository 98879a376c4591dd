"""`promesa serve` checks its settings and turns its options into gunicorn's."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from promesa.core.management.commands import serve
from promesa.core.management.commands.serve import Command, GunicornLogger


def options(**overrides: Any) -> dict[str, Any]:
    """The options ``promesa serve`` passes to handle() when given no arguments."""
    parser = Command().create_parser("promesa", "serve")
    defaults = vars(parser.parse_args([]))
    return {**defaults, **overrides}


@override_settings(DEBUG=True)
def test_it_refuses_to_serve_with_debug_on() -> None:
    with pytest.raises(CommandError, match="DEBUG is on"):
        call_command("serve", "--no-collectstatic")


@override_settings(DEBUG=False, SECRET_KEY="insecure-development-key-not-for-production")
def test_it_refuses_to_serve_with_the_development_secret_key() -> None:
    with pytest.raises(CommandError, match="SECRET_KEY is the public development key"):
        call_command("serve", "--no-collectstatic")


def test_by_default_it_runs_preloaded_sync_workers_without_an_access_log() -> None:
    gunicorn = Command.gunicorn_options(options(workers=2))

    assert gunicorn["worker_class"] == "sync"
    assert gunicorn["workers"] == 2
    assert gunicorn["bind"] == [settings.SERVE_BIND]
    assert gunicorn["preload_app"] is True
    assert gunicorn["accesslog"] is None
    assert gunicorn["logger_class"] is GunicornLogger
    assert gunicorn["max_requests"] == 5000
    assert gunicorn["max_requests_jitter"] == 500


def test_more_than_one_thread_switches_to_gthread_workers() -> None:
    gunicorn = Command.gunicorn_options(options(threads=4))

    assert gunicorn["worker_class"] == "gthread"
    assert gunicorn["threads"] == 4


def test_explicit_options_reach_gunicorn() -> None:
    gunicorn = Command.gunicorn_options(
        options(
            bind=["0.0.0.0:9000", "unix:/run/promesa.sock"],
            max_requests=0,
            max_requests_jitter=0,
            access_log=True,
            preload=False,
            timeout=60,
        )
    )

    assert gunicorn["bind"] == ["0.0.0.0:9000", "unix:/run/promesa.sock"]
    assert gunicorn["max_requests"] == 0
    assert gunicorn["max_requests_jitter"] == 0
    assert gunicorn["accesslog"] == "-"
    assert gunicorn["preload_app"] is False
    assert gunicorn["timeout"] == 60


def test_the_automatic_worker_count_is_two_per_core_plus_one_at_most_eight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert serve.automatic_workers() == 5

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)))
    assert serve.automatic_workers() == 8


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_it_rejects_a_worker_count_that_is_not_positive(value: str) -> None:
    with pytest.raises(CommandError, match="--workers"):
        call_command("serve", "--workers", value)
