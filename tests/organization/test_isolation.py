"""No role of one organization sees or changes another organization's data.

One install, two organizations: the personas' Aguas de Prueba (A, on the default host) and
Aguas del Norte (B, on pqrs.norte.test), each with a case numbered 2026-000001; B also has
2026-000002, a number A does not have. Every URL route of the install is either probed here
(what each person of A gets when aiming at B's rows) or listed in ``NO_ORGANIZATION_DATA``
with the reason it shows none. The routes come from the URL resolver, so a new route
without an entry makes ``test_every_route_is_probed_or_shows_no_organization_data`` fail.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from promesa.accounts.choices import Role
from promesa.accounts.models import ApiToken, User
from promesa.accounts.services import api_token_create
from promesa.cases import services
from promesa.cases.alerts import run_sweep
from promesa.cases.choices import CaseKind, Channel
from promesa.cases.forms import ACTION_FORMS
from promesa.cases.models import (
    AnswerApprovalRule,
    AnswerTemplate,
    Attachment,
    Case,
    CaseMessageKind,
    InternalRequest,
    MessageTemplate,
)
from promesa.cases.tasks import case_email
from promesa.core.errors import ApplicationError
from promesa.core.scoped_admin import OrganizationScopedMixin, organization_lookup_for
from promesa.intake.mail.models import InboundMessage, Mailbox
from promesa.intake.models import IdempotencyKey
from promesa.notifications.email import render_case_email
from promesa.notifications.models import OutboxMessage
from promesa.organization.choices import TouchpointKind
from promesa.organization.models import Area, Organization
from promesa.organization.selectors import areas_visible_to
from promesa.organization.services import membership_add, touchpoint_create
from promesa.portal.views import TRACKED_CASES
from promesa.workspace.choices import Queue
from promesa.workspace.models import SavedFilter
from promesa.workspace.selectors import Inbox
from promesa.workspace.services import saved_filter_create
from promesa.workspace.views import REQUEST_FORMS
from tests.cases.factories import bogota
from tests.conftest import NORTE_HOST, World, WorldB
from tests.mail.messages import email_from_ana
from tests.portal.test_portal import file_request

PERSONAS_A = ("adriana", "lucia", "diego", "bruno", "carla", "oscar")
# Every text of B's rows carries one of these; none may appear on a page served to A.
MARKERS = ("borealis", "del Norte")
API = "/api/v1"


@dataclass
class TwoOrganizations:
    a: World
    b: WorldB
    case_a: Case
    shared_number_b: Case  # 2026-000001 in B, the same number as case_a
    only_b: Case  # 2026-000002, a number only B has
    tracking_code_b: str
    attachment_b: Attachment
    request_b: InternalRequest
    filter_b: SavedFilter

    def person(self, name: str) -> User:
        user: User = getattr(self.a, name)
        return user


def _file(organization: Organization, area: Area, subject: str) -> services.FiledCase:
    return services.case_file(
        filing=services.FilingInput(
            organization=organization,
            kind=CaseKind.RECLAMO,
            regime="co-ley1755",
            request_type="peticion_general",
            channel=Channel.WEB,
            requester=services.RequesterInput(full_name="Ana Ruiz", email="ana@correo.test"),
            subject=subject,
            description=f"{subject}: cobran dos veces el cargo fijo.",
            area=area,
            received_at=bogota("2026-11-18T10:00"),
            attachments=[services.AttachmentInput("factura.pdf", "application/pdf", b"%PDF-1.4 x")],
        ),
        notify=False,
    )


@pytest.fixture
def two(world: World, world_b: WorldB, settings: Any, tmp_path: Path) -> TwoOrganizations:
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_DEFAULT_ORGANIZATION = world.organization.slug
    settings.ALLOWED_HOSTS = ["testserver", NORTE_HOST]
    settings.SPAM_MIN_SECONDS = 0
    settings.SPAM_PROOF_OF_WORK_BITS = 0
    case_a = _file(world.organization, world.facturacion, "Cobro doble en Prueba").case
    shared = _file(world_b.organization, world_b.facturacion, "Fuga borealis en la red")
    only_b = _file(world_b.organization, world_b.facturacion, "Medidor borealis dañado").case
    request_b = services.case_internal_request_open(
        case=shared.case,
        by=world_b.nestor,
        to_area=world_b.gerencia,
        question="¿Hubo corte borealis en el sector?",
        notify=False,
    )
    services.case_add_note(case=only_b, by=world_b.nestor, text="Nota borealis interna")
    filter_b = saved_filter_create(
        owner=world_b.nestor,
        name="Búsqueda borealis",
        queue=Queue.AREA,
        query="",
        shared_with=world_b.facturacion,
    )
    # One row of every organization-owned model the admin shows.
    touchpoint_create(
        organization=world_b.organization,
        name="Oficina borealis",
        kind=TouchpointKind.OFFICE,
        owner_area=world_b.facturacion,
    )
    AnswerTemplate.objects.create(
        organization=world_b.organization, name="Plantilla borealis", body="Texto borealis"
    )
    AnswerApprovalRule.objects.create(organization=world_b.organization, area=world_b.gerencia)
    MessageTemplate.objects.create(
        organization=world_b.organization,
        message=CaseMessageKind.values[0],
        language="es-co",
        subject="Asunto borealis",
        body="Cuerpo borealis",
    )
    api_token_create(user=world_b.nestor, name="Integración borealis")
    IdempotencyKey.objects.create(
        user=world_b.nestor, key="borealis-1", request_hash="0" * 64, case=shared.case
    )
    mailbox = Mailbox.objects.create(
        organization=world_b.organization,
        name="Buzón borealis",
        host="imap.norte.test",
        username="pqrs@norte.test",
        password_env="NORTE_IMAP_PASSWORD",
    )
    InboundMessage.objects.create(
        mailbox=mailbox,
        sha256="1" * 64,
        received_at=bogota("2026-11-18T10:00"),
        sender="ana@correo.test",
        subject="Correo borealis",
        status="filed",
        size=10,
    )
    OutboxMessage.objects.create(
        kind="case_answer",
        dedupe_key="borealis-answer",
        organization_id=world_b.organization.pk,
        case_public_id=shared.case.public_id,
        filing_number=shared.case.filing_number,
        from_email="pqrs@norte.test",
        to=["ana@correo.test"],
        subject="Respuesta borealis",
        body="Texto borealis",
        message_id="<borealis@norte.test>",
        next_attempt_at=bogota("2026-11-18T10:00"),
    )
    return TwoOrganizations(
        a=world,
        b=world_b,
        case_a=case_a,
        shared_number_b=shared.case,
        only_b=only_b,
        tracking_code_b=shared.tracking_code,
        attachment_b=shared.case.attachments.get(),
        request_b=request_b,
        filter_b=filter_b,
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_nothing_of_b(response: Any) -> None:
    body = response.content.decode()
    for marker in MARKERS:
        assert marker not in body, f"{marker!r} shown to organization A"


def snapshot(case: Case) -> tuple[Any, ...]:
    case = Case.objects.get(pk=case.pk)
    return (case.status, case.area_id, case.assignee_id, case.due_date, case.events.count())


# --- the routes ------------------------------------------------------------------------------


def routes() -> Iterator[str]:
    """Every route of the install, as the resolver writes it (``trabajo/casos/<str:...>/``)."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    yield from walk(get_resolver().url_patterns, "")


# Routes that show or change no organization's rows, and why.
NO_ORGANIZATION_DATA = {
    "": "the home page redirects to the sign-in or the queue",
    "health/": "database and queue health, no rows",
    "cuenta/ingresar/": "the sign-in form",
    "cuenta/salir/": "signing out",
    "i18n/setlanguage/": "the language switch",
    "pqrs/ya-radicada/": "a fixed message for a repeated filing, naming no case",
    "pqrs/embebido/ya-radicada/": "a fixed message for a repeated filing, naming no case",
    "^media/(?P<path>.*)$": "development-only static files; uploads are served by views",
    "admin/": "the admin index lists models, not rows",
    "admin/login/": "the admin sign-in",
    "admin/logout/": "signing out",
    "admin/password_change/": "the user's own password",
    "admin/password_change/done/": "the user's own password",
    "admin/jsi18n/": "translations for the admin's scripts",
    "admin/(?P<url>.*)$": "the admin's catch-all 404",
    "api/v1/openapi.json": "the API schema",
    "api/v1/docs": "the API documentation",
    "api/v1/": "the API root",
    "api/v1/deadlines/preview": "pure legal-time computation",
    "api/v1/deadlines/regimes": "the legal regimes the engine knows",
}
# Admin pages of install-wide models: permission groups hold no organization's data, and
# the task queue opens only to the install operator (tested below).
ADMIN_MODELS_WITHOUT_ORGANIZATION = {"auth.group", "django_tasks_database.dbtaskresult"}
_ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")

Probe = Callable[[TwoOrganizations], None]
PROBES: dict[str, Probe] = {}


def probe(*route_list: str) -> Callable[[Probe], Probe]:
    def register(function: Probe) -> Probe:
        for route in route_list:
            PROBES[route] = function
        return function

    return register


def test_every_route_is_probed_or_shows_no_organization_data() -> None:
    admin_models = {model._meta.label_lower for model in admin.site._registry}
    missing = []
    for route in routes():
        if route in PROBES or route in NO_ORGANIZATION_DATA:
            continue
        match = _ADMIN_MODEL_ROUTE.match(route)
        if match and f"{match['app']}.{match['model']}" in admin_models:
            continue  # every registered model is checked by the admin tests below
        if route.startswith("admin/^("):
            continue  # the per-app model lists: the index again, for one app
        missing.append(route)
    assert missing == [], "routes without an organization isolation probe"


def test_every_admin_model_is_scoped_to_the_organization() -> None:
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in ADMIN_MODELS_WITHOUT_ORGANIZATION:
            continue
        assert isinstance(model_admin, OrganizationScopedMixin), model._meta.label
        for inline in model_admin.inlines:
            lookup = organization_lookup_for(inline.model)
            parent_owned = any(
                f.is_relation and f.related_model is model for f in inline.model._meta.fields
            )
            assert lookup is not None or parent_owned, inline


# --- portal: one organization per host ---------------------------------------------------------


def _tracking_session(client: Client, case: Case) -> None:
    session = client.session
    session[TRACKED_CASES] = [str(case.public_id)]
    session.save()


@probe("pqrs/radicar/", "pqrs/embebido/radicar/")
def _portal_forms(two: TwoOrganizations) -> None:
    for path in ("/pqrs/radicar/", "/pqrs/embebido/radicar/"):
        on_a = Client().get(path)
        assert on_a.status_code == 200
        assert two.a.organization.name in on_a.content.decode()
        assert_nothing_of_b(on_a)
        assert two.b.organization.name not in on_a.content.decode()
        on_b = Client().get(path, HTTP_HOST=NORTE_HOST)
        assert on_b.status_code == 200
        assert two.b.organization.name in on_b.content.decode()
        assert two.a.organization.name not in on_b.content.decode()
    # a filing is received by the organization of the host it was sent on
    for host, organization in (
        ("testserver", two.a.organization),
        (NORTE_HOST, two.b.organization),
    ):
        client = Client(HTTP_HOST=host)
        subject = f"Radicado en {host}"
        assert file_request(client, subject=subject).status_code == 302
        assert Case.objects.get(subject=subject).organization == organization


@probe(
    "pqrs/radicada/<uuid:public_id>/",
    "pqrs/caso/<uuid:public_id>/",
    "pqrs/caso/<uuid:public_id>/responder/",
    "pqrs/caso/<uuid:public_id>/anexo/<uuid:attachment_id>/",
    "pqrs/embebido/radicada/<uuid:public_id>/",
)
def _portal_case_pages(two: TwoOrganizations) -> None:
    case = two.shared_number_b
    paths = [
        f"/pqrs/radicada/{case.public_id}/",
        f"/pqrs/caso/{case.public_id}/",
        f"/pqrs/caso/{case.public_id}/anexo/{two.attachment_b.public_id}/",
        f"/pqrs/embebido/radicada/{case.public_id}/",
    ]
    # given a browser that tracks B's case, when it asks on A's host: nothing
    client = Client()
    _tracking_session(client, case)
    for path in paths:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/pqrs/caso/{case.public_id}/responder/", {}).status_code == 404
    # and on B's own host the same session opens it
    assert client.get(f"/pqrs/caso/{case.public_id}/", HTTP_HOST=NORTE_HOST).status_code == 200


@probe("pqrs/consultar/")
def _portal_tracking(two: TwoOrganizations) -> None:
    number, code = two.shared_number_b.filing_number, two.tracking_code_b
    assert number == two.case_a.filing_number == "2026-000001"
    # B's number and code on A's host find nothing (A's 2026-000001 has another code)
    on_a = Client().post("/pqrs/consultar/", {"filing_number": number, "tracking_code": code})
    assert on_a.status_code == 200
    assert "We found no request" in on_a.content.decode() or "No encontramos" in (
        on_a.content.decode()
    )
    # on B's host they open B's case, not A's
    client = Client()
    on_b = client.post(
        "/pqrs/consultar/",
        {"filing_number": number, "tracking_code": code},
        HTTP_HOST=NORTE_HOST,
    )
    assert on_b.status_code == 302
    assert on_b["Location"] == f"/pqrs/caso/{two.shared_number_b.public_id}/"


# --- staff intake and attachments --------------------------------------------------------------


def _choices_outside(form: Any, organization: Organization) -> list[str]:
    """Names of form fields offering a row of ``organization``."""
    leaks = []
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        lookup = organization_lookup_for(queryset.model)
        if lookup and queryset.filter(**{lookup: organization.pk}).exists():
            leaks.append(name)
    return leaks


@probe("personal/radicar/")
def _staff_intake(two: TwoOrganizations) -> None:
    for name in PERSONAS_A:
        response = signed_in(two.person(name)).get("/personal/radicar/")
        if response.status_code == 200:
            assert _choices_outside(response.context["form"], two.b.organization) == []
            assert_nothing_of_b(response)
        else:
            assert response.status_code == 403, name


@probe("personal/constancia/<uuid:public_id>/")
def _constancia(two: TwoOrganizations) -> None:
    for name in PERSONAS_A:
        client = signed_in(two.person(name))
        assert client.get(f"/personal/constancia/{two.only_b.public_id}/").status_code == 404


@probe("casos/anexos/<uuid:public_id>/")
def _attachment(two: TwoOrganizations) -> None:
    for name in PERSONAS_A:
        client = signed_in(two.person(name))
        assert client.get(f"/casos/anexos/{two.attachment_b.public_id}/").status_code == 404


# --- workspace -------------------------------------------------------------------------------


@probe("trabajo/")
def _queues(two: TwoOrganizations) -> None:
    for name in PERSONAS_A:
        client = signed_in(two.person(name))
        for queue in Queue:
            for query in ("", "Medidor", "Fuga", "2026-000002"):
                response = client.get("/trabajo/", {"cola": queue.value, "q": query})
                assert response.status_code == 200
                assert_nothing_of_b(response)
                rows = response.context["page"].rows
                assert all(row.case.organization_id == two.a.organization.pk for row in rows)


@probe("trabajo/acciones/")
def _bulk(two: TwoOrganizations) -> None:
    before = snapshot(two.only_b)
    for name in PERSONAS_A:
        client = signed_in(two.person(name))
        for action, data in (
            ("note", {"bulk_note": "Nota de A"}),
            ("move", {"bulk_area": two.b.gerencia.pk}),
            ("assign", {"bulk_assignee": two.b.nestor.pk}),
        ):
            response = client.post(
                "/trabajo/acciones/", {"action": action, "casos": ["2026-000002"], **data}
            )
            assert response.status_code in (302, 403)
    assert snapshot(two.only_b) == before
    assert not two.only_b.notes.exclude(author=two.b.nestor).exists()


@probe("trabajo/tablero/")
def _dashboard(two: TwoOrganizations) -> None:
    for name in PERSONAS_A:
        user = two.person(name)
        response = signed_in(user).get("/trabajo/tablero/")
        if response.status_code == 403:
            continue
        assert response.status_code == 200
        assert_nothing_of_b(response)
        dashboard = response.context["board"]
        in_view = Case.objects.filter(
            organization=two.a.organization, area__in=areas_visible_to(user)
        ).open()
        assert dashboard.total.open == in_view.count()
        assert all(row.area.organization_id == two.a.organization.pk for row in dashboard.rows)
        chosen = signed_in(user).get("/trabajo/tablero/", {"area": str(two.b.gerencia.public_id)})
        assert_nothing_of_b(chosen)


@probe("trabajo/solicitudes/")
def _inbox(two: TwoOrganizations) -> None:
    for name in PERSONAS_A:
        client = signed_in(two.person(name))
        for box in Inbox:
            response = client.get("/trabajo/solicitudes/", {"bandeja": box.value})
            assert response.status_code == 200
            assert_nothing_of_b(response)


@probe(
    "trabajo/solicitudes/<uuid:public_id>/",
    "trabajo/solicitudes/<uuid:public_id>/<slug:action>/",
)
def _internal_request(two: TwoOrganizations) -> None:
    path = f"/trabajo/solicitudes/{two.request_b.public_id}/"
    for name in PERSONAS_A:
        client = signed_in(two.person(name))
        assert client.get(path).status_code == 404
        for action in REQUEST_FORMS:
            response = client.post(f"{path}{action}/", {"answer": "x", "message": "x"})
            assert response.status_code == 404, action
    request = InternalRequest.objects.get(pk=two.request_b.pk)
    assert request.status == two.request_b.status
    assert not request.messages.exists()


@probe("trabajo/busquedas/", "trabajo/busquedas/<uuid:public_id>/borrar/")
def _saved_filters(two: TwoOrganizations) -> None:
    for name in PERSONAS_A:
        client = signed_in(two.person(name))
        client.post(
            "/trabajo/busquedas/",
            {"name": f"Compartida {name}", "queue": "mi-area", "shared_with": two.b.facturacion.pk},
        )
        assert client.post(f"/trabajo/busquedas/{two.filter_b.public_id}/borrar/").status_code == (
            404
        )
        queue = client.get("/trabajo/")
        assert "Búsqueda borealis" not in queue.content.decode()
    assert SavedFilter.objects.filter(shared_with=two.b.facturacion).get() == two.filter_b


CASE_PAGES = (
    "trabajo/casos/<str:filing_number>/",
    "trabajo/casos/<str:filing_number>/nota/",
    "trabajo/casos/<str:filing_number>/responder/",
    "trabajo/casos/<str:filing_number>/responder/aprobar/",
    "trabajo/casos/<str:filing_number>/responder/devolver/",
    "trabajo/casos/<str:filing_number>/responder/carta/",
    "trabajo/casos/<str:filing_number>/<slug:action>/",
)


@probe(*CASE_PAGES)
def _case_pages(two: TwoOrganizations) -> None:
    before = snapshot(two.only_b)
    base = "/trabajo/casos/2026-000002/"
    for name in PERSONAS_A:
        client = signed_in(two.person(name))
        assert client.get(base).status_code == 404
        assert client.get(f"{base}responder/").status_code == 404
        assert client.get(f"{base}responder/carta/").status_code == 404
        for tail in ("nota/", "responder/", "responder/aprobar/", "responder/devolver/"):
            assert client.post(f"{base}{tail}", {"text": "x", "reason": "x"}).status_code == 404
        for action in ACTION_FORMS:
            response = client.post(f"{base}{action}/", {"reason": "x", "message": "x"})
            assert response.status_code == 404, action
        # the number both organizations have opens A's own case, never B's
        shared = client.get("/trabajo/casos/2026-000001/")
        assert shared.status_code in (200, 404)
        assert_nothing_of_b(shared)
        if shared.status_code == 200:
            assert shared.context["case"].pk == two.case_a.pk
    assert snapshot(two.only_b) == before


# --- API -------------------------------------------------------------------------------------


def api_client(user: User) -> Client:
    _, key = api_token_create(user=user, name="isolation")
    return Client(headers={"Authorization": f"Bearer {key}"})


API_ACTIONS: dict[str, dict[str, Any]] = {
    "assign": {"assignee": "00000000-0000-0000-0000-000000000000"},
    "move": {"area": "00000000-0000-0000-0000-000000000000"},
    "start": {},
    "request-clarification": {"message": "x"},
    "receive-clarification": {"message": "x"},
    "extend": {"days": 5, "reason": "x"},
    "transfer": {"entity": "Otra entidad", "reason": "x"},
    "answer": {"text": "x", "channel": "email"},
    "close": {},
    "reopen": {"reason": "x"},
    "withdraw": {"reason": "x"},
}


@probe("api/v1/cases", "api/v1/cases/<filing_number>")
def _api_cases(two: TwoOrganizations) -> None:
    for name in PERSONAS_A:
        client = api_client(two.person(name))
        listed = client.get(f"{API}/cases")
        assert listed.status_code == 200
        assert_nothing_of_b(listed)
        for query in ("Medidor", "Fuga", "2026-000002"):
            assert client.get(f"{API}/cases", {"q": query}).json()["items"] == []
        assert client.get(f"{API}/cases/2026-000002").status_code == 404
        shared = client.get(f"{API}/cases/2026-000001")
        assert_nothing_of_b(shared)
        if shared.status_code == 200:
            assert shared.json()["case"]["subject"] == two.case_a.subject
        # filing names B's area or touchpoint: refused; nothing lands in B
        filed = client.post(
            f"{API}/cases",
            {
                "kind": "reclamo",
                "request_type": "peticion_general",
                "requester": {"full_name": "Ana"},
                "subject": f"Desde A {name}",
                "description": "Texto",
                "area": str(two.b.facturacion.public_id),
            },
            content_type="application/json",
        )
        assert filed.status_code in (400, 403)
    assert not Case.objects.filter(organization=two.b.organization, subject__startswith="Desde A")


@probe(*(f"api/v1/cases/<filing_number>/{action}" for action in API_ACTIONS))
def _api_actions(two: TwoOrganizations) -> None:
    before = snapshot(two.only_b)
    for name in PERSONAS_A:
        client = api_client(two.person(name))
        for action, body in API_ACTIONS.items():
            response = client.post(
                f"{API}/cases/2026-000002/{action}", body, content_type="application/json"
            )
            assert response.status_code == 404, (name, action, response.content)
    assert snapshot(two.only_b) == before
    # on A's own case, B's people and areas cannot be named
    client = api_client(two.a.adriana)
    assign = client.post(
        f"{API}/cases/{two.case_a.filing_number}/assign",
        {"assignee": str(two.b.nestor.public_id)},
        content_type="application/json",
    )
    move = client.post(
        f"{API}/cases/{two.case_a.filing_number}/move",
        {"area": str(two.b.facturacion.public_id)},
        content_type="application/json",
    )
    assert (assign.status_code, move.status_code) == (400, 400)
    assert Case.objects.get(pk=two.case_a.pk).area_id == two.a.facturacion.pk


# --- Django admin ----------------------------------------------------------------------------


def _admin_of_a(two: TwoOrganizations, name: str) -> Client:
    """A person of A with every admin right: superuser status does not cross organizations."""
    User.objects.filter(pk=two.person(name).pk).update(is_staff=True, is_superuser=True)
    return signed_in(User.objects.get(pk=two.person(name).pk))


def _rows_of_b(model: type[models.Model], organization: Organization) -> models.QuerySet[Any]:
    lookup = admin.site._registry[model].organization_lookup  # type: ignore[attr-defined]
    return model._default_manager.filter(**{lookup: organization.pk})


def scoped_admin_models() -> list[type[models.Model]]:
    return [
        model
        for model in admin.site._registry
        if model._meta.label_lower not in ADMIN_MODELS_WITHOUT_ORGANIZATION
    ]


@pytest.mark.parametrize("model", scoped_admin_models(), ids=lambda model: model._meta.label_lower)
def test_the_admin_of_organization_a_shows_and_opens_no_row_of_b(
    two: TwoOrganizations, model: type[models.Model]
) -> None:
    rows_b = list(_rows_of_b(model, two.b.organization))
    assert rows_b, f"the fixture has no {model._meta.label} of B"
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    for name in PERSONAS_A:
        client = _admin_of_a(two, name)
        listed = client.get(base)
        assert listed.status_code == 200
        assert_nothing_of_b(listed)
        assert not {row.pk for row in rows_b} & {r.pk for r in listed.context["cl"].result_list}
        for tail in ("change/", "history/", "delete/"):
            response = client.get(f"{base}{rows_b[0].pk}/{tail}")
            # 302: "no such object" back to the index; 403 for a role that may not delete
            assert response.status_code in (302, 403, 404), tail
        deleted = client.post(f"{base}{rows_b[0].pk}/delete/", {"post": "yes"})
        assert deleted.status_code in (302, 403, 404)
        added = client.get(f"{base}add/")
        if added.status_code == 200:
            assert _choices_outside(added.context["adminform"].form, two.b.organization) == []
    assert model._default_manager.filter(pk__in=[row.pk for row in rows_b]).count() == len(rows_b)


def test_the_admin_of_a_cannot_change_the_password_of_a_person_of_b(
    two: TwoOrganizations,
) -> None:
    client = _admin_of_a(two, "adriana")

    response = client.get(f"/admin/accounts/user/{two.b.nestor.pk}/password/")

    assert response.status_code == 404


@probe("admin/autocomplete/")
def _admin_autocomplete(two: TwoOrganizations) -> None:
    client = _admin_of_a(two, "adriana")
    for source, field in (("membership", "user"), ("answerapprovalrule", "area")):
        app = "organization" if source == "membership" else "cases"
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": app, "model_name": source, "field_name": field, "term": ""},
        )
        assert response.status_code == 200
        assert_nothing_of_b(response)
        assert "norte.test" not in response.content.decode()


@probe("admin/r/<path:content_type_id>/<path:object_id>/")
def _admin_view_on_site(two: TwoOrganizations) -> None:
    # the shortcut leads at most to a workspace page, which shows A nothing of B
    from django.contrib.contenttypes.models import ContentType

    client = _admin_of_a(two, "adriana")
    for row in (two.only_b, two.filter_b, two.b.facturacion):
        kind = ContentType.objects.get_for_model(row)
        response = client.get(f"/admin/r/{kind.pk}/{row.pk}/")
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert_nothing_of_b(client.get(response["Location"]))


def test_the_task_queue_opens_only_to_the_install_operator(two: TwoOrganizations) -> None:
    assert (
        _admin_of_a(two, "adriana").get("/admin/django_tasks_database/dbtaskresult/").status_code
        == 403
    )
    operator = User.objects.create_superuser(
        "operador@promesa.test", "clave-larga-2026", full_name="Operador"
    )
    assert operator.organization is None  # two organizations: createsuperuser chooses none
    listed = signed_in(operator).get("/admin/django_tasks_database/dbtaskresult/")
    assert listed.status_code == 200


def test_the_install_operator_sees_every_organization_and_adds_new_ones(
    two: TwoOrganizations,
) -> None:
    operator = User.objects.create_superuser(
        "operador@promesa.test", "clave-larga-2026", full_name="Operador"
    )
    client = signed_in(operator)

    listed = client.get("/admin/organization/organization/")

    assert set(listed.context["cl"].result_list) == {two.a.organization, two.b.organization}
    assert client.get("/admin/organization/organization/add/").status_code == 200
    assert (
        _admin_of_a(two, "adriana").get("/admin/organization/organization/add/").status_code == 403
    )
    # the operator works on no organization's cases: they start in the admin
    assert client.get("/trabajo/").status_code == 403
    assert client.get("/")["Location"] == "/admin/"


# --- every probe, for every person of A ----------------------------------------------------------


@pytest.mark.parametrize("route", sorted(PROBES))
def test_no_role_of_organization_a_reaches_organization_b_through(
    two: TwoOrganizations, route: str
) -> None:
    PROBES[route](two)


# --- rules under the routes ------------------------------------------------------------------


def test_filing_numbers_repeat_across_organizations_and_each_opens_only_in_its_own(
    two: TwoOrganizations,
) -> None:
    assert two.case_a.filing_number == two.shared_number_b.filing_number == "2026-000001"
    opened_by_a = signed_in(two.a.lucia).get("/trabajo/casos/2026-000001/")
    opened_by_b = signed_in(two.b.lorena).get("/trabajo/casos/2026-000001/")
    assert opened_by_a.context["case"] == two.case_a
    assert opened_by_b.context["case"] == two.shared_number_b


def test_the_quality_lead_of_a_cannot_open_a_case_of_b_by_its_number(
    two: TwoOrganizations,
) -> None:
    # the defect of issue 11: an organization-wide role reached B's case by filing number
    response = signed_in(two.a.lucia).get("/trabajo/casos/2026-000002/")

    assert response.status_code == 404


def test_a_person_of_one_organization_cannot_join_an_area_of_another(
    two: TwoOrganizations,
) -> None:
    with pytest.raises(ApplicationError):
        membership_add(user=two.a.bruno, area=two.b.facturacion)


def test_an_account_without_an_organization_sees_nothing(two: TwoOrganizations) -> None:
    User.objects.filter(pk=two.a.lucia.pk).update(organization=None)
    lucia = User.objects.get(pk=two.a.lucia.pk)

    assert areas_visible_to(lucia) == []
    assert signed_in(lucia).get("/trabajo/").status_code == 403
    with pytest.raises(CommandError, match="no organization"):
        call_command("create_api_token", email=lucia.email, name="Integración")


def test_createsuperuser_on_a_one_organization_install_joins_it(world: World) -> None:
    user = User.objects.create_superuser("jefa@prueba.test", "clave-larga-2026", full_name="Jefa")

    assert user.organization == world.organization
    assert user.role == Role.ADMINISTRATOR


def test_api_tokens_act_within_their_user_s_organization(two: TwoOrganizations) -> None:
    token = ApiToken.objects.get(user=two.b.nestor)

    assert token.user.organization == two.b.organization
    listed = api_client(two.b.lorena).get(f"{API}/cases")
    subjects = {case["subject"] for case in listed.json()["items"]}
    assert subjects == {two.shared_number_b.subject, two.only_b.subject}


def test_the_alerts_sweep_warns_each_organization_s_own_people(two: TwoOrganizations) -> None:
    # given overdue cases in both organizations, each assigned to one of its agents
    Case.objects.filter(organization=two.a.organization).update(assignee=two.a.bruno)
    Case.objects.filter(organization=two.b.organization).update(assignee=two.b.nestor)
    mail.outbox.clear()

    # when the sweep runs after every due date
    run_sweep(now=bogota("2027-02-01T08:00"))

    # then A's people get digests naming only A's case, and nestor his own
    digests = {tuple(message.to): message.body for message in mail.outbox}
    assert ("bruno@prueba.test",) in digests
    assert ("nestor@norte.test",) in digests
    for (address,), body in digests.items():
        assert ("borealis" in body) == address.endswith("@norte.test"), address


def test_a_piped_email_goes_to_the_organization_named_and_never_guesses_one(
    world: World, world_b: WorldB, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    # given an install with two organizations: a message piped without naming one is kept
    # and refused, not filed in whichever organization came first
    err = io.StringIO()
    call_command("receive_email", stdin=io.BytesIO(email_from_ana()), stderr=err)
    assert Case.objects.count() == 0
    assert "No organization" in err.getvalue()

    # when the mail server names the organization, the case is filed there
    call_command(
        "receive_email",
        "--organization",
        "norte",
        stdin=io.BytesIO(email_from_ana(subject="Fuga en la calle 5")),
        stdout=io.StringIO(),
    )
    assert Case.objects.get().organization == world_b.organization


def test_each_requester_is_sent_to_their_own_organization_s_tracking_page(
    two: TwoOrganizations, settings: Any
) -> None:
    settings.PROMESA_BASE_URL = "https://pqrs.prueba.test"
    MessageTemplate.objects.all().delete()  # the shipped wording, which links to tracking

    def acknowledgement(case: Case) -> str:
        email = case_email(
            case,
            CaseMessageKind.ACKNOWLEDGEMENT,
            event_public_id=str(case.public_id),
            event_data={},
            tracking_code="CODIGO",
        )
        return render_case_email(email).body

    assert "https://pqrs.prueba.test/pqrs/consultar/" in acknowledgement(two.case_a)
    assert f"https://{NORTE_HOST}/pqrs/consultar/" in acknowledgement(two.shared_number_b)


def test_wrong_codes_for_a_number_on_one_host_do_not_hold_back_the_other_organization(
    two: TwoOrganizations,
) -> None:
    # given an address that guessed A's 2026-000001 until it was held back on A's host
    number = two.case_a.filing_number
    guesser = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(6):
        guesser.post("/pqrs/consultar/", {"filing_number": number, "tracking_code": "AAAA-BBBB"})
    held = guesser.post("/pqrs/consultar/", {"filing_number": number, "tracking_code": "X"})
    assert "demasiadas consultas" in held.content.decode()

    # when the same address tracks B's own 2026-000001 on B's host with its code
    on_b = guesser.post(
        "/pqrs/consultar/",
        {"filing_number": number, "tracking_code": two.tracking_code_b},
        HTTP_HOST=NORTE_HOST,
    )

    # then B's count is its own: the case opens
    assert on_b.status_code == 302
    assert on_b["Location"] == f"/pqrs/caso/{two.shared_number_b.public_id}/"
