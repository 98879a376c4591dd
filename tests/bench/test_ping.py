"""The benchmark's trivial view exists only when the benchmark switches it on."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import clear_url_caches

import config.urls


@pytest.fixture
def ping_enabled(settings: Any) -> Iterator[None]:
    settings.BENCH_PING = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.BENCH_PING = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_a_normal_deployment_has_no_ping_url(client: Client) -> None:
    response = client.get("/bench/ping/")

    assert response.status_code == 404


@pytest.mark.usefixtures("ping_enabled")
def test_the_benchmark_flag_mounts_a_small_json_ping(client: Client) -> None:
    response = client.get("/bench/ping/")

    assert response.status_code == 200
    assert response.json() == {"pong": True}
