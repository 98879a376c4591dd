"""Schemathesis fuzzes the API from its own OpenAPI schema: no input may cause a 500."""

from __future__ import annotations

import pytest
import schemathesis
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


@pytest.mark.django_db
@FUZZED.parametrize()
@FUZZ_SETTINGS
def test_no_input_makes_the_api_fail(case: schemathesis.Case, world: World) -> None:
    _, key = api_token_create(user=world.lucia, name="fuzz")

    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=[not_a_server_error])
