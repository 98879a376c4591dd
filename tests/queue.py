"""The task queue as the tests see it: the subscriber runs waiting in it, and the worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django_tasks_db.management.commands.db_worker import Worker
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
    """Run every ready task in order, as ``promesa worker`` does, until the queue is empty.

    The worker's own loop (``db_worker --batch``) closes the database connection between
    tasks, which a test inside a transaction cannot survive on PostgreSQL; this claims and
    runs each task with the worker's own ``run_task``, so a failing task fails alone.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    while (task := DBTaskResult.objects.ready().order_by("enqueued_at", "id").first()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
