"""What a legal regime says: its request types, their terms, units, extensions and silence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType


class DeadlineError(ValueError):
    """A deadline cannot be computed or an action breaks a legal limit.

    The message is English, for the command line and the logs. ``code`` (an ``ErrorCode``) and
    ``params`` (plain values: strings, numbers, dates) say the same thing as data, so the edge
    (a page, the API) can say it in the reader's language (``promesa.cases.legal_text``); this
    package stays free of Django and of translation.
    """

    def __init__(
        self, message: str, *, code: str = "invalid", params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, object] = MappingProxyType(dict(params or {}))


class ErrorCode(StrEnum):
    """Why the engine refused: one code per legal or input limit."""

    UNKNOWN_REGIME = "unknown_regime"
    UNKNOWN_TYPE = "unknown_type"
    NOT_IN_FORCE = "not_in_force"
    NAIVE_RECEPTION = "naive_reception"
    UNKNOWN_TIMEZONE = "unknown_timezone"
    UNSUPPORTED_CALENDAR = "unsupported_calendar"
    EXTENSION_TOO_LATE = "extension_too_late"
    EXTENSION_NEGATIVE = "extension_negative"
    NOT_EXTENDABLE = "not_extendable"
    EXTENSION_TOO_LONG = "extension_too_long"
    PAUSE_REVERSED = "pause_reversed"
    NOT_PAUSABLE = "not_pausable"
    MONTH_PAUSE_RESUMED = "month_pause_resumed"
    PAUSE_TOO_LONG = "pause_too_long"


class Unit(StrEnum):
    BUSINESS_DAYS = "business_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"


class ExtensionRule(StrEnum):
    """How far the law lets the answerer extend the term (docs/legal/workflow.md §6)."""

    NONE = "none"
    # "No podrá exceder del doble del inicialmente previsto" (CO Ley 1755 art. 14 parágrafo):
    # reading A, the whole term including the extension is at most twice the original.
    UP_TO_DOUBLE_TOTAL = "up_to_double_total"
    # Reading B of the same sentence: the extension alone may be up to twice the original.
    UP_TO_DOUBLE_ADDITIONAL = "up_to_double_additional"
    # A fixed number of extra units (CO Ley 1581 arts. 14-15: +5 and +8 business days).
    FIXED_ADDITIONAL = "fixed_additional"


class ExtensionMode(StrEnum):
    """Counsel's reading of an "up to double" ceiling, chosen per regime or per entity."""

    TOTAL = "total"
    ADDITIONAL = "additional"


class PauseMode(StrEnum):
    """CO Ley 1755 art. 17 "se reactivará el término" is ambiguous (docs/legal/co.md §2.2)."""

    # Reading A: the remaining business days continue after the pause.
    RESUME = "resume"
    # Reading B: a full new term runs from the day after the pause ends.
    RESTART = "restart"


class SilenceEffect(StrEnum):
    """What the law infers when the term expires without an answer."""

    NONE = "none"
    POSITIVE = "positive"
    NEGATIVE = "negative"
    # CO Ley 1480 art. 58 num. 5 lit. f: no answer is an "indicio grave" against the supplier.
    INDICIO_GRAVE = "indicio_grave"


class Risk(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class RequestTypeRule:
    """The legal term for one request type during one period of validity.

    ``extension_days`` and the extension are counted in the rule's own ``unit`` (months for a
    month term). ``month_end_rolls`` says whether a last day falling on a non-business day moves
    to the next business day; it applies to month and calendar-day terms (CO Ley 4/1913
    art. 62 rolls; Spanish civil computation, Código Civil art. 5, does not).
    """

    code: str
    label_es: str
    label_en: str
    term: int
    unit: Unit
    extension_rule: ExtensionRule
    legal_source: str
    extension_days: int = 0
    silence_effect: SilenceEffect = SilenceEffect.NONE
    valid_from: date | None = None
    valid_to: date | None = None
    pausable: bool = False
    month_end_rolls: bool = False
    # PE Reglamento art. 6-A.2.b: one suspension of up to 5 business days (docs/legal/pe.md §3.1).
    max_paused_days: int | None = None

    def in_force_on(self, d: date) -> bool:
        return (self.valid_from is None or self.valid_from <= d) and (
            self.valid_to is None or d <= self.valid_to
        )


@dataclass(frozen=True)
class Regime:
    """A body of law with its request types, time zone and counting options."""

    code: str
    country: str
    name: str
    timezone: str
    rules: tuple[RequestTypeRule, ...]
    legal_source: str
    # Citizen-protective default (docs/legal/workflow.md §1.2): the term runs from the day after the
    # actual reception even if that day was a holiday or after hours.
    roll_nonbusiness_reception: bool = False
    cutoff_hour: int | None = None
    pause_mode: PauseMode = PauseMode.RESUME
    # None keeps the reading written in each rule; the rules use the stricter "total" one.
    extension_mode: ExtensionMode | None = None
    # The type a filing starts as when its channel cannot tell the legal type (a web form, an
    # e-mail); empty means the first type listed. The agent may reclassify the case later.
    default_type: str = ""

    def type_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rule.code for rule in self.rules))

    def default_type_code(self) -> str:
        return self.default_type or self.type_codes()[0]

    def rule_for(self, type_code: str, on: date) -> RequestTypeRule:
        """The rule for ``type_code`` in force on ``on`` (the reception date)."""
        candidates = [rule for rule in self.rules if rule.code == type_code]
        if not candidates:
            valid = ", ".join(self.type_codes())
            raise DeadlineError(
                f"Unknown request type '{type_code}' for regime {self.code}. Valid types: {valid}.",
                code=ErrorCode.UNKNOWN_TYPE,
                params={"type": type_code, "regime": self.code, "valid": valid},
            )
        for rule in candidates:
            if rule.in_force_on(on):
                return rule
        raise DeadlineError(
            f"No rule for '{type_code}' in regime {self.code} was in force on {on.isoformat()}.",
            code=ErrorCode.NOT_IN_FORCE,
            params={"type": type_code, "regime": self.code, "on": on},
        )
