"""The cases API: thin handlers that parse, call one service or selector, and return a schema.

Who may do what is the policy's (``promesa.cases.policy``), which every service asks before it
changes anything; a handler only makes sure the caller can see the case first, so that an
invisible case answers 404 and never reveals that it exists. Lists are narrowed by the one
case-list filter the workspace queues use too (``selectors.CaseFilter``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import AuthenticationError

from promesa.accounts.models import User
from promesa.cases import deadlines, selectors, services
from promesa.cases.legal_text import deadline_application_error
from promesa.cases.models import Case
from promesa.cases.schemas import (
    AnswerIn,
    AssignIn,
    CaseDetailOut,
    CaseFilters,
    CaseListOut,
    CaseOut,
    DeadlineOut,
    DeadlinePreviewQuery,
    ErrorOut,
    ExtendIn,
    MessageIn,
    MoveIn,
    ReasonIn,
    RegimeOut,
    TransferIn,
    WithdrawIn,
    local_today,
)
from promesa.core.errors import ApplicationError
from promesa.organization.models import Area, Organization, Touchpoint
from promesa.organization.selectors import organization_of

router = Router(tags=["cases"])
deadlines_router = Router(tags=["deadlines"])

ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CASE_RESPONSES: dict[int, Any] = {200: CaseOut, **ERRORS}

# Bounds on the deadline preview, so one request cannot make the engine walk for centuries.
_PREVIEW_YEARS = range(2000, 2200)
_MAX_PAUSES = 20
_MAX_PAUSE_LENGTH = timedelta(days=366)


# --- helpers ---------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = getattr(request, "auth", None)  # set by promesa.api.auth.BearerToken
    if not isinstance(user, User):
        raise AuthenticationError()
    return user


def _organization(user: User) -> Organization:
    """The organization the token's user works for; every handler is scoped by it."""
    organization = organization_of(user)
    if organization is None:
        raise ApplicationError(
            _("Your account belongs to no organization; ask an administrator."),
            code="permission_denied",
        )
    return organization


def _visible_case(user: User, filing_number: str) -> Case:
    case = selectors.case_for_user(user, filing_number=filing_number)
    if case is None:
        raise ApplicationError(_("There is no case with that filing number."), code="not_found")
    return case


def _area(organization: Organization, public_id: UUID) -> Area:
    area = Area.objects.filter(organization=organization, public_id=public_id).first()
    if area is None:
        raise ApplicationError(_("There is no area with that id."))
    return area


def _touchpoint(organization: Organization, public_id: UUID) -> Touchpoint:
    touchpoint = Touchpoint.objects.filter(organization=organization, public_id=public_id).first()
    if touchpoint is None:
        raise ApplicationError(_("There is no touchpoint with that id."))
    return touchpoint


def _staff_member(organization: Organization, public_id: UUID) -> User:
    user = User.objects.filter(
        organization=organization, public_id=public_id, is_active=True
    ).first()
    if user is None:
        raise ApplicationError(_("There is no active staff member with that id."))
    return user


# --- cases -----------------------------------------------------------------------------------


@router.get("", response={200: CaseListOut, **ERRORS}, summary="List the cases you may see")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    """Open cases first, most urgent first (by due date), then closed ones by due date.

    Pages follow ``next_cursor``; there is no total count, so every page costs the same.
    """
    user = _user(request)
    organization = _organization(user)
    after = selectors.Cursor.decode(filters.cursor) if filters.cursor else None
    today = local_today(organization)
    calendar = selectors.organization_calendar(organization)
    due_soon_until = calendar.add_business_days(today, organization.due_soon_days)
    cases = selectors.cases_listed_for(user, organization).with_risk(
        today=today, due_soon_until=due_soon_until
    )
    cases = selectors.filter_cases(
        cases,
        filters.case_filter(user),
        organization=organization,
        today=today,
        due_soon_until=due_soon_until,
    )
    page = selectors.open_then_closed_page(
        cases.select_related("area", "assignee"), size=filters.limit, after=after
    )
    return {
        "limit": filters.limit,
        "next_cursor": page.next.encode() if page.next else None,
        "items": page.items,
    }


@router.get("/{filing_number}", response={200: CaseDetailOut, **ERRORS}, summary="One case")
def case_detail(request: HttpRequest, filing_number: str) -> dict[str, Any]:
    case = _visible_case(_user(request), filing_number)
    today = local_today(case.organization)
    return {
        "case": case,
        "deadline": services.deadline_in_force(case, today=today).as_dict(),
        "timeline": [entry.event for entry in selectors.case_timeline(case)],
    }


@router.post("/{filing_number}/assign", response=CASE_RESPONSES)
def assign(request: HttpRequest, filing_number: str, payload: AssignIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    assignee = _staff_member(case.organization, payload.assignee)
    return services.case_assign(case=case, assignee=assignee, by=user)


@router.post("/{filing_number}/move", response=CASE_RESPONSES)
def move(request: HttpRequest, filing_number: str, payload: MoveIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    area = _area(case.organization, payload.area)
    return services.case_move(case=case, area=area, by=user, note=payload.note)


@router.post("/{filing_number}/start", response=CASE_RESPONSES)
def start(request: HttpRequest, filing_number: str) -> Case:
    user = _user(request)
    return services.case_start(case=_visible_case(user, filing_number), by=user)


@router.post("/{filing_number}/request-clarification", response=CASE_RESPONSES)
def request_clarification(request: HttpRequest, filing_number: str, payload: MessageIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    return services.case_request_clarification(case=case, by=user, message=payload.message)


@router.post("/{filing_number}/receive-clarification", response=CASE_RESPONSES)
def receive_clarification(request: HttpRequest, filing_number: str, payload: MessageIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    return services.case_receive_clarification(case=case, by=user, message=payload.message)


@router.post("/{filing_number}/extend", response=CASE_RESPONSES)
def extend(request: HttpRequest, filing_number: str, payload: ExtendIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    return services.case_extend(case=case, by=user, days=payload.days, reason=payload.reason)


@router.post("/{filing_number}/transfer", response=CASE_RESPONSES)
def transfer(request: HttpRequest, filing_number: str, payload: TransferIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    return services.case_transfer(case=case, by=user, entity=payload.entity, reason=payload.reason)


@router.post("/{filing_number}/answer", response=CASE_RESPONSES)
def answer(request: HttpRequest, filing_number: str, payload: AnswerIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    return services.case_answer(case=case, by=user, text=payload.text, channel=payload.channel)


@router.post("/{filing_number}/close", response=CASE_RESPONSES)
def close(request: HttpRequest, filing_number: str) -> Case:
    user = _user(request)
    return services.case_close(case=_visible_case(user, filing_number), by=user)


@router.post("/{filing_number}/reopen", response=CASE_RESPONSES)
def reopen(request: HttpRequest, filing_number: str, payload: ReasonIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    return services.case_reopen(case=case, by=user, reason=payload.reason)


@router.post("/{filing_number}/withdraw", response=CASE_RESPONSES)
def withdraw(request: HttpRequest, filing_number: str, payload: WithdrawIn) -> Case:
    user = _user(request)
    case = _visible_case(user, filing_number)
    return services.case_withdraw(case=case, by=user, reason=payload.reason, tacit=payload.tacit)


# --- deadlines -------------------------------------------------------------------------------


def _parse_received(value: str, regime: deadlines.Regime) -> datetime:
    try:
        received = datetime.fromisoformat(value)
    except ValueError:
        raise ApplicationError(
            _("“received” must be an ISO date or date-time, such as 2026-12-18T16:00."),
            code="deadline",
        ) from None
    if received.year not in _PREVIEW_YEARS:
        raise ApplicationError(
            _("“received” must fall between the years %(first)s and %(last)s.")
            % {"first": _PREVIEW_YEARS[0], "last": _PREVIEW_YEARS[-1]},
            code="deadline",
        )
    if received.tzinfo is None:
        # A clerk types the time shown on the wall clock of the entity.
        received = received.replace(tzinfo=ZoneInfo(regime.timezone))
    return received


def _parse_pause(value: str) -> tuple[date, date]:
    start, sep, end = value.partition(":")
    try:
        if not sep:
            raise ValueError(value)
        interval = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise ApplicationError(
            _("A pause must look like START:END in ISO dates, such as 2026-03-02:2026-03-09."),
            code="deadline",
        ) from None
    if not timedelta(0) <= interval[1] - interval[0] <= _MAX_PAUSE_LENGTH:
        raise ApplicationError(
            _("A pause must end on or after its start and last at most a year."), code="deadline"
        )
    return interval


@deadlines_router.get(
    "/preview", response={200: DeadlineOut, **ERRORS}, summary="Compute a legal deadline"
)
def deadline_preview(request: HttpRequest, query: Query[DeadlinePreviewQuery]) -> dict[str, object]:
    if len(query.pause) > _MAX_PAUSES:
        raise ApplicationError(
            _("At most %(n)s pauses may be given.") % {"n": _MAX_PAUSES}, code="deadline"
        )
    try:
        regime = deadlines.get_regime(query.regime)
        calendar = deadlines.Calendar(
            country=query.country or regime.country, subdiv=query.subdiv or None
        )
        result = deadlines.compute_deadline(
            regime=regime,
            request_type=query.type,
            received_at=_parse_received(query.received, regime),
            calendar=calendar,
            pauses=[_parse_pause(value) for value in query.pause],
            extension_days=query.extend,
        )
    except deadlines.DeadlineError as exc:
        raise deadline_application_error(exc) from None
    return result.as_dict()


@deadlines_router.get("/regimes", response={200: list[RegimeOut], **ERRORS})
def deadline_regimes(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "regime": regime.code,
            "country": regime.country,
            "name": regime.name,
            "timezone": regime.timezone,
            "types": [
                {
                    "type": rule.code,
                    "label_es": rule.label_es,
                    "label_en": rule.label_en,
                    "term": rule.term,
                    "unit": str(rule.unit),
                    "extension_rule": str(rule.extension_rule),
                    "max_extension": deadlines.max_extension(rule, regime.extension_mode),
                    "silence_effect": str(rule.silence_effect),
                    "valid_from": rule.valid_from,
                    "valid_to": rule.valid_to,
                    "legal_source": rule.legal_source,
                }
                for rule in regime.rules
            ],
        }
        for regime in deadlines.REGIMES.values()
    ]
