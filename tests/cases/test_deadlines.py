"""The legal deadline engine, checked against docs/legal/test-vectors.md §8 (vectors, invariants).

Holiday data comes from the pinned ``holidays`` 0.109; the Colombian vectors that cross
mid-July 2026 depend on its Chiquinquirá holiday (docs/legal/holidays.md §7, CO8/CO8b).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from promesa.cases.deadlines import (
    CLOSURE_NAME,
    REGIMES,
    Calendar,
    DeadlineError,
    DeadlineResult,
    ExtensionMode,
    ExtensionRule,
    PauseMode,
    Regime,
    RequestTypeRule,
    Risk,
    SilenceEffect,
    Unit,
    add_months,
    business_days_left,
    check_extension,
    compute_deadline,
    get_regime,
    risk_level,
    validate_extension,
)

BOGOTA = ZoneInfo("America/Bogota")
LIMA = ZoneInfo("America/Lima")
MADRID = ZoneInfo("Europe/Madrid")
UTC = ZoneInfo("UTC")

CO = Calendar(country="CO")
MADRID_CALENDAR = Calendar(country="ES", subdiv="MD")
CHIQUINQUIRA_2026 = date(2026, 7, 13)


def bogota(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=BOGOTA)


# --------------------------------------------------------------------------------------------
# docs/legal/test-vectors.md §8: vectors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vector:
    id: str
    regime: str
    request_type: str
    received_at: datetime
    expected: date
    options: dict[str, Any] = field(default_factory=dict)


VECTORS = [
    Vector("CO1", "co-ley1755", "peticion_general", bogota("2026-12-18T16:00"), date(2027, 1, 13)),
    Vector(
        "CO2", "co-ley1755", "peticion_documentos", bogota("2026-12-18T10:00"), date(2027, 1, 5)
    ),
    Vector("CO3", "co-ley1755", "consulta", bogota("2026-12-18T10:00"), date(2027, 2, 3)),
    Vector(
        "CO4",
        "co-ley1755",
        "peticion_general",
        bogota("2026-12-18T10:00"),
        date(2027, 2, 3),
        {"extension_days": 15},
    ),
    Vector(
        "CO4b",
        "co-ley1755",
        "peticion_general",
        bogota("2026-12-18T10:00"),
        date(2027, 2, 24),
        {"extension_days": 30, "extension_mode": ExtensionMode.ADDITIONAL},
    ),
    Vector(
        "CO5", "co-ley1755", "traslado_competencia", bogota("2026-03-16T10:00"), date(2026, 3, 24)
    ),
    Vector("CO6", "co-ley1755", "peticion_general", bogota("2026-03-16T10:00"), date(2026, 4, 9)),
    Vector("CO15", "co-ley1755", "peticion_general", bogota("2026-03-24T10:00"), date(2026, 4, 16)),
    Vector("CO7", "co-ley1755", "peticion_general", bogota("2026-03-21T10:00"), date(2026, 4, 15)),
    Vector(
        "CO7b",
        "co-ley1755",
        "peticion_general",
        bogota("2026-03-21T10:00"),
        date(2026, 4, 16),
        {"roll_nonbusiness_reception": True},
    ),
    Vector("CO8", "co-ley1755", "requerimiento", bogota("2026-07-01T10:00"), date(2026, 7, 16)),
    Vector(
        "CO8b",
        "co-ley1755",
        "requerimiento",
        bogota("2026-07-01T10:00"),
        date(2026, 7, 15),
        {"calendar": Calendar(country="CO", removed_holidays=frozenset({CHIQUINQUIRA_2026}))},
    ),
    Vector(
        "CO9", "co-ley1755", "completar_peticion", bogota("2026-07-10T10:00"), date(2026, 8, 10)
    ),
    Vector("CO10", "co-ley1581", "consulta", bogota("2026-06-04T10:00"), date(2026, 6, 22)),
    Vector(
        "CO10b",
        "co-ley1581",
        "consulta",
        bogota("2026-06-04T10:00"),
        date(2026, 6, 30),
        {"extension_days": 5},
    ),
    Vector("CO11", "co-ley1581", "reclamo", bogota("2026-06-04T10:00"), date(2026, 6, 30)),
    Vector(
        "CO11b",
        "co-ley1581",
        "reclamo",
        bogota("2026-06-04T10:00"),
        date(2026, 7, 10),
        {"extension_days": 8},
    ),
    Vector("CO12", "co-ley142", "pqr", bogota("2025-12-23T10:00"), date(2026, 1, 16)),
    Vector("CO14", "co-ley1755", "entre_autoridades", bogota("2025-06-19T10:00"), date(2025, 7, 7)),
    Vector(
        "PE1",
        "pe-libro-reclamaciones",
        "reclamo",
        datetime(2026, 10, 5, 18, 42, tzinfo=LIMA),
        date(2026, 10, 27),
    ),
    Vector(
        "PE1b",
        "pe-libro-reclamaciones",
        "reclamo",
        datetime(2026, 10, 5, 18, 42, tzinfo=LIMA),
        date(2026, 10, 29),
        {"pauses": [(date(2026, 10, 12), date(2026, 10, 13))]},
    ),
    Vector(
        "ES1",
        "es-trlgdcu",
        "reclamacion",
        datetime(2026, 1, 31, 12, 0, tzinfo=MADRID),
        date(2026, 2, 28),
        {"calendar": MADRID_CALENDAR},
    ),
    Vector(
        "ES1b",
        "es-trlgdcu",
        "reclamacion",
        datetime(2026, 1, 31, 12, 0, tzinfo=MADRID),
        date(2026, 3, 2),
        {"calendar": MADRID_CALENDAR, "month_end_rolls": True},
    ),
]


@pytest.mark.parametrize("vector", VECTORS, ids=[vector.id for vector in VECTORS])
def test_every_vector_of_the_specification_gives_its_due_date(vector: Vector) -> None:
    result = compute_deadline(
        regime=vector.regime,
        request_type=vector.request_type,
        received_at=vector.received_at,
        **vector.options,
    )

    assert result.due_date == vector.expected


def test_a_general_petition_filed_before_christmas_is_due_on_13_january() -> None:
    result = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=bogota("2026-12-18T16:00"),
    )

    assert result.due_date == date(2027, 1, 13)
    assert result.term == 15
    assert result.unit is Unit.BUSINESS_DAYS
    assert result.reception_date == date(2026, 12, 18)
    assert result.start_date == date(2026, 12, 21)
    assert [day for day, _name in result.skipped_holidays] == [
        date(2026, 12, 25),
        date(2027, 1, 1),
        date(2027, 1, 11),
    ]
    assert all(name for _day, name in result.skipped_holidays)
    assert result.max_extension_days == 15
    assert result.legal_source.startswith("Ley 1437 de 2011, art. 14")


def test_copies_after_positive_silence_on_documents_are_due_three_business_days_later() -> None:
    # CO2b: Ley 1755 art. 14 num. 1, copies within 3 days of the positive silence.
    documents = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_documentos",
        received_at=bogota("2026-12-18T10:00"),
    )

    assert documents.silence_effect is SilenceEffect.POSITIVE
    assert CO.add_business_days(documents.due_date, 3) == date(2027, 1, 8)


def test_the_maximum_extension_notice_must_be_sent_by_the_original_deadline() -> None:
    # CO4: the notice must be sent by 2027-01-13, and the extended deadline is 2027-02-03.
    result = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=bogota("2026-12-18T10:00"),
        extension_days=15,
    )

    assert result.original_due_date == date(2027, 1, 13)
    assert result.due_date == date(2027, 2, 3)
    validate_extension(result=result, requested_days=15, recorded_on=date(2027, 1, 13))


def test_the_competent_authority_counts_from_the_day_after_it_receives_the_transfer() -> None:
    # CO5 then CO15: the traslado is due on 03-24; the receiving entity's term starts 03-25.
    transfer = compute_deadline(
        regime="co-ley1755",
        request_type="traslado_competencia",
        received_at=bogota("2026-03-16T10:00"),
    )
    received_by_competent = datetime.combine(transfer.due_date, datetime.min.time(), BOGOTA)

    petition = compute_deadline(
        regime="co-ley1755", request_type="peticion_general", received_at=received_by_competent
    )

    assert petition.start_date == date(2026, 3, 25)
    assert petition.due_date == date(2026, 4, 16)


def test_a_saturday_filing_starts_counting_on_the_first_business_day_after_it() -> None:
    result = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=bogota("2026-03-21T10:00"),
    )

    assert result.reception_date == date(2026, 3, 21)
    assert result.deemed_reception_date == date(2026, 3, 21)
    assert result.start_date == date(2026, 3, 24)


def test_rolling_a_saturday_filing_deems_it_received_on_the_next_business_day() -> None:
    result = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=bogota("2026-03-21T10:00"),
        roll_nonbusiness_reception=True,
    )

    assert result.deemed_reception_date == date(2026, 3, 24)
    assert result.start_date == date(2026, 3, 25)


def test_a_filing_after_the_cutoff_hour_rolls_only_when_rolling_is_enabled() -> None:
    received = bogota("2026-03-16T18:30")

    kept = compute_deadline(
        regime="co-ley1755", request_type="peticion_general", received_at=received, cutoff_hour=17
    )
    rolled = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=received,
        cutoff_hour=17,
        roll_nonbusiness_reception=True,
    )

    assert kept.due_date == date(2026, 4, 9)
    assert rolled.deemed_reception_date == date(2026, 3, 17)
    assert rolled.due_date == date(2026, 4, 10)


def test_the_chiquinquira_holiday_of_the_library_is_named_and_skipped() -> None:
    result = compute_deadline(
        regime="co-ley1755", request_type="requerimiento", received_at=bogota("2026-07-01T10:00")
    )

    assert CHIQUINQUIRA_2026 in dict(result.skipped_holidays)
    assert "Chiquinquirá" in (CO.holiday_name(CHIQUINQUIRA_2026) or "")


def test_a_utc_timestamp_is_converted_to_the_regime_local_date() -> None:
    # 03:00 UTC on 19 December is still 18 December at 22:00 in Bogotá.
    result = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=datetime(2026, 12, 19, 3, 0, tzinfo=UTC),
    )

    assert result.reception_date == date(2026, 12, 18)
    assert result.due_date == date(2027, 1, 13)


def test_the_spanish_civil_month_ends_on_a_saturday_without_rolling() -> None:
    result = compute_deadline(
        regime="es-trlgdcu",
        request_type="reclamacion",
        received_at=datetime(2026, 1, 31, 12, 0, tzinfo=MADRID),
        calendar=MADRID_CALENDAR,
    )

    assert result.due_date.weekday() == 5
    assert result.unit is Unit.MONTHS
    assert result.skipped_holidays == ()


def test_the_peruvian_suspension_is_reported_as_paused_days() -> None:
    result = compute_deadline(
        regime="pe-libro-reclamaciones",
        request_type="reclamo",
        received_at=datetime(2026, 10, 5, 18, 42, tzinfo=LIMA),
        pauses=[(date(2026, 10, 12), date(2026, 10, 13))],
    )

    assert result.paused_days == 2
    assert result.original_due_date == date(2026, 10, 29)
    assert [day for day, _name in result.skipped_holidays] == [date(2026, 10, 8)]


def test_a_peruvian_suspension_longer_than_five_business_days_is_refused() -> None:
    with pytest.raises(DeadlineError, match="at most 5"):
        compute_deadline(
            regime="pe-libro-reclamaciones",
            request_type="queja",
            received_at=datetime(2026, 10, 5, 10, 0, tzinfo=LIMA),
            pauses=[(date(2026, 10, 12), date(2026, 10, 19))],
        )


def test_a_restart_after_a_pause_runs_a_full_new_term_from_the_day_after_it_ends() -> None:
    # CO art. 17 reading B: the petitioner completes on 2026-03-20; a new term runs from 03-24.
    result = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=bogota("2026-03-02T10:00"),
        pauses=[(date(2026, 3, 5), date(2026, 3, 20))],
        pause_mode=PauseMode.RESTART,
    )

    assert result.due_date == CO.add_business_days(date(2026, 3, 20), 15)
    assert result.due_date == date(2026, 4, 15)


# --------------------------------------------------------------------------------------------
# docs/legal/test-vectors.md §8: invariants
# --------------------------------------------------------------------------------------------


def test_invariant_1_every_business_day_deadline_of_2026_is_a_business_day() -> None:
    day = date(2026, 1, 1)
    while day.year == 2026:
        for code in ("peticion_general", "peticion_documentos", "consulta"):
            result = compute_deadline(
                regime="co-ley1755",
                request_type=code,
                received_at=datetime.combine(day, datetime.min.time(), BOGOTA),
            )
            assert CO.is_business_day(result.due_date), (day, code)
        day += timedelta(days=1)


def test_invariant_2_an_extension_recorded_after_the_original_deadline_is_refused() -> None:
    result = compute_deadline(
        regime="co-ley1755", request_type="peticion_general", received_at=bogota("2026-12-18T16:00")
    )

    with pytest.raises(DeadlineError) as excinfo:
        check_extension(result=result, requested_days=10, recorded_on=date(2027, 1, 14))

    assert str(excinfo.value) == (
        "The extension was recorded on 2027-01-14, after the original deadline 2027-01-13."
    )


def test_invariant_2_compute_deadline_also_refuses_a_late_extension() -> None:
    with pytest.raises(DeadlineError, match="after the original deadline 2027-01-13"):
        compute_deadline(
            regime="co-ley1755",
            request_type="peticion_general",
            received_at=bogota("2026-12-18T16:00"),
            extension_days=5,
            extension_recorded_on=date(2027, 1, 14),
        )


def test_invariant_3_rolling_a_saturday_filing_moves_the_deadline_one_business_day() -> None:
    default = compute_deadline(
        regime="co-ley1755", request_type="peticion_general", received_at=bogota("2026-03-21T10:00")
    )
    rolled = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=bogota("2026-03-21T10:00"),
        roll_nonbusiness_reception=True,
    )

    assert CO.business_days_between(default.due_date, rolled.due_date) == 1


def test_invariant_4_a_pause_never_shortens_a_deadline() -> None:
    without = compute_deadline(
        regime="pe-libro-reclamaciones",
        request_type="reclamo",
        received_at=datetime(2026, 10, 5, 18, 42, tzinfo=LIMA),
    )
    with_pause = compute_deadline(
        regime="pe-libro-reclamaciones",
        request_type="reclamo",
        received_at=datetime(2026, 10, 5, 18, 42, tzinfo=LIMA),
        pauses=[(date(2026, 10, 12), date(2026, 10, 13))],
    )

    assert with_pause.due_date > without.due_date


@pytest.mark.parametrize(
    ("received", "code", "term", "source"),
    [
        ("2021-06-01T10:00", "peticion_general", 30, "Decreto Legislativo 491"),
        ("2021-06-01T10:00", "peticion_documentos", 20, "Decreto Legislativo 491"),
        ("2021-06-01T10:00", "consulta", 35, "Decreto Legislativo 491"),
        ("2022-05-17T10:00", "peticion_general", 30, "Decreto Legislativo 491"),
        ("2022-05-18T10:00", "peticion_general", 15, "Ley 1437"),
        ("2022-05-18T10:00", "peticion_documentos", 10, "Ley 1437"),
        ("2022-05-18T10:00", "consulta", 30, "Ley 1437"),
        ("2019-06-01T10:00", "peticion_general", 15, "Ley 1437"),
    ],
)
def test_invariant_5_colombian_petitions_use_the_terms_in_force_when_filed(
    received: str, code: str, term: int, source: str
) -> None:
    result = compute_deadline(regime="co-ley1755", request_type=code, received_at=bogota(received))

    assert result.term == term
    assert result.legal_source.startswith(source)


def test_invariant_5_a_decreto_491_petition_may_be_extended_up_to_double() -> None:
    result = compute_deadline(
        regime="co-ley1755",
        request_type="peticion_general",
        received_at=bogota("2021-06-01T10:00"),
        extension_days=30,
    )

    assert result.max_extension_days == 30
    assert CO.business_days_between(result.reception_date, result.due_date) == 60


def test_invariant_6_removing_chiquinquira_moves_the_deadline_one_business_day_earlier() -> None:
    without_holiday = Calendar(country="CO", removed_holidays=frozenset({CHIQUINQUIRA_2026}))
    with_holiday = compute_deadline(
        regime="co-ley1755", request_type="requerimiento", received_at=bogota("2026-07-01T10:00")
    )
    removed = compute_deadline(
        regime="co-ley1755",
        request_type="requerimiento",
        received_at=bogota("2026-07-01T10:00"),
        calendar=without_holiday,
    )

    assert without_holiday.business_days_between(removed.due_date, with_holiday.due_date) == 1
    assert CHIQUINQUIRA_2026 not in dict(removed.skipped_holidays)


# --------------------------------------------------------------------------------------------
# Extensions and errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "code", "mode", "limit"),
    [
        ("co-ley1755", "peticion_general", None, 15),
        ("co-ley1755", "peticion_general", ExtensionMode.ADDITIONAL, 30),
        ("co-ley1755", "peticion_documentos", None, 10),
        ("co-ley1755", "consulta", None, 30),
        ("co-ley1755", "consulta", ExtensionMode.ADDITIONAL, 60),
        ("co-ley1581", "consulta", None, 5),
        ("co-ley1581", "reclamo", None, 8),
    ],
)
def test_an_extension_beyond_the_legal_ceiling_is_refused(
    regime: str, code: str, mode: ExtensionMode | None, limit: int
) -> None:
    received = bogota("2026-06-04T10:00")
    allowed = compute_deadline(
        regime=regime,
        request_type=code,
        received_at=received,
        extension_days=limit,
        extension_mode=mode,
    )

    assert allowed.max_extension_days == limit
    with pytest.raises(DeadlineError, match=f"maximum of {limit}"):
        compute_deadline(
            regime=regime,
            request_type=code,
            received_at=received,
            extension_days=limit + 1,
            extension_mode=mode,
        )


@pytest.mark.parametrize(
    ("regime", "code"),
    [
        ("co-ley1480", "reclamo"),
        ("co-ley142", "pqr"),
        ("pe-libro-reclamaciones", "reclamo"),
        ("pe-libro-reclamaciones", "queja"),
        ("co-ley1755", "traslado_competencia"),
    ],
)
def test_a_term_without_extension_cannot_be_extended(regime: str, code: str) -> None:
    with pytest.raises(DeadlineError, match="cannot be extended"):
        compute_deadline(
            regime=regime,
            request_type=code,
            received_at=datetime(2026, 6, 4, 10, 0, tzinfo=UTC),
            extension_days=1,
        )


def test_an_extension_recorded_on_the_original_due_date_is_in_time() -> None:
    result = compute_deadline(
        regime="co-ley1581", request_type="reclamo", received_at=bogota("2026-06-04T10:00")
    )

    validate_extension(result=result, requested_days=8, recorded_on=result.original_due_date)
    with pytest.raises(DeadlineError, match="maximum of 8"):
        validate_extension(result=result, requested_days=9, recorded_on=date(2026, 6, 5))


def test_a_naive_reception_time_is_refused() -> None:
    with pytest.raises(DeadlineError, match="timezone-aware"):
        compute_deadline(
            regime="co-ley1755",
            request_type="peticion_general",
            received_at=datetime(2026, 12, 18, 16, 0),  # noqa: DTZ001 - naive on purpose
        )


def test_an_unknown_regime_or_request_type_is_refused_with_the_valid_choices() -> None:
    with pytest.raises(DeadlineError, match=r"Unknown regime 'xx'.*co-ley1755"):
        get_regime("xx")
    with pytest.raises(DeadlineError, match=r"Unknown request type 'queja'.*peticion_general"):
        compute_deadline(
            regime="co-ley1755", request_type="queja", received_at=bogota("2026-12-18T16:00")
        )


def test_a_type_not_yet_in_force_is_refused() -> None:
    with pytest.raises(DeadlineError, match="in force on 2025-12-27"):
        compute_deadline(
            regime="es-ley10-2025",
            request_type="reclamacion",
            received_at=datetime(2025, 12, 27, 10, 0, tzinfo=MADRID),
        )


def test_a_pause_on_a_type_that_cannot_be_suspended_is_refused() -> None:
    with pytest.raises(DeadlineError, match="cannot be suspended"):
        compute_deadline(
            regime="co-ley142",
            request_type="pqr",
            received_at=bogota("2026-03-02T10:00"),
            pauses=[(date(2026, 3, 5), date(2026, 3, 6))],
        )


def test_a_pause_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(DeadlineError, match="before it starts"):
        compute_deadline(
            regime="co-ley1755",
            request_type="peticion_general",
            received_at=bogota("2026-03-02T10:00"),
            pauses=[(date(2026, 3, 6), date(2026, 3, 5))],
        )


def test_an_unknown_holiday_country_is_refused() -> None:
    with pytest.raises(DeadlineError, match="Unsupported holiday calendar"):
        Calendar(country="XX")


# --------------------------------------------------------------------------------------------
# Calendar, queue helpers and the regime table
# --------------------------------------------------------------------------------------------


def test_a_closure_day_is_not_a_business_day_and_is_named() -> None:
    closed = Calendar(country="CO", closures=frozenset({date(2026, 12, 24)}))

    assert not closed.is_business_day(date(2026, 12, 24))
    assert closed.holiday_name(date(2026, 12, 24)) == CLOSURE_NAME
    assert CO.is_business_day(date(2026, 12, 24))


def test_an_extra_holiday_keeps_the_name_the_tenant_gave_it() -> None:
    extra = Calendar(country="CO", extra_holidays=frozenset({(date(2026, 11, 20), "Aniversario")}))

    assert extra.holiday_name(date(2026, 11, 20)) == "Aniversario"
    assert not extra.is_business_day(date(2026, 11, 20))


def test_saturdays_count_only_for_entities_that_work_on_saturdays() -> None:
    saturday = date(2026, 3, 21)
    working_saturdays = Calendar(country="CO", saturday_is_business_day=True)

    assert not CO.is_business_day(saturday)
    assert working_saturdays.is_business_day(saturday)
    assert not working_saturdays.is_business_day(date(2026, 3, 22))


def test_business_days_between_counts_the_end_but_not_the_start() -> None:
    assert CO.business_days_between(date(2026, 12, 18), date(2027, 1, 13)) == 15
    assert CO.business_days_between(date(2027, 1, 13), date(2026, 12, 18)) == -15
    assert CO.business_days_between(date(2026, 3, 20), date(2026, 3, 23)) == 0


_COUNTING_CALENDARS = [
    CO,
    MADRID_CALENDAR,
    Calendar(country="CO", saturday_is_business_day=True),
    Calendar(
        country="CO",
        closures=frozenset({date(2026, 12, 24), date(2026, 12, 26)}),
        removed_holidays=frozenset({CHIQUINQUIRA_2026}),
        extra_holidays=frozenset({(date(2027, 3, 3), "Aniversario"), (date(2026, 5, 2), "Sábado")}),
    ),
]


@given(
    calendar=st.sampled_from(_COUNTING_CALENDARS),
    a=st.dates(min_value=date(2023, 1, 1), max_value=date(2029, 12, 31)),
    b=st.dates(min_value=date(2023, 1, 1), max_value=date(2029, 12, 31)),
)
@settings(max_examples=300, deadline=None)
def test_business_days_between_equals_walking_the_days_one_by_one(
    calendar: Calendar, a: date, b: date
) -> None:
    low, high = min(a, b), max(a, b)
    walked = sum(
        1 for n in range(1, (high - low).days + 1) if calendar.is_business_day(low + timedelta(n))
    )

    assert calendar.business_days_between(a, b) == (walked if a <= b else -walked)


@pytest.mark.parametrize(
    ("today", "left", "risk"),
    [
        (date(2027, 1, 4), 6, Risk.ON_TRACK),
        (date(2027, 1, 6), 4, Risk.ON_TRACK),
        (date(2027, 1, 7), 3, Risk.DUE_SOON),
        (date(2027, 1, 10), 2, Risk.DUE_SOON),
        (date(2027, 1, 12), 1, Risk.DUE_SOON),
        (date(2027, 1, 13), 0, Risk.DUE_TODAY),
        (date(2027, 1, 14), -1, Risk.OVERDUE),
        (date(2027, 1, 20), -5, Risk.OVERDUE),
    ],
)
def test_the_queue_shows_days_left_and_risk(today: date, left: int, risk: Risk) -> None:
    due = date(2027, 1, 13)

    assert business_days_left(due_date=due, today=today, calendar=CO) == left
    assert risk_level(due_date=due, today=today, calendar=CO) is risk


def test_a_weekend_right_after_the_deadline_is_already_overdue() -> None:
    friday = date(2026, 3, 27)

    assert business_days_left(due_date=friday, today=date(2026, 3, 28), calendar=CO) == -1
    assert risk_level(due_date=friday, today=date(2026, 3, 28), calendar=CO) is Risk.OVERDUE


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 7, 10), 1, date(2026, 8, 10)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), 2, date(2026, 5, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 3, 31), 0, date(2026, 3, 31)),
    ],
)
def test_months_run_from_date_to_date_clamped_to_the_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_the_regime_table_has_the_agreed_codes_and_types() -> None:
    expected = {
        "co-ley1755": {
            "peticion_general",
            "peticion_documentos",
            "consulta",
            "entre_autoridades",
            "traslado_competencia",
        },
        "co-ley1581": {"consulta", "reclamo"},
        "co-ley1480": {"reclamo"},
        "co-ley142": {"pqr"},
        "pe-libro-reclamaciones": {"reclamo", "queja"},
        "es-trlgdcu": {"reclamacion"},
        "es-ley10-2025": {"reclamacion"},
        "mx-une": {"reclamacion"},
        "cl-sernac": {"reclamo"},
        "ec-coa": {"peticion"},
    }

    for code, types in expected.items():
        assert types <= set(get_regime(code).type_codes()), code
    for regime in REGIMES.values():
        ZoneInfo(regime.timezone)
        for rule in regime.rules:
            assert rule.label_es, rule.code
            assert rule.label_en, rule.code
            assert rule.legal_source, rule.code


@pytest.mark.parametrize(
    ("regime", "code", "term", "unit"),
    [
        ("co-ley1480", "reclamo", 15, Unit.BUSINESS_DAYS),
        ("co-ley142", "pqr", 15, Unit.BUSINESS_DAYS),
        ("es-ley10-2025", "reclamacion", 15, Unit.BUSINESS_DAYS),
        ("mx-une", "reclamacion", 30, Unit.BUSINESS_DAYS),
        ("cl-sernac", "reclamo", 10, Unit.BUSINESS_DAYS),
        ("ec-coa", "peticion", 30, Unit.BUSINESS_DAYS),
    ],
)
def test_each_regime_applies_its_legal_term(regime: str, code: str, term: int, unit: Unit) -> None:
    received = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    result = compute_deadline(regime=regime, request_type=code, received_at=received)
    calendar = Calendar(country=get_regime(regime).country)

    assert (result.term, result.unit) == (term, unit)
    assert calendar.business_days_between(result.reception_date, result.due_date) == term


def test_the_result_serialises_to_json_with_iso_dates() -> None:
    result = compute_deadline(
        regime="co-ley1755", request_type="peticion_general", received_at=bogota("2026-12-18T16:00")
    )

    payload = json.loads(json.dumps(result.as_dict()))

    assert payload["due_date"] == "2027-01-13"
    assert payload["unit"] == "business_days"
    assert payload["skipped_holidays"][0] == {"date": "2026-12-25", "name": "Navidad"}
    assert payload["regime"] == "co-ley1755"
    assert payload["request_type"] == "peticion_general"


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
terms = st.integers(min_value=1, max_value=60)
hours = st.integers(min_value=0, max_value=23)


def regime_with_term(term: int) -> Regime:
    rule = RequestTypeRule(
        code="prueba",
        label_es="Prueba",
        label_en="Test",
        term=term,
        unit=Unit.BUSINESS_DAYS,
        extension_rule=ExtensionRule.UP_TO_DOUBLE_ADDITIONAL,
        legal_source="Prueba",
        pausable=True,
    )
    return Regime(
        code="co-prueba",
        country="CO",
        name="Prueba",
        timezone="America/Bogota",
        rules=(rule,),
        legal_source="Prueba",
    )


def deadline(term: int, received: date, hour: int = 10, **options: Any) -> DeadlineResult:
    return compute_deadline(
        regime=regime_with_term(term),
        request_type="prueba",
        received_at=datetime(received.year, received.month, received.day, hour, tzinfo=BOGOTA),
        **options,
    )


@settings(max_examples=200, deadline=None)
@given(received=dates, term=terms, hour=hours, saturdays=st.booleans())
def test_a_business_day_deadline_always_falls_on_a_business_day(
    received: date, term: int, hour: int, saturdays: bool
) -> None:
    calendar = Calendar(country="CO", saturday_is_business_day=saturdays)

    result = deadline(term, received, hour, calendar=calendar)

    assert calendar.is_business_day(result.due_date)
    assert calendar.business_days_between(result.reception_date, result.due_date) == term


@settings(max_examples=200, deadline=None)
@given(
    received=dates,
    term=terms,
    offset=st.integers(min_value=-10, max_value=90),
    length=st.integers(min_value=0, max_value=30),
    mode=st.sampled_from(PauseMode),
)
def test_a_pause_never_moves_the_deadline_earlier(
    received: date, term: int, offset: int, length: int, mode: PauseMode
) -> None:
    start = received + timedelta(days=offset)
    pause = (start, start + timedelta(days=length))

    without = deadline(term, received, pause_mode=mode)
    paused = deadline(term, received, pauses=[pause], pause_mode=mode)

    assert paused.due_date >= without.due_date


@settings(max_examples=200, deadline=None)
@given(
    received=dates,
    term=terms,
    offset=st.integers(min_value=-10, max_value=90),
    length=st.integers(min_value=0, max_value=30),
)
def test_restarting_after_a_pause_is_never_earlier_than_resuming(
    received: date, term: int, offset: int, length: int
) -> None:
    start = received + timedelta(days=offset)
    pauses = [(start, start + timedelta(days=length))]

    resumed = deadline(term, received, pauses=pauses, pause_mode=PauseMode.RESUME)
    restarted = deadline(term, received, pauses=pauses, pause_mode=PauseMode.RESTART)

    assert restarted.due_date >= resumed.due_date


@settings(max_examples=200, deadline=None)
@given(received=dates, term=st.integers(min_value=3, max_value=60), data=st.data())
def test_a_closure_inside_the_term_moves_the_deadline_one_business_day_later(
    received: date, term: int, data: st.DataObject
) -> None:
    before = deadline(term, received)
    inside = [
        day
        for day in (before.start_date + timedelta(days=n) for n in range(1, 200))
        if before.start_date < day < before.due_date and CO.is_business_day(day)
    ]
    assume(inside)
    closure = data.draw(st.sampled_from(inside))
    closed = Calendar(country="CO", closures=frozenset({closure}))

    after = deadline(term, received, calendar=closed)

    assert closed.business_days_between(before.due_date, after.due_date) == 1
    assert (closure, CLOSURE_NAME) in after.skipped_holidays


@settings(max_examples=200, deadline=None)
@given(received=dates, term=terms, data=st.data())
def test_removing_a_holiday_inside_the_term_moves_the_deadline_one_business_day_earlier(
    received: date, term: int, data: st.DataObject
) -> None:
    before = deadline(term, received)
    assume(before.skipped_holidays)
    holiday, _name = data.draw(st.sampled_from(before.skipped_holidays))
    trimmed = Calendar(country="CO", removed_holidays=frozenset({holiday}))

    after = deadline(term, received, calendar=trimmed)

    assert trimmed.business_days_between(after.due_date, before.due_date) == 1


@settings(max_examples=200, deadline=None)
@given(
    received=dates,
    term=terms,
    hour=hours,
    cutoff=st.one_of(st.none(), st.integers(min_value=8, max_value=20)),
)
def test_rolling_a_non_business_reception_changes_the_deadline_by_at_most_one_business_day(
    received: date, term: int, hour: int, cutoff: int | None
) -> None:
    kept = deadline(term, received, hour, roll_nonbusiness_reception=False, cutoff_hour=cutoff)
    rolled = deadline(term, received, hour, roll_nonbusiness_reception=True, cutoff_hour=cutoff)

    assert CO.business_days_between(kept.due_date, rolled.due_date) in (0, 1)


@settings(max_examples=200, deadline=None)
@given(received=dates, term=terms, data=st.data())
def test_an_extension_never_shortens_the_deadline(
    received: date, term: int, data: st.DataObject
) -> None:
    extension = data.draw(st.integers(min_value=0, max_value=2 * term))

    result = deadline(term, received, extension_days=extension)

    assert result.due_date >= result.original_due_date
    assert CO.business_days_between(result.original_due_date, result.due_date) == extension


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=60))
def test_counting_business_days_undoes_adding_them(start: date, n: int) -> None:
    end = CO.add_business_days(start, n)

    assert CO.business_days_between(start, end) == n
