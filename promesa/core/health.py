"""Health checks for the database and the background-task queue."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    healthy: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("health: database unreachable", extra={"error": str(exc)})
        return Check("database", False, "unreachable")
    return Check("database", True, connection.vendor)


def check_task_queue() -> Check:
    """The queue is unhealthy when a task ready to run has waited too long (no worker)."""
    from django_tasks_db.models import DBTaskResult

    try:
        oldest = (
            DBTaskResult.objects.ready()
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
        waiting = DBTaskResult.objects.ready().count()
    except DatabaseError:
        return Check("task_queue", False, "unreachable")
    if oldest is not None:
        delay = timezone.now() - oldest
        if delay > timedelta(seconds=settings.TASK_QUEUE_MAX_DELAY_SECONDS):
            return Check(
                "task_queue", False, f"{waiting} waiting, oldest {int(delay.total_seconds())} s"
            )
    return Check("task_queue", True, f"{waiting} waiting")


def run_checks() -> list[Check]:
    database = check_database()
    if not database.healthy:
        return [database, Check("task_queue", False, "database unreachable")]
    return [database, check_task_queue()]
