"""The legal engine's answers in the reader's words: what the term does, and why it refused.

``promesa.cases.deadlines`` is pure code and speaks in codes and values
(``DeadlineError.code``/``params``, ``WhileWaiting``); this module is the edge that turns them
into translated sentences, for the pages, the e-mails, the timeline and the API. Every
sentence about what a case's term does while the requester is asked comes from here, so a
page never promises a suspension the law in force does not give.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from promesa.cases import deadlines
from promesa.cases.deadlines import DeadlineError, ErrorCode, TermWhileWaiting, Unit, WhileWaiting
from promesa.cases.models import Case
from promesa.core.errors import ApplicationError
from promesa.core.templatetags.promesa import long_date

Audience = Literal["requester", "staff"]


def case_rule(case: Case) -> deadlines.RequestTypeRule | None:
    """The rule in force for ``case`` (None for a regime or type the engine does not know)."""
    reception = case.received_at.astimezone(ZoneInfo(case.organization.time_zone)).date()
    try:
        return deadlines.get_regime(case.regime).rule_for(case.request_type, reception)
    except DeadlineError:
        return None


def case_term_while_waiting(case: Case) -> TermWhileWaiting | None:
    """What ``case``'s term does while the requester is asked (docs/legal/workflow.md §1.7)."""
    rule = case_rule(case)
    if rule is None:
        return None
    regime = deadlines.get_regime(case.regime)
    return deadlines.term_while_waiting(rule, pause_mode=regime.pause_mode)


def term_words(term: int, unit: Unit) -> str:
    """ "15 business days", "1 month": a term as a person says it."""
    if unit is Unit.BUSINESS_DAYS:
        return ngettext("%(n)s business day", "%(n)s business days", term) % {"n": term}
    if unit is Unit.CALENDAR_DAYS:
        return ngettext("%(n)s calendar day", "%(n)s calendar days", term) % {"n": term}
    return ngettext("%(n)s month", "%(n)s months", term) % {"n": term}


def waiting_sentence(
    waiting: TermWhileWaiting | None, *, audience: Audience, due: date | None = None
) -> str:
    """One sentence saying what the term does while the requester is asked.

    ``audience`` "requester" speaks to the requester (portal, e-mails); "staff" to the
    people who handle the case. ``due`` is the due date, told when the term keeps running.
    """
    if waiting is None:
        return ""
    if audience == "requester":
        return _requester_sentence(waiting, due)
    return _staff_sentence(waiting)


def _requester_sentence(waiting: TermWhileWaiting, due: date | None) -> str:
    match waiting.effect:
        case WhileWaiting.KEEPS_RUNNING:
            if due is None:
                return _("The term to answer you does not stop while we wait for your answer.")
            return _(
                "The term to answer you does not stop while we wait for your answer: we will "
                "answer by %(date)s in any case."
            ) % {"date": long_date(due)}
        case WhileWaiting.RESUMES:
            return _(
                "While we wait for your answer the term to answer you stops; when you answer, "
                "the days that were left run again."
            )
        case WhileWaiting.RESTARTS:
            return _(
                "While we wait for your answer the term to answer you stops; when you answer, "
                "a new full term of %(term)s starts."
            ) % {"term": term_words(waiting.term, waiting.unit)}
        case WhileWaiting.STOPS_AT_MOST:
            return _(
                "While we wait for your answer the term to answer you stops for at most "
                "%(term)s; after that it runs again even if you have not answered."
            ) % {"term": term_words(waiting.max_days or 0, waiting.unit)}


def _staff_sentence(waiting: TermWhileWaiting) -> str:
    match waiting.effect:
        case WhileWaiting.KEEPS_RUNNING:
            return _(
                "The legal term keeps running while the requester is asked (%(source)s): the "
                "due date does not move."
            ) % {"source": waiting.legal_source}
        case WhileWaiting.RESUMES:
            return _(
                "The legal term stops until the requester answers; then the days that were "
                "left continue."
            )
        case WhileWaiting.RESTARTS:
            return _(
                "The legal term stops until the requester answers; then a new full term of "
                "%(term)s starts."
            ) % {"term": term_words(waiting.term, waiting.unit)}
        case WhileWaiting.STOPS_AT_MOST:
            return _(
                "The legal term stops for at most %(term)s (%(source)s); then it runs again "
                "even without an answer."
            ) % {
                "term": term_words(waiting.max_days or 0, waiting.unit),
                "source": waiting.legal_source,
            }


def answer_received_sentence(waiting: TermWhileWaiting | None) -> str:
    """What the requester is told after completing the request."""
    effect = waiting.effect if waiting is not None else WhileWaiting.KEEPS_RUNNING
    match effect:
        case WhileWaiting.KEEPS_RUNNING:
            return _("We received your answer. We will answer you by the date shown.")
        case WhileWaiting.RESUMES:
            return _(
                "We received your answer. The days that were left of the term to answer you "
                "run again."
            )
        case WhileWaiting.RESTARTS:
            return _("We received your answer. A new full term to answer you starts to run.")
        case WhileWaiting.STOPS_AT_MOST:
            return _("We received your answer. The term to answer you runs again.")


def event_waiting_sentence(effect: str, *, pauses_clock: bool, case: Case) -> str:
    """The staff sentence for a clarification request recorded with ``effect``.

    Events recorded before the effect was stored only say whether the clock stopped.
    """
    waiting = case_term_while_waiting(case)
    if waiting is not None and effect in WhileWaiting.__members__.values():
        waiting = TermWhileWaiting(
            effect=WhileWaiting(effect),
            term=waiting.term,
            unit=waiting.unit,
            legal_source=waiting.legal_source,
            max_days=waiting.max_days,
        )
        return waiting_sentence(waiting, audience="staff")
    if pauses_clock:
        return _("The legal term stopped until the requester answered.")
    return _("The legal term kept running while the requester was asked.")


# --- refusals ----------------------------------------------------------------------------


def _type_label(params: dict[str, object]) -> str:
    """The request type's name in the reader's language, from the regime's table."""
    code, regime_code = str(params.get("type", "")), str(params.get("regime", ""))
    regime = deadlines.REGIMES.get(regime_code)
    rule = next((r for r in regime.rules if r.code == code), None) if regime else None
    if rule is None:
        return code
    spanish = (get_language() or "es").startswith("es")
    return rule.label_es if spanish else rule.label_en


def _words(value: object) -> object:
    return long_date(value) if isinstance(value, date) else value


def deadline_error_text(exc: DeadlineError) -> str:
    """The refusal in the reader's language: why, and what to do instead."""
    params: dict[str, object] = {key: _words(value) for key, value in exc.params.items()}
    params["label"] = _type_label(dict(exc.params))
    match exc.code:
        case ErrorCode.NOT_EXTENDABLE:
            text = _(
                "This type of request (%(label)s, %(source)s) cannot be extended: answer it "
                "within the term or, if it is not yours to answer, transfer it to the "
                "competent entity."
            )
        case ErrorCode.EXTENSION_TOO_LONG:
            text = _(
                "The law allows at most %(limit)s extra days in all for this type of request "
                "(%(label)s, %(source)s), and %(requested)s were asked for: ask for fewer days "
                "or answer within the current term."
            )
        case ErrorCode.EXTENSION_TOO_LATE:
            text = _(
                "The term can no longer be extended: an extension must be recorded and told to "
                "the requester by the original due date, %(original_due)s. Answer as soon as "
                "possible."
            )
        case ErrorCode.EXTENSION_NEGATIVE:
            text = _("The extension must be of one day or more.")
        case ErrorCode.NOT_PAUSABLE:
            text = _(
                "The term of this type of request (%(label)s, %(source)s) cannot be suspended: "
                "it keeps running while the requester is asked, so answer within the term."
            )
        case ErrorCode.PAUSE_TOO_LONG:
            text = _(
                "The term of this type of request (%(label)s, %(source)s) may stop for at most "
                "%(limit)s days in all, and %(requested)s were asked for: shorten the pauses."
            )
        case ErrorCode.MONTH_PAUSE_RESUMED:
            text = _(
                "A term counted in months starts again after a pause; it cannot resume part of "
                "a month. Use the restart reading for this type."
            )
        case ErrorCode.PAUSE_REVERSED:
            text = _("A pause cannot end (%(end)s) before it starts (%(start)s): swap the dates.")
        case ErrorCode.UNKNOWN_REGIME:
            text = _("The legal regime “%(regime)s” is not known. Choose one of: %(valid)s.")
        case ErrorCode.UNKNOWN_TYPE:
            text = _(
                "“%(type)s” is not a request type of the regime %(regime)s. Choose one of: "
                "%(valid)s."
            )
        case ErrorCode.NOT_IN_FORCE:
            text = _(
                "No rule for “%(type)s” of the regime %(regime)s was in force on %(on)s: check "
                "the reception date or choose another type."
            )
        case ErrorCode.NAIVE_RECEPTION:
            text = _("The reception time needs a time zone.")
        case ErrorCode.UNKNOWN_TIMEZONE:
            text = _(
                "The time zone “%(timezone)s” is not known: an administrator must correct the "
                "organization's settings."
            )
        case ErrorCode.UNSUPPORTED_CALENDAR:
            text = _(
                "There is no holiday calendar for %(country)s: an administrator must correct "
                "the organization's country."
            )
        case _:
            return str(exc)
    return text % params


def deadline_application_error(exc: DeadlineError) -> ApplicationError:
    """The ``ApplicationError`` (code "deadline") a service raises for an engine refusal."""
    return ApplicationError(
        deadline_error_text(exc), code="deadline", extra={"reason": str(exc.code)}
    )
