"""Domain events: the lower apps publish what happened, the apps above subscribe to it.

A service writes the row that records what happened (a case event, a note) and calls
:func:`publish` in its own transaction. Each subscriber registered for the event's kind, in
its app's ``AppConfig.ready``, then runs in one of two ways:

- **queued** (the default): one task of the database queue per subscriber, written in the
  same transaction as the event, so a committed event is never without its reactions and a
  rolled-back one has none. The single generic task :func:`promesa.core.tasks.deliver_event`
  loads the row and calls the subscriber; a subscriber that fails fails its own task only.
  Each (subscriber, row) runs to completion once: the run is recorded in
  :class:`~promesa.core.models.EventDelivery` in the transaction of the subscriber's work,
  so a second run of the task finds it and does nothing, and a failed run leaves no record
  and may be run again.
- **inline**: called at once inside the service's transaction, for a read model that must
  never be behind a committed write (the search index). Its failure aborts the service, as
  any failing write of the service would.

Core knows no app above it: an event is its kind, the row that records it and the
organization, and a subscriber is found by its dotted path in the registry, never imported
from a task argument. See docs/decisions/0015-domain-events-and-subscribers.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

__all__ = [
    "Delivery",
    "Subscriber",
    "publish",
    "subscribe",
    "subscriber_named",
    "subscribers",
    "subscribers_of",
    "unsubscribe",
]


@dataclass(frozen=True)
class Delivery:
    """One event as a subscriber receives it.

    ``record`` is the row that records the event (for the cases app a ``CaseEvent``, an
    ``InternalNote`` or an ``InternalRequestMessage``). ``context`` holds the transient facts
    the publisher gave that are stored nowhere else, such as the tracking code that only the
    acknowledgement may carry (docs/decisions/0007-tracking-code-in-ack.md).
    """

    kind: str
    record: Any
    organization_id: int
    context: Mapping[str, str] = field(default_factory=dict)


Handler = Callable[[Delivery], None]


@dataclass(frozen=True)
class Subscriber:
    """A handler and the event kinds it reacts to."""

    name: str
    kinds: frozenset[str]
    handler: Handler
    inline: bool = False
    # Messages people: skipped when the publisher asks for no notices (history imports).
    notifies: bool = False


_registry: dict[str, Subscriber] = {}


def _name_of(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def subscribe(
    kinds: str | Iterable[str],
    handler: Handler,
    *,
    inline: bool = False,
    notifies: bool = False,
) -> Subscriber:
    """Register ``handler`` for the event kinds ``kinds``; call it from ``AppConfig.ready``.

    Registering the same handler again replaces its entry, so a ready() that runs twice
    (tests, autoreload) does not make it run twice.
    """
    kinds = frozenset([kinds] if isinstance(kinds, str) else kinds)
    if not kinds:
        raise ValueError("A subscriber needs at least one event kind.")
    subscriber = Subscriber(
        name=_name_of(handler), kinds=kinds, handler=handler, inline=inline, notifies=notifies
    )
    _registry[subscriber.name] = subscriber
    return subscriber


def unsubscribe(handler: Handler) -> None:
    """Remove ``handler`` from the registry (for tests that register their own)."""
    _registry.pop(_name_of(handler), None)


def subscribers() -> list[Subscriber]:
    """Every registered subscriber, by name."""
    return sorted(_registry.values(), key=lambda subscriber: subscriber.name)


def subscribers_of(kind: str) -> list[Subscriber]:
    """The subscribers of ``kind``, by name (the order the tasks are enqueued in)."""
    return [subscriber for subscriber in subscribers() if kind in subscriber.kinds]


def subscriber_named(name: str) -> Subscriber:
    """The registered subscriber called ``name``; LookupError for one no app registers."""
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"No subscriber is registered as {name!r}.") from None


def publish(
    record: models.Model,
    *,
    kind: str,
    organization_id: int,
    notify: bool = True,
    context: Mapping[str, str] | None = None,
) -> None:
    """Hand the event recorded by ``record`` to its subscribers, in the caller's transaction.

    Inline subscribers run now; queued ones get one task each. ``notify=False`` skips the
    subscribers that message people (a history import tells nobody). ``context`` travels
    only in the queued tasks' arguments and in the inline calls, never into the event.
    """
    from promesa.core.tasks import deliver_event

    context = dict(context or {})
    label = record._meta.label_lower
    for subscriber in subscribers_of(kind):
        if subscriber.notifies and not notify:
            continue
        if subscriber.inline:
            subscriber.handler(
                Delivery(kind=kind, record=record, organization_id=organization_id, context=context)
            )
            continue
        deliver_event.enqueue(
            subscriber=subscriber.name,
            kind=kind,
            model=label,
            pk=record.pk,
            organization_id=organization_id,
            context=context,
        )
