"""Legal deadlines for PQRS: pure date arithmetic, no ORM.

Everything here takes aware datetimes and plain dates and returns plain values, so it can be
tested with tables of legal vectors and property-based tests (docs/legal/workflow.md §1,
docs/legal/test-vectors.md §8).

The computation model (docs/legal/workflow.md §1):

* the reception date is the local date of ``received_at`` in the regime's time zone;
* a term in business days starts on the first business day strictly after the reception date
  and ends on the N-th business day (end of that local day);
* a term in months runs *de fecha a fecha* and may roll to the next business day;
* business days inside a suspension (pause) do not count;
* an extension adds days within a legal ceiling and must be recorded before the original
  deadline expires.
"""

from promesa.cases.deadlines.calendar import CLOSURE_NAME, Calendar, add_months
from promesa.cases.deadlines.engine import (
    DeadlineResult,
    business_days_left,
    check_extension,
    compute_deadline,
    extension_refusal,
    max_extension,
    risk_level,
    validate_extension,
)
from promesa.cases.deadlines.regimes import REGIMES, default_request_type, get_regime
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
from promesa.cases.deadlines.silence import (
    RECOGNITION_WINDOW,
    PositiveSilence,
    SilenceState,
    positive_silence,
)
from promesa.cases.deadlines.waiting import (
    TermWhileWaiting,
    WhileWaiting,
    cap_pauses,
    term_while_waiting,
)

__all__ = [
    "CLOSURE_NAME",
    "RECOGNITION_WINDOW",
    "REGIMES",
    "Calendar",
    "DeadlineError",
    "DeadlineResult",
    "ErrorCode",
    "ExtensionMode",
    "ExtensionRule",
    "PauseMode",
    "PositiveSilence",
    "Regime",
    "RequestTypeRule",
    "Risk",
    "SilenceEffect",
    "SilenceState",
    "TermWhileWaiting",
    "Unit",
    "WhileWaiting",
    "add_months",
    "business_days_left",
    "cap_pauses",
    "check_extension",
    "compute_deadline",
    "default_request_type",
    "extension_refusal",
    "get_regime",
    "max_extension",
    "positive_silence",
    "risk_level",
    "term_while_waiting",
    "validate_extension",
]
