"""Silencio administrativo positivo: recognising its effects, or recording why it does not apply.

Ley 142 de 1994 art. 158: an unanswered utility request is deemed granted when its term runs
out, and the provider must recognise the effects within 72 hours; the silence does not arise
when the user caused the delay or evidence had to be gathered (docs/legal/co.md §2.2). Where
a case stands is the pure ``deadlines.positive_silence``; :func:`case_silence` reads its
facts from the case.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promesa.accounts.models import User
from promesa.cases import deadlines, events
from promesa.cases.choices import CaseStatus, SilenceExclusion
from promesa.cases.models import Case
from promesa.cases.policy import Action
from promesa.cases.services._common import _begin, _local_date, _record
from promesa.core.errors import ApplicationError

# A case that ended without an answer owed by this organization cannot fall into silence.
_NOT_OWED = frozenset({CaseStatus.WITHDRAWN, CaseStatus.TRANSFERRED})


def case_silence(
    case: Case, *, today: date, time_zone: str | None = None
) -> deadlines.PositiveSilence:
    """Where ``case`` stands on ``today`` as to positive silence (no query).

    ``time_zone`` is the organization's; lists pass it so that no row reads its organization.
    """
    zone = time_zone or case.organization.time_zone
    answered_on = case.answered_at.astimezone(ZoneInfo(zone)).date() if case.answered_at else None
    return deadlines.positive_silence(
        applies=case.positive_silence,
        due_date=case.due_date,
        today=today,
        timezone=zone,
        answered_on=answered_on,
        still_owed=case.status not in _NOT_OWED,
        excluded=bool(case.silence_exclusion),
        clock_stopped=case.paused_since is not None,
    )


@transaction.atomic
def case_recognise_silence_effects(
    *, case: Case, by: User, note: str = "", at: datetime | None = None
) -> Case:
    """Record that the organization recognised the effects of the positive silence."""
    case = _begin(case, by=by, action=Action.RECOGNISE_SILENCE)
    at = at or timezone.now()
    silence = case_silence(case, today=_local_date(at, case.organization))
    if not silence.occurred or silence.occurs_on is None or silence.recognise_by is None:
        raise ApplicationError(
            _(
                "Positive administrative silence has not occurred on this case, so there are "
                "no effects to recognise: answer it within the term."
            ),
            code="invalid_transition",
        )
    if case.silence_effects_recognised_at is not None:
        raise ApplicationError(
            _("The effects of the positive silence were already recognised."),
            code="invalid_transition",
        )
    case.silence_effects_recognised_at = at
    _record(
        case,
        events.SilenceEffectsRecognised(
            occurred_on=silence.occurs_on, in_time=at <= silence.recognise_by, note=note.strip()
        ),
        by=by,
        at=at,
    )
    return case


@transaction.atomic
def case_exclude_silence(
    *, case: Case, by: User, cause: str, reason: str, at: datetime | None = None
) -> Case:
    """Record the legal cause (user delay, evidence) that keeps the silence from arising."""
    case = _begin(case, by=by, action=Action.EXCLUDE_SILENCE)
    if not case.positive_silence:
        raise ApplicationError(
            _("Positive administrative silence does not apply to this type of request."),
            code="invalid_transition",
        )
    if cause not in SilenceExclusion.values or cause == SilenceExclusion.NONE:
        raise ApplicationError(
            _(
                "Choose why positive silence does not apply: the user caused the delay, or "
                "evidence had to be gathered."
            ),
            code="required",
        )
    if not reason.strip():
        raise ApplicationError(
            _("Explain the facts that exclude the positive silence."), code="required"
        )
    if case.silence_effects_recognised_at is not None:
        raise ApplicationError(
            _(
                "The effects of the positive silence were already recognised; an exclusion "
                "can no longer be recorded."
            ),
            code="invalid_transition",
        )
    if case.silence_exclusion:
        raise ApplicationError(
            _("An exclusion of the positive silence is already recorded."),
            code="invalid_transition",
        )
    case.silence_exclusion = cause
    _record(
        case,
        events.SilenceExcluded(cause=SilenceExclusion(cause), reason=reason.strip()),
        by=by,
        at=at or timezone.now(),
    )
    return case
