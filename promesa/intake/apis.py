"""The intake API: filing a case, with an optional ``Idempotency-Key``.

``POST /cases`` lives here rather than in the cases API because receiving a request is
intake's job; the path and the shapes are unchanged.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from promesa.accounts.models import ApiToken, User

# The request helpers of the cases API: the same caller, organization and lookups.
from promesa.cases.apis import ERRORS, _area, _organization, _touchpoint, _user
from promesa.cases.choices import Channel, EventKind
from promesa.cases.models import Case
from promesa.cases.selectors import case_for_user
from promesa.cases.services import FiledCase, FilingInput, RequesterInput, case_file
from promesa.core.errors import ApplicationError
from promesa.intake import services
from promesa.intake.schemas import CaseFiledOut, CaseFileIn, ErrorOut

router = Router(tags=["cases"])

_IDEMPOTENCY_HELP = (
    "Optional, 1–200 printable ASCII characters. Retrying with the same key and body within "
    "24 hours returns the first case (and its original status) instead of filing again; the "
    "tracking code is not repeated. The same key with a different body answers 409."
)


@router.post(
    "",
    response={201: CaseFiledOut, 200: CaseFiledOut, 409: ErrorOut, **ERRORS},
    summary="File a case",
)
def file_case(
    request: HttpRequest,
    response: HttpResponse,
    payload: CaseFileIn,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", description=_IDEMPOTENCY_HELP)
    ] = None,
) -> Status[dict[str, Any]]:
    user = _user(request)
    organization = _organization(user)
    _require_token_may_choose(request, payload)

    def file() -> FiledCase:
        return case_file(
            filing=FilingInput(
                organization=organization,
                kind=payload.kind,
                request_type=payload.request_type,
                regime=payload.regime,
                channel=payload.channel,
                requester=RequesterInput(**payload.requester.model_dump()),
                subject=payload.subject,
                description=payload.description,
                touchpoint=_touchpoint(organization, payload.touchpoint)
                if payload.touchpoint
                else None,
                area=_area(organization, payload.area) if payload.area else None,
                priority=payload.priority,
                priority_reason=payload.priority_reason,
            ),
            by=user,
        )

    if idempotency_key is None:
        filed = file()
        if filed.duplicate:
            _require_visible(user, filed.case)
        return Status(
            200 if filed.duplicate else 201,
            {
                "case": filed.case,
                "tracking_code": filed.tracking_code,
                "duplicate": filed.duplicate,
            },
        )
    outcome = services.case_file_idempotent(
        user=user,
        key=services.idempotency_key_validate(idempotency_key),
        body_hash=services.request_hash(payload.model_dump(mode="json")),
        file=file,
    )
    if outcome.duplicate:
        _require_visible(user, outcome.case)
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(
        outcome.status,
        {
            "case": outcome.case,
            "tracking_code": outcome.tracking_code,
            "duplicate": outcome.duplicate,
        },
    )


def _require_token_may_choose(request: HttpRequest, payload: CaseFileIn) -> None:
    """Only a token allowed to may pick the legal regime or record another channel."""
    if payload.regime is None and payload.channel == Channel.API:
        return
    token = getattr(request, "api_token", None)
    if isinstance(token, ApiToken) and token.may_choose_regime_and_channel:
        return
    raise ApplicationError(
        _(
            "This API key may not choose the legal regime or the channel. Leave both out, "
            "or ask an administrator to allow it for this key."
        ),
        code="forbidden",
    )


def _require_visible(user: User, case: Case) -> None:
    """A repeated filing returns the earlier case only to a caller who may see it or who
    filed it (and so was told about it already)."""
    filed_it = case.events.filter(kind=EventKind.FILED, actor=user).exists()
    if not filed_it and case_for_user(user, filing_number=case.filing_number) is None:
        raise ApplicationError(
            _(
                "This request had already been received. The requester got the filing "
                "number and the tracking code at the contact given then."
            ),
            code="already_filed",
        )
