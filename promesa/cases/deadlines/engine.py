"""The deadline of a request: reception, terms, pauses, extensions and the risk of missing it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from promesa.cases.deadlines.calendar import _ONE_DAY, Calendar, _days_after, add_months
from promesa.cases.deadlines.regimes import get_regime
from promesa.cases.deadlines.rules import (
    DeadlineError,
    ErrorCode,
    ExtensionMode,
    ExtensionRule,
    PauseMode,
    Regime,
    RequestTypeRule,
    Risk,
    SilenceEffect,
    Unit,
)


@dataclass(frozen=True)
class DeadlineResult:
    """A computed deadline and the facts that explain it to an agent or a citizen."""

    due_date: date
    term: int
    unit: Unit
    reception_date: date
    # The date counting is anchored on: the reception date, or the next business day when
    # ``roll_nonbusiness_reception`` applied.
    deemed_reception_date: date
    # Day 1 of the term: for business days, the first business day after the deemed reception.
    start_date: date
    skipped_holidays: tuple[tuple[date, str], ...]
    paused_days: int
    extension_days: int
    max_extension_days: int
    original_due_date: date
    legal_source: str
    regime: str
    request_type: str
    silence_effect: SilenceEffect

    def as_dict(self) -> dict[str, object]:
        return {
            "due_date": self.due_date.isoformat(),
            "term": self.term,
            "unit": str(self.unit),
            "reception_date": self.reception_date.isoformat(),
            "deemed_reception_date": self.deemed_reception_date.isoformat(),
            "start_date": self.start_date.isoformat(),
            "skipped_holidays": [
                {"date": day.isoformat(), "name": name} for day, name in self.skipped_holidays
            ],
            "paused_days": self.paused_days,
            "extension_days": self.extension_days,
            "max_extension_days": self.max_extension_days,
            "original_due_date": self.original_due_date.isoformat(),
            "legal_source": self.legal_source,
            "regime": self.regime,
            "request_type": self.request_type,
            "silence_effect": str(self.silence_effect),
        }


def max_extension(rule: RequestTypeRule, mode: ExtensionMode | None = None) -> int:
    """The largest extension the rule allows, in the rule's unit."""
    if rule.extension_rule is ExtensionRule.NONE:
        return 0
    if rule.extension_rule is ExtensionRule.FIXED_ADDITIONAL:
        return rule.extension_days
    if mode is None:
        mode = (
            ExtensionMode.TOTAL
            if rule.extension_rule is ExtensionRule.UP_TO_DOUBLE_TOTAL
            else ExtensionMode.ADDITIONAL
        )
    # Total ≤ 2 × term leaves one more term; additional ≤ 2 × term allows two more.
    return rule.term if mode is ExtensionMode.TOTAL else 2 * rule.term


def validate_extension(*, result: DeadlineResult, requested_days: int, recorded_on: date) -> None:
    """Refuse an extension beyond the legal ceiling or recorded after the original deadline.

    The notice must reach the petitioner before the term expires (CO Ley 1755 art. 14
    parágrafo; docs/legal/workflow.md §1.8, test-vectors.md §8 invariant 2). The deadline
    lasts until the end of its day, so recording on the original due date itself is in time.
    """
    _check_recorded_in_time(recorded_on, result.original_due_date)
    _check_extension_size(
        requested_days,
        result.max_extension_days,
        result.request_type,
        result.legal_source,
        regime=result.regime,
    )


check_extension = validate_extension


def extension_refusal(*, result: DeadlineResult, on: date) -> DeadlineError | None:
    """Why no further extension may be recorded on ``on``; None while one still may.

    It refuses a type the law does not let extend, a ceiling already reached and an
    original deadline already past, in that order, so the reader learns the lasting reason.
    """
    try:
        _check_extension_size(
            result.extension_days + 1,
            result.max_extension_days,
            result.request_type,
            result.legal_source,
            regime=result.regime,
        )
        _check_recorded_in_time(on, result.original_due_date)
    except DeadlineError as exc:
        return exc
    return None


def _check_recorded_in_time(recorded_on: date, original_due: date) -> None:
    if recorded_on > original_due:
        raise DeadlineError(
            f"The extension was recorded on {recorded_on.isoformat()}, after the original "
            f"deadline {original_due.isoformat()}.",
            code=ErrorCode.EXTENSION_TOO_LATE,
            params={"recorded_on": recorded_on, "original_due": original_due},
        )


def _check_extension_size(
    requested: int, limit: int, request_type: str, source: str, *, regime: str = ""
) -> None:
    if requested < 0:
        raise DeadlineError(
            f"An extension cannot be negative ({requested}).",
            code=ErrorCode.EXTENSION_NEGATIVE,
            params={"requested": requested},
        )
    params = {
        "requested": requested,
        "limit": limit,
        "type": request_type,
        "source": source,
        "regime": regime,
    }
    if requested > 0 and limit == 0:
        raise DeadlineError(
            f"'{request_type}' cannot be extended ({source}).",
            code=ErrorCode.NOT_EXTENDABLE,
            params=params,
        )
    if requested > limit:
        raise DeadlineError(
            f"An extension of {requested} exceeds the maximum of {limit} for "
            f"'{request_type}' ({source}).",
            code=ErrorCode.EXTENSION_TOO_LONG,
            params=params,
        )


def _normalise_pauses(pauses: Sequence[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    for start, end in pauses:
        if end < start:
            raise DeadlineError(
                f"A pause cannot end ({end.isoformat()}) before it starts ({start.isoformat()}).",
                code=ErrorCode.PAUSE_REVERSED,
                params={"start": start, "end": end},
            )
    return tuple(sorted(pauses))


def _count_forward(anchor: date, n: int, countable: Callable[[date], bool]) -> date:
    """The n-th countable day strictly after ``anchor``."""
    day, remaining = anchor, n
    while remaining > 0:
        day += _ONE_DAY
        if countable(day):
            remaining -= 1
    return day


def _deemed_reception(
    local: datetime, calendar: Calendar, *, roll: bool, cutoff_hour: int | None
) -> date:
    reception = local.date()
    if not roll:
        return reception
    after_cutoff = cutoff_hour is not None and local.hour >= cutoff_hour
    if after_cutoff or not calendar.is_business_day(reception):
        return calendar.add_business_days(reception, 1)
    return reception


# One branch per rule of the law (units, cut-off, roll-forward, pauses, extensions, silence),
# kept in the order the law reads; the legal vectors and property tests pin each of them.
def compute_deadline(  # noqa: C901
    *,
    regime: Regime | str,
    request_type: str,
    received_at: datetime,
    calendar: Calendar | None = None,
    pauses: Sequence[tuple[date, date]] = (),
    extension_days: int = 0,
    roll_nonbusiness_reception: bool | None = None,
    pause_mode: PauseMode | None = None,
    extension_mode: ExtensionMode | None = None,
    cutoff_hour: int | None = None,
    month_end_rolls: bool | None = None,
    extension_recorded_on: date | None = None,
) -> DeadlineResult:
    """The legal deadline of a request received at ``received_at``.

    ``pauses`` are inclusive date intervals during which the clock stops. ``extension_days``
    are added to the term in its unit, within the rule's ceiling. Options left as None take
    the regime's (or the rule's) value.
    """
    if isinstance(regime, str):
        regime = get_regime(regime)
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise DeadlineError("received_at must be timezone-aware.", code=ErrorCode.NAIVE_RECEPTION)
    try:
        local = received_at.astimezone(ZoneInfo(regime.timezone))
    except ZoneInfoNotFoundError as exc:
        raise DeadlineError(
            f"Unknown time zone '{regime.timezone}'.",
            code=ErrorCode.UNKNOWN_TIMEZONE,
            params={"timezone": regime.timezone},
        ) from exc
    reception = local.date()
    rule = regime.rule_for(request_type, reception)
    cal = calendar if calendar is not None else Calendar(country=regime.country)

    roll = regime.roll_nonbusiness_reception
    if roll_nonbusiness_reception is not None:
        roll = roll_nonbusiness_reception
    cutoff = cutoff_hour if cutoff_hour is not None else regime.cutoff_hour
    anchor = _deemed_reception(local, cal, roll=roll, cutoff_hour=cutoff)

    mode = pause_mode or regime.pause_mode
    limit = max_extension(rule, extension_mode or regime.extension_mode)
    _check_extension_size(extension_days, limit, rule.code, rule.legal_source, regime=regime.code)

    intervals = _normalise_pauses(pauses)
    if intervals and not rule.pausable:
        raise DeadlineError(
            f"'{rule.code}' cannot be suspended ({rule.legal_source}).",
            code=ErrorCode.NOT_PAUSABLE,
            params={"type": rule.code, "source": rule.legal_source, "regime": regime.code},
        )
    if intervals and rule.unit is Unit.MONTHS and mode is PauseMode.RESUME:
        raise DeadlineError(
            "Month terms can only be restarted after a pause, not resumed.",
            code=ErrorCode.MONTH_PAUSE_RESUMED,
        )

    def paused(d: date) -> bool:
        return any(start <= d <= end for start, end in intervals)

    def counts(d: date) -> bool:
        return rule.unit is Unit.CALENDAR_DAYS or cal.is_business_day(d)

    rolls = rule.month_end_rolls if month_end_rolls is None else month_end_rolls

    def due_from(start_anchor: date, units: int, *, resume: bool) -> date:
        if rule.unit is Unit.MONTHS:
            due = add_months(start_anchor, units)
        elif resume:
            due = _count_forward(start_anchor, units, lambda d: counts(d) and not paused(d))
        else:
            due = _count_forward(start_anchor, units, counts)
        if rule.unit is not Unit.BUSINESS_DAYS and rolls:
            # CO Ley 4/1913 art. 62 / ES Ley 39/2015 art. 30.5: a last day that is not a
            # business day extends to the next business day.
            due = cal.next_business_day(due)
        return due

    def compute(units: int) -> date:
        if mode is PauseMode.RESUME:
            return due_from(anchor, units, resume=True)
        # Restart (art. 17 reading B): each pause that begins before the running deadline
        # starts a full new term on the day after it ends.
        current_anchor = anchor
        due = due_from(current_anchor, units, resume=False)
        for start, end in intervals:
            if start <= due and end > current_anchor:
                current_anchor = end
                due = due_from(current_anchor, units, resume=False)
        return due

    original_due = compute(rule.term)
    due = compute(rule.term + extension_days) if extension_days else original_due

    paused_days = sum(1 for d in _days_after(anchor, due) if paused(d) and counts(d))
    if rule.max_paused_days is not None:
        all_paused = sum(
            1 for start, end in intervals for d in _days_after(start - _ONE_DAY, end) if counts(d)
        )
        if all_paused > rule.max_paused_days:
            raise DeadlineError(
                f"'{rule.code}' may be suspended for at most {rule.max_paused_days} days; "
                f"{all_paused} were requested ({rule.legal_source}).",
                code=ErrorCode.PAUSE_TOO_LONG,
                params={
                    "type": rule.code,
                    "limit": rule.max_paused_days,
                    "requested": all_paused,
                    "source": rule.legal_source,
                    "regime": regime.code,
                },
            )

    if extension_days and extension_recorded_on is not None:
        _check_recorded_in_time(extension_recorded_on, original_due)

    if rule.unit is Unit.BUSINESS_DAYS:
        start_date = cal.add_business_days(anchor, 1)
        skipped = cal.non_business_weekdays(anchor, due)
    else:
        start_date = anchor + _ONE_DAY
        skipped = ()

    return DeadlineResult(
        due_date=due,
        term=rule.term,
        unit=rule.unit,
        reception_date=reception,
        deemed_reception_date=anchor,
        start_date=start_date,
        skipped_holidays=skipped,
        paused_days=paused_days,
        extension_days=extension_days,
        max_extension_days=limit,
        original_due_date=original_due,
        legal_source=rule.legal_source,
        regime=regime.code,
        request_type=rule.code,
        silence_effect=rule.silence_effect,
    )


def business_days_left(*, due_date: date, today: date, calendar: Calendar) -> int:
    """Business days until the deadline: 0 on the due date, negative once it has passed.

    A weekend right after the deadline already counts as one day overdue, so the sign always
    tells whether the deadline is still open.
    """
    if today <= due_date:
        return calendar.business_days_between(today, due_date)
    return -max(1, calendar.business_days_between(due_date, today))


def risk_level(*, due_date: date, today: date, calendar: Calendar, due_soon_days: int = 3) -> Risk:
    if today > due_date:
        return Risk.OVERDUE
    if today == due_date:
        return Risk.DUE_TODAY
    if business_days_left(due_date=due_date, today=today, calendar=calendar) <= due_soon_days:
        return Risk.DUE_SOON
    return Risk.ON_TRACK
