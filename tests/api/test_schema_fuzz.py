"""Schemathesis fuzzes the API from its own OpenAPI schema: no input may cause a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from promesa.accounts.services import api_token_create
from tests.conftest import World

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

FUZZED = schema.include(
    path_regex=r"^/api/v1/(cases|deadlines/preview)$",
)

FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def _keep_the_test_connection() -> Iterator[None]:
    # Schemathesis calls the WSGI application directly, which fires request_started. Django
    # then closes connections whose autocommit differs from the settings, and inside the
    # test's transaction it does: on PostgreSQL that closes the test's own connection.
    # Django's test client disconnects these handlers in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_connection")
@FUZZED.parametrize()
@FUZZ_SETTINGS
def test_no_input_makes_the_api_fail(case: schemathesis.Case, world: World) -> None:
    _, key = api_token_create(user=world.lucia, name="fuzz")

    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=[not_a_server_error])
