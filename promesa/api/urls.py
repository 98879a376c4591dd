"""The one NinjaAPI of Promesa, with its single error shape.

Every error leaves as ``{"error": {"code": ..., "message": ...}}``: business refusals from
the services (``ApplicationError``), malformed input (422), missing credentials (401) and
unknown routes (404).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import PathView

from promesa.api.auth import BearerToken
from promesa.api.links import add_case_links
from promesa.cases.apis import deadlines_router
from promesa.cases.apis import router as cases_router
from promesa.core.errors import ApplicationError
from promesa.intake.apis import router as intake_router

# ApplicationError codes that are not plain "bad request".
_STATUS_BY_CODE = {
    "forbidden": 403,
    "permission_denied": 403,
    "approval_required": 403,
    "not_found": 404,
    "idempotency_conflict": 409,
    "already_filed": 409,
}


class PromesaAPI(NinjaAPI):
    """The schema carries OpenAPI links from every case a response returns to its operations."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        add_case_links(schema)
        return schema


api = PromesaAPI(
    title="Promesa API",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    description="PQRS cases with legal deadlines. Authenticate with `Authorization: Bearer <key>`.",
)


def _error(request: HttpRequest, *, status: int, code: str, message: str) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message}}, status=status
    )


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    status = _STATUS_BY_CODE.get(exc.code, 400)
    return _error(request, status=status, code=exc.code, message=exc.message)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    parts = []
    for error in exc.errors[:10]:
        where = ".".join(str(part) for part in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", "")))
    return _error(request, status=422, code="validation", message="; ".join(parts))


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request,
        status=401,
        code="unauthenticated",
        message=_("Send a valid API key as “Authorization: Bearer <key>”."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "bad_request" if exc.status_code == 400 else "http_error"
    return _error(request, status=exc.status_code, code=code, message=str(exc.message))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, status=404, code="not_found", message=_("Not found."))


def _combined(*routers: Router, tags: list[str]) -> Router:
    """One router holding every operation of ``routers``, path by path.

    Ninja turns each router's path into its own Django URL pattern and Django dispatches to
    the first pattern that matches, so two routers mounted on one prefix cannot split the
    methods of one path: ``POST /cases`` (intake) would hide ``GET /cases`` (cases) with a
    405. Merging the path views gives each path one pattern that knows all its methods.
    """
    combined = Router(tags=tags)
    for router in routers:
        for path, path_view in router.path_operations.items():
            target = combined.path_operations.setdefault(path, PathView())
            target.operations.extend(path_view.operations)
            target.is_async = target.is_async or path_view.is_async
    return combined


# Filing (POST /cases) belongs to intake; reading and changing cases to the cases app.
api.add_router("/cases", _combined(intake_router, cases_router, tags=["cases"]))
api.add_router("/deadlines", deadlines_router)
