"""The demo organization: a fictional Colombian public-services company.

Everything is created through the services, so the demo also exercises the real paths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from promesa.accounts.choices import Role
from promesa.accounts.models import User
from promesa.accounts.services import user_create
from promesa.cases.choices import OPEN_STATUSES, CaseKind
from promesa.cases.models import AnswerApprovalRule, AnswerTemplate, Case
from promesa.cases.search import reindex_all
from promesa.cases.services import case_internal_request_open
from promesa.demo.history import generate_history
from promesa.organization.choices import TouchpointKind
from promesa.organization.models import Area, Organization
from promesa.organization.services import area_create, membership_add, touchpoint_create

DEMO_SLUG = "aguas-y-energia-del-valle"
DEMO_PASSWORD = "promesa-demo-2026"

# (code, name, parent code)
AREAS: list[tuple[str, str, str | None]] = [
    ("gerencia", "Gerencia General", None),
    ("servicio-cliente", "Servicio al Cliente", "gerencia"),
    ("facturacion", "Facturación", "servicio-cliente"),
    ("oficinas", "Atención en Oficinas", "servicio-cliente"),
    ("contacto", "Centro de Contacto", "servicio-cliente"),
    ("operaciones", "Operaciones", "gerencia"),
    ("acueducto", "Acueducto", "operaciones"),
    ("alcantarillado", "Alcantarillado", "operaciones"),
    ("energia", "Distribución de Energía", "operaciones"),
    ("comercial", "Gestión Comercial", "gerencia"),
    ("medicion", "Medición y Lectura", "comercial"),
    ("cartera", "Cartera y Cobranza", "comercial"),
    ("talento-humano", "Talento Humano", "gerencia"),
    ("juridica", "Oficina Jurídica", "gerencia"),
    ("control-interno", "Control Interno", "gerencia"),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: Role
    areas: tuple[str, ...] = ()
    manages: tuple[str, ...] = ()


PEOPLE: list[DemoPerson] = [
    DemoPerson("adriana@promesa.test", "Adriana Restrepo Gómez", Role.ADMINISTRATOR),
    DemoPerson("lucia@promesa.test", "Lucía Fernanda Ospina", Role.QUALITY_LEAD, ("gerencia",)),
    DemoPerson(
        "diego@promesa.test",
        "Diego Alejandro Marín",
        Role.AREA_MANAGER,
        ("servicio-cliente",),
        ("servicio-cliente",),
    ),
    DemoPerson(
        "elena@promesa.test",
        "Elena Cárdenas Vélez",
        Role.AREA_MANAGER,
        ("operaciones",),
        ("operaciones",),
    ),
    DemoPerson("bruno@promesa.test", "Bruno Echeverri Toro", Role.AGENT, ("facturacion",)),
    DemoPerson("camilo@promesa.test", "Camilo Andrés Rúa", Role.AGENT, ("contacto", "oficinas")),
    DemoPerson("carla@promesa.test", "Carla Patricia Mejía", Role.AGENT, ("acueducto",)),
    DemoPerson("felipe@promesa.test", "Felipe Zapata Londoño", Role.AGENT, ("medicion",)),
    DemoPerson("oscar@promesa.test", "Óscar Iván Bedoya", Role.OVERSIGHT, ("control-interno",)),
]

# (name, kind, owner area code, description)
TOUCHPOINTS: list[tuple[str, TouchpointKind, str, str]] = [
    ("Portal web y app", TouchpointKind.WEB, "contacto", "Pagos, consultas y PQRS en línea."),
    (
        "Línea de atención 24 horas",
        TouchpointKind.CALL_CENTER,
        "contacto",
        "Línea gratuita 018000.",
    ),
    ("Oficina Centro", TouchpointKind.OFFICE, "oficinas", "Atención presencial en el centro."),
    ("Oficina Itagüí", TouchpointKind.OFFICE, "oficinas", "Atención presencial en el sur."),
    ("Factura de servicios", TouchpointKind.INVOICE, "facturacion", "Factura mensual unificada."),
    ("Lectura del medidor", TouchpointKind.FIELD_VISIT, "medicion", "Visita mensual de lectura."),
    ("Reparación de daños", TouchpointKind.FIELD_VISIT, "acueducto", "Cuadrillas de reparación."),
    ("Redes sociales", TouchpointKind.SOCIAL_MEDIA, "contacto", "X, Facebook e Instagram."),
]


# (name, kind it suits or "" for any, text); variables are filled from the case.
ANSWER_TEMPLATES: list[tuple[str, str, str]] = [
    (
        "Respuesta general",
        "",
        "Medellín, {{ today }}\n\n"
        "Señor(a) {{ requester_name }}:\n\n"
        "En atención a su solicitud radicada con el número {{ filing_number }} el "
        "{{ received_date }}, sobre «{{ subject }}», le informamos lo siguiente:\n\n"
        "[Escriba aquí la respuesta de fondo.]\n\n"
        "Si tiene alguna duda, puede responder a este mensaje citando el radicado.\n\n"
        "Cordialmente,\n\n{{ agent_name }}\n{{ area_name }}\n{{ organization_name }}",
    ),
    (
        "Reclamo procedente: ajuste en la factura",
        CaseKind.RECLAMO,
        "Medellín, {{ today }}\n\n"
        "Señor(a) {{ requester_name }}:\n\n"
        "Revisamos su reclamo {{ filing_number }}, recibido el {{ received_date }}. "
        "Encontramos que tiene razón: [describa el error encontrado].\n\n"
        "Por eso haremos el siguiente ajuste en su factura: [valor y periodo del ajuste]. "
        "Lo verá reflejado en la próxima factura.\n\n"
        "Contra esta decisión proceden los recursos de reposición ante la empresa y, en "
        "subsidio, de apelación ante la Superintendencia de Servicios Públicos "
        "Domiciliarios, dentro de los cinco (5) días hábiles siguientes a su notificación "
        "(Ley 142 de 1994, artículo 154).\n\n"
        "Cordialmente,\n\n{{ agent_name }}\n{{ area_name }}\n{{ organization_name }}",
    ),
    (
        "Agradecimiento por la felicitación",
        CaseKind.FELICITACION,
        "Señor(a) {{ requester_name }}:\n\n"
        "Gracias por tomarse el tiempo de escribirnos (radicado {{ filing_number }}). "
        "Compartimos su mensaje con el equipo de {{ area_name }}; "
        "nos motiva a seguir mejorando.\n\n"
        "Cordialmente,\n\n{{ agent_name }}\n{{ organization_name }}",
    ),
]


def demo_exists() -> bool:
    return Organization.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def load_demo(
    history_cases: int = 0,
    *,
    progress: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> bool:
    """Create the demo organization unless it exists; return True when it was created.

    With ``history_cases`` the new organization also gets that many cases filed over the
    last year, in every state (see ``promesa.demo.history``); an existing demo is left as is.
    """
    if demo_exists():
        return False
    organization = Organization.objects.create(
        name="Aguas y Energía del Valle S.A. E.S.P.",
        slug=DEMO_SLUG,
        tax_id="900.123.456-7",
        country="CO",
        time_zone="America/Bogota",
        default_regime="co-ley142",
    )
    areas: dict[str, Area] = {}
    for code, name, parent_code in AREAS:
        areas[code] = area_create(
            organization=organization,
            name=name,
            code=code,
            parent=areas[parent_code] if parent_code else None,
        )
    for person in PEOPLE:
        user = user_create(
            email=person.email,
            full_name=person.full_name,
            role=person.role,
            organization=organization,
            password=DEMO_PASSWORD,
            send_welcome=False,
        )
        if person.role == Role.ADMINISTRATOR:
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        for code in person.areas:
            membership_add(user=user, area=areas[code])
        for code in person.manages:
            Area.objects.filter(pk=areas[code].pk).update(manager=user)
    for name, kind, owner, description in TOUCHPOINTS:
        touchpoint_create(
            organization=organization,
            name=name,
            kind=kind,
            owner_area=areas[owner],
            description=description,
        )
    if history_cases > 0:
        generate_history(
            organization=organization, cases=history_cases, today=today, progress=progress
        )
        _ask_other_areas(areas)
        # The services index each case as they go; this pass also refreshes the planner's
        # statistics on PostgreSQL so that the first searches get good plans.
        reindex_all()
    for template_name, template_kind, body in ANSWER_TEMPLATES:
        AnswerTemplate.objects.create(
            organization=organization, name=template_name, kind=template_kind, body=body
        )
    # After the history, which answers as agents: answers of the legal office, and every
    # report of wrongdoing, go out only once a manager approves them.
    AnswerApprovalRule.objects.create(organization=organization, area=areas["juridica"])
    AnswerApprovalRule.objects.create(organization=organization, kind=CaseKind.DENUNCIA)
    return True


# (asking area, supplying area, question): Facturación asks the areas that know the facts.
INTERNAL_REQUESTS = [
    (
        "facturacion",
        "medicion",
        "¿Pueden confirmar la lectura del medidor de este suscriptor en el último ciclo? "
        "El usuario dice que el consumo facturado no corresponde.",
    ),
    (
        "facturacion",
        "acueducto",
        "¿Hubo suspensión del servicio en la dirección de este caso durante el periodo "
        "facturado? Necesitamos las fechas para responder.",
    ),
]


def _ask_other_areas(areas: dict[str, Area]) -> None:
    """Open a couple of internal requests so the inbox and the case page are not empty."""
    asked: set[int] = set()
    for asking, supplying, question in INTERNAL_REQUESTS:
        asker = User.objects.filter(memberships__area=areas[asking], role=Role.AGENT).first()
        case = (
            Case.objects.filter(area=areas[asking], status__in=OPEN_STATUSES)
            .exclude(pk__in=asked)
            .order_by("-received_at")
            .first()
        )
        if asker is None or case is None:
            continue
        asked.add(case.pk)
        case_internal_request_open(
            case=case, by=asker, to_area=areas[supplying], question=question, notify=False
        )
