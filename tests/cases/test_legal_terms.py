"""What each regime's term does while we wait, when it may be extended, and positive silence.

Pure rules of ``promesa.cases.deadlines`` (waiting.py, silence.py, extension_refusal) checked
against the law (docs/legal/co.md §2.2, CO-11; docs/legal/pe.md §3.1), and their words at the
edge (``promesa.cases.legal_text``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from promesa.cases import deadlines
from promesa.cases.deadlines import (
    Calendar,
    DeadlineError,
    ErrorCode,
    PauseMode,
    SilenceState,
    WhileWaiting,
    cap_pauses,
    compute_deadline,
    extension_refusal,
    get_regime,
    positive_silence,
    term_while_waiting,
)
from promesa.cases.legal_text import deadline_error_text, waiting_sentence

BOGOTA = ZoneInfo("America/Bogota")
CO = Calendar(country="CO")
PE = Calendar(country="PE")
IN_FORCE = date(2026, 3, 16)


def rule(regime: str, request_type: str) -> deadlines.RequestTypeRule:
    return get_regime(regime).rule_for(request_type, IN_FORCE)


# --- 1. what the term does while the requester is asked ------------------------------------


@pytest.mark.parametrize(
    ("regime", "request_type", "mode", "effect", "max_days"),
    [
        # Ley 142 art. 158: no suspension; the 15 business days keep running.
        ("co-ley142", "pqr", PauseMode.RESUME, WhileWaiting.KEEPS_RUNNING, None),
        # Ley 1755 art. 17, reading A (the regime's default) and reading B.
        ("co-ley1755", "peticion_general", PauseMode.RESUME, WhileWaiting.RESUMES, None),
        ("co-ley1755", "peticion_general", PauseMode.RESTART, WhileWaiting.RESTARTS, None),
        ("co-ley1755", "consulta", PauseMode.RESUME, WhileWaiting.RESUMES, None),
        # Art. 30 and art. 21 terms are not suspended.
        ("co-ley1755", "entre_autoridades", PauseMode.RESUME, WhileWaiting.KEEPS_RUNNING, None),
        # Ley 1581 art. 15 num. 1: an incomplete reclamo waits; a consulta does not.
        ("co-ley1581", "reclamo", PauseMode.RESUME, WhileWaiting.RESUMES, None),
        ("co-ley1581", "consulta", PauseMode.RESUME, WhileWaiting.KEEPS_RUNNING, None),
        ("co-ley1480", "reclamo", PauseMode.RESUME, WhileWaiting.KEEPS_RUNNING, None),
        # PE D.S. 011-2011-PCM art. 6-A.2.b: one suspension of at most 5 business days.
        ("pe-libro-reclamaciones", "reclamo", PauseMode.RESUME, WhileWaiting.STOPS_AT_MOST, 5),
        ("pe-libro-reclamaciones", "queja", PauseMode.RESTART, WhileWaiting.STOPS_AT_MOST, 5),
        ("es-trlgdcu", "reclamacion", PauseMode.RESUME, WhileWaiting.KEEPS_RUNNING, None),
        ("ec-coa", "peticion", PauseMode.RESUME, WhileWaiting.KEEPS_RUNNING, None),
    ],
)
def test_each_rule_says_what_its_term_does_while_we_wait(
    regime: str, request_type: str, mode: PauseMode, effect: WhileWaiting, max_days: int | None
) -> None:
    waiting = term_while_waiting(rule(regime, request_type), pause_mode=mode)

    assert waiting.effect is effect
    assert waiting.max_days == max_days
    assert waiting.stops is (effect is not WhileWaiting.KEEPS_RUNNING)


def test_a_month_term_restarts_after_a_pause_even_under_the_resume_reading() -> None:
    month_rule = deadlines.RequestTypeRule(
        code="m",
        label_es="m",
        label_en="m",
        term=1,
        unit=deadlines.Unit.MONTHS,
        extension_rule=deadlines.ExtensionRule.NONE,
        legal_source="x",
        pausable=True,
    )

    assert term_while_waiting(month_rule, pause_mode=PauseMode.RESUME).effect is (
        WhileWaiting.RESTARTS
    )


def test_every_rule_of_every_regime_has_an_answer_and_it_agrees_with_the_engine() -> None:
    # invariant: the copy says the term stops exactly when the engine accepts a pause
    received = datetime(2026, 3, 16, 9, tzinfo=BOGOTA)
    for regime in deadlines.REGIMES.values():
        for code in regime.type_codes():
            try:
                current = regime.rule_for(code, IN_FORCE)
            except DeadlineError:
                continue
            waiting = term_while_waiting(current, pause_mode=regime.pause_mode)
            pause = [(date(2026, 3, 18), date(2026, 3, 19))]
            if waiting.stops:
                compute_deadline(
                    regime=regime, request_type=code, received_at=received, pauses=pause
                )
                continue
            with pytest.raises(DeadlineError) as refused:
                compute_deadline(
                    regime=regime, request_type=code, received_at=received, pauses=pause
                )
            assert refused.value.code == ErrorCode.NOT_PAUSABLE, (regime.code, code)


def test_a_peruvian_pause_counts_at_most_five_business_days() -> None:
    # given a claim whose requester took two weeks (10 business days) to answer
    reclamo = rule("pe-libro-reclamaciones", "reclamo")
    long_pause = [(date(2026, 3, 2), date(2026, 3, 13))]

    # then only Monday 2 to Friday 6 (5 business days) stop the clock
    assert cap_pauses(long_pause, rule=reclamo, calendar=PE) == (
        (date(2026, 3, 2), date(2026, 3, 6)),
    )
    # and the capped pause is one the engine accepts
    result = compute_deadline(
        regime="pe-libro-reclamaciones",
        request_type="reclamo",
        received_at=datetime(2026, 2, 27, 10, tzinfo=ZoneInfo("America/Lima")),
        calendar=PE,
        pauses=cap_pauses(long_pause, rule=reclamo, calendar=PE),
    )
    assert result.paused_days == 5


def test_a_second_peruvian_pause_only_gets_what_is_left_of_the_five_days() -> None:
    reclamo = rule("pe-libro-reclamaciones", "reclamo")
    pauses = [(date(2026, 3, 2), date(2026, 3, 4)), (date(2026, 3, 9), date(2026, 3, 20))]

    assert cap_pauses(pauses, rule=reclamo, calendar=PE) == (
        (date(2026, 3, 2), date(2026, 3, 4)),  # 3 business days
        (date(2026, 3, 9), date(2026, 3, 10)),  # the 2 left
    )


def test_pauses_without_a_maximum_are_left_as_they_are() -> None:
    pauses = [(date(2026, 3, 9), date(2026, 4, 20)), (date(2026, 3, 2), date(2026, 3, 4))]

    assert cap_pauses(pauses, rule=rule("co-ley1755", "peticion_general"), calendar=CO) == (
        (date(2026, 3, 2), date(2026, 3, 4)),
        (date(2026, 3, 9), date(2026, 4, 20)),
    )


@pytest.mark.parametrize(
    ("regime", "request_type", "spanish"),
    [
        ("co-ley142", "pqr", "El plazo para responderle no se suspende mientras esperamos"),
        ("co-ley1755", "peticion_general", "vuelven a correr los días que faltaban"),
        ("pe-libro-reclamaciones", "reclamo", "se suspende por máximo 5 días hábiles"),
    ],
)
def test_the_requester_reads_in_spanish_what_their_regime_does(
    regime: str, request_type: str, spanish: str
) -> None:
    waiting = term_while_waiting(rule(regime, request_type), pause_mode=PauseMode.RESUME)

    with translation.override("es-co"):
        sentence = waiting_sentence(waiting, audience="requester", due=date(2026, 4, 9))

    assert spanish in sentence
    assert ("jueves 9 de abril de 2026" in sentence) is (regime == "co-ley142")


def test_the_restart_reading_promises_a_new_full_term() -> None:
    waiting = term_while_waiting(
        rule("co-ley1755", "peticion_general"), pause_mode=PauseMode.RESTART
    )

    with translation.override("es-co"):
        sentence = waiting_sentence(waiting, audience="requester")

    assert "un plazo nuevo y completo de 15 días hábiles" in sentence


# --- 2. extensions --------------------------------------------------------------------------


def _deadline(regime: str, request_type: str, extension_days: int = 0) -> deadlines.DeadlineResult:
    return compute_deadline(
        regime=regime,
        request_type=request_type,
        received_at=datetime(2026, 3, 16, 9, tzinfo=BOGOTA),
        calendar=CO,
        extension_days=extension_days,
    )


def test_a_ley_142_claim_can_never_be_extended_and_the_refusal_names_the_law() -> None:
    result = _deadline("co-ley142", "pqr")

    refusal = extension_refusal(result=result, on=date(2026, 3, 17))

    assert refusal is not None
    assert refusal.code == ErrorCode.NOT_EXTENDABLE
    assert refusal.params["regime"] == "co-ley142"
    with translation.override("es-co"):
        text = deadline_error_text(refusal)
    assert text.startswith(
        "Este tipo de solicitud (Petición, queja o recurso de servicios públicos, Ley 142 de 1994"
    )
    assert "no admite prórroga" in text
    assert "trasládela a la entidad competente" in text
    with translation.override("en"):
        assert "cannot be extended: answer it within the term" in deadline_error_text(refusal)


def test_a_petition_may_be_extended_until_its_ceiling_is_reached() -> None:
    # Ley 1755 art. 14 parágrafo, reading A: at most one more term of 15 business days
    assert (
        extension_refusal(result=_deadline("co-ley1755", "peticion_general"), on=IN_FORCE) is None
    )

    full = _deadline("co-ley1755", "peticion_general", extension_days=15)
    refusal = extension_refusal(result=full, on=IN_FORCE)

    assert refusal is not None
    assert refusal.code == ErrorCode.EXTENSION_TOO_LONG
    with translation.override("es-co"):
        assert "como máximo 15 días adicionales en total" in deadline_error_text(refusal)


def test_an_extension_after_the_original_due_date_is_refused_with_the_date() -> None:
    result = _deadline("co-ley1755", "peticion_general")

    refusal = extension_refusal(result=result, on=date(2026, 5, 4))

    assert refusal is not None
    assert refusal.code == ErrorCode.EXTENSION_TOO_LATE
    assert refusal.params["original_due"] == result.original_due_date
    with translation.override("es-co"):
        text = deadline_error_text(refusal)
    assert "a más tardar en la fecha límite original" in text
    assert "2026" in text


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: get_regime("xx"), ErrorCode.UNKNOWN_REGIME),
        (lambda: get_regime("co-ley142").rule_for("queja", IN_FORCE), ErrorCode.UNKNOWN_TYPE),
        (
            lambda: get_regime("es-ley10-2025").rule_for("reclamacion", date(2025, 1, 1)),
            ErrorCode.NOT_IN_FORCE,
        ),
        (lambda: _deadline("co-ley142", "pqr", extension_days=3), ErrorCode.NOT_EXTENDABLE),
        (
            lambda: _deadline("co-ley1755", "consulta", extension_days=-1),
            ErrorCode.EXTENSION_NEGATIVE,
        ),
    ],
)
def test_every_refusal_of_the_engine_has_a_code_and_a_spanish_sentence(
    call: Callable[[], object], code: ErrorCode
) -> None:
    with pytest.raises(DeadlineError) as caught:
        call()

    assert caught.value.code == code
    with translation.override("es-co"):
        spanish = deadline_error_text(caught.value)
    with translation.override("en"):
        english = deadline_error_text(caught.value)
    assert spanish != english
    assert spanish != str(caught.value)


# --- 3. silencio administrativo positivo ----------------------------------------------------


def test_ley_142_terms_give_positive_silence_and_petitions_in_general_do_not() -> None:
    assert rule("co-ley142", "pqr").silence_effect is deadlines.SilenceEffect.POSITIVE
    assert rule("co-ley1755", "peticion_documentos").silence_effect is (
        deadlines.SilenceEffect.POSITIVE
    )
    assert rule("ec-coa", "peticion").silence_effect is deadlines.SilenceEffect.POSITIVE
    assert rule("co-ley1755", "peticion_general").silence_effect is deadlines.SilenceEffect.NONE


def test_the_legal_vector_of_a_ley_142_claim() -> None:
    # A claim received Monday 16 March 2026: 15 business days skipping San José (23 March),
    # Holy Thursday and Good Friday (2 and 3 April) end on Thursday 9 April.
    due = _deadline("co-ley142", "pqr").due_date
    assert due == date(2026, 4, 9)

    silence = positive_silence(
        applies=True, due_date=due, today=date(2026, 4, 10), timezone="America/Bogota"
    )

    assert silence.state is SilenceState.OCCURRED
    assert silence.occurs_on == date(2026, 4, 10)
    # 72 hours after the term expired (the end of 9 April, Bogotá time)
    assert silence.recognise_by == datetime(2026, 4, 13, 0, 0, tzinfo=BOGOTA)


DUE = date(2026, 4, 9)


@pytest.mark.parametrize(
    ("case", "kwargs", "state"),
    [
        ("the term runs", {"today": date(2026, 4, 8)}, SilenceState.PENDING),
        ("the last day itself is in time", {"today": DUE}, SilenceState.PENDING),
        ("the day after, unanswered", {"today": date(2026, 4, 10)}, SilenceState.OCCURRED),
        (
            "answered on the last day",
            {"today": date(2026, 5, 1), "answered_on": DUE},
            SilenceState.AVOIDED,
        ),
        (
            "answered late: the silence stands",
            {"today": date(2026, 5, 1), "answered_on": date(2026, 4, 14)},
            SilenceState.OCCURRED,
        ),
        (
            "the user caused the delay",
            {"today": date(2026, 5, 1), "excluded": True},
            SilenceState.EXCLUDED,
        ),
        (
            "withdrawn or transferred: no answer owed",
            {"today": date(2026, 5, 1), "still_owed": False},
            SilenceState.NOT_APPLICABLE,
        ),
        (
            "the clock is stopped while the requester completes it",
            {"today": date(2026, 5, 1), "clock_stopped": True},
            SilenceState.PENDING,
        ),
        (
            "the rule gives no positive silence",
            {"today": date(2026, 5, 1), "applies": False},
            SilenceState.NOT_APPLICABLE,
        ),
    ],
)
def test_positive_silence_table(case: str, kwargs: dict[str, object], state: SilenceState) -> None:
    arguments: dict[str, object] = {"applies": True, "due_date": DUE, "timezone": "America/Bogota"}
    arguments.update(kwargs)

    assert positive_silence(**arguments).state is state, case  # type: ignore[arg-type]


def test_recognition_is_due_72_hours_later_across_a_time_zone_without_summer_time() -> None:
    # Ecuador (COA art. 207): the window is plain hours on the organization's clock
    silence = positive_silence(
        applies=True,
        due_date=date(2026, 12, 31),
        today=date(2027, 1, 1),
        timezone="America/Guayaquil",
    )

    assert silence.recognise_by == datetime(2027, 1, 4, tzinfo=ZoneInfo("America/Guayaquil"))
    assert silence.recognise_by is not None
    assert (
        silence.recognise_by - datetime(2027, 1, 1, tzinfo=ZoneInfo("America/Guayaquil"))
        == deadlines.RECOGNITION_WINDOW
    )
