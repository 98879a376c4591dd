"""Business-day calendars: a country's holidays plus the organization's own closures."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

import holidays

from promesa.cases.deadlines.rules import DeadlineError, ErrorCode

CLOSURE_NAME = "Cierre de la entidad"
EXTRA_HOLIDAY_NAME = "Día no hábil de la entidad"

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_SUNDAY = 6


@functools.lru_cache(maxsize=512)
def _holiday_table(
    country: str, subdiv: str | None, year: int, categories: tuple[str, ...], language: str | None
) -> Mapping[date, str]:
    """Holidays of one year, cached: the engine runs for every filing and every queue row."""
    try:
        probe = holidays.country_holidays(country, subdiv=subdiv, categories=categories)
        # Ask for the local language explicitly: without it the library follows the process
        # locale, and citizens read these names in the answer letters.
        lang = language or probe.default_language
        table = holidays.country_holidays(
            country, subdiv=subdiv, years=year, categories=categories, language=lang
        )
    except (NotImplementedError, ValueError) as exc:
        raise DeadlineError(
            f"Unsupported holiday calendar {country}/{subdiv}: {exc}",
            code=ErrorCode.UNSUPPORTED_CALENDAR,
            params={"country": country, "subdiv": subdiv or ""},
        ) from exc
    return MappingProxyType({day: str(name) for day, name in table.items()})


@dataclass(frozen=True)
class Calendar:
    """Which days are business days for one entity.

    National (and, with ``subdiv``, regional) holidays come from the pinned ``holidays``
    library; docs/legal/holidays.md §7 warns it is not legally authoritative, so a tenant can remove
    library holidays (``removed_holidays``) and add its own non-business days (``closures`` for
    formally decreed closures, the "vacantes" of CO Ley 4/1913 art. 62, and ``extra_holidays``
    with a name).
    """

    country: str
    subdiv: str | None = None
    closures: frozenset[date] = frozenset()
    removed_holidays: frozenset[date] = frozenset()
    # Off by default: public entities do not work on Saturdays (docs/legal/co.md §2.3).
    saturday_is_business_day: bool = False
    extra_holidays: frozenset[tuple[date, str]] = frozenset()
    # Chile publishes "bank" holidays apart from "public" ones (docs/legal/holidays.md §7).
    categories: tuple[str, ...] = ("public",)
    language: str | None = None
    _extra: Mapping[date, str] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )
    # Per year, the sorted days that would be business days but for a holiday or closure.
    _lost_weekdays: dict[int, tuple[date, ...]] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "country", self.country.upper())
        object.__setattr__(self, "_extra", MappingProxyType(dict(sorted(self.extra_holidays))))
        # Fail when the calendar is built, not halfway through a queue.
        self._library_holidays(2026)

    def _library_holidays(self, year: int) -> Mapping[date, str]:
        return _holiday_table(self.country, self.subdiv, year, self.categories, self.language)

    def holiday_name(self, d: date) -> str | None:
        """Why ``d`` is a holiday or a closure, or None. Ordinary weekends have no name."""
        if d in self.closures:
            return CLOSURE_NAME
        if d in self._extra:
            return self._extra[d]
        if d in self.removed_holidays:
            return None
        return self._library_holidays(d.year).get(d)

    def is_weekend(self, d: date) -> bool:
        weekday = d.weekday()
        return weekday == _SUNDAY or (weekday == _SATURDAY and not self.saturday_is_business_day)

    def is_business_day(self, d: date) -> bool:
        return not self.is_weekend(d) and self.holiday_name(d) is None

    def next_business_day(self, d: date) -> date:
        """``d`` itself if it is a business day, else the first business day after it."""
        return d if self.is_business_day(d) else self.add_business_days(d, 1)

    def add_business_days(self, start: date, n: int) -> date:
        """The n-th business day strictly after ``start`` (strictly before it when n < 0)."""
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        day, remaining = start, abs(n)
        while remaining:
            day += step
            if self.is_business_day(day):
                remaining -= 1
        return day

    def business_days_between(self, a: date, b: date) -> int:
        """Business days d with a < d <= b; negative (and antisymmetric) when b < a.

        Counted, not walked: working weekdays by whole weeks, minus the holidays that fall on
        them. A queue shows this for cases two years overdue, once per row.
        """
        if b < a:
            return -self.business_days_between(b, a)
        span = (b - a).days
        per_week = 6 if self.saturday_is_business_day else 5
        weeks, rest = divmod(span, 7)
        count = weeks * per_week
        day = a + timedelta(days=weeks * 7)
        for _ in range(rest):
            day += _ONE_DAY
            if not self.is_weekend(day):
                count += 1
        for year in range(a.year, b.year + 1):
            lost = self._lost_weekdays_of(year)
            count -= bisect.bisect_right(lost, b) - bisect.bisect_right(lost, a)
        return count

    def _lost_weekdays_of(self, year: int) -> tuple[date, ...]:
        lost = self._lost_weekdays.get(year)
        if lost is None:
            named = set(self._library_holidays(year))
            named |= {d for d in self.closures if d.year == year}
            named |= {d for d in self._extra if d.year == year}
            lost = tuple(
                sorted(d for d in named if not self.is_weekend(d) and not self.is_business_day(d))
            )
            self._lost_weekdays[year] = lost
        return lost

    def non_business_weekdays(self, a: date, b: date) -> tuple[tuple[date, str], ...]:
        """Named non-business days d with a < d <= b that are not ordinary weekend days."""
        found = []
        for d in _days_after(a, b):
            name = self.holiday_name(d)
            if name is not None and not self.is_weekend(d):
                found.append((d, name))
        return tuple(found)


def _days_after(a: date, b: date) -> Iterable[date]:
    day = a + _ONE_DAY
    while day <= b:
        yield day
        day += _ONE_DAY


def add_months(d: date, n: int) -> date:
    """Same day number n months later, clamped to the month's last day ("de fecha a fecha")."""
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    next_month_first = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month_first - _ONE_DAY).day
    return date(year, month, min(d.day, last_day))
