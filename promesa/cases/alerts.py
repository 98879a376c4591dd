"""Deadline alerts: warn staff before, on and after a case's legal due date.

``run_sweep`` looks at every open case whose clock is running and records, per person,
case and kind, at most one alert a day:

- **due soon** (0 < business days left <= ``Organization.alert_days_before``): the
  assignee, or the area's nearest manager when nobody has the case;
- **due today** (0 business days left): the assignee and the area's nearest manager;
- **overdue** (due date before today): the assignee (the nearest manager when nobody has
  the case) and, when ``Organization.escalate_overdue``, the escalation manager.

Where the law gives positive silence (``Case.positive_silence``, Ley 142 art. 158), the area's
nearest manager also receives one e-mail of its own, once per case, when the due date enters
the "due soon" window: after it, the request is deemed granted (``Case.silence_warned_at``).

A case waiting for the requester is swept only when its clock still runs (a type whose term
cannot be suspended, such as Ley 142's).

"Nearest manager" is the first manager found walking up the area tree from the case's
area (the area itself included). "Escalation manager" is the first manager found walking
up from the *parent* of the area that gave the nearest manager; with none up to the root,
it is the nearest manager. Inactive managers are skipped like missing ones.

Each person then receives one digest e-mail per sweep listing their new alerts. The digests
go through the outbox: a digest the mail server refuses is retried there with backoff.

Scheduling: run ``promesa sweep_deadlines`` every 15 minutes from cron
(``*/15 * * * * promesa sweep_deadlines``) or a systemd timer (``OnCalendar=*:0/15``), or
enqueue ``promesa.cases.tasks.sweep_deadlines_task``. Running it on several nodes at once
is safe: a database lease (``SweepLease``) lets one node run each tick, and the unique
constraint on ``DeadlineAlert`` keeps a person from hearing about a case twice a day even
if two sweeps overlap (say, one outlived its lease).

Call it outside a transaction: the alert rows are committed before the digests are written
to the outbox, so a crash between the two loses digests rather than sending them twice; the
digests are sent once they are committed.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from promesa.accounts.models import User
from promesa.cases import deadlines
from promesa.cases.choices import OPEN_STATUSES, CaseStatus
from promesa.cases.models import Case, DeadlineAlert, DeadlineAlertKind, SweepLease
from promesa.cases.selectors import organization_calendar
from promesa.notifications.email import put_templated_email
from promesa.notifications.outbox import outbox_deliver
from promesa.organization.models import Area, Organization

logger = logging.getLogger(__name__)

LEASE_NAME = "deadlines"
LEASE_DURATION = timedelta(minutes=10)
# The clock is stopped while the requester is asked to complete the request, where the law
# allows it; a case waiting with its clock running (``paused_since`` empty) is swept too.
ALERTABLE_STATUSES = frozenset(OPEN_STATUSES - {CaseStatus.AWAITING_REQUESTER})
CLOCK_RUNNING = Q(status__in=sorted(ALERTABLE_STATUSES)) | Q(
    status=CaseStatus.AWAITING_REQUESTER, paused_since__isnull=True
)
# Digest order: the most urgent first.
KIND_ORDER = (DeadlineAlertKind.OVERDUE, DeadlineAlertKind.DUE_TODAY, DeadlineAlertKind.DUE_SOON)

AlertKey = tuple[int, int, str]  # case id, recipient id, kind


@dataclass
class SweepResult:
    """What one sweep did, for the command's output, the task's result and the logs."""

    skipped: bool = False
    reason: str = ""
    cases_examined: int = 0
    alerts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KIND_ORDER, 0))
    emails_sent: int = 0
    emails_failed: int = 0
    silence_warnings: int = 0

    def __str__(self) -> str:
        if self.skipped:
            return f"skipped ({self.reason})"
        counts = ", ".join(f"{kind}={self.alerts[kind]}" for kind in KIND_ORDER)
        text = (
            f"cases examined: {self.cases_examined}; new alerts: {counts}; "
            f"e-mails sent: {self.emails_sent}"
        )
        if self.silence_warnings:
            text += f"; positive-silence warnings: {self.silence_warnings}"
        return text + (f"; e-mails failed: {self.emails_failed}" if self.emails_failed else "")

    def as_dict(self) -> dict[str, object]:
        return {
            "skipped": self.skipped,
            "reason": self.reason,
            "cases_examined": self.cases_examined,
            "alerts": {str(kind): n for kind, n in self.alerts.items()},
            "emails_sent": self.emails_sent,
            "emails_failed": self.emails_failed,
            "silence_warnings": self.silence_warnings,
        }


@dataclass(frozen=True)
class _AreaNode:
    name: str
    parent_id: int | None
    manager_id: int | None


class AreaTree:
    """The organization's areas in memory, to find managers without a query per case."""

    def __init__(self, organization: Organization) -> None:
        rows = Area.objects.filter(organization=organization).values_list(
            "pk", "name", "parent_id", "manager_id", "manager__is_active"
        )
        self.nodes = {
            pk: _AreaNode(name, parent_id, manager_id if manager_id and active else None)
            for pk, name, parent_id, manager_id, active in rows
        }

    def _first_manager_from(self, area_id: int | None) -> tuple[int, int] | None:
        """(manager id, area id) of the first managed area at or above ``area_id``."""
        seen: set[int] = set()
        while area_id is not None and area_id in self.nodes and area_id not in seen:
            seen.add(area_id)  # a corrupt tree with a cycle must not hang the sweep
            node = self.nodes[area_id]
            if node.manager_id is not None:
                return node.manager_id, area_id
            area_id = node.parent_id
        return None

    def nearest_manager(self, area_id: int) -> int | None:
        found = self._first_manager_from(area_id)
        return found[0] if found else None

    def escalation_manager(self, area_id: int) -> int | None:
        found = self._first_manager_from(area_id)
        if found is None:
            return None
        manager_id, managed_area_id = found
        above = self._first_manager_from(self.nodes[managed_area_id].parent_id)
        return above[0] if above else manager_id


@dataclass(frozen=True)
class _Line:
    """One case in a digest, in the order and shape the template shows it."""

    kind: str
    filing_number: str
    subject: str
    area: str
    due_date: date
    days_left: int

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def _default_holder() -> str:
    # Unique per run, so two sweeps in one process never mistake each other's lease.
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claim_lease(*, holder: str, now: datetime) -> bool:
    SweepLease.objects.get_or_create(
        name=LEASE_NAME, defaults={"holder": "", "expires_at": now - timedelta(seconds=1)}
    )
    # One conditional UPDATE: of several nodes racing, the database lets exactly one match.
    claimed = (
        SweepLease.objects.filter(name=LEASE_NAME)
        .filter(Q(expires_at__lt=now) | Q(holder=holder))
        .update(holder=holder, expires_at=now + LEASE_DURATION)
    )
    return claimed == 1


def _release_lease(*, holder: str, now: datetime) -> None:
    SweepLease.objects.filter(name=LEASE_NAME, holder=holder).update(expires_at=now)


def _recipients(
    case: Case, kind: str, tree: AreaTree, *, escalate: bool, assignee_id: int | None
) -> set[int]:
    nearest = tree.nearest_manager(case.area_id)
    people: set[int | None] = {assignee_id if assignee_id is not None else nearest}
    if kind == DeadlineAlertKind.DUE_TODAY:
        people.add(nearest)
    elif kind == DeadlineAlertKind.OVERDUE and escalate:
        people.add(tree.escalation_manager(case.area_id))
    return {person for person in people if person is not None}


def _sweep_organization(
    organization: Organization, *, now: datetime, run_id: uuid.UUID, result: SweepResult
) -> dict[int, list[_Line]]:
    """Record this organization's new alerts; return the digest lines per recipient id."""
    today = now.astimezone(ZoneInfo(organization.time_zone)).date()
    calendar = organization_calendar(organization)
    # Business days left is 0 for due dates before the next business day, and at most N
    # for due dates before the (N+1)-th one: the windows become plain date ranges.
    first_soon = calendar.add_business_days(today, 1)
    after_soon = calendar.add_business_days(today, organization.alert_days_before + 1)
    cases = list(
        Case.objects.filter(CLOCK_RUNNING, organization=organization, due_date__lt=after_soon)
        .select_related("assignee")
        .only(
            "pk",
            "filing_number",
            "subject",
            "area_id",
            "due_date",
            "assignee__id",
            "assignee__is_active",
        )
        .order_by("due_date", "filing_number")
    )
    result.cases_examined += len(cases)
    if not cases:
        return {}
    tree = AreaTree(organization)

    days_left_of: dict[date, int] = {}  # one engine call per distinct due date

    def days_left(due: date) -> int:
        if due not in days_left_of:
            days_left_of[due] = deadlines.business_days_left(
                due_date=due, today=today, calendar=calendar
            )
        return days_left_of[due]

    wanted: dict[AlertKey, _Line] = {}
    for case in cases:
        if case.due_date < today:
            kind = DeadlineAlertKind.OVERDUE
        elif case.due_date < first_soon:
            kind = DeadlineAlertKind.DUE_TODAY
        else:
            kind = DeadlineAlertKind.DUE_SOON
        assignee = case.assignee
        assignee_id = assignee.pk if assignee is not None and assignee.is_active else None
        line = _Line(
            kind=kind,
            filing_number=case.filing_number,
            subject=case.subject,
            area=tree.nodes[case.area_id].name if case.area_id in tree.nodes else "",
            due_date=case.due_date,
            days_left=days_left(case.due_date),
        )
        for person in _recipients(
            case,
            kind,
            tree,
            escalate=organization.escalate_overdue,
            assignee_id=assignee_id,
        ):
            wanted[(case.pk, person, kind)] = line

    case_ids = {key[0] for key in wanted}
    with transaction.atomic():
        # Skip what today's earlier sweeps already recorded, so the INSERT stays small.
        already = set(
            DeadlineAlert.objects.filter(case_id__in=case_ids, sent_on=today).values_list(
                "case_id", "recipient_id", "kind"
            )
        )
        DeadlineAlert.objects.bulk_create(
            [
                DeadlineAlert(
                    case_id=case_id,
                    recipient_id=person,
                    kind=kind,
                    sent_on=today,
                    sweep_id=run_id,
                )
                for case_id, person, kind in wanted
                if (case_id, person, kind) not in already
            ],
            ignore_conflicts=True,
        )
        # A node racing us may have inserted some of the same keys between our SELECT and
        # our INSERT; only the rows carrying our run id are ours to announce.
        new = DeadlineAlert.objects.filter(
            sweep_id=run_id, case_id__in=case_ids, sent_on=today
        ).values_list("case_id", "recipient_id", "kind")
        lines: dict[int, list[_Line]] = defaultdict(list)
        for case_id, person, new_kind in new:
            lines[person].append(wanted[(case_id, person, new_kind)])
            result.alerts[new_kind] += 1
    return lines


def _warn_of_silence(
    organization: Organization, *, today: date, now: datetime, result: SweepResult
) -> list[int]:
    """Warn the nearest manager, once per case, that positive silence is near.

    The cases are those whose term still runs and ends within the "due soon" window (today
    included): after their due date the request is deemed granted. Each case is claimed with
    a conditional UPDATE in the transaction that writes its e-mail to the outbox, so two
    sweeps never warn twice. Returns the outbox ids to deliver.
    """
    calendar = organization_calendar(organization)
    after_soon = calendar.add_business_days(today, organization.alert_days_before + 1)
    cases = list(
        Case.objects.filter(
            CLOCK_RUNNING,
            organization=organization,
            positive_silence=True,
            silence_exclusion="",
            silence_warned_at__isnull=True,
            due_date__gte=today,
            due_date__lt=after_soon,
        )
        .select_related("area")
        .order_by("due_date", "filing_number")
    )
    if not cases:
        return []
    tree = AreaTree(organization)
    managers = {
        user.pk: user
        for user in User.objects.filter(
            pk__in={tree.nearest_manager(case.area_id) for case in cases}, is_active=True
        )
    }
    written: list[int] = []
    for case in cases:
        manager = managers.get(tree.nearest_manager(case.area_id) or 0)
        if manager is None:
            continue
        silence = deadlines.positive_silence(
            applies=True, due_date=case.due_date, today=today, timezone=organization.time_zone
        )
        legal_source = _legal_source(case, organization)
        with transaction.atomic():
            claimed = Case.objects.filter(pk=case.pk, silence_warned_at__isnull=True).update(
                silence_warned_at=now
            )
            if not claimed:
                continue
            written.append(
                put_templated_email(
                    to=manager.email,
                    template="positive_silence_warning",
                    context={
                        "full_name": manager.full_name,
                        "filing_number": case.filing_number,
                        "subject": case.subject,
                        "area": case.area.name,
                        "due_date": case.due_date,
                        "occurs_on": silence.occurs_on,
                        "legal_source": legal_source,
                    },
                    language=manager.language,
                    dedupe_key=f"positive-silence-warning:{case.pk}",
                    deliver_on_commit=False,
                ).pk
            )
            result.silence_warnings += 1
    return written


def _legal_source(case: Case, organization: Organization) -> str:
    reception = case.received_at.astimezone(ZoneInfo(organization.time_zone)).date()
    try:
        return deadlines.get_regime(case.regime).rule_for(case.request_type, reception).legal_source
    except deadlines.DeadlineError:
        return ""


def _send_digests(
    lines_by_person: dict[int, list[_Line]], result: SweepResult, run_id: uuid.UUID
) -> None:
    people = User.objects.filter(pk__in=lines_by_person, is_active=True).only(
        "pk", "email", "full_name", "language"
    )
    written: list[int] = []
    for person in people:
        lines = lines_by_person[person.pk]
        groups = [
            {
                "kind": kind,
                "label": kind.label,
                "lines": sorted(
                    (line for line in lines if line.kind == kind),
                    key=lambda line: (line.due_date, line.filing_number),
                ),
            }
            for kind in KIND_ORDER
        ]
        try:
            with transaction.atomic():
                written.append(
                    put_templated_email(
                        to=person.email,
                        template="deadline_digest",
                        context={
                            "full_name": person.full_name,
                            "total": len(lines),
                            "groups": [group for group in groups if group["lines"]],
                        },
                        language=person.language,
                        dedupe_key=f"deadline-digest:{run_id}:{person.pk}",
                        deliver_on_commit=False,
                    ).pk
                )
        except Exception:
            # One digest that cannot be written must not keep the others from being warned.
            logger.exception("Could not write the deadline digest to user %s.", person.pk)
            result.emails_failed += 1
    # A digest the mail server refuses now stays in the outbox and is retried there.
    delivery = outbox_deliver(written)
    result.emails_sent += delivery.sent
    result.emails_failed += delivery.retrying + delivery.failed


def run_sweep(*, now: datetime | None = None, holder: str | None = None) -> SweepResult:
    """Record today's deadline alerts for every organization and e-mail one digest each."""
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("run_sweep needs an aware datetime; each organization has its zone.")
    holder = holder or _default_holder()
    if not _claim_lease(holder=holder, now=now):
        return SweepResult(skipped=True, reason="lease held")
    result = SweepResult()
    run_id = uuid.uuid4()
    try:
        lines_by_person: dict[int, list[_Line]] = defaultdict(list)
        warnings: list[int] = []
        for organization in Organization.objects.order_by("pk"):
            for person, lines in _sweep_organization(
                organization, now=now, run_id=run_id, result=result
            ).items():
                lines_by_person[person].extend(lines)
            today = now.astimezone(ZoneInfo(organization.time_zone)).date()
            warnings += _warn_of_silence(organization, today=today, now=now, result=result)
        # The rows are committed (each organization in its own transaction) before any
        # e-mail leaves, so a later sweep never announces them again.
        _send_digests(lines_by_person, result, run_id)
        if warnings:
            delivery = outbox_deliver(warnings)
            result.emails_sent += delivery.sent
            result.emails_failed += delivery.retrying + delivery.failed
    finally:
        _release_lease(holder=holder, now=now)
    return result
