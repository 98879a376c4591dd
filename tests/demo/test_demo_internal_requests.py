"""The demo opens a couple of internal requests so the inbox is not empty."""

from __future__ import annotations

from promesa.cases.choices import InternalRequestStatus
from promesa.cases.models import InternalRequest
from promesa.demo.loader import load_demo


def test_the_demo_history_comes_with_open_internal_requests(db: None) -> None:
    load_demo(history_cases=40)

    requests = list(InternalRequest.objects.select_related("from_area", "to_area"))

    assert 1 <= len(requests) <= 2
    assert all(r.status == InternalRequestStatus.OPEN for r in requests)
    assert all(r.from_area.code == "facturacion" for r in requests)
    assert all(r.due_date <= r.case.due_date for r in requests)
