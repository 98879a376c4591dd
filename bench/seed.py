"""Seed a PostgreSQL database with a realistic Promesa organization at benchmark scale.

    bench/seed --cases 100000          # top up to 100,000 cases (idempotent)
    bench/seed creds                   # JSON: API tokens and session cookies for run.sh

The data has the shape of the peer's seed (../shared/bench/peer-helpdesk/README.md) mapped
onto Promesa's states: open 30 % / reopened 5 % / resolved 15 % / closed 50 %, 85 %
assigned, received uniformly over the last 730 days, 200,000 distinct requesters, subjects of
30-90 and descriptions of 300-1500 characters. Every case has a consistent timeline of 2-6
events, a due date from the deadline engine, and a filing number from the same per-year
counters the filing service uses, so cases filed after the seed never collide.

Rows are written with PostgreSQL COPY into the tables the migrations created; the column
lists come from the models' ``_meta``, so a field added later with a default is filled with
that default. ``--cases`` is the total wanted: a second run with the same number does
nothing, a bigger one adds the difference.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import queue
import random
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from django.db.models import Model

    from promesa.accounts.models import User
    from promesa.cases import deadlines
    from promesa.organization.models import Organization

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/promesa_bench"
BENCH_SLUG = "promesa-bench"
BENCH_DOMAIN = "bench.promesa.test"
# Every benchmark staff account signs in with this password (never use it elsewhere).
BENCH_PASSWORD = "bench-clave-2026"  # noqa: S105 - benchmark accounts only
DAYS_BACK = 730
REGIME = "co-ley1755"
SEARCH_WORD = "factura"


class SeedError(RuntimeError):
    """The seed cannot run as asked; the message says why."""


@dataclass(frozen=True)
class SeedConfig:
    """Sizes of the benchmark organization; ``cases`` and ``requesters`` are totals."""

    cases: int = 10_000
    areas: int = 30
    staff: int = 500
    requesters: int = 200_000
    batch: int = 20_000
    seed: int = 20261122
    vacuum: bool = True
    progress: bool = True


# --- proportions ------------------------------------------------------------------------------

# (plan, weight in %): the peer's open 30 / reopened 5 / resolved 15 / closed 50, split over
# Promesa's states. Unassigned: filed, awaiting (asked before anyone took it), transferred
# and withdrawn = 15 %, so 85 % of cases are assigned, as in the peer's seed.
PLANS: list[tuple[str, int]] = [
    ("filed", 6),
    ("assigned", 9),
    ("in_progress", 12),
    ("awaiting", 3),
    ("reopened", 5),
    ("answered", 15),
    ("closed", 44),
    ("transferred", 3),
    ("withdrawn", 3),
]
# The peer's four statuses, for the report and the tests.
PEER_GROUP = {
    "filed": "open",
    "assigned": "open",
    "in_progress": "open",
    "awaiting": "open",
    "reopened": "reopened",
    "answered": "resolved",
    "closed": "closed",
    "transferred": "closed",
    "withdrawn": "closed",
}
KINDS: list[tuple[str, int]] = [
    ("peticion", 30),
    ("queja", 20),
    ("reclamo", 35),
    ("sugerencia", 5),
    ("denuncia", 3),
    ("felicitacion", 7),
]
PETITION_TYPES: list[tuple[str, int]] = [
    ("peticion_general", 70),
    ("peticion_documentos", 20),
    ("consulta", 10),
]
CHANNELS: list[tuple[str, int]] = [
    ("web", 45),
    ("email", 20),
    ("verbal_phone", 12),
    ("verbal_in_person", 10),
    ("api", 5),
    ("letter", 4),
    ("social_media", 3),
    ("verbal_virtual", 1),
]
ANSWER_CHANNELS = ["email", "email", "email", "postal", "phone", "portal"]
PRIORITY_REASONS = ["fundamental_right", "life_or_safety", "journalist", "vulnerable"]
ATTACHMENT_NAMES = [
    ("factura.pdf", "application/pdf"),
    ("cedula.pdf", "application/pdf"),
    ("foto-medidor.jpg", "image/jpeg"),
    ("foto-dano.png", "image/png"),
    ("carta.pdf", "application/pdf"),
]
ENTITIES = [
    "Superintendencia de Servicios Públicos Domiciliarios",
    "Alcaldía Municipal",
    "Empresa de Gas del Valle",
    "Secretaría de Movilidad",
]


# --- small helpers ----------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on stderr (tqdm is not a dependency of Promesa)."""

    def __init__(self, label: str, total: int, *, stream: IO[str] | None, width: int = 30):
        self.label, self.total, self.stream, self.width = label, max(total, 1), stream, width
        self.done = 0
        self.started = time.monotonic()

    def update(self, n: int) -> None:
        self.done += n
        if self.stream is None:
            return
        elapsed = time.monotonic() - self.started
        share = self.done / self.total
        bar = "#" * int(share * self.width)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        self.stream.write(
            f"\r{self.label:<11} [{bar:<{self.width}}] {share:4.0%} "
            f"{self.done:,}/{self.total:,} {elapsed:6.1f}s {rate:8,.0f}/s"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class Texts:
    """Spanish-like text of a requested length, sliced from a corpus built once."""

    def __init__(self, rng: random.Random, n_chars: int = 1_000_000):
        from bench.words import WORDS

        self.rng = rng
        words = rng.choices(WORDS, k=n_chars // 6)
        sentences: list[str] = []
        position = 0
        while position < len(words):
            length = rng.randint(6, 22)
            chunk = words[position : position + length]
            position += length
            if len(chunk) > 10 and rng.random() < 0.5:
                chunk[rng.randint(3, len(chunk) - 4)] += ","
            sentence = " ".join(chunk)
            sentences.append(sentence[0].upper() + sentence[1:] + rng.choice(".....?!"))
        self.corpus = " ".join(sentences)

    def __call__(self, low: int, high: int) -> str:
        n = self.rng.randint(low, high)
        start = self.corpus.find(" ", self.rng.randrange(0, len(self.corpus) - high - 40)) + 1
        text = self.corpus[start : start + n].strip().rstrip(",")
        return text[0].upper() + text[1:]


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> Callable[[], str]:
    values = [value for value, _ in choices]
    cumulative: list[int] = []
    total = 0
    for _, weight in choices:
        total += weight
        cumulative.append(total)

    def pick() -> str:
        return rng.choices(values, cum_weights=cumulative)[0]

    return pick


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class CopyTable:
    """COPY rows into a model's table, column list from ``_meta``.

    Rows are dicts keyed by attribute name; any concrete field a row leaves out (one another
    branch added meanwhile, say) gets its model default, or NULL when it is nullable.
    """

    def __init__(self, model: type[Model], supplied: Iterable[str]):
        from django.db import connection

        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        supplied = set(supplied)
        self.fillers: dict[str, Callable[[], Any]] = {}
        for f in self.fields:
            if f.attname in supplied:
                continue
            if f.has_default():
                self.fillers[f.attname] = functools.partial(_default_of, f, connection)
            elif f.null:
                self.fillers[f.attname] = lambda: None
            elif f.empty_strings_allowed and f.blank:
                self.fillers[f.attname] = lambda: ""
            else:
                raise SeedError(
                    f"{self.table}.{f.column} has no default and the seed does not fill it; "
                    "teach bench/seed.py about it."
                )
        self.attnames = [f.attname for f in self.fields]

    def values(self, row: dict[str, Any]) -> list[Any]:
        """The row as a list in column order, with the defaults of fields it leaves out."""
        for name, fill in self.fillers.items():
            row[name] = fill()
        return [row[name] for name in self.attnames]

    def copy(self, cursor: Any, rows: Iterable[Sequence[Any]]) -> None:
        names = ", ".join(f'"{c}"' for c in self.columns)
        with cursor.copy(f'COPY "{self.table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)


class CopyWriter:
    """COPY batches on a connection of its own, in a thread, while the next one is built.

    Generating rows is Python work and ingesting them is PostgreSQL work; overlapping the two
    uses both cores. Each batch, with the filing counters it used, commits on its own.
    """

    def __init__(self, sequence_sql: str, on_done: Callable[[int], None]):
        from django.db import connection

        self.connection = connection.get_new_connection(connection.get_connection_params())
        self.connection.autocommit = True
        self.sequence_sql = sequence_sql
        self.on_done = on_done
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="bench-copy", daemon=True)
        self.thread.start()

    def put(
        self,
        tables: list[tuple[CopyTable, list[list[Any]]]],
        sequences: list[tuple[int, int, int]],
        cases: int,
    ) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((tables, sequences, cases))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self.connection.close()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue
            tables, sequences, cases = item
            try:
                with self.connection.transaction(), self.connection.cursor() as cursor:
                    for table, rows in tables:
                        table.copy(cursor, rows)
                    cursor.executemany(self.sequence_sql, sequences)
                self.on_done(cases)
            except BaseException as exc:  # handed to the main thread by put() and close()
                self.error = exc


def _default_of(f: Any, connection: Any) -> Any:
    return f.get_db_prep_save(f.get_default(), connection)


def _reserve_ids(cursor: Any, table: str, n: int) -> int:
    """Take ``n`` consecutive ids from the table's sequence at once; return the first."""
    if n == 0:
        return 0
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, "
        "'id')) + %s - 1)",
        [table, table, n],
    )
    last = int(cursor.fetchone()[0])
    return last - n + 1


# --- the organization -------------------------------------------------------------------------


@dataclass
class World:
    """What the case generator needs to know about the organization, as plain values."""

    organization: Organization
    area_ids: list[int]
    area_names: dict[int, str]
    leaf_ids: list[int]
    division_ids: list[int]
    staff_by_area: dict[int, list[int]]
    manager_by_area: dict[int, int]
    names: dict[int, str]
    touchpoint_ids: list[int]
    requester_ids: list[int] = field(default_factory=list)


def _tree(n_areas: int) -> tuple[list[str], list[str]]:
    """Division and leaf names for a tree of one root, divisions and leaves (3 levels)."""
    from bench.words import DIVISIONS, LEAVES

    if n_areas < 3:
        raise SeedError("The organization needs at least 3 areas (root, a division, a leaf).")
    n_divisions = max(1, min(len(DIVISIONS), round((n_areas - 1) / 5)))
    n_leaves = n_areas - 1 - n_divisions

    def name(names: list[str], i: int) -> str:
        return names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")

    return (
        [name(DIVISIONS, i) for i in range(n_divisions)],
        [name(LEAVES, i) for i in range(n_leaves)],
    )


def _create_organization(config: SeedConfig, rng: random.Random) -> Organization:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils.text import slugify

    from bench.words import FIRST_NAMES, LAST_NAMES, TOUCHPOINTS
    from promesa.accounts.choices import Role
    from promesa.accounts.models import User
    from promesa.organization.choices import TouchpointKind
    from promesa.organization.models import Area, Membership, Organization
    from promesa.organization.services import area_create, touchpoint_create

    divisions, leaves = _tree(config.areas)
    n_quality = max(1, config.staff // 150)
    n_oversight = max(1, config.staff // 250)
    fixed = 2 + n_quality + n_oversight + config.areas  # admin, integration, managers
    n_agents = config.staff - fixed
    if n_agents < len(leaves):
        raise SeedError(
            f"{config.staff} staff are too few for {config.areas} areas: at least "
            f"{fixed + len(leaves)} are needed (one agent per leaf area)."
        )

    with transaction.atomic():
        organization = Organization.objects.create(
            name="Servicios Públicos de Referencia S.A. E.S.P.",
            slug=BENCH_SLUG,
            tax_id="900.000.000-1",
            default_regime=REGIME,
        )
        root = area_create(organization=organization, name="Gerencia General", code="gerencia")
        division_areas = [
            area_create(organization=organization, name=name, parent=root) for name in divisions
        ]
        leaf_areas = [
            area_create(
                organization=organization,
                name=name,
                parent=division_areas[i % len(division_areas)],
                code=f"{slugify(name)}-{i + 1}",
            )
            for i, name in enumerate(leaves)
        ]
        password = make_password(BENCH_PASSWORD)

        def person(email: str, role: Role) -> User:
            surnames = f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"
            full_name = f"{rng.choice(FIRST_NAMES)} {surnames}"
            admin = role == Role.ADMINISTRATOR
            return User(
                email=f"{email}@{BENCH_DOMAIN}",
                full_name=full_name,
                role=role,
                organization=organization,
                password=password,
                is_staff=admin,
                is_superuser=admin,
            )

        all_areas = [root, *division_areas, *leaf_areas]
        people = [person("admin", Role.ADMINISTRATOR), person("integracion", Role.AGENT)]
        people += [person(f"calidad{i + 1:02d}", Role.QUALITY_LEAD) for i in range(n_quality)]
        people += [person(f"control{i + 1:02d}", Role.OVERSIGHT) for i in range(n_oversight)]
        managers = [person(f"jefe-{area.code}", Role.AREA_MANAGER) for area in all_areas]
        agents = [person(f"agente{i + 1:04d}", Role.AGENT) for i in range(n_agents)]
        users = User.objects.bulk_create([*people, *managers, *agents])
        by_email = {u.email: u for u in users}
        memberships = [
            Membership(user=by_email[f"{name}@{BENCH_DOMAIN}"], area=root)
            for name in ("admin", "integracion", "calidad01", "control01")
        ]
        for area, manager in zip(
            all_areas, users[len(people) : len(people) + len(managers)], strict=True
        ):
            Area.objects.filter(pk=area.pk).update(manager=manager)
            memberships.append(Membership(user=manager, area=area))
        for i, agent in enumerate(users[len(people) + len(managers) :]):
            memberships.append(Membership(user=agent, area=leaf_areas[i % len(leaf_areas)]))
        Membership.objects.bulk_create(memberships)
        for i, (name, kind) in enumerate(TOUCHPOINTS):
            touchpoint_create(
                organization=organization,
                name=name,
                kind=TouchpointKind(kind),
                owner_area=leaf_areas[i % len(leaf_areas)],
            )
    return organization


def _load_world(organization: Organization) -> World:
    from promesa.accounts.models import User
    from promesa.cases.models import Requester
    from promesa.organization.models import Area, Membership, Touchpoint

    areas = list(Area.objects.filter(organization=organization).order_by("path"))
    depth = {a.pk: a.path.count("/") - 1 for a in areas}
    staff_by_area: dict[int, list[int]] = {a.pk: [] for a in areas}
    roles = dict(User.objects.values_list("pk", "role"))
    for user_id, area_id in Membership.objects.filter(area__organization=organization).values_list(
        "user_id", "area_id"
    ):
        if roles[user_id] == "agent":
            staff_by_area[area_id].append(user_id)
    manager_by_area = {a.pk: a.manager_id for a in areas if a.manager_id is not None}
    for area_id, manager_id in manager_by_area.items():
        if not staff_by_area[area_id]:
            # Areas without agents (the root and the divisions): their manager works them.
            staff_by_area[area_id].append(manager_id)
    for ids in staff_by_area.values():
        ids.sort()
    return World(
        organization=organization,
        area_ids=[a.pk for a in areas],
        area_names={a.pk: a.name for a in areas},
        leaf_ids=[a.pk for a in areas if depth[a.pk] == 3],
        division_ids=[a.pk for a in areas if depth[a.pk] == 2],
        staff_by_area=staff_by_area,
        manager_by_area=manager_by_area,
        names=dict(
            User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").values_list("pk", "full_name")
        ),
        touchpoint_ids=list(
            Touchpoint.objects.filter(organization=organization)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        requester_ids=list(
            Requester.objects.filter(organization=organization)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    )


# --- requesters -------------------------------------------------------------------------------


def _add_requesters(
    world: World, target: int, rng: random.Random, progress: IO[str] | None, batch: int
) -> int:
    from django.db import connection, transaction

    from bench.words import FIRST_NAMES, LAST_NAMES
    from promesa.cases.models import Requester

    have = len(world.requester_ids)
    todo = target - have
    if todo <= 0:
        return 0
    table = CopyTable(
        Requester,
        [
            "id",
            "public_id",
            "organization_id",
            "is_anonymous",
            "kind",
            "full_name",
            "id_type",
            "id_number",
            "email",
            "phone",
            "address",
            "preferred_channel",
            "language",
            "consent_given",
            "consent_text_version",
            "consent_at",
            "created_at",
        ],
    )
    now = datetime.now(UTC)
    bar = Progress("requesters", todo, stream=progress)
    done = 0
    while done < todo:
        n = min(batch, todo - done)
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            first = _reserve_ids(raw, table.table, n)
            rows = []
            for i in range(n):
                number = have + done + i + 1
                anonymous = rng.random() < 0.03
                company = not anonymous and rng.random() < 0.05
                name = (
                    f"{rng.choice(LAST_NAMES)} y Compañía S.A.S."
                    if company
                    else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} "
                    f"{rng.choice(LAST_NAMES)}"
                )
                at = now - timedelta(seconds=rng.randrange(DAYS_BACK * 86400))
                rows.append(
                    {
                        "id": first + i,
                        "public_id": _uuid(rng),
                        "organization_id": world.organization.pk,
                        "is_anonymous": anonymous,
                        "kind": "company" if company else "person",
                        "full_name": "" if anonymous else name,
                        "id_type": "" if anonymous else ("NIT" if company else "CC"),
                        "id_number": "" if anonymous else str(rng.randint(10**7, 10**10)),
                        "email": "" if anonymous else f"cliente{number}@example.com",
                        "phone": "" if anonymous else f"3{rng.randint(10**8, 10**9 - 1)}",
                        "address": "" if anonymous else f"Calle {rng.randint(1, 150)} # 10-20",
                        "preferred_channel": "email",
                        "language": "es-co",
                        "consent_given": not anonymous,
                        "consent_text_version": "" if anonymous else "2026-01",
                        "consent_at": None if anonymous else at,
                        "created_at": at,
                    }
                )
            table.copy(raw, [table.values(row) for row in rows])
            world.requester_ids.extend(range(first, first + n))
        done += n
        bar.update(n)
    return todo


# --- cases ------------------------------------------------------------------------------------


class DueDates:
    """Deadline engine results per (request type, reception date), computed once each."""

    def __init__(self, organization: Organization):
        from promesa.cases import deadlines
        from promesa.cases.selectors import organization_calendar

        self.deadlines = deadlines
        self.regime = deadlines.get_regime(REGIME)
        self.calendar = organization_calendar(organization)
        self.zone = ZoneInfo(self.regime.timezone)
        self.cache: dict[tuple[str, date, bool], deadlines.DeadlineResult] = {}

    def __call__(self, request_type: str, received_at: datetime) -> deadlines.DeadlineResult:
        local = received_at.astimezone(self.zone)
        cutoff = self.regime.cutoff_hour
        key = (request_type, local.date(), cutoff is not None and local.hour >= cutoff)
        result = self.cache.get(key)
        if result is None:
            result = self.deadlines.compute_deadline(
                regime=self.regime,
                request_type=request_type,
                received_at=received_at,
                calendar=self.calendar,
            )
            self.cache[key] = result
        return result

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


@dataclass
class Batch:
    cases: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)


class CaseFactory:
    """Builds one case and its timeline as rows, consistent with what the services write."""

    def __init__(self, world: World, rng: random.Random, now: datetime):
        self.world, self.rng, self.now = world, rng, now
        self.texts = Texts(rng)
        self.due = DueDates(world.organization)
        self.plan = _weighted(rng, PLANS)
        self.kind = _weighted(rng, KINDS)
        self.petition_type = _weighted(rng, PETITION_TYPES)
        self.channel = _weighted(rng, CHANNELS)
        self.filing_format = world.organization.filing_number_format

    def build(
        self, batch: Batch, *, case_id: int, received_at: datetime, seq: int, event_id: int
    ) -> int:
        """Append one case, its events and attachments to ``batch``; return events written."""
        rng, world = self.rng, self.world
        plan = self.plan()
        kind = self.kind()
        request_type = self.petition_type() if kind == "peticion" else "peticion_general"
        channel = self.channel()
        leaf = rng.random() < 0.9 or not world.division_ids
        area_id = rng.choice(world.leaf_ids if leaf else world.division_ids)
        manager_id = world.manager_by_area[area_id]
        worker_id = rng.choice(world.staff_by_area[area_id])
        deadline = self.due(request_type, received_at)
        due_date = deadline.due_date
        subject = self.texts(30, 90).rstrip(" .,?!")
        description = self.texts(300, 1500)
        priority, reason = "normal", ""
        roll = rng.random()
        if roll < 0.02:
            priority, reason = "legal", rng.choice(PRIORITY_REASONS)
        elif roll < 0.10:
            priority = "high"

        # The plan's events after filing; times spread over the case's working life.
        steps = self._steps(plan)
        life = timedelta(seconds=rng.randrange(2 * 3600, 25 * 86400))
        end = min(self.now, received_at + life)
        offsets = sorted(rng.random() for _ in steps)
        times = [received_at + (end - received_at) * offset for offset in offsets]

        case: dict[str, Any] = {
            "id": case_id,
            "public_id": _uuid(rng),
            "organization_id": world.organization.pk,
            "filing_number": self.filing_format.format(
                year=self.due.local_date(received_at).year, seq=seq
            ),
            "tracking_code_hash": f"{rng.getrandbits(256):064x}",
            "kind": kind,
            "regime": REGIME,
            "request_type": request_type,
            "channel": channel,
            "requester_id": rng.choice(world.requester_ids),
            "subject": subject,
            "description": description,
            "touchpoint_id": rng.choice(world.touchpoint_ids) if rng.random() < 0.7 else None,
            "area_id": area_id,
            "assignee_id": None,
            "priority": priority,
            "priority_reason": reason,
            "status": "filed",
            "language": "es-co",
            "received_at": received_at,
            "due_date": due_date,
            "original_due_date": due_date,
            "extension_days": 0,
            "pauses": "[]",
            "paused_since": None,
            "clarification_due": None,
            "transferred_to": "",
            "content_hash": f"{rng.getrandbits(256):064x}",
            "answered_at": None,
            "closed_at": None,
            "created_at": received_at,
            "updated_at": times[-1] if times else received_at,
        }
        events = [
            self._event(
                event_id,
                case,
                "filed",
                received_at,
                actor=None,
                label="requester",
                data={
                    "channel": channel,
                    "legal_source": deadline.legal_source,
                    "term": deadline.term,
                    "unit": str(deadline.unit),
                },
            )
        ]
        for step, at in zip(steps, times, strict=True):
            next_id = event_id + len(events)
            events.append(self._apply(step, case, at, next_id, manager_id, worker_id))
        batch.cases.append(case)
        batch.events.extend(events)
        if rng.random() < 0.10:
            for _ in range(rng.randint(1, 2)):
                name, content_type = rng.choice(ATTACHMENT_NAMES)
                batch.attachments.append(
                    {
                        "public_id": _uuid(rng),
                        "case_id": case_id,
                        "event_id": event_id,
                        "file": f"cases/{case['public_id']}/{rng.getrandbits(128):032x}",
                        "original_name": name,
                        "content_type": content_type,
                        "size": rng.randint(20_000, 3_000_000),
                        "uploaded_at": received_at,
                    }
                )
        return len(events)

    def _steps(self, plan: str) -> list[str]:
        rng = self.rng
        worked = ["assigned", "started"] if rng.random() < 0.7 else ["assigned"]
        return {
            "filed": ["moved"],
            "assigned": ["assigned"],
            "in_progress": ["assigned", "started"],
            "awaiting": ["clarification_requested"],
            "reopened": ["assigned", "started", "answered"]
            + (["closed"] if rng.random() < 0.5 else [])
            + ["reopened"],
            "answered": [*worked, "answered"],
            "closed": [*worked, "answered", "closed"],
            "transferred": ["transferred"],
            "withdrawn": (
                ["clarification_requested", "withdrawn_tacit"]
                if rng.random() < 0.4
                else ["withdrawn"]
            ),
        }[plan]

    def _apply(
        self,
        step: str,
        case: dict[str, Any],
        at: datetime,
        event_id: int,
        manager: int,
        worker: int,
    ) -> dict[str, Any]:
        """Change ``case`` as the service for ``step`` would and return that service's event."""
        rng, names = self.rng, self.world.names
        local = self.due.local_date(at)
        if step == "moved":
            other = rng.choice([a for a in self.world.area_ids if a != case["area_id"]] or [0])
            data: dict[str, Any] = {
                "from_area": self.world.area_names.get(other, ""),
                "to_area": self.world.area_names[case["area_id"]],
                "note": "",
            }
            return self._event(event_id, case, "moved", at, actor=manager, data=data)
        if step == "assigned":
            case["assignee_id"] = worker
            case["status"] = "assigned"
            data = {"assignee": names[worker], "previous": ""}
            return self._event(event_id, case, "assigned", at, actor=manager, data=data)
        if step == "started":
            case["status"] = "in_progress"
            return self._event(event_id, case, "started", at, actor=worker, data={})
        if step == "clarification_requested":
            rule = self.due.regime.rule_for(
                case["request_type"], self.due.local_date(case["received_at"])
            )
            clarification_due = self.due.calendar.next_business_day(
                self.due.deadlines.add_months(local, 1)
            )
            case["status"] = "awaiting_requester"
            case["paused_since"] = local if rule.pausable else None
            case["clarification_due"] = clarification_due
            issued_by = self.due.calendar.add_business_days(
                self.due.local_date(case["received_at"]), 10
            )
            data = {
                "message": self.texts(80, 300),
                "answer_by": clarification_due.isoformat(),
                "issued_on_time": local <= issued_by,
                "pauses_clock": rule.pausable,
            }
            return self._event(
                event_id, case, "clarification_requested", at, actor=manager, data=data
            )
        if step == "answered":
            case["status"] = "answered"
            case["answered_at"] = at
            data = {
                "text": self.texts(200, 900),
                "channel": rng.choice(ANSWER_CHANNELS),
                "on_time": local <= case["due_date"],
            }
            return self._event(event_id, case, "answered", at, actor=worker, data=data)
        if step == "closed":
            case["status"] = "closed"
            case["closed_at"] = at
            return self._event(event_id, case, "closed", at, actor=worker, data={})
        if step == "reopened":
            case["status"] = "in_progress"
            case["closed_at"] = None
            data = {"reason": self.texts(60, 200)}
            return self._event(event_id, case, "reopened", at, actor=manager, data=data)
        if step == "transferred":
            transfer_due = self.due.calendar.add_business_days(
                self.due.local_date(case["received_at"]), 5
            )
            entity = rng.choice(ENTITIES)
            case["status"] = "transferred"
            case["transferred_to"] = entity
            case["closed_at"] = at
            data = {
                "entity": entity,
                "reason": self.texts(60, 200),
                "transfer_due": transfer_due.isoformat(),
                "on_time": local <= transfer_due,
            }
            return self._event(event_id, case, "transferred", at, actor=manager, data=data)
        if step in ("withdrawn", "withdrawn_tacit"):
            tacit = step == "withdrawn_tacit"
            if case["paused_since"] is not None:
                case["pauses"] = json.dumps([[case["paused_since"].isoformat(), local.isoformat()]])
                case["paused_since"] = None
            case["status"] = "withdrawn"
            case["closed_at"] = at
            data = {"reason": self.texts(60, 200), "tacit": tacit}
            return self._event(event_id, case, "withdrawn", at, actor=manager, data=data)
        raise SeedError(f"Unknown timeline step {step!r}.")

    def _event(
        self,
        event_id: int,
        case: dict[str, Any],
        kind: str,
        at: datetime,
        *,
        actor: int | None,
        data: dict[str, Any],
        label: str = "",
    ) -> dict[str, Any]:
        return {
            "id": event_id,
            "public_id": _uuid(self.rng),
            "case_id": case["id"],
            "kind": kind,
            "actor_id": actor,
            "actor_label": label,
            "created_at": at,
            "data": json.dumps(data, ensure_ascii=False),
            "status_after": case["status"],
            "due_date_after": case["due_date"],
        }


def _add_cases(
    world: World, todo: int, rng: random.Random, config: SeedConfig, progress: IO[str] | None
) -> tuple[int, int, int]:
    from django.db import connection

    from promesa.cases.models import Attachment, Case, CaseEvent, FilingSequence

    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=DAYS_BACK)
    # Chronological order, so filing numbers grow with the reception time within each run.
    seconds = sorted(rng.randrange(DAYS_BACK * 86400) for _ in range(todo))
    factory = CaseFactory(world, rng, now)
    case_table = CopyTable(Case, factory_case_fields())
    event_table = CopyTable(CaseEvent, EVENT_FIELDS)
    attachment_table = CopyTable(Attachment, ATTACHMENT_FIELDS)
    bar = Progress("cases", todo, stream=progress)
    counters = dict(
        FilingSequence.objects.filter(organization=world.organization).values_list(
            "year", "last_value"
        )
    )
    meta = FilingSequence._meta
    org, year_col, value_col = (
        FilingSequence._meta.get_field(name).column  # type: ignore[union-attr]
        for name in ("organization", "year", "last_value")
    )
    # Never lower a counter: a filing may have moved it on since this run read it.
    sequence_sql = (
        f'INSERT INTO "{meta.db_table}" ("{org}", "{year_col}", "{value_col}") '  # noqa: S608
        f'VALUES (%s, %s, %s) ON CONFLICT ("{org}", "{year_col}") DO UPDATE SET "{value_col}" '
        f'= GREATEST("{meta.db_table}"."{value_col}", EXCLUDED."{value_col}")'
    )
    writer = CopyWriter(sequence_sql, bar.update)
    added_events = added_attachments = 0
    try:
        for offset in range(0, todo, config.batch):
            chunk = seconds[offset : offset + config.batch]
            batch = Batch()
            with connection.cursor() as cursor:
                raw = cursor.cursor
                first_case = _reserve_ids(raw, case_table.table, len(chunk))
                # At most 6 events per case; unused ids are a harmless gap in the sequence.
                first_event = _reserve_ids(raw, event_table.table, 6 * len(chunk))
                event_id = first_event
                for i, second in enumerate(chunk):
                    received_at = start + timedelta(seconds=second)
                    year = factory.due.local_date(received_at).year
                    counters[year] = counters.get(year, 0) + 1
                    event_id += factory.build(
                        batch,
                        case_id=first_case + i,
                        received_at=received_at,
                        seq=counters[year],
                        event_id=event_id,
                    )
                first_attachment = _reserve_ids(raw, attachment_table.table, len(batch.attachments))
            for i, attachment in enumerate(batch.attachments):
                attachment["id"] = first_attachment + i
            writer.put(
                [
                    (case_table, [case_table.values(row) for row in batch.cases]),
                    (event_table, [event_table.values(row) for row in batch.events]),
                    (attachment_table, [attachment_table.values(row) for row in batch.attachments]),
                ],
                [(world.organization.pk, year, value) for year, value in counters.items()],
                len(chunk),
            )
            added_events += len(batch.events)
            added_attachments += len(batch.attachments)
    finally:
        writer.close()
    return todo, added_events, added_attachments


def factory_case_fields() -> list[str]:
    return [
        "id",
        "public_id",
        "organization_id",
        "filing_number",
        "tracking_code_hash",
        "kind",
        "regime",
        "request_type",
        "channel",
        "requester_id",
        "subject",
        "description",
        "touchpoint_id",
        "area_id",
        "assignee_id",
        "priority",
        "priority_reason",
        "status",
        "language",
        "received_at",
        "due_date",
        "original_due_date",
        "extension_days",
        "pauses",
        "paused_since",
        "clarification_due",
        "transferred_to",
        "content_hash",
        "answered_at",
        "closed_at",
        "created_at",
        "updated_at",
    ]


EVENT_FIELDS = [
    "id",
    "public_id",
    "case_id",
    "kind",
    "actor_id",
    "actor_label",
    "created_at",
    "data",
    "status_after",
    "due_date_after",
]
ATTACHMENT_FIELDS = [
    "id",
    "public_id",
    "case_id",
    "event_id",
    "file",
    "original_name",
    "content_type",
    "size",
    "uploaded_at",
]


# --- entry points -----------------------------------------------------------------------------


def seed(config: SeedConfig, *, progress: IO[str] | None = None) -> dict[str, Any]:
    """Create or top up the benchmark organization to ``config``'s totals; return a report."""
    from django.core.management import call_command, get_commands
    from django.db import connection

    from promesa.cases.models import Attachment, Case, CaseEvent, Requester
    from promesa.organization.models import Organization

    if connection.vendor != "postgresql":
        raise SeedError("The benchmark seed writes with COPY and needs PostgreSQL.")
    started = time.monotonic()
    organization = Organization.objects.filter(slug=BENCH_SLUG).first()
    if organization is None:
        organization = _create_organization(config, random.Random(config.seed))
    world = _load_world(organization)
    have = Case.objects.filter(organization=organization).count()
    # Seeded by what exists, so the same sequence of runs gives the same data.
    rng = random.Random(config.seed + have)
    added_requesters = _add_requesters(world, config.requesters, rng, progress, config.batch)
    todo = config.cases - have
    added = events = attachments = 0
    if todo > 0:
        added, events, attachments = _add_cases(world, todo, rng, config, progress)
    load_seconds = time.monotonic() - started
    if added or added_requesters:
        if config.vacuum:
            with connection.cursor() as cursor:
                for model in (Requester, Case, CaseEvent, Attachment):
                    cursor.execute(f'VACUUM (ANALYZE) "{model._meta.db_table}"')
        if "reindex_search" in get_commands():
            call_command("reindex_search")
    return {
        "cases": Case.objects.filter(organization=organization).count(),
        "added_cases": added,
        "added_events": events,
        "added_attachments": attachments,
        "added_requesters": added_requesters,
        "load_seconds": round(load_seconds, 1),
        "total_seconds": round(time.monotonic() - started, 1),
    }


def _session_for(user: User) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def credentials() -> dict[str, Any]:
    """Fresh API keys and signed-in sessions for the workloads (run with the server's key)."""
    from django.utils import timezone

    from promesa.accounts.models import ApiToken, User
    from promesa.accounts.services import api_token_create
    from promesa.cases.models import Case
    from promesa.organization.models import Area, Organization, Touchpoint

    organization = Organization.objects.filter(slug=BENCH_SLUG).first()
    if organization is None:
        raise SeedError("There is no benchmark organization yet: run bench/seed first.")
    # Keys are shown once; the previous run's keys are of no further use.
    ApiToken.objects.filter(name__startswith="bench ", revoked_at=None).update(
        revoked_at=timezone.now()
    )
    integration = User.objects.get(email=f"integracion@{BENCH_DOMAIN}")
    first_leaf = (
        Area.objects.filter(organization=organization, path__regex=r"^/\d+/\d+/\d+/$")
        .order_by("path")
        .first()
    )
    agent = User.objects.filter(memberships__area=first_leaf, role="agent").order_by("pk").first()
    division = (
        Area.objects.filter(organization=organization, parent__parent=None)
        .exclude(parent=None)
        .order_by("path")
        .first()
    )
    lead = User.objects.filter(email=f"calidad01@{BENCH_DOMAIN}").first()
    if agent is None or division is None or division.manager is None or lead is None:
        raise SeedError("The benchmark organization lacks an agent, a manager or a quality lead.")
    _, intake_key = api_token_create(user=integration, name="bench intake")
    _, agent_key = api_token_create(user=agent, name="bench queue")
    return {
        "intake_token": intake_key,
        "agent_token": agent_key,
        "agent": agent.email,
        "agent_session": _session_for(agent),
        "manager": division.manager.email,
        "manager_area": division.name,
        "manager_session": _session_for(division.manager),
        "lead": lead.email,
        "lead_session": _session_for(lead),
        "password": BENCH_PASSWORD,
        "touchpoints": [
            str(pk)
            for pk in Touchpoint.objects.filter(organization=organization)
            .order_by("pk")
            .values_list("public_id", flat=True)
        ],
        "search_word": SEARCH_WORD,
        "cases": Case.objects.filter(organization=organization).count(),
    }


def ensure_database(url: str) -> None:
    """Create the database named in ``url`` when it does not exist yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SeedError("DATABASE_URL must point at PostgreSQL for the benchmark.")
    params: dict[str, Any] = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/seed", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="seed", choices=["seed", "creds"])
    defaults = SeedConfig()
    parser.add_argument("--cases", type=int, default=defaults.cases, help="total cases wanted")
    parser.add_argument("--areas", type=int, default=defaults.areas, help="on first run only")
    parser.add_argument("--staff", type=int, default=defaults.staff, help="on first run only")
    parser.add_argument("--requesters", type=int, default=defaults.requesters)
    parser.add_argument("--batch", type=int, default=defaults.batch)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--no-vacuum", action="store_true")
    args = parser.parse_args(argv)

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        if args.command == "seed":
            ensure_database(os.environ["DATABASE_URL"])
        import django

        django.setup()
        if args.command == "creds":
            print(json.dumps(credentials()))
            return 0
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        config = SeedConfig(
            cases=args.cases,
            areas=args.areas,
            staff=args.staff,
            requesters=args.requesters,
            batch=args.batch,
            seed=args.seed,
            vacuum=not args.no_vacuum,
        )
        print(json.dumps(seed(config, progress=sys.stderr)))
    except SeedError as exc:
        print(f"bench/seed: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
