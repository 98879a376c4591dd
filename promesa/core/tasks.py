"""The one task every queued subscriber runs in (see ``promesa.core.events``)."""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import IntegrityError, transaction
from django_tasks import task

from promesa.core import events
from promesa.core.models import EventDelivery

logger = logging.getLogger(__name__)


@task()
def deliver_event(
    subscriber: str,
    kind: str,
    model: str,
    pk: int,
    organization_id: int,
    context: dict[str, str] | None = None,
) -> bool:
    """Load the event's row and give it to ``subscriber``, once; True when it ran.

    The delivery is recorded in the transaction of the subscriber's work: a second run
    (or a second worker) finds it and returns, while an exception rolls both back, fails
    this task alone and lets a later run try again. A row deleted since is nothing to do.
    """
    handler = events.subscriber_named(subscriber).handler
    row = apps.get_model(model)._default_manager.filter(pk=pk).first()
    if row is None:
        logger.info("event %s#%s is gone; %s has nothing to do", model, pk, subscriber)
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                EventDelivery.objects.create(subscriber=subscriber, model=model, object_pk=pk)
        except IntegrityError:
            return False
        handler(
            events.Delivery(
                kind=kind, record=row, organization_id=organization_id, context=context or {}
            )
        )
    return True
