"""Schemathesis fuzzes the API from its own OpenAPI schema: no input may cause a 500.

One test fuzzes the filing and the list; the other follows the schema's links (promesa.api.links:
file, then read, then act) until every operation has been called.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from config.wsgi import application
from promesa.accounts.services import api_token_create
from tests.api.conftest import case_in_state
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


# Each round is a fresh random run; the rounds stop as soon as every operation was called.
ROUNDS = 10
STATEFUL_SETTINGS = settings(
    max_examples=8,
    stateful_step_count=12,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _every_operation() -> set[str]:
    labels = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # a schema error fails here, not silently
        labels.add(result.ok().label)
    return labels


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_connection")
def test_following_the_links_reaches_every_operation_without_a_server_error(world: World) -> None:
    # given cases in several states, lucia's key, and a machine that files, reads and acts
    # through the schema's links (a random filing is seldom valid, so the list seeds the links)
    for state in ("filed", "awaiting_requester", "answered"):
        case_in_state(world, state)
    _, key = api_token_create(user=world.lucia, name="stateful fuzz")
    called: set[str] = set()

    class FollowTheLinks(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Bearer {key}"}}

        def after_call(self, response: Any, case: schemathesis.Case) -> None:
            called.add(case.operation.label)

        def validate_response(self, response: Any, case: schemathesis.Case, **kwargs: Any) -> None:
            case.validate_response(response, checks=[not_a_server_error])

    # when it runs short scenarios, a few at a time, until it has called every operation
    for _round in range(ROUNDS):
        run_state_machine_as_test(FollowTheLinks, settings=STATEFUL_SETTINGS)
        if called == _every_operation():
            break

    # then no response was a server error and every operation of the API was called
    assert called == _every_operation()
