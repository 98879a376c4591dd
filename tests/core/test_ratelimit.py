"""The rate-limit counts are shared by every process and slide with time."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.utils import timezone

from promesa.core import ratelimit
from promesa.core.models import RateLimitHit


def in_another_thread(work: Any) -> Any:
    """Run ``work`` on its own database connection, as another web process would."""
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return result[0] if result else None


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_count() -> None:
    for _ in range(3):
        ratelimit.hit(scope="test", identity="203.0.113.1")
    # Read after the hits: a transactional test may start with the connection still closed.
    main_connection = connection.connection
    assert main_connection is not None

    def count_elsewhere() -> tuple[Any, int]:
        count = ratelimit.hits(scope="test", identity="203.0.113.1", window_seconds=60)
        # The object itself, read once the query opened it, not its id(): once that thread's
        # connection is closed and collected, CPython may give a new object the same id.
        return connections["default"].connection, count

    seen_elsewhere = in_another_thread(count_elsewhere)
    in_another_thread(lambda: ratelimit.hit(scope="test", identity="203.0.113.1"))

    other_connection, count = seen_elsewhere
    assert other_connection is not None
    assert other_connection is not main_connection
    assert count == 3
    assert ratelimit.hits(scope="test", identity="203.0.113.1", window_seconds=60) == 4


@pytest.mark.django_db
def test_the_count_does_not_live_in_a_process_cache(settings: Any) -> None:
    for _ in range(3):
        ratelimit.hit(scope="test", identity="203.0.113.1")

    # Another process has its own local-memory cache: a fresh, empty one.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "another-process",
        }
    }
    caches["default"].clear()

    assert ratelimit.hits(scope="test", identity="203.0.113.1", window_seconds=60) == 3


@pytest.mark.django_db
def test_the_window_slides_instead_of_resetting_on_the_hour() -> None:
    now = timezone.now().replace(minute=59, second=30)
    for seconds_ago in (3000, 1200, 20):
        ratelimit.hit(scope="test", identity="x", now=now - timedelta(seconds=seconds_ago))

    # A fixed hourly window would forget all three 31 seconds later, on the hour.
    later = now + timedelta(seconds=31)
    assert ratelimit.hits(scope="test", identity="x", window_seconds=3600, now=later) == 3
    assert ratelimit.is_limited(scope="test", identity="x", limit=3, window_seconds=3600, now=later)
    # The oldest ages out 3600 seconds after it happened, and only it.
    after_oldest = now + timedelta(seconds=601)
    assert ratelimit.hits(scope="test", identity="x", window_seconds=3600, now=after_oldest) == 2
    assert (
        ratelimit.seconds_until_free(
            scope="test", identity="x", limit=3, window_seconds=3600, now=now
        )
        == 600
    )


@pytest.mark.django_db
def test_identities_are_stored_only_as_digests() -> None:
    ratelimit.hit(scope="test", identity="ana@correo.test")

    assert "ana" not in RateLimitHit.objects.get().key
