"""Legal deadlines for PQRS: pure date arithmetic, no ORM.

Everything here takes aware datetimes and plain dates and returns plain values, so it can be
tested with tables of legal vectors and property-based tests (docs: legal-terms.md §1, §8).

The computation model (legal-terms.md §1):

* the reception date is the local date of ``received_at`` in the regime's time zone;
* a term in business days starts on the first business day strictly after the reception date
  and ends on the N-th business day (end of that local day);
* a term in months runs *de fecha a fecha* and may roll to the next business day;
* business days inside a suspension (pause) do not count;
* an extension adds days within a legal ceiling and must be recorded before the original
  deadline expires.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "CLOSURE_NAME",
    "REGIMES",
    "Calendar",
    "DeadlineError",
    "DeadlineResult",
    "ExtensionMode",
    "ExtensionRule",
    "PauseMode",
    "Regime",
    "RequestTypeRule",
    "Risk",
    "SilenceEffect",
    "Unit",
    "add_months",
    "business_days_left",
    "check_extension",
    "compute_deadline",
    "get_regime",
    "max_extension",
    "risk_level",
    "validate_extension",
]

CLOSURE_NAME = "Cierre de la entidad"
EXTRA_HOLIDAY_NAME = "Día no hábil de la entidad"

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_SUNDAY = 6


class DeadlineError(ValueError):
    """A deadline cannot be computed or an action breaks a legal limit; the message says why."""


class Unit(StrEnum):
    BUSINESS_DAYS = "business_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"


class ExtensionRule(StrEnum):
    """How far the law lets the answerer extend the term (legal-terms.md §6)."""

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
    """CO Ley 1755 art. 17 "se reactivará el término" is ambiguous (legal-terms.md §2.2)."""

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


# --------------------------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------------------------


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
        raise DeadlineError(f"Unsupported holiday calendar {country}/{subdiv}: {exc}") from exc
    return MappingProxyType({day: str(name) for day, name in table.items()})


@dataclass(frozen=True)
class Calendar:
    """Which days are business days for one entity.

    National (and, with ``subdiv``, regional) holidays come from the pinned ``holidays``
    library; legal-terms.md §7 warns it is not legally authoritative, so a tenant can remove
    library holidays (``removed_holidays``) and add its own non-business days (``closures`` for
    formally decreed closures, the "vacantes" of CO Ley 4/1913 art. 62, and ``extra_holidays``
    with a name).
    """

    country: str
    subdiv: str | None = None
    closures: frozenset[date] = frozenset()
    removed_holidays: frozenset[date] = frozenset()
    # Off by default: public entities do not work on Saturdays (legal-terms.md §2.3).
    saturday_is_business_day: bool = False
    extra_holidays: frozenset[tuple[date, str]] = frozenset()
    # Chile publishes "bank" holidays apart from "public" ones (legal-terms.md §7).
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


# --------------------------------------------------------------------------------------------
# Regimes and rules
# --------------------------------------------------------------------------------------------


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
    # PE Reglamento art. 6-A.2.b: one suspension of up to 5 business days (legal-terms.md §3.1).
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
    # Citizen-protective default (legal-terms.md §1.2): the term runs from the day after the
    # actual reception even if that day was a holiday or after hours.
    roll_nonbusiness_reception: bool = False
    cutoff_hour: int | None = None
    pause_mode: PauseMode = PauseMode.RESUME
    # None keeps the reading written in each rule; the rules use the stricter "total" one.
    extension_mode: ExtensionMode | None = None

    def type_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rule.code for rule in self.rules))

    def rule_for(self, type_code: str, on: date) -> RequestTypeRule:
        """The rule for ``type_code`` in force on ``on`` (the reception date)."""
        candidates = [rule for rule in self.rules if rule.code == type_code]
        if not candidates:
            valid = ", ".join(self.type_codes())
            raise DeadlineError(
                f"Unknown request type '{type_code}' for regime {self.code}. Valid types: {valid}."
            )
        for rule in candidates:
            if rule.in_force_on(on):
                return rule
        raise DeadlineError(
            f"No rule for '{type_code}' in regime {self.code} was in force on {on.isoformat()}."
        )


_CO_1755 = "Ley 1437 de 2011, art. {art} (sustituido por Ley 1755 de 2015)"
# Ley 1755 was promulgated on 30 June 2015. Decreto Legislativo 491/2020 art. 5 replaced its
# terms from 28 March 2020; Ley 2207 of 17 May 2022 repealed art. 5, so the Ley 1755 terms
# apply again to petitions filed from 18 May 2022 (legal-terms.md §2.1, invariant 5).
_LEY_1755_FROM = date(2015, 6, 30)
_D491_FROM = date(2020, 3, 28)
_D491_TO = date(2022, 5, 17)
_LEY_2207_FROM = date(2022, 5, 18)
_D491_SOURCE = "Decreto Legislativo 491 de 2020, art. 5 (derogado por Ley 2207 de 2022)"


def _ley1755_with_decreto491(
    *, code: str, label_es: str, label_en: str, term: int, term_491: int, source: str
) -> tuple[RequestTypeRule, ...]:
    """The three periods of an art. 14 term: Ley 1755, Decreto 491, Ley 1755 again."""
    silence = SilenceEffect.POSITIVE if code == "peticion_documentos" else SilenceEffect.NONE

    def period(term: int, src: str, valid_from: date, valid_to: date | None) -> RequestTypeRule:
        return RequestTypeRule(
            code=code,
            label_es=label_es,
            label_en=label_en,
            term=term,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.UP_TO_DOUBLE_TOTAL,
            legal_source=src,
            silence_effect=silence,
            valid_from=valid_from,
            valid_to=valid_to,
            # Art. 17: the clock stops while the petitioner completes the petition.
            pausable=True,
        )

    return (
        period(term, source, _LEY_1755_FROM, _D491_FROM - _ONE_DAY),
        period(term_491, _D491_SOURCE, _D491_FROM, _D491_TO),
        period(term, source, _LEY_2207_FROM, None),
    )


_CO_LEY1755 = Regime(
    code="co-ley1755",
    country="CO",
    name="Derecho de petición (Ley 1437 de 2011, sustituida por Ley 1755 de 2015)",
    timezone="America/Bogota",
    legal_source="Ley 1755 de 2015",
    rules=(
        *_ley1755_with_decreto491(
            code="peticion_general",
            label_es="Petición general",
            label_en="General petition",
            term=15,
            term_491=30,
            source=_CO_1755.format(art="14"),
        ),
        *_ley1755_with_decreto491(
            code="peticion_documentos",
            label_es="Petición de documentos e información",
            label_en="Request for documents and information",
            term=10,
            term_491=20,
            source=_CO_1755.format(art="14 num. 1"),
        ),
        *_ley1755_with_decreto491(
            code="consulta",
            label_es="Consulta",
            label_en="Consultation",
            term=30,
            term_491=35,
            source=_CO_1755.format(art="14 num. 2"),
        ),
        RequestTypeRule(
            code="entre_autoridades",
            label_es="Petición entre autoridades",
            label_en="Request between authorities",
            term=10,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_CO_1755.format(art="30"),
            valid_from=_LEY_1755_FROM,
        ),
        RequestTypeRule(
            # Written petitions; a verbal one must be transferred immediately (art. 21).
            code="traslado_competencia",
            label_es="Traslado por competencia",
            label_en="Transfer to the competent authority",
            term=5,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_CO_1755.format(art="21"),
            valid_from=_LEY_1755_FROM,
        ),
        RequestTypeRule(
            code="requerimiento",
            label_es="Requerimiento por petición incompleta",
            label_en="Request to complete an incomplete petition",
            term=10,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_CO_1755.format(art="17"),
            valid_from=_LEY_1755_FROM,
        ),
        RequestTypeRule(
            # The petitioner's month to complete, counted from the requerimiento; one more month
            # may be asked for before it runs out ("hasta por un término igual").
            code="completar_peticion",
            label_es="Plazo del peticionario para completar",
            label_en="Petitioner's term to complete the petition",
            term=1,
            unit=Unit.MONTHS,
            extension_rule=ExtensionRule.FIXED_ADDITIONAL,
            extension_days=1,
            legal_source=_CO_1755.format(art="17") + "; Ley 4 de 1913, art. 62",
            valid_from=_LEY_1755_FROM,
            month_end_rolls=True,
        ),
    ),
)

_CO_LEY1581 = Regime(
    code="co-ley1581",
    country="CO",
    name="Habeas data (Ley 1581 de 2012)",
    timezone="America/Bogota",
    legal_source="Ley 1581 de 2012",
    rules=(
        RequestTypeRule(
            code="consulta",
            label_es="Consulta de datos personales",
            label_en="Personal data enquiry",
            term=10,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.FIXED_ADDITIONAL,
            extension_days=5,
            legal_source="Ley 1581 de 2012, art. 14",
        ),
        RequestTypeRule(
            code="reclamo",
            label_es="Reclamo de datos personales",
            label_en="Personal data complaint",
            term=15,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.FIXED_ADDITIONAL,
            extension_days=8,
            legal_source="Ley 1581 de 2012, art. 15",
            # Art. 15 num. 1: an incomplete reclamo waits for the titular's completion.
            pausable=True,
        ),
    ),
)

_CO_LEY1480 = Regime(
    code="co-ley1480",
    country="CO",
    name="Estatuto del Consumidor (Ley 1480 de 2011)",
    timezone="America/Bogota",
    legal_source="Ley 1480 de 2011",
    rules=(
        RequestTypeRule(
            code="reclamo",
            label_es="Reclamación directa del consumidor",
            label_en="Direct consumer claim",
            term=15,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            silence_effect=SilenceEffect.INDICIO_GRAVE,
            legal_source="Ley 1480 de 2011, art. 58 num. 5",
        ),
    ),
)

_CO_LEY142 = Regime(
    code="co-ley142",
    country="CO",
    name="Servicios públicos domiciliarios (Ley 142 de 1994)",
    timezone="America/Bogota",
    legal_source="Ley 142 de 1994",
    rules=(
        RequestTypeRule(
            code="pqr",
            label_es="Petición, queja o recurso de servicios públicos",
            label_en="Public utility petition, complaint or appeal",
            term=15,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            silence_effect=SilenceEffect.POSITIVE,
            legal_source=(
                "Ley 142 de 1994, art. 158 (subrogado por Decreto-Ley 2150 de 1995, art. 123)"
            ),
        ),
    ),
)

# Ley 31435 came into force 60 calendar days after its publication on 22 March 2022.
_PE_LEY31435_FROM = date(2022, 5, 21)
_PE_SOURCE = (
    "Ley 29571, art. 24.1 (modificado por Ley 31435); D.S. 011-2011-PCM, arts. 6 y 6-A "
    "(D.S. 101-2022-PCM)"
)


def _pe_rule(code: str, label_es: str, label_en: str, source: str) -> RequestTypeRule:
    return RequestTypeRule(
        code=code,
        label_es=label_es,
        label_en=label_en,
        term=15,
        unit=Unit.BUSINESS_DAYS,
        # "Improrrogable": only the suspension for a remote settlement offer is allowed.
        extension_rule=ExtensionRule.NONE,
        legal_source=source,
        valid_from=_PE_LEY31435_FROM,
        pausable=True,
        max_paused_days=5,
    )


_PE_LIBRO = Regime(
    code="pe-libro-reclamaciones",
    country="PE",
    name="Libro de Reclamaciones (Ley 29571 y D.S. 011-2011-PCM)",
    timezone="America/Lima",
    legal_source="Ley 29571; D.S. 011-2011-PCM",
    rules=(
        _pe_rule("reclamo", "Reclamo", "Claim", _PE_SOURCE),
        RequestTypeRule(
            # Before Ley 31435: 30 calendar days extendable by 30 (legal-terms.md §3.1).
            code="reclamo",
            label_es="Reclamo",
            label_en="Claim",
            term=30,
            unit=Unit.CALENDAR_DAYS,
            extension_rule=ExtensionRule.FIXED_ADDITIONAL,
            extension_days=30,
            legal_source="D.S. 011-2011-PCM, art. 6 (D.S. 006-2014-PCM)",
            valid_to=_PE_LEY31435_FROM - _ONE_DAY,
        ),
        _pe_rule("queja", "Queja", "Complaint", "D.S. 011-2011-PCM, art. 6-B (D.S. 101-2022-PCM)"),
    ),
)

_ES_TRLGDCU = Regime(
    code="es-trlgdcu",
    country="ES",
    name="Reclamaciones de consumo (TRLGDCU, RDLeg 1/2007)",
    timezone="Europe/Madrid",
    legal_source="Real Decreto Legislativo 1/2007, art. 21",
    rules=(
        RequestTypeRule(
            code="reclamacion",
            label_es="Reclamación de consumo",
            label_en="Consumer complaint",
            term=1,
            unit=Unit.MONTHS,
            extension_rule=ExtensionRule.NONE,
            legal_source="Real Decreto Legislativo 1/2007 (TRLGDCU), art. 21 (Ley 3/2014)",
            # Civil computation (Código Civil art. 5): the last day never rolls.
            month_end_rolls=False,
        ),
    ),
)

_ES_LEY10_2025 = Regime(
    code="es-ley10-2025",
    country="ES",
    name="Servicios de atención a la clientela (Ley 10/2025)",
    timezone="Europe/Madrid",
    legal_source="Ley 10/2025, de 26 de diciembre",
    rules=(
        RequestTypeRule(
            code="reclamacion",
            label_es="Reclamación, queja, consulta o incidencia",
            label_en="Complaint, query or incident",
            term=15,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source="Ley 10/2025, de 26 de diciembre, de servicios de atención a la clientela",
            valid_from=date(2025, 12, 28),
        ),
    ),
)

_MX_UNE_SOURCE = "Ley de Protección y Defensa al Usuario de Servicios Financieros, art. 50 Bis"

_MX_UNE = Regime(
    code="mx-une",
    country="MX",
    name="Unidad Especializada de Atención a Usuarios (LPDUSF)",
    timezone="America/Mexico_City",
    legal_source="Ley de Protección y Defensa al Usuario de Servicios Financieros",
    rules=(
        RequestTypeRule(
            code="reclamacion",
            label_es="Reclamación",
            label_en="Complaint",
            term=30,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_MX_UNE_SOURCE,
        ),
        RequestTypeRule(
            code="consulta",
            label_es="Consulta",
            label_en="Enquiry",
            term=30,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source=_MX_UNE_SOURCE,
        ),
        RequestTypeRule(
            code="aclaracion",
            label_es="Aclaración de cargos",
            label_en="Disputed charge clarification",
            term=45,
            unit=Unit.CALENDAR_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source="Ley para la Transparencia y Ordenamiento de los Servicios Financieros, "
            "art. 23",
        ),
    ),
)

_CL_SERNAC = Regime(
    code="cl-sernac",
    country="CL",
    name="Servicio de atención al cliente, Sello SERNAC (Ley 19.496)",
    timezone="America/Santiago",
    legal_source="Ley 19.496",
    rules=(
        RequestTypeRule(
            code="reclamo",
            label_es="Reclamo",
            label_en="Complaint",
            term=10,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            legal_source="Ley 19.496, art. 56",
        ),
    ),
)

_EC_COA = Regime(
    code="ec-coa",
    country="EC",
    name="Peticiones a la administración (Código Orgánico Administrativo)",
    timezone="America/Guayaquil",
    legal_source="Código Orgánico Administrativo",
    rules=(
        RequestTypeRule(
            code="peticion",
            label_es="Petición, reclamo o solicitud",
            label_en="Petition, claim or request",
            # A "término" counts business days (COA art. 158).
            term=30,
            unit=Unit.BUSINESS_DAYS,
            extension_rule=ExtensionRule.NONE,
            silence_effect=SilenceEffect.POSITIVE,
            legal_source="Código Orgánico Administrativo, art. 207",
        ),
    ),
)

REGIMES: dict[str, Regime] = {
    regime.code: regime
    for regime in (
        _CO_LEY1755,
        _CO_LEY1581,
        _CO_LEY1480,
        _CO_LEY142,
        _PE_LIBRO,
        _ES_TRLGDCU,
        _ES_LEY10_2025,
        _MX_UNE,
        _CL_SERNAC,
        _EC_COA,
    )
}


def get_regime(code: str) -> Regime:
    try:
        return REGIMES[code]
    except KeyError:
        valid = ", ".join(REGIMES)
        raise DeadlineError(f"Unknown regime '{code}'. Valid regimes: {valid}.") from None


# --------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------


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
    parágrafo; legal-terms.md §1.8, invariant 2). The deadline lasts until the end of its day,
    so recording on the original due date itself is in time.
    """
    _check_recorded_in_time(recorded_on, result.original_due_date)
    _check_extension_size(
        requested_days, result.max_extension_days, result.request_type, result.legal_source
    )


check_extension = validate_extension


def _check_recorded_in_time(recorded_on: date, original_due: date) -> None:
    if recorded_on > original_due:
        raise DeadlineError(
            f"The extension was recorded on {recorded_on.isoformat()}, after the original "
            f"deadline {original_due.isoformat()}."
        )


def _check_extension_size(requested: int, limit: int, request_type: str, source: str) -> None:
    if requested < 0:
        raise DeadlineError(f"An extension cannot be negative ({requested}).")
    if requested > 0 and limit == 0:
        raise DeadlineError(f"'{request_type}' cannot be extended ({source}).")
    if requested > limit:
        raise DeadlineError(
            f"An extension of {requested} exceeds the maximum of {limit} for "
            f"'{request_type}' ({source})."
        )


def _normalise_pauses(pauses: Sequence[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    for start, end in pauses:
        if end < start:
            raise DeadlineError(
                f"A pause cannot end ({end.isoformat()}) before it starts ({start.isoformat()})."
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


def compute_deadline(
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
        raise DeadlineError("received_at must be timezone-aware.")
    try:
        local = received_at.astimezone(ZoneInfo(regime.timezone))
    except ZoneInfoNotFoundError as exc:
        raise DeadlineError(f"Unknown time zone '{regime.timezone}'.") from exc
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
    _check_extension_size(extension_days, limit, rule.code, rule.legal_source)

    intervals = _normalise_pauses(pauses)
    if intervals and not rule.pausable:
        raise DeadlineError(f"'{rule.code}' cannot be suspended ({rule.legal_source}).")
    if intervals and rule.unit is Unit.MONTHS and mode is PauseMode.RESUME:
        raise DeadlineError("Month terms can only be restarted after a pause, not resumed.")

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
                f"{all_paused} were requested ({rule.legal_source})."
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
