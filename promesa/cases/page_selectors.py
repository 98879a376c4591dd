"""Read queries of the staff case page: its deadline summary, history, requests and actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.cases import deadlines, permissions, services
from promesa.cases.choices import InternalRequestStatus
from promesa.cases.legal_text import deadline_error_text
from promesa.cases.models import Case, InternalNote, InternalRequest
from promesa.cases.policy import Action, Decision, Relation
from promesa.cases.selectors import TimelineEntry, case_timeline, organization_calendar
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area, Organization


def local_today(organization: Organization | None) -> date:
    """Today on the organization's wall clock (the legal calendar is local)."""
    zone = ZoneInfo(organization.time_zone) if organization else timezone.get_current_timezone()
    return timezone.now().astimezone(zone).date()


_NO_SILENCE = deadlines.PositiveSilence(deadlines.SilenceState.NOT_APPLICABLE)


@dataclass(frozen=True)
class CaseSummary:
    """What the case page shows about the deadline."""

    today: date
    risk: str
    days_left: int | None
    legal_source: str
    # Why no extension may be recorded now (the law, the ceiling, the date); "" if one may.
    extension_refusal: str = ""
    silence: deadlines.PositiveSilence = _NO_SILENCE


def case_summary(case: Case, *, calendar: deadlines.Calendar | None = None) -> CaseSummary:
    today = local_today(case.organization)
    calendar = calendar or organization_calendar(case.organization)
    extension_refusal = ""
    try:
        result = services.deadline_in_force(case, today=today)
    except ApplicationError as exc:
        legal_source, extension_refusal = "", exc.message
    else:
        legal_source = result.legal_source
        refusal = deadlines.extension_refusal(result=result, on=today)
        extension_refusal = deadline_error_text(refusal) if refusal else ""
    silence = services.case_silence(case, today=today)
    if not case.is_open:
        return CaseSummary(
            today=today,
            risk="done",
            days_left=None,
            legal_source=legal_source,
            extension_refusal=extension_refusal,
            silence=silence,
        )
    risk = deadlines.risk_level(
        due_date=case.due_date,
        today=today,
        calendar=calendar,
        due_soon_days=case.organization.due_soon_days,
    ).value
    days_left = deadlines.business_days_left(due_date=case.due_date, today=today, calendar=calendar)
    return CaseSummary(
        today=today,
        risk=risk,
        days_left=days_left,
        legal_source=legal_source,
        extension_refusal=extension_refusal,
        silence=silence,
    )


# The case page's action bar, in order: the URL word of each action and the policy actions
# it may perform; it is offered when the policy allows any of them. Receiving a
# clarification happens through the portal or the mail intake, so it is not offered here.
ACTION_BAR: dict[str, tuple[Action, ...]] = {
    "assign": (Action.TAKE, Action.ASSIGN),
    "start": (Action.START,),
    "request_clarification": (Action.REQUEST_CLARIFICATION,),
    "internal_request": (Action.OPEN_INTERNAL_REQUEST,),
    "answer": (Action.DRAFT_ANSWER,),
    "close": (Action.CLOSE,),
    "move": (Action.MOVE,),
    "extend": (Action.EXTEND,),
    "transfer": (Action.TRANSFER,),
    "reopen": (Action.REOPEN,),
    "withdraw": (Action.WITHDRAW,),
    "recognise_silence": (Action.RECOGNISE_SILENCE,),
    "exclude_silence": (Action.EXCLUDE_SILENCE,),
}


def bar_decision(case: Case, user: User, word: str, *, relation: Relation) -> Decision:
    """The policy's answer for one action of the bar: allowed if any action behind it is."""
    decisions = [
        permissions.decide(user, case, action, relation=relation) for action in ACTION_BAR[word]
    ]
    return next((d for d in decisions if d.allowed), decisions[0])


def available_actions(
    case: Case, user: User, *, relation: Relation, summary: CaseSummary | None = None
) -> list[str]:
    """The words of the bar's actions the policy allows ``user`` now, in bar order.

    ``relation`` is ``permissions.relation_to_case(user, case)``, read once by the caller.
    With the page's ``summary``, an action the law refuses now is not offered either: an
    extension where the regime allows none, its ceiling is reached or its time is past.
    """
    words = [word for word in ACTION_BAR if bar_decision(case, user, word, relation=relation)]
    if summary is None:
        return [word for word in words if word not in _SILENCE_WORDS]
    return [word for word in words if _legally_open(word, case, summary)]


_SILENCE_WORDS = frozenset({"recognise_silence", "exclude_silence"})


def _legally_open(word: str, case: Case, summary: CaseSummary) -> bool:
    """Whether the law in force lets the action of ``word`` be taken on ``case`` today."""
    state = summary.silence.state
    if word == "extend":
        return not summary.extension_refusal
    if word == "recognise_silence":
        return state is deadlines.SilenceState.OCCURRED and not case.silence_effects_recognised_at
    if word == "exclude_silence":
        return (
            state in {deadlines.SilenceState.PENDING, deadlines.SilenceState.OCCURRED}
            and not case.silence_effects_recognised_at
        )
    return True


def users_who_can_act_in(area: Area) -> QuerySet[User]:
    """Active staff who may change the area's cases: members, managers above, org-wide roles."""
    ancestor_ids = [int(pk) for pk in area.path.strip("/").split("/") if pk]
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(memberships__area=area)
            | Q(managed_areas__pk__in=ancestor_ids)
            | Q(role__in=[Role.ADMINISTRATOR, Role.QUALITY_LEAD])
        )
        .filter(organization_id=area.organization_id)
        .exclude(role=Role.OVERSIGHT)
        .distinct()
        .order_by("full_name")
    )


def can_see_requester_contact(user: User, *, can_act: bool) -> bool:
    """Contact data is for people who act on the case, and for oversight, who audits it."""
    return user.sees_whole_organization or can_act


@dataclass(frozen=True)
class HistoryItem:
    """One line of the case page's timeline: an event, or an internal note."""

    at: datetime
    entry: TimelineEntry | None = None
    note: InternalNote | None = None


def case_history(case: Case) -> list[HistoryItem]:
    """The case's events and internal notes in one list, by time (an event first on a tie).

    Two queries for the notes whatever their number: authors joined, mentions prefetched.
    """
    notes = case.notes.select_related("author").prefetch_related(
        Prefetch("mentioned", queryset=User.objects.order_by("full_name"))
    )
    items = [HistoryItem(at=entry.event.created_at, entry=entry) for entry in case_timeline(case)]
    items += [HistoryItem(at=note.created_at, note=note) for note in notes]
    # sorted() is stable: within one instant, events (listed first) stay before notes.
    return sorted(items, key=lambda item: item.at)


@dataclass(frozen=True)
class RequestRow:
    """One internal request with its risk against the internal due date."""

    request: InternalRequest
    risk: str
    days_left: int | None


def request_risk_row(
    request: InternalRequest, *, today: date, calendar: deadlines.Calendar, due_soon_days: int
) -> RequestRow:
    if not request.is_open:
        return RequestRow(request=request, risk="done", days_left=None)
    risk = deadlines.risk_level(
        due_date=request.due_date, today=today, calendar=calendar, due_soon_days=due_soon_days
    ).value
    days_left = deadlines.business_days_left(
        due_date=request.due_date, today=today, calendar=calendar
    )
    return RequestRow(request=request, risk=risk, days_left=days_left)


def case_internal_requests(
    case: Case, *, today: date, calendar: deadlines.Calendar
) -> list[RequestRow]:
    """The case's internal requests, open ones first: one query whatever their number."""
    requests = (
        case.internal_requests.select_related("to_area", "requested_by")
        .annotate(
            open_first=models.Case(
                When(status=InternalRequestStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=models.IntegerField(),
            )
        )
        .order_by("open_first", "due_date", "requested_at")
    )
    return [
        request_risk_row(
            r, today=today, calendar=calendar, due_soon_days=case.organization.due_soon_days
        )
        for r in requests
    ]
