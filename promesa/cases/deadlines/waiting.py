"""What a case's legal term does while the organization waits for the requester.

Asking the requester to complete a request stops the clock only where the law says so, and
each law says something different (docs/legal/workflow.md §1.7):

* CO Ley 1755 art. 17, reading A: the term stops and the remaining days continue afterwards;
* the same article, reading B (or any month term): a full new term starts after the answer;
* PE D.S. 011-2011-PCM art. 6-A: the term stops for at most 5 business days, then runs on;
* every type without a suspension (CO Ley 142 utilities, consumer claims, ...): the term
  keeps running while we wait.

:func:`term_while_waiting` is the one place that decides it; every page, e-mail and timeline
line that tells someone about it asks this function (through ``promesa.cases.legal_text``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from promesa.cases.deadlines.calendar import _ONE_DAY, Calendar
from promesa.cases.deadlines.rules import PauseMode, RequestTypeRule, Unit


class WhileWaiting(StrEnum):
    """What the term does while the requester is asked to complete the request."""

    # The clock stops; when the requester answers, the remaining days continue.
    RESUMES = "resumes"
    # The clock stops; when the requester answers, a full new term starts.
    RESTARTS = "restarts"
    # The clock stops for at most ``max_days``; then it runs again, answer or not.
    STOPS_AT_MOST = "stops_at_most"
    # The clock never stops: the due date stays where it is.
    KEEPS_RUNNING = "keeps_running"


@dataclass(frozen=True)
class TermWhileWaiting:
    effect: WhileWaiting
    term: int
    unit: Unit
    legal_source: str
    # Only for STOPS_AT_MOST: the most days (in the rule's unit) the clock may stand still.
    max_days: int | None = None

    @property
    def stops(self) -> bool:
        return self.effect is not WhileWaiting.KEEPS_RUNNING


def term_while_waiting(rule: RequestTypeRule, *, pause_mode: PauseMode) -> TermWhileWaiting:
    """What ``rule``'s term does while the requester is asked, under ``pause_mode``.

    A month term cannot resume part of a month, so it restarts (as the engine computes it).
    """
    if not rule.pausable:
        effect = WhileWaiting.KEEPS_RUNNING
    elif rule.max_paused_days is not None:
        effect = WhileWaiting.STOPS_AT_MOST
    elif pause_mode is PauseMode.RESTART or rule.unit is Unit.MONTHS:
        effect = WhileWaiting.RESTARTS
    else:
        effect = WhileWaiting.RESUMES
    return TermWhileWaiting(
        effect=effect,
        term=rule.term,
        unit=rule.unit,
        legal_source=rule.legal_source,
        max_days=rule.max_paused_days if effect is WhileWaiting.STOPS_AT_MOST else None,
    )


def cap_pauses(
    pauses: Sequence[tuple[date, date]], *, rule: RequestTypeRule, calendar: Calendar
) -> tuple[tuple[date, date], ...]:
    """The pauses as the law lets them count: cut where the rule's maximum runs out.

    A requester who takes longer than the maximum (PE: 5 business days) does not stop the
    clock any longer; the days after the maximum count again. Pauses beyond the maximum are
    dropped. Without a maximum the pauses are returned sorted and unchanged.
    """
    ordered = tuple(sorted(pauses))
    if rule.max_paused_days is None:
        return ordered

    def counts(d: date) -> bool:
        return rule.unit is Unit.CALENDAR_DAYS or calendar.is_business_day(d)

    budget = rule.max_paused_days
    capped: list[tuple[date, date]] = []
    for start, end in ordered:
        if budget <= 0:
            break
        last = _last_counted_day(start, end, budget, counts)
        used = sum(1 for d in _each_day(start, last) if counts(d))
        capped.append((start, last))
        budget -= used
    return tuple(capped)


def _each_day(a: date, b: date) -> list[date]:
    days = []
    while a <= b:
        days.append(a)
        a += _ONE_DAY
    return days


def _last_counted_day(start: date, end: date, budget: int, counts: Callable[[date], bool]) -> date:
    """``end``, or the day the ``budget``-th counted day falls on, whichever comes first."""
    day, used = start, 0
    while day <= end:
        if counts(day):
            used += 1
            if used == budget:
                return day
        day += _ONE_DAY
    return end
