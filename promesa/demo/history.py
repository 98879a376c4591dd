"""A year of realistic case history for the demo organization.

Every case is filed and moved through its states with the services in
``promesa.cases.services``, backdated with ``at=``, so the history obeys the same rules as
real use: who may do what, extensions only before the deadline, tacit withdrawals only
after the requester's month, one event per change. Nothing here writes a case directly.

The same seed on the same (fresh) demo gives the same cases, numbers and texts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from promesa.accounts.models import User
from promesa.cases import deadlines
from promesa.cases.choices import (
    CaseKind,
    CaseStatus,
    Channel,
    Priority,
    PriorityReason,
    RequesterKind,
    ResponseChannel,
)
from promesa.cases.models import Case
from promesa.cases.selectors import organization_calendar
from promesa.cases.services import (
    FilingInput,
    RequesterInput,
    answer_goes_to_approval,
    case_answer,
    case_answer_approve,
    case_answer_submit,
    case_assign,
    case_close,
    case_extend,
    case_file,
    case_move,
    case_receive_clarification,
    case_reopen,
    case_request_clarification,
    case_start,
    case_transfer,
    case_withdraw,
)
from promesa.demo import texts
from promesa.organization.models import Area, Organization, Touchpoint

BATCH_SIZE = 200
DAYS_BACK = 365
MAX_EVENTS = 6

# Who works each area: the agent who takes, starts, answers and closes its cases.
AGENT_BY_AREA: dict[str, str] = {
    "facturacion": "bruno@promesa.test",
    "contacto": "camilo@promesa.test",
    "oficinas": "camilo@promesa.test",
    "acueducto": "carla@promesa.test",
    "medicion": "felipe@promesa.test",
}
# Who may extend, transfer, withdraw and reopen: the manager of the subtree (Servicio al
# Cliente or Operaciones) or, for the rest, the service-quality lead.
MANAGER_BY_AREA: dict[str, str] = {
    "facturacion": "diego@promesa.test",
    "contacto": "diego@promesa.test",
    "oficinas": "diego@promesa.test",
    "acueducto": "elena@promesa.test",
    "alcantarillado": "elena@promesa.test",
    "energia": "elena@promesa.test",
}
QUALITY_LEAD = "lucia@promesa.test"

# Areas without agents, where a case moved by mistake or for a second opinion waits.
PARKING_AREA: dict[str, str] = {
    "corte_sin_aviso": "energia",
    "reconexion": "cartera",
    "cobro_excesivo": "cartera",
    "fuga_calle": "alcantarillado",
    "dano_acometida": "alcantarillado",
    "habeas_actualizar": "juridica",
    "denuncia": "juridica",
    "garantia_consumo": "juridica",
}

CHANNEL_WEIGHTS: dict[Channel, int] = {
    Channel.WEB: 30,
    Channel.EMAIL: 18,
    Channel.VERBAL_PHONE: 16,
    Channel.VERBAL_IN_PERSON: 12,
    Channel.SOCIAL_MEDIA: 8,
    Channel.LETTER: 6,
    Channel.API: 6,
    Channel.VERBAL_VIRTUAL: 4,
}
# Channels only open in office hours.
OFFICE_HOURS_CHANNELS = frozenset(
    {Channel.VERBAL_IN_PERSON, Channel.LETTER, Channel.VERBAL_VIRTUAL}
)
# Channels where a staff member writes the filing down.
STAFF_FILED_CHANNELS = frozenset(
    {Channel.VERBAL_IN_PERSON, Channel.VERBAL_PHONE, Channel.VERBAL_VIRTUAL, Channel.LETTER}
)
TOUCHPOINT_FOR_CHANNEL: dict[Channel, tuple[str, ...]] = {
    Channel.WEB: ("Portal web y app",),
    Channel.API: ("Portal web y app",),
    Channel.VERBAL_PHONE: ("Línea de atención 24 horas",),
    Channel.VERBAL_IN_PERSON: ("Oficina Centro", "Oficina Itagüí"),
    Channel.LETTER: ("Oficina Centro", "Oficina Itagüí"),
    Channel.SOCIAL_MEDIA: ("Redes sociales",),
    Channel.EMAIL: ("Factura de servicios", "Lectura del medidor", "Reparación de daños"),
    Channel.VERBAL_VIRTUAL: (),
}
RESPONSE_FOR_CHANNEL: dict[Channel, ResponseChannel] = {
    Channel.WEB: ResponseChannel.EMAIL,
    Channel.EMAIL: ResponseChannel.EMAIL,
    Channel.API: ResponseChannel.PORTAL,
    Channel.VERBAL_IN_PERSON: ResponseChannel.IN_PERSON,
    Channel.VERBAL_PHONE: ResponseChannel.PHONE,
    Channel.VERBAL_VIRTUAL: ResponseChannel.EMAIL,
    Channel.LETTER: ResponseChannel.POSTAL,
    Channel.SOCIAL_MEDIA: ResponseChannel.EMAIL,
}

# How a case ends up, before the horizon cuts recent ones short.
FATES: dict[str, float] = {
    "closed": 66,
    "answered": 5,
    "reopened_open": 1.5,
    "reopened_closed": 1.5,
    "transferred": 1,
    "withdrawn_express": 3,
    "withdrawn_tacit": 3,
    "stalled_assigned": 1.5,
    "stalled_in_progress": 4,
    "awaiting": 1.5,
    "parked": 2,
}
# Fates that leave a case open on purpose; rarer among old cases.
STALLED_FATES = frozenset(
    {"stalled_assigned", "stalled_in_progress", "awaiting", "parked", "reopened_open"}
)

# With enough cases, at least one old case ends in each of these (so every status shows).
REQUIRED_FATES = (
    "closed",
    "answered",
    "transferred",
    "withdrawn_tacit",
    "stalled_assigned",
    "stalled_in_progress",
    "awaiting",
    "parked",
)
# Old enough for the longest plan (clarification, pause, extension, late answer) to finish.
COVER_MIN_AGE_DAYS = 120

# Step names; the optional ones are dropped, in this order, to keep 2-6 events per case.
OPTIONAL_DROP_ORDER = ("assign", "move", "extend", "clarify")

STAFF_NAMES: tuple[str, ...] = (
    "Camilo Andrés Rúa",
    "Carla Patricia Mejía",
    "Bruno Echeverri Toro",
    "Felipe Zapata Londoño",
)


@dataclass
class _Spec:
    """Everything drawn for one case before it is filed."""

    topic: texts.Topic
    received_at: datetime
    channel: Channel
    fate: str
    steps: list[str]
    fields: dict[str, str]
    rng_seed: int
    intake_area: str | None = None
    parked_area: str | None = None
    touchpoint_name: str | None = None


class _World:
    """The demo organization's people, areas, touchpoints and calendar."""

    def __init__(self, organization: Organization) -> None:
        self.organization = organization
        self.tz = ZoneInfo(organization.time_zone)
        self.users = {u.email: u for u in User.objects.filter(email__endswith="@promesa.test")}
        self.areas = {a.code: a for a in Area.objects.filter(organization=organization)}
        self.touchpoints = {t.name: t for t in Touchpoint.objects.filter(organization=organization)}
        self.calendar = organization_calendar(organization)

    def agent(self, area_code: str) -> User:
        return self.users[AGENT_BY_AREA[area_code]]

    def supervisor(self, area_code: str, rng: random.Random) -> User:
        email = MANAGER_BY_AREA.get(area_code, QUALITY_LEAD)
        if rng.random() < 0.2:
            email = QUALITY_LEAD
        return self.users[email]


def _money(value: float) -> str:
    rounded = round(value / 100.0) * 100
    return "$ " + f"{rounded:,}".replace(",", ".")


def _spanish_date(d: date) -> str:
    return f"{d.day} de {texts.MONTHS[d.month - 1]}"


def _fields(rng: random.Random, received: date) -> dict[str, str]:
    barrio, municipio = rng.choice(texts.BARRIOS)
    street = rng.choice(texts.STREET_KINDS)
    direccion = f"{street} {rng.randint(1, 110)} # {rng.randint(10, 99)}-{rng.randint(2, 120)}"
    normal = rng.randint(45, 180) * 1000
    high = normal * rng.uniform(2.0, 4.5)
    previous_month = (received.replace(day=1) - timedelta(days=1)).month
    before = received - timedelta(days=rng.randint(2, 20))
    consumo_normal = rng.randint(8, 22)
    hour = rng.randint(6, 21)
    return {
        "barrio": barrio,
        "municipio": municipio,
        "direccion": direccion,
        "contrato": str(rng.randint(1_000_000, 9_999_999)),
        "monto": _money(high),
        "monto_normal": _money(normal),
        "monto_abono": _money((high - normal) * rng.uniform(0.5, 1.0)),
        "mes": texts.MONTHS[previous_month - 1],
        "anio": str(received.year if received.month > 1 else received.year - 1),
        "fecha": _spanish_date(before),
        "fecha_visita": _spanish_date(received),
        "hora": f"{hour % 12 or 12}:{rng.choice(('00', '15', '30', '40', '50'))} "
        + ("a. m." if hour < 12 else "p. m."),
        "consumo": str(int(consumo_normal * rng.uniform(2.0, 4.0))),
        "consumo_normal": str(consumo_normal),
        "funcionario": rng.choice(STAFF_NAMES + texts.FIELD_STAFF[3:]),
        "tecnico": rng.choice(texts.FIELD_STAFF[:5]),
        "oficina": rng.choice(texts.OFFICES),
        "dias": str(rng.randint(2, 15)),
        "factura": str(rng.randint(10**9, 10**10 - 1)),
    }


def _fill(template: str, fields: dict[str, str]) -> str:
    return template.format(**fields)


def _requester(rng: random.Random, topic: texts.Topic, channel: Channel) -> RequesterInput:
    if rng.random() < topic.anonymous_rate:
        return RequesterInput(is_anonymous=True, preferred_channel=ResponseChannel.PORTAL)
    response = RESPONSE_FOR_CHANNEL[channel]
    phone = (
        f"3{rng.randint(0, 2)}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    )
    street = rng.choice(texts.STREET_KINDS)
    barrio, municipio = rng.choice(texts.BARRIOS)
    address = (
        f"{street} {rng.randint(1, 110)} # {rng.randint(10, 99)}-{rng.randint(2, 120)}, "
        f"{barrio}, {municipio}"
    )
    domain = rng.choice(texts.EMAIL_DOMAINS)
    if rng.random() < topic.company_rate:
        name = rng.choice(texts.COMPANIES)
        slug = "".join(ch for ch in name.lower().split()[0] if ch.isalpha()) or "empresa"
        return RequesterInput(
            kind=RequesterKind.COMPANY,
            full_name=name,
            id_type="NIT",
            id_number=f"{rng.randint(800, 901)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}"
            f"-{rng.randint(0, 9)}",
            email=f"{slug}.administracion@{domain}",
            phone=f"604 {rng.randint(200, 599)} {rng.randint(1000, 9999)}",
            address=address,
            preferred_channel=response,
            consent_given=True,
            consent_text_version="2025-01",
        )
    first = rng.choice(texts.FIRST_NAMES)
    surname1, surname2 = rng.sample(texts.SURNAMES, 2)
    has_email = rng.random() < 0.8
    local = f"{first.split()[0]}.{surname1}{rng.randint(1, 99)}".lower()
    local = local.translate(str.maketrans("áéíóúñü", "aeiounu"))
    if not has_email and response in (ResponseChannel.EMAIL, ResponseChannel.PORTAL):
        response = ResponseChannel.POSTAL
    id_type = rng.choices(("CC", "CE", "PA"), weights=(94, 5, 1))[0]
    return RequesterInput(
        kind=RequesterKind.PERSON,
        full_name=f"{first} {surname1} {surname2}",
        id_type=id_type,
        id_number=str(rng.randint(8_000_000, 1_199_999_999)),
        email=f"{local}@{domain}" if has_email else "",
        phone=phone,
        address=address,
        preferred_channel=response,
        consent_given=True,
        consent_text_version="2025-01",
    )


class _Planner:
    """Draws every case's plan up front, in one deterministic pass over the seed."""

    def __init__(self, world: _World, rng: random.Random, today: date, horizon: datetime):
        self.world = world
        self.rng = rng
        self.today = today
        self.horizon = horizon
        self.topic_weights = [t.weight for t in texts.TOPICS]
        self.channels = list(CHANNEL_WEIGHTS)
        self.channel_weights = list(CHANNEL_WEIGHTS.values())

    def received_at(self, channel: Channel) -> datetime:
        rng, cal = self.rng, self.world.calendar
        days_back = rng.randint(1, 30) if rng.random() < 0.08 else rng.randint(1, DAYS_BACK)
        day = self.today - timedelta(days=days_back)
        roll = rng.random()
        if channel in OFFICE_HOURS_CHANNELS or roll < 0.78:
            if not cal.is_business_day(day):
                day = cal.add_business_days(day, -1)
            minutes = rng.randint(7 * 60 + 30, 17 * 60 + 30)
        elif roll < 0.9:
            # Evenings and nights of working days.
            minutes = rng.choice((rng.randint(18 * 60, 23 * 60 + 50), rng.randint(0, 6 * 60)))
        else:
            # Weekends and holidays.
            while cal.is_business_day(day):
                day -= timedelta(days=1)
            minutes = rng.randint(6 * 60, 23 * 60)
        local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.world.tz)
        local = local.replace(second=rng.randint(0, 59))
        return min(local, self.horizon - timedelta(hours=1))

    def fate(self, topic: texts.Topic, received_at: datetime) -> str:
        rng = self.rng
        if topic.transfer_to and rng.random() < 0.85:
            return "transferred"
        age = (self.today - received_at.date()).days
        names = list(FATES)
        weights = [FATES[n] * (0.5 if age > 120 and n in STALLED_FATES else 1.0) for n in names]
        choice = rng.choices(names, weights=weights)[0]
        if choice == "parked" and topic.key not in PARKING_AREA:
            choice = "stalled_assigned"
        return choice

    # The demo's story of one case, told in the order it happens; splitting it would scatter
    # one narrative over helpers that each make sense only here.
    def steps(self, fate: str, topic: texts.Topic, intake_move: bool) -> list[str]:  # noqa: C901
        rng = self.rng
        head: list[str] = []
        if intake_move:
            head.append("move")
        if rng.random() < 0.55:
            head.append("assign")
        clarify = ["clarify", "reply"] if rng.random() < 0.12 else []
        extendable = _extendable(topic)
        extend = ["extend"] if extendable and rng.random() < 0.3 else []
        if fate == "closed":
            body = [*clarify, "start", *extend, "answer", "close"]
            if clarify and rng.random() < 0.5:
                body = ["start", *clarify, *extend, "answer", "close"]
        elif fate == "answered":
            body = ["start", *clarify, *extend, "answer"]
        elif fate == "reopened_open":
            body = ["start", "answer", "close", "reopen"]
        elif fate == "reopened_closed":
            head = []
            body = ["start", "answer", "reopen", "answer", "close"]
        elif fate == "transferred":
            body = ["transfer"]
        elif fate == "withdrawn_express":
            body = ["start", "withdraw"]
        elif fate == "withdrawn_tacit":
            body = ["clarify", "withdraw_tacit"]
        elif fate == "stalled_assigned":
            body = ["assign"] if "assign" not in head else []
        elif fate == "stalled_in_progress":
            body = [*clarify, "start", *extend]
        elif fate == "awaiting":
            body = ["start", "clarify"] if rng.random() < 0.6 else ["clarify"]
        else:  # parked: moved to an area with nobody to take it
            head = [s for s in head if s == "move"]
            body = ["park"]
        plan = head + body
        for optional in OPTIONAL_DROP_ORDER:
            if len(plan) + 1 <= MAX_EVENTS:
                break
            if optional == "clarify":
                plan = [s for s in plan if s not in ("clarify", "reply")]
            elif optional in plan:
                plan.remove(optional)
        return plan

    def spec(self) -> _Spec:
        rng = self.rng
        topic = rng.choices(texts.TOPICS, weights=self.topic_weights)[0]
        channel = rng.choices(self.channels, weights=self.channel_weights)[0]
        received_at = self.received_at(channel)
        fate = self.fate(topic, received_at)
        intake_move = (
            topic.area != "contacto"
            and channel in (Channel.VERBAL_PHONE, Channel.SOCIAL_MEDIA)
            and fate != "transferred"
            and rng.random() < 0.5
        )
        steps = self.steps(fate, topic, intake_move)
        touchpoint_name = _touchpoint_for(rng, topic, channel)
        fields = _fields(rng, received_at.date())
        if touchpoint_name in texts.OFFICES:
            fields["oficina"] = touchpoint_name
        return _Spec(
            topic=topic,
            received_at=received_at,
            channel=channel,
            fate=fate,
            steps=steps,
            fields=fields,
            rng_seed=rng.getrandbits(64),
            intake_area="contacto" if intake_move else None,
            parked_area=PARKING_AREA.get(topic.key) if fate == "parked" else None,
            touchpoint_name=touchpoint_name,
        )

    def cover(self, specs: list[_Spec]) -> None:
        """Give the rarest fates to a few old cases when the draw left them out."""
        if len(specs) < 4 * len(REQUIRED_FATES):
            return
        old = [s for s in specs if (self.today - s.received_at.date()).days >= COVER_MIN_AGE_DAYS]
        present = {s.fate for s in old}
        for fate in REQUIRED_FATES:
            if fate in present:
                continue
            candidates = [
                s
                for s in old
                if s.fate == "closed" and (fate != "parked" or s.topic.key in PARKING_AREA)
            ]
            if not candidates:
                continue
            spec = candidates[self.rng.randrange(len(candidates))]
            spec.fate = fate
            spec.intake_area = None
            spec.steps = self.steps(fate, spec.topic, intake_move=False)
            spec.parked_area = PARKING_AREA.get(spec.topic.key) if fate == "parked" else None
            present.add(fate)


def _extendable(topic: texts.Topic) -> bool:
    rule = deadlines.get_regime(topic.regime).rules
    return any(
        r.code == topic.request_type and r.extension_rule is not deadlines.ExtensionRule.NONE
        for r in rule
    )


def _touchpoint_for(rng: random.Random, topic: texts.Topic, channel: Channel) -> str | None:
    matching = [name for name in TOUCHPOINT_FOR_CHANNEL[channel] if name in topic.touchpoints]
    if matching:
        return rng.choice(matching)
    if topic.touchpoints and rng.random() < 0.4:
        return rng.choice(topic.touchpoints)
    return None


class _Runner:
    """Files one planned case and plays its steps through the services, in time order."""

    def __init__(self, world: _World, horizon: datetime):
        self.world = world
        self.horizon = horizon

    # -- time -------------------------------------------------------------------------------

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.world.tz).date()

    def work_time(self, rng: random.Random, day: date, after: datetime) -> datetime:
        """A moment in office hours on ``day`` (or the next business day), after ``after``."""
        cal = self.world.calendar
        day = cal.next_business_day(day)
        minutes = rng.randint(7 * 60 + 15, 17 * 60 + 45)
        moment = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.world.tz)
        if moment <= after:
            moment = after + timedelta(minutes=rng.randint(7, 95))
        return moment

    def after_business_days(
        self, rng: random.Random, after: datetime, low: int, high: int
    ) -> datetime:
        cal = self.world.calendar
        n = rng.randint(low, high)
        start = self.local_date(after)
        day = cal.add_business_days(start, n) if n > 0 else start
        return self.work_time(rng, day, after)

    # -- one case ---------------------------------------------------------------------------

    def run(self, spec: _Spec) -> Case:
        world = self.world
        rng = random.Random(spec.rng_seed)
        topic = spec.topic
        fields = spec.fields
        requester = _requester(rng, topic, spec.channel)
        touchpoint = world.touchpoints.get(spec.touchpoint_name or "")
        area_code = spec.intake_area or topic.area
        area: Area | None = world.areas[area_code]
        if touchpoint is not None and touchpoint.owner_area_id == world.areas[area_code].pk:
            area = None  # the touchpoint routes it
        priority, reason = Priority.NORMAL, PriorityReason.NONE
        roll = rng.random()
        if roll < 0.03:
            priority = Priority.LEGAL
            reason = rng.choice(
                (
                    PriorityReason.VULNERABLE,
                    PriorityReason.VULNERABLE,
                    PriorityReason.FUNDAMENTAL_RIGHT,
                    PriorityReason.LIFE_OR_SAFETY,
                )
            )
        elif roll < 0.13:
            priority = Priority.HIGH
        by = world.agent("oficinas") if spec.channel in STAFF_FILED_CHANNELS else None
        filed = case_file(
            filing=FilingInput(
                organization=world.organization,
                kind=CaseKind(topic.kind),
                regime=topic.regime,
                request_type=topic.request_type,
                channel=spec.channel,
                requester=requester,
                subject=_fill(rng.choice(topic.subjects), fields)[:200],
                description=_fill(rng.choice(topic.descriptions), fields),
                touchpoint=touchpoint,
                area=area,
                priority=priority,
                priority_reason=reason,
                received_at=spec.received_at,
                actor_label="app-movil" if spec.channel == Channel.API else "",
            ),
            by=by,
            notify=False,
        )
        case = filed.case
        state = _CaseState(case=case, area_code=area_code, last=spec.received_at)
        for index, step in enumerate(spec.steps):
            if not self.play(rng, spec, state, step, first=index == 0):
                break
        return state.case

    def play(
        self, rng: random.Random, spec: _Spec, state: _CaseState, step: str, *, first: bool
    ) -> bool:
        """Do one step if its moment has come before the horizon; False stops the case."""
        moment = self.moment(rng, spec, state, step)
        if moment is None:
            return True  # a step that no longer applies (an extension out of time): skip it
        if moment > self.horizon:
            if not first:
                return False
            # Every case has at least one step after filing: squeeze the first one in.
            room = (self.horizon - state.last).total_seconds()
            moment = state.last + timedelta(seconds=max(60.0, room * rng.uniform(0.1, 0.9)))
            if step in ("extend", "withdraw_tacit") or moment > self.horizon:
                return False
        self.act(rng, spec, state, step, moment)
        state.last = moment
        return True

    def moment(
        self, rng: random.Random, spec: _Spec, state: _CaseState, step: str
    ) -> datetime | None:
        case, last, cal = state.case, state.last, self.world.calendar
        if step in ("move", "park"):
            return self.after_business_days(rng, last, 0, 1)
        if step == "assign":
            return self.after_business_days(rng, last, 0, 2)
        if step == "start":
            if case.status == CaseStatus.IN_PROGRESS:
                return None  # the requester's reply already put an assigned case back in work
            return self.after_business_days(rng, last, 0, 3)
        if step == "clarify":
            return self.after_business_days(rng, last, 1, 5)
        if step == "reply":
            due = datetime.combine(_clarification_due(case), time(18, 0), tzinfo=self.world.tz)
            latest = min(due, last + timedelta(days=rng.randint(1, 20)))
            span = max(60.0, (latest - last).total_seconds())
            return last + timedelta(seconds=rng.uniform(0.3, 1.0) * span)
        if step == "extend":
            limit = min(case.original_due_date, case.due_date)
            if self.local_date(last) > limit:
                return None
            earliest = max(self.local_date(last), cal.add_business_days(limit, -4))
            day = cal.add_business_days(earliest, rng.randint(0, 2))
            moment = self.work_time(rng, min(day, limit), last)
            return moment if self.local_date(moment) <= limit else None
        if step == "answer":
            return self.answer_moment(rng, spec, state)
        if step == "close":
            return self.after_business_days(rng, last, 1, 8)
        if step == "reopen":
            return self.after_business_days(rng, last, 3, 20)
        if step == "transfer":
            late = rng.random() < 0.15
            return (
                self.after_business_days(rng, last, 6, 10)
                if late
                else (self.after_business_days(rng, last, 0, 4))
            )
        if step == "withdraw":
            return self.after_business_days(rng, last, 1, 8)
        if step == "withdraw_tacit":
            day = cal.add_business_days(_clarification_due(case), rng.randint(1, 6))
            return self.work_time(rng, day, last)
        raise ValueError(f"Unknown step {step}")

    def answer_moment(self, rng: random.Random, spec: _Spec, state: _CaseState) -> datetime:
        case, last, cal = state.case, state.last, self.world.calendar
        if state.answered:
            return self.after_business_days(rng, last, 2, 10)
        if rng.random() < 0.12:
            target = cal.add_business_days(case.due_date, rng.randint(1, 10))
        elif case.priority == Priority.LEGAL:
            target = cal.add_business_days(self.local_date(case.received_at), rng.randint(2, 5))
        else:
            target = cal.add_business_days(case.due_date, -rng.randint(0, 8))
        if target <= self.local_date(last):
            return self.after_business_days(rng, last, 0, 2)
        return self.work_time(rng, target, last)

    def act(
        self, rng: random.Random, spec: _Spec, state: _CaseState, step: str, at: datetime
    ) -> None:
        world, case, fields = self.world, state.case, spec.fields
        # Every step an agent does happens in an area with one (parked cases stop there).
        agent = world.agent(state.area_code if state.area_code in AGENT_BY_AREA else "contacto")
        if step in ("move", "park"):
            target = spec.topic.area if step == "move" else (spec.parked_area or "juridica")
            state.case = case_move(
                case=case,
                area=world.areas[target],
                by=agent,
                note=texts.MOVE_NOTES.get(target, ""),
                at=at,
            )
            state.area_code = target
        elif step == "assign":
            state.case = case_assign(case=case, assignee=agent, by=agent, at=at)
        elif step == "start":
            state.case = case_start(case=case, by=agent, at=at)
        elif step == "clarify":
            message = _fill(_clarification_for(rng, spec.topic), fields)
            state.case = case_request_clarification(
                case=case, by=agent, message=message, at=at, notify=False
            )
        elif step == "reply":
            reply = _fill(rng.choice(texts.CLARIFICATION_REPLIES), fields)
            state.case = case_receive_clarification(case=case, message=reply, at=at)
        elif step == "extend":
            state.case = case_extend(
                case=case,
                by=world.supervisor(state.area_code, rng),
                days=_extension_days(rng, case),
                reason=rng.choice(texts.EXTENSION_REASONS),
                at=at,
                notify=False,
            )
        elif step == "answer":
            fields = {**fields, "fecha_visita": _spanish_date(self.local_date(at))}
            text = _fill(rng.choice(spec.topic.answers), fields)
            if state.answered:
                text = "Complementamos la respuesta anterior. " + text
            requester = case.requester
            channel = ResponseChannel(requester.preferred_channel)
            if answer_goes_to_approval(case, agent):
                # The demo's approval rules: the agent submits, a supervisor approves; the
                # submission sits between the previous step and the answer.
                submitted = state.last + (at - state.last) / 2
                case_answer_submit(case=case, by=agent, text=text, channel=channel, at=submitted)
                state.case = case_answer_approve(
                    case=case, by=world.supervisor(state.area_code, rng), at=at, notify=False
                )
            else:
                state.case = case_answer(
                    case=case, by=agent, text=text, channel=channel, at=at, notify=False
                )
            state.answered = True
        elif step == "close":
            state.case = case_close(case=case, by=agent, at=at)
        elif step == "reopen":
            state.case = case_reopen(
                case=case,
                by=world.supervisor(state.area_code, rng),
                reason=rng.choice(texts.REOPEN_REASONS),
                at=at,
            )
        elif step == "transfer":
            pairs = spec.topic.transfer_to or texts.TRANSFER_REASONS_GENERIC
            entity, reason = rng.choice(pairs)
            state.case = case_transfer(
                case=case,
                by=world.supervisor(state.area_code, rng),
                entity=_fill(entity, fields),
                reason=_fill(reason, fields),
                at=at,
            )
        elif step == "withdraw":
            state.case = case_withdraw(
                case=case,
                by=world.supervisor(state.area_code, rng),
                reason=rng.choice(texts.EXPRESS_WITHDRAWAL_REASONS),
                at=at,
            )
        elif step == "withdraw_tacit":
            state.case = case_withdraw(
                case=case,
                by=world.supervisor(state.area_code, rng),
                reason=texts.TACIT_WITHDRAWAL_REASON,
                tacit=True,
                at=at,
            )
        else:  # pragma: no cover - the planner only makes the steps above
            raise ValueError(f"Unknown step {step}")


@dataclass
class _CaseState:
    case: Case
    area_code: str
    last: datetime
    answered: bool = False


def _clarification_due(case: Case) -> date:
    if case.clarification_due is None:
        raise ValueError(f"Case {case.filing_number} is not waiting for the requester.")
    return case.clarification_due


def _clarification_for(rng: random.Random, topic: texts.Topic) -> str:
    options = texts.CLARIFICATION_REQUESTS
    if topic.regime == "co-ley1581":
        return options[2]
    if topic.key == "atencion_oficina":
        return options[6]
    if topic.key in ("fuga_calle", "dano_acometida"):
        return options[3]
    return rng.choice((options[0], options[1], options[4]))


def _extension_days(rng: random.Random, case: Case) -> int:
    reception = timezone.localdate(case.received_at, ZoneInfo(case.organization.time_zone))
    rule = deadlines.get_regime(case.regime).rule_for(case.request_type, reception)
    room = deadlines.max_extension(rule) - case.extension_days
    if rule.extension_rule is deadlines.ExtensionRule.FIXED_ADDITIONAL:
        return room
    return max(1, min(room, rng.randint(max(1, rule.term // 3), rule.term)))


def _horizon(organization: Organization, today: date | None) -> tuple[date, datetime]:
    tz = ZoneInfo(organization.time_zone)
    now = timezone.now().astimezone(tz)
    if today is None or today == now.date():
        return now.date(), now
    return today, datetime.combine(today, time(23, 59), tzinfo=tz)


def generate_history(
    *,
    organization: Organization,
    cases: int,
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """File ``cases`` cases over the last year and play their histories; return how many.

    Nothing happens after ``today`` (the organization's local today by default). Cases
    are filed in order of reception, so filing numbers follow the calendar.
    """
    if cases <= 0:
        return 0
    world = _World(organization)
    today, horizon = _horizon(organization, today)
    rng = random.Random(seed)
    planner = _Planner(world, rng, today, horizon)
    specs = sorted((planner.spec() for _ in range(cases)), key=lambda s: s.received_at)
    planner.cover(specs)
    runner = _Runner(world, horizon)
    done = 0
    for start in range(0, len(specs), BATCH_SIZE):
        with transaction.atomic():
            for spec in specs[start : start + BATCH_SIZE]:
                runner.run(spec)
                done += 1
                if progress is not None:
                    progress(done, cases)
    return done


__all__ = ["generate_history"]
