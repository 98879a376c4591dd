"""The task queue as the tests see it: the subscriber runs waiting in it, and the worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from promesa.core.events import Delivery
from promesa.core.tasks import deliver_event


def deliveries(handler: Callable[[Delivery], None] | None = None) -> list[dict[str, Any]]:
    """The arguments of the subscriber runs in the queue, in order; of ``handler`` only if given."""
    rows = DBTaskResult.objects.filter(task_path=deliver_event.module_path).order_by(
        "enqueued_at", "id"
    )
    found = [row.args_kwargs["kwargs"] for row in rows]
    if handler is None:
        return found
    name = f"{handler.__module__}.{handler.__qualname__}"
    return [kwargs for kwargs in found if kwargs["subscriber"] == name]


def run_worker() -> None:
    """Run every ready task, as ``promesa worker`` would, until the queue is empty."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, queue_name="*", verbosity=0
    )
