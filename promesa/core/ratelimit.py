"""Sliding-window counters in the database, for sign-ins, tracking look-ups and filings.

Every hit is a row (``RateLimitHit``), so all web processes and nodes share one count on
every deployment, the embedded SQLite install included, and a window is "the last N
seconds", not a clock hour. Identities are stored as SHA-256 digests. Checking and counting
are two statements: two requests racing at the limit may both pass, which only lets one
attempt more through.

``Throttle`` slows a guesser down without locking the owner out: it counts failures per
client address, per target (an account, a filing number) and per pair, and makes only the
addresses that failed on a target wait, with a wait that doubles with each failure. See
docs/decisions/0012-throttle-the-attacker-not-the-owner.md.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from promesa.core.models import RateLimitHit

# Rows older than this are deleted as new ones arrive; longer than any window in use.
RETENTION = timedelta(days=1)


def _digest(identity: str) -> str:
    return hashlib.sha256(identity.encode()).hexdigest()


def _recent(scope: str, identity: str, window_seconds: int, now: datetime | None) -> list[datetime]:
    since = (now or timezone.now()) - timedelta(seconds=window_seconds)
    return list(
        RateLimitHit.objects.filter(scope=scope, key=_digest(identity), at__gt=since)
        .order_by("at")
        .values_list("at", flat=True)
    )


def hits(*, scope: str, identity: str, window_seconds: int, now: datetime | None = None) -> int:
    """How many times ``identity`` was counted in the last ``window_seconds``."""
    since = (now or timezone.now()) - timedelta(seconds=window_seconds)
    return RateLimitHit.objects.filter(scope=scope, key=_digest(identity), at__gt=since).count()


def hit(*, scope: str, identity: str, now: datetime | None = None) -> None:
    """Count one attempt now; rows past ``RETENTION`` are pruned on the way."""
    now = now or timezone.now()
    RateLimitHit.objects.filter(at__lt=now - RETENTION).delete()
    RateLimitHit.objects.create(scope=scope, key=_digest(identity), at=now)


def is_limited(
    *, scope: str, identity: str, limit: int, window_seconds: int, now: datetime | None = None
) -> bool:
    return hits(scope=scope, identity=identity, window_seconds=window_seconds, now=now) >= limit


def seconds_until_free(
    *, scope: str, identity: str, limit: int, window_seconds: int, now: datetime | None = None
) -> int:
    """0 when under the limit; otherwise how long until the oldest counted hit ages out."""
    now = now or timezone.now()
    recent = _recent(scope, identity, window_seconds, now)
    if len(recent) < limit:
        return 0
    frees_at = recent[len(recent) - limit] + timedelta(seconds=window_seconds)
    return max(1, math.ceil((frees_at - now).total_seconds()))


def reset(*, scope: str, identity: str) -> None:
    RateLimitHit.objects.filter(scope=scope, key=_digest(identity)).delete()


@dataclass(frozen=True)
class Throttle:
    """Failures counted per client, per target and per (client, target), with backoff.

    - A client address with ``client_limit`` failures in the window waits until the oldest
      ages out, whatever the target (one address spraying many targets).
    - A (client, target) pair gets ``free`` failures, then waits ``base_seconds`` after its
      last failure, doubling with each further failure, up to ``max_wait_seconds``.
    - A target with ``target_alarm`` failures in the window (many addresses at once) makes
      every pair that failed on it back off from its first failure.
    - A client that never failed on the target is never delayed by the target's count, so
      the owner with the right secret from another address gets in.
    """

    scope: str
    client_limit: int
    free: int
    target_alarm: int
    window_seconds: int
    base_seconds: int = 30
    max_wait_seconds: int = 60 * 60

    def _pair(self, client: str, target: str) -> str:
        return f"{client}\n{target}"

    def wait_seconds(self, *, client: str, target: str, now: datetime | None = None) -> int:
        """0 when the client may try the target now; otherwise the seconds it must wait."""
        now = now or timezone.now()
        client_wait = seconds_until_free(
            scope=f"{self.scope}:client",
            identity=client,
            limit=self.client_limit,
            window_seconds=self.window_seconds,
            now=now,
        )
        pair = _recent(f"{self.scope}:pair", self._pair(client, target), self.window_seconds, now)
        if not pair:
            return client_wait
        free = self.free
        if (
            hits(
                scope=f"{self.scope}:target",
                identity=target,
                window_seconds=self.window_seconds,
                now=now,
            )
            >= self.target_alarm
        ):
            free = 0
        over = len(pair) - free
        if over < 0:
            return client_wait
        wait = min(self.base_seconds * 2**over, self.max_wait_seconds)
        pair_wait = math.ceil((pair[-1] + timedelta(seconds=wait) - now).total_seconds())
        return max(client_wait, pair_wait, 0)

    def failed(self, *, client: str, target: str, now: datetime | None = None) -> None:
        now = now or timezone.now()
        hit(scope=f"{self.scope}:client", identity=client, now=now)
        hit(scope=f"{self.scope}:target", identity=target, now=now)
        hit(scope=f"{self.scope}:pair", identity=self._pair(client, target), now=now)

    def succeeded(self, *, client: str, target: str) -> None:
        """The pair's own failures are forgiven; the target's count stays as evidence."""
        reset(scope=f"{self.scope}:pair", identity=self._pair(client, target))


def minutes(seconds: int) -> int:
    """Whole minutes to tell a person, never 0."""
    return max(1, math.ceil(seconds / 60))


def client_address(meta: Mapping[str, object]) -> str:
    """The client's address, looking through the trusted reverse proxies in front of us.

    With TRUSTED_PROXY_COUNT = N, the N-th address from the right of X-Forwarded-For is the
    one our own proxy saw; anything further left was written by the client and is not
    trusted. Without proxies, REMOTE_ADDR is the client.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [p.strip() for p in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(meta.get("REMOTE_ADDR") or "unknown")
