from datetime import date
from typing import Any

from django.utils import translation

from promesa.core.ratelimit import client_address
from promesa.core.templatetags.promesa import long_date


def test_a_long_date_in_spanish_reads_in_lower_case() -> None:
    with translation.override("es-co"):
        assert long_date(date(2027, 1, 13)) == "miércoles 13 de enero de 2027"


def test_a_long_date_in_english_keeps_its_capitals() -> None:
    with translation.override("en"):
        assert long_date(date(2027, 1, 13)) == "Wednesday, January 13, 2027"


def test_without_proxies_the_client_is_the_remote_address(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    meta = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}

    assert client_address(meta) == "10.0.0.5"


def test_behind_one_proxy_the_client_is_the_address_it_saw(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # The leftmost entry was written by the client and could be forged.
    meta = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 181.50.1.9"}

    assert client_address(meta) == "181.50.1.9"
