"""The spam checks refuse robots and tell people why, without outside services."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import signing
from django.db.models import F
from django.forms import ValidationError
from django.test import RequestFactory

from promesa.core import spam
from promesa.core.models import RateLimitHit

pytestmark = pytest.mark.django_db

VIEW = "portal-file"


@pytest.fixture(autouse=True)
def _defaults(settings: Any) -> None:
    settings.SPAM_MIN_SECONDS = 3
    settings.SPAM_PROOF_OF_WORK_BITS = 0
    settings.PUBLIC_FILING_RATE_LIMIT = 10


def post(**data: str) -> Any:
    return RequestFactory().post("/pqrs/radicar/", data, REMOTE_ADDR="203.0.113.9")


def aged(seconds: float) -> str:
    with mock.patch("promesa.core.spam.time.time", return_value=time.time() - seconds):
        return spam.issue_token(view=VIEW)


def code_of(data: dict[str, str], view: str = VIEW) -> str:
    with pytest.raises(ValidationError) as error:
        spam.check_submission(post(**data), data, view=view)
    return str(error.value.code)


def test_a_person_who_took_their_time_passes() -> None:
    data = {spam.TOKEN_FIELD: aged(30)}

    spam.check_submission(post(**data), data, view=VIEW)


def test_a_filled_honeypot_is_refused() -> None:
    assert code_of({spam.TOKEN_FIELD: aged(30), spam.HONEYPOT_FIELD: "http://spam"}) == "honeypot"


def test_a_form_sent_too_fast_is_refused_with_the_reason() -> None:
    data = {spam.TOKEN_FIELD: spam.issue_token(view=VIEW)}

    with pytest.raises(ValidationError) as error:
        spam.check_submission(post(**data), data, view=VIEW)

    assert error.value.code == "too_fast"
    assert "demasiado rápido" in error.value.messages[0]


def test_a_tampered_or_missing_token_is_refused() -> None:
    token = aged(30)
    assert code_of({spam.TOKEN_FIELD: token[:-2] + "xx"}) == "bad_token"
    assert code_of({}) == "bad_token"


def test_a_token_older_than_twelve_hours_is_refused() -> None:
    assert code_of({spam.TOKEN_FIELD: aged(13 * 3600)}) == "expired"


def test_a_token_signed_for_something_else_is_refused() -> None:
    other = signing.dumps({"t": time.time() - 60, "c": ""}, salt="another-salt")
    assert code_of({spam.TOKEN_FIELD: other}) == "bad_token"


def test_the_filing_rate_limit_applies_per_address(settings: Any) -> None:
    settings.PUBLIC_FILING_RATE_LIMIT = 2
    for _ in range(2):
        data = {spam.TOKEN_FIELD: aged(30)}
        spam.check_submission(post(**data), data, view=VIEW)

    data = {spam.TOKEN_FIELD: aged(30)}
    with pytest.raises(ValidationError) as error:
        spam.check_submission(post(**data), data, view=VIEW)

    assert error.value.code == "rate_limited"
    assert "demasiadas solicitudes" in error.value.messages[0]


def test_proof_of_work_is_required_when_switched_on(settings: Any) -> None:
    settings.SPAM_PROOF_OF_WORK_BITS = 8
    token = aged(30)
    challenge = spam.token_challenge(token)
    nonce = next(
        str(n)
        for n in range(100_000)
        if hashlib.sha256(f"{challenge}{n}".encode()).digest()[0] == 0
    )

    assert code_of({spam.TOKEN_FIELD: token, spam.NONCE_FIELD: ""}) == "proof_of_work"
    data = {spam.TOKEN_FIELD: token, spam.NONCE_FIELD: nonce}
    spam.check_submission(post(**data), data, view=VIEW)


def test_a_token_files_only_once() -> None:
    data = {spam.TOKEN_FIELD: aged(30)}
    spam.check_submission(post(**data), data, view=VIEW)

    assert code_of(data) == "reused"


def test_a_token_from_another_form_page_is_refused() -> None:
    data = {spam.TOKEN_FIELD: aged(30)}

    assert code_of(data, view="portal-embed") == "bad_token"
    spam.check_submission(post(**data), data, view=VIEW)


def test_a_token_without_a_page_or_nonce_is_refused() -> None:
    legacy = signing.dumps({"t": time.time() - 60, "c": ""}, salt="promesa.intake.spam.form-token")

    assert code_of({spam.TOKEN_FIELD: legacy}) == "bad_token"


def test_the_filing_limit_counts_the_last_hour_not_the_clock_hour(settings: Any) -> None:
    settings.PUBLIC_FILING_RATE_LIMIT = 2
    for _ in range(2):
        data = {spam.TOKEN_FIELD: aged(30)}
        spam.check_submission(post(**data), data, view=VIEW)
    # 59 minutes later both filings are still within the last hour.
    RateLimitHit.objects.update(at=F("at") - timedelta(minutes=59))
    assert code_of({spam.TOKEN_FIELD: aged(30)}) == "rate_limited"

    # Two minutes more and they are not.
    RateLimitHit.objects.update(at=F("at") - timedelta(minutes=2))
    data = {spam.TOKEN_FIELD: aged(30)}
    spam.check_submission(post(**data), data, view=VIEW)


def test_leading_zero_bits_are_counted_across_bytes() -> None:
    assert spam.leading_zero_bits(b"\x00\x0f" + b"\xff" * 30) == 12
    assert spam.leading_zero_bits(b"\x80" + b"\x00" * 31) == 0
