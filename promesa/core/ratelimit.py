"""Fixed-window counters in the cache, for login attempts and public endpoints.

The cache is shared between web processes when CACHE_URL points at Redis; with the default
local-memory cache each process counts on its own, which is acceptable for one node.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, identity: str, window_seconds: int) -> str:
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    window = int(time.time() // window_seconds)
    return f"rl:{scope}:{digest}:{window}"


def hits(*, scope: str, identity: str, window_seconds: int) -> int:
    """How many times ``identity`` was counted in the current window."""
    return int(cache.get(_key(scope, identity, window_seconds), 0))


def hit(*, scope: str, identity: str, window_seconds: int) -> int:
    """Count one more attempt and return the total in the current window."""
    key = _key(scope, identity, window_seconds)
    # add() is atomic on every backend: it only sets the key when it is absent.
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window_seconds)
        return 1


def is_limited(*, scope: str, identity: str, limit: int, window_seconds: int) -> bool:
    return hits(scope=scope, identity=identity, window_seconds=window_seconds) >= limit


def reset(*, scope: str, identity: str, window_seconds: int) -> None:
    cache.delete(_key(scope, identity, window_seconds))


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
