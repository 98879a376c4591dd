import os
from pathlib import Path

import pytest
from django.db import connection

from config.env import SettingsError, cache_config, database_config, env_bool, env_int, env_list


def test_without_database_url_it_uses_a_sqlite_file_in_wal_mode(tmp_path: Path) -> None:
    config = database_config(None, default_sqlite_path=tmp_path / "db" / "promesa.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db" / "promesa.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert (tmp_path / "db").is_dir()


def test_a_postgres_url_gives_host_port_user_and_database(tmp_path: Path) -> None:
    config = database_config(
        "postgres://promesa:secreto@db.internal:6543/promesa", default_sqlite_path=tmp_path / "x"
    )

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["USER"], config["NAME"]) == (
        "db.internal",
        6543,
        "promesa",
        "promesa",
    )
    assert config["PASSWORD"] == "secreto"
    assert config["CONN_HEALTH_CHECKS"] is True


def test_a_database_other_than_sqlite_or_postgres_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="SQLite or PostgreSQL"):
        database_config("mysql://root@localhost/promesa", default_sqlite_path=tmp_path / "x")


def test_a_nonsense_database_url_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        database_config("nonsense://what", default_sqlite_path=tmp_path / "x")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Sí", True), ("yes", True), ("0", False), ("off", False)],
)
def test_booleans_read_the_usual_spellings(raw: str, expected: bool) -> None:
    assert env_bool("DEBUG", not expected, {"DEBUG": raw}) is expected


def test_a_boolean_that_is_neither_true_nor_false_is_refused() -> None:
    with pytest.raises(SettingsError, match="DEBUG must be true or false"):
        env_bool("DEBUG", False, {"DEBUG": "maybe"})


def test_missing_values_take_the_default() -> None:
    assert env_bool("DEBUG", True, {}) is True
    assert env_int("EMAIL_PORT", 25, {}) == 25
    assert env_list("ALLOWED_HOSTS", ["localhost"], {}) == ["localhost"]


def test_numbers_and_lists_are_parsed() -> None:
    assert env_int("EMAIL_PORT", 25, {"EMAIL_PORT": "587"}) == 587
    assert env_list("ALLOWED_HOSTS", [], {"ALLOWED_HOSTS": "a.co, b.co,,"}) == ["a.co", "b.co"]
    with pytest.raises(SettingsError, match="whole number"):
        env_int("EMAIL_PORT", 25, {"EMAIL_PORT": "twenty"})


def test_the_cache_is_local_memory_unless_redis_is_given() -> None:
    assert cache_config(None)["BACKEND"].endswith("LocMemCache")
    assert cache_config("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(SettingsError):
        cache_config("memcached://x")


def test_the_project_defaults_to_spanish_and_bogota() -> None:
    from config import settings

    assert settings.LANGUAGE_CODE == "es-co"
    assert settings.TIME_ZONE == "America/Bogota"
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_the_tests_run_on_the_database_engine_the_run_names() -> None:
    # given the engine the run asks for: CI names it, otherwise DATABASE_URL implies it
    url = os.environ.get("DATABASE_URL", "")
    implied = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    expected = os.environ.get("PROMESA_TEST_ENGINE", implied)

    # then the tests really talk to it, so the PostgreSQL-only tests cannot be skipped unseen
    assert connection.vendor == expected, (
        f"this run should use {expected} but the tests use {connection.vendor}"
    )
