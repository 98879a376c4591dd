"""Keeping robots out of the public forms without third-party services.

Four checks, cheapest first: a honeypot field people never see, a signed token that dates
when the form was shown (too fast or too old is refused), an optional proof of work the
browser computes, and a limit of filings per client address in the last hour. The token is
bound to the form page that issued it and files once. Every refusal says why in plain words,
because a person may have tripped it.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.forms import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.core import ratelimit
from promesa.core.models import SpentFormToken

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"  # noqa: S105 (a form field name, not a secret)
NONCE_FIELD = "pow_nonce"

_SALT = "promesa.intake.spam.form-token"
# A form left open longer than this is refused: its token could have been harvested.
TOKEN_MAX_AGE_SECONDS = 12 * 60 * 60
_RATE_SCOPE = "public-filing"
_RATE_WINDOW_SECONDS = 60 * 60


def issue_token(*, view: str) -> str:
    """A signed token: when the form was shown, by which ``view``, a nonce and, if on, a
    work challenge."""
    challenge = secrets.token_hex(16) if settings.SPAM_PROOF_OF_WORK_BITS > 0 else ""
    return signing.dumps(
        {"t": time.time(), "c": challenge, "v": view, "n": secrets.token_hex(16)},
        salt=_SALT,
        compress=False,
    )


def token_challenge(token: str) -> str:
    """The proof-of-work challenge inside a token issued by ``issue_token``."""
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return ""
    return str(payload.get("c", "")) if isinstance(payload, dict) else ""


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def proof_of_work_valid(challenge: str, nonce: str, bits: int) -> bool:
    """True when sha256(challenge + nonce) starts with ``bits`` zero bits."""
    if not challenge or not nonce or len(nonce) > 64:
        return False
    digest = hashlib.sha256(f"{challenge}{nonce}".encode()).digest()
    return leading_zero_bits(digest) >= bits


def check_submission(request: HttpRequest, data: Mapping[str, Any], *, view: str) -> None:
    """Refuse a submission that looks automated; raises ``ValidationError`` with a code.

    ``view`` names the form page receiving it: a token issued by another page is refused.
    A submission that passes spends its token and counts against the client address's
    limit for the last hour.
    """
    if str(data.get(HONEYPOT_FIELD, "")).strip():
        raise ValidationError(
            _(
                "We could not accept the form because a field meant to stay empty was "
                "filled in. If you used an automatic form filler, clear that field and "
                "send it again."
            ),
            code="honeypot",
        )
    payload = _read_token(str(data.get(TOKEN_FIELD, "")))
    if payload.get("v") != view or not payload.get("n"):
        raise ValidationError(
            _(
                "We could not check that the form came from this page. Reload the page and "
                "send it again."
            ),
            code="bad_token",
        )
    elapsed = time.time() - float(payload.get("t", 0))
    if elapsed < settings.SPAM_MIN_SECONDS:
        raise ValidationError(
            _("Your request was sent too quickly. Wait a few seconds and send it again."),
            code="too_fast",
        )
    bits = settings.SPAM_PROOF_OF_WORK_BITS
    if bits > 0 and not proof_of_work_valid(
        str(payload.get("c", "")), str(data.get(NONCE_FIELD, "")), bits
    ):
        raise ValidationError(
            _(
                "The automatic security check did not finish. It needs JavaScript: turn "
                "it on, wait until the page says the check is ready and send the form again."
            ),
            code="proof_of_work",
        )
    identity = ratelimit.client_address(request.META)
    if ratelimit.is_limited(
        scope=_RATE_SCOPE,
        identity=identity,
        limit=settings.PUBLIC_FILING_RATE_LIMIT,
        window_seconds=_RATE_WINDOW_SECONDS,
    ):
        raise ValidationError(
            _("You have sent too many requests from this connection. Try again in an hour."),
            code="rate_limited",
        )
    _spend(str(payload["n"]))
    ratelimit.hit(scope=_RATE_SCOPE, identity=identity)


def _spend(nonce: str) -> None:
    """Record the token as used; a second use is refused."""
    now = timezone.now()
    SpentFormToken.objects.filter(
        spent_at__lt=now - timedelta(seconds=TOKEN_MAX_AGE_SECONDS)
    ).delete()
    try:
        with transaction.atomic():
            SpentFormToken.objects.create(nonce=nonce[:64], spent_at=now)
    except IntegrityError:
        raise ValidationError(
            _(
                "This form was already sent. To file another request, reload the page and "
                "fill it in again."
            ),
            code="reused",
        ) from None


def _read_token(token: str) -> dict[str, Any]:
    try:
        payload = signing.loads(token, salt=_SALT, max_age=TOKEN_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise ValidationError(
            _(
                "The form was open for more than 12 hours and has expired. Copy your text, "
                "reload the page and send it again."
            ),
            code="expired",
        ) from None
    except signing.BadSignature:
        payload = None
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), int | float):
        raise ValidationError(
            _(
                "We could not check that the form came from this page. Reload the page and "
                "send it again."
            ),
            code="bad_token",
        )
    return payload
