"""The typed events of a case's history: one frozen dataclass per ``EventKind``.

This module is the only place where an event's JSON (``CaseEvent.data``) is written or read:
services build an event object and hand it to ``_record``; readers get it back from
``CaseEvent.payload`` (which calls :func:`parse`). The facts every reader needs are columns of
``CaseEvent`` instead (status, due date, area and assignee after the event), so they are not
repeated here. See docs/decisions/0016-events-and-personal-text.md.

Two kinds of field:

- **facts** (ids, dates, numbers, flags, codes) are stored in ``CaseEvent.data``, which is
  append-only; payloads hold ids, never display names, so a renamed area or person shows
  under its current name;
- **texts** (declared with :func:`personal_text`) are personal: what the requester wrote, what staff
  wrote to or about them. They are stored as ``CaseText`` rows that point at the event, so
  they can be exported, corrected and erased (habeas data) while the event stays.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any, ClassVar, Union

from promesa.cases.choices import (
    CaseTextKind,
    Channel,
    EventKind,
    ResponseChannel,
    SilenceExclusion,
)

JSONValue = Union[str, int, bool, None, list[int], list[str]]  # noqa: UP007 - a runtime alias

_TEXT = "personal_text"


class EventFormatError(ValueError):
    """Stored data that does not match its kind's payload (unknown key, wrong type)."""


def personal_text() -> Any:
    """Declare a personal text field: stored as a ``CaseText`` row, not in the JSON."""
    return dataclasses.field(default="", metadata={_TEXT: True})


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """What one kind of event records besides its columns."""

    kind: ClassVar[EventKind]

    def to_data(self) -> dict[str, JSONValue]:
        """The facts, as stored in ``CaseEvent.data``: JSON types only, texts left out."""
        return {
            f.name: _encode(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if not f.metadata.get(_TEXT)
        }

    def texts(self) -> dict[CaseTextKind, str]:
        """The personal texts that are not empty, by the ``CaseText`` kind that stores them."""
        return {
            CaseTextKind(f.name): value
            for f in dataclasses.fields(self)
            if f.metadata.get(_TEXT) and (value := getattr(self, f.name))
        }

    def as_dict(self) -> dict[str, JSONValue]:
        """Facts and texts together, for the API and exports."""
        return {**self.to_data(), **{str(k): v for k, v in self.texts().items()}}


def text_fields(cls: type[Event]) -> tuple[str, ...]:
    """The names of ``cls``'s personal text fields."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get(_TEXT))


def _encode(value: object) -> JSONValue:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if value is None or isinstance(value, str | int | bool):
        return value
    raise EventFormatError(f"{value!r} cannot be stored in an event.")


# --- the events, in the order of a case's life -------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class Filed(Event):
    """The case was registered. ``message_id`` is the requester's own e-mail (thread root);
    the staff registration's constancia fields are texts (Decreto 1166 de 2016)."""

    kind = EventKind.FILED
    channel: Channel
    legal_source: str
    term: int
    unit: str
    message_id: str = ""
    embedded: bool = False
    verbal: bool = False
    representative: str = personal_text()
    reasons: str = personal_text()
    documents: str = personal_text()
    verbal_answer: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Assigned(Event):
    """Given to a staff member (``assignee_after``); who had it before, if anybody."""

    kind = EventKind.ASSIGNED
    previous_assignee_id: int | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Moved(Event):
    """Sent to another area (``area_after``), unassigned; the area it left."""

    kind = EventKind.MOVED
    from_area_id: int
    note: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Started(Event):
    kind = EventKind.STARTED


@dataclasses.dataclass(frozen=True, kw_only=True)
class ClarificationRequested(Event):
    """The requester was asked to complete the request (Ley 1755 art. 17)."""

    kind = EventKind.CLARIFICATION_REQUESTED
    answer_by: date
    issued_on_time: bool
    pauses_clock: bool
    # What the term does meanwhile (``deadlines.WhileWaiting``); empty in older events.
    term_effect: str = ""
    message: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class ClarificationReceived(Event):
    kind = EventKind.CLARIFICATION_RECEIVED
    message: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Extended(Event):
    """The deadline was extended (the new one is ``due_date_after``)."""

    kind = EventKind.EXTENDED
    days: int
    previous_due_date: date
    reason: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Transferred(Event):
    """Sent to the competent entity (Ley 1755 art. 21); ``entity`` names an institution."""

    kind = EventKind.TRANSFERRED
    entity: str
    transfer_due: date
    on_time: bool
    cancelled_requests: tuple[int, ...] = ()
    reason: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Answered(Event):
    """The answer went out; ``area_after`` is the area that answered.

    ``author_id`` is the draft's author when a supervisor approved it (the actor); empty
    when the actor wrote and sent it."""

    kind = EventKind.ANSWERED
    channel: ResponseChannel
    on_time: bool
    author_id: int | None = None
    approved: bool = False
    text: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Closed(Event):
    kind = EventKind.CLOSED
    cancelled_requests: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Reopened(Event):
    kind = EventKind.REOPENED
    reason: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Withdrawn(Event):
    """Withdrawn by the requester, or tacitly once their term lapsed (Ley 1755 art. 17)."""

    kind = EventKind.WITHDRAWN
    tacit: bool = False
    cancelled_requests: tuple[int, ...] = ()
    reason: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class MessageReceived(Event):
    kind = EventKind.MESSAGE_RECEIVED
    channel: Channel
    message_id: str = ""
    text: str = personal_text()
    subject: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class DuplicateReceived(Event):
    kind = EventKind.DUPLICATE_RECEIVED
    channel: Channel
    message_id: str = ""
    embedded: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class InternalRequestOpened(Event):
    kind = EventKind.INTERNAL_REQUEST_OPENED
    request_id: int
    to_area_id: int
    due_date: date
    capped: bool
    question: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class InternalRequestAnswered(Event):
    kind = EventKind.INTERNAL_REQUEST_ANSWERED
    request_id: int
    to_area_id: int
    on_time: bool
    answer: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class InternalRequestCancelled(Event):
    kind = EventKind.INTERNAL_REQUEST_CANCELLED
    request_id: int
    to_area_id: int
    reason: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class AnswerSubmitted(Event):
    kind = EventKind.ANSWER_SUBMITTED
    draft_id: int | None
    channel: ResponseChannel
    text: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class AnswerReturned(Event):
    kind = EventKind.ANSWER_RETURNED
    draft_id: int | None
    author_id: int | None
    reason: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class PersonalDataCorrected(Event):
    """The requester's data was corrected (habeas data); which fields, never their values."""

    kind = EventKind.PERSONAL_DATA_CORRECTED
    fields: tuple[str, ...]


@dataclasses.dataclass(frozen=True, kw_only=True)
class PersonalDataErased(Event):
    """The requester's personal data and texts were erased; the history stays."""

    kind = EventKind.PERSONAL_DATA_ERASED
    texts_erased: int
    files_deleted: int
    reason: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class SilenceEffectsRecognised(Event):
    """The organization recognised the effects of positive silence (Ley 142 art. 158).

    ``occurred_on`` is the day the silence occurred; ``in_time`` whether the recognition came
    within the 72 hours the law gives.
    """

    kind = EventKind.SILENCE_EFFECTS_RECOGNISED
    occurred_on: date
    in_time: bool
    note: str = personal_text()


@dataclasses.dataclass(frozen=True, kw_only=True)
class SilenceExcluded(Event):
    """A manager recorded why positive silence does not apply (user delay, evidence)."""

    kind = EventKind.SILENCE_EXCLUDED
    cause: SilenceExclusion
    reason: str = personal_text()


EVENT_TYPES: Mapping[EventKind, type[Event]] = types.MappingProxyType(
    {cls.kind: cls for cls in Event.__subclasses__()}
)


_HINTS: dict[EventKind, dict[str, Any]] = {}


def _hints(cls: type[Event]) -> dict[str, Any]:
    if cls.kind not in _HINTS:
        _HINTS[cls.kind] = typing.get_type_hints(cls)
    return _HINTS[cls.kind]


def _decode(hint: Any, value: object, where: str) -> object:
    """``value`` read back into the type ``hint`` of a payload field."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        options = [h for h in typing.get_args(hint) if h is not type(None)]
        return None if value is None else _decode(options[0], value, where)
    if typing.get_origin(hint) is tuple:
        (item,) = typing.get_args(hint)[:1]
        if not isinstance(value, list):
            raise EventFormatError(f"{where}: expected a list, got {value!r}.")
        return tuple(_decode(item, v, where) for v in value)
    if hint is date:
        if not isinstance(value, str):
            raise EventFormatError(f"{where}: expected a date, got {value!r}.")
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is bool and not isinstance(value, bool):
        raise EventFormatError(f"{where}: expected true or false, got {value!r}.")
    if hint is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise EventFormatError(f"{where}: expected a number, got {value!r}.")
    if hint is str and not isinstance(value, str):
        raise EventFormatError(f"{where}: expected a text, got {value!r}.")
    return value


def parse(kind: str, data: Mapping[str, object], texts: Mapping[str, str] | None = None) -> Event:
    """The event stored as ``kind`` with the facts ``data`` and its ``CaseText`` bodies.

    Strict: a key the payload does not declare is an error, never silently dropped. Rows
    written before payloads were typed were rewritten by migration
    ``cases.0014_case_events_typed_payloads``, so only this format exists.
    """
    cls = EVENT_TYPES[EventKind(kind)]
    hints = _hints(cls)
    facts = {f.name for f in dataclasses.fields(cls) if not f.metadata.get(_TEXT)}
    unknown = set(data) - facts
    if unknown:
        raise EventFormatError(f"{kind}: unknown keys {sorted(unknown)}.")
    values: dict[str, object] = {
        name: _decode(hints[name], value, f"{kind}.{name}") for name, value in data.items()
    }
    for name in text_fields(cls):
        values[name] = (texts or {}).get(name, "")
    try:
        return cls(**values)
    except TypeError as exc:
        raise EventFormatError(f"{kind}: {exc}") from None
