"""Silencio administrativo positivo: when an unanswered request is deemed granted.

CO Ley 142 de 1994 art. 158 (subrogated by Decreto-Ley 2150 de 1995 art. 123): a utility
that does not answer a petition, complaint or appeal within 15 business days is deemed to
have granted it, unless the user caused the delay or evidence had to be gathered; the
provider must recognise its effects within 72 hours after the term expires (docs/legal/co.md,
CO-11). Other rules with ``SilenceEffect.POSITIVE`` (CO documents, EC COA art. 207) are
read the same way here.

The term lasts until the end of its last day (the due date), so the silence occurs at the
first moment of the next calendar day, on the organization's wall clock, and the 72 hours
run from that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from promesa.cases.deadlines.calendar import _ONE_DAY

# Ley 142 art. 158: "dentro de las 72 horas siguientes al vencimiento del término".
RECOGNITION_WINDOW = timedelta(hours=72)


class SilenceState(StrEnum):
    # The rule gives no positive silence (or the case was never owed an answer here).
    NOT_APPLICABLE = "not_applicable"
    # The term is still running; an answer in time avoids the silence.
    PENDING = "pending"
    # Answered within the term: no silence.
    AVOIDED = "avoided"
    # The term ran out unanswered (or was answered late): the request is deemed granted.
    OCCURRED = "occurred"
    # A manager recorded a legal exclusion (user-caused delay, evidence-gathering).
    EXCLUDED = "excluded"


@dataclass(frozen=True)
class PositiveSilence:
    state: SilenceState
    # The day the silence occurs (or would occur): the calendar day after the due date.
    occurs_on: date | None = None
    # The provider's deadline to recognise the effects: 72 hours after the term expired.
    recognise_by: datetime | None = None

    @property
    def occurred(self) -> bool:
        return self.state is SilenceState.OCCURRED


def positive_silence(
    *,
    applies: bool,
    due_date: date,
    today: date,
    timezone: str,
    answered_on: date | None = None,
    still_owed: bool = True,
    excluded: bool = False,
    clock_stopped: bool = False,
) -> PositiveSilence:
    """Where a case stands as to positive silence on ``today``.

    ``applies`` is the case's snapshot of the rule (``SilenceEffect.POSITIVE`` at filing);
    ``answered_on`` the local date of the answer, if any; ``still_owed`` is False for a case
    that ended without an answer that was owed (withdrawn, transferred to the competent
    entity); ``excluded`` says a manager recorded a legal exclusion cause; ``clock_stopped``
    that the term is suspended now (the requester is completing the request), so it cannot
    run out until it runs again.
    """
    if not applies:
        return PositiveSilence(SilenceState.NOT_APPLICABLE)
    occurs_on = due_date + _ONE_DAY
    recognise_by = (
        datetime.combine(occurs_on, time.min, tzinfo=ZoneInfo(timezone)) + RECOGNITION_WINDOW
    )
    if excluded:
        return PositiveSilence(SilenceState.EXCLUDED, occurs_on, recognise_by)
    if answered_on is not None and answered_on <= due_date:
        return PositiveSilence(SilenceState.AVOIDED)
    if answered_on is None and not still_owed:
        return PositiveSilence(SilenceState.NOT_APPLICABLE)
    if answered_on is not None or (today >= occurs_on and not clock_stopped):
        return PositiveSilence(SilenceState.OCCURRED, occurs_on, recognise_by)
    return PositiveSilence(SilenceState.PENDING, occurs_on, recognise_by)
