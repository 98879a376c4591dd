"""Bearer-token authentication for the REST API."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from promesa.accounts.models import ApiToken, User
from promesa.accounts.services import api_token_hash

# Writing last_used_at on every request would turn each read into a write; a minute is
# precise enough to tell a live integration from a forgotten one.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class BearerToken(HttpBearer):
    """``Authorization: Bearer pro_…``; revoked tokens and inactive users are refused."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        key = token.strip()
        if not key.startswith("pro_") or len(key) > 200:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=api_token_hash(key), revoked_at=None, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        stale = now - LAST_USED_RESOLUTION
        if api_token.last_used_at is None or api_token.last_used_at < stale:
            # Conditional update: concurrent requests write at most once per minute.
            ApiToken.objects.filter(
                Q(last_used_at=None) | Q(last_used_at__lt=stale), pk=api_token.pk
            ).update(last_used_at=now)
        # Handlers read the token's own permissions (e.g. may_choose_regime_and_channel).
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user
