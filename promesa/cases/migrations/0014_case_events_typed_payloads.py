"""Rewrite every case event in the typed format of ``promesa.cases.events``.

For each case, its history is replayed in order to fill the new columns: the area after each
event (changed by MOVED) and the assignee after it (set by ASSIGNED, by STARTED or ANSWERED on
an unassigned case, cleared by MOVED). The names the old payloads held ("assignee",
"from_area", "author", …) become ids; the personal texts ("message", "text", "reason", …)
move to ``CaseText`` rows. Facts the old rows lack take their payload's default.

Names are resolved within the case's organization (areas) or among all users (people, as
users had no organization yet), preferring the case's final assignee and then the event's
actor on a tie. The state after the last change of area or assignee is taken from the case
itself, which is exact whatever the names resolved to.

On PostgreSQL the append-only trigger of migration 0004 is disabled for the rewrite, inside
this migration's transaction, and enabled again before it ends.

The reverse is a no-op: reversing 0013 drops the columns and the text rows. See
docs/decisions/0016-events-and-personal-text.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

BATCH = 500
VERBAL_CHANNELS = frozenset({"verbal_in_person", "verbal_phone", "verbal_virtual"})

# Old key -> CaseText kind, per event kind; "received_by" (a name) is dropped: the actor is it.
TEXTS: dict[str, dict[str, str]] = {
    "filed": {
        "representative": "representative",
        "reasons": "reasons",
        "documents": "documents",
        "verbal_answer": "verbal_answer",
    },
    "moved": {"note": "note"},
    "clarification_requested": {"message": "message"},
    "clarification_received": {"message": "message"},
    "extended": {"reason": "reason"},
    "transferred": {"reason": "reason"},
    "answered": {"text": "text"},
    "reopened": {"reason": "reason"},
    "withdrawn": {"reason": "reason"},
    "message_received": {"text": "text", "subject": "subject"},
    "internal_request_opened": {"question": "question"},
    "internal_request_answered": {"answer": "answer"},
    "internal_request_cancelled": {"reason": "reason"},
    "answer_submitted": {"text": "text"},
    "answer_returned": {"reason": "reason"},
}


class _Names:
    """Ids for the names old payloads held."""

    def __init__(self, apps: StateApps) -> None:
        area_model = apps.get_model("organization", "Area")
        user_model = apps.get_model("accounts", "User")
        self.areas: dict[tuple[int, str], int] = {}
        for pk, org, name in area_model.objects.order_by("-pk").values_list(
            "pk", "organization_id", "name"
        ):
            self.areas[(org, name)] = pk  # the lowest pk wins a tie
        self.people: dict[str, list[int]] = defaultdict(list)
        for pk, name in user_model.objects.order_by("pk").values_list("pk", "full_name"):
            self.people[name].append(pk)

    def area(self, organization_id: int, name: object) -> int | None:
        return self.areas.get((organization_id, str(name or "")))

    def person(self, name: object, *prefer: int | None) -> int | None:
        candidates = self.people.get(str(name or ""), [])
        for pk in prefer:
            if pk in candidates:
                return pk
        return candidates[0] if candidates else None


def _ids(values: object, known: dict[str, int]) -> list[int]:
    return [known[str(v)] for v in values or [] if str(v) in known] if isinstance(values, list) else []


def _facts(kind: str, data: dict[str, Any], ctx: dict[str, Any]) -> dict[str, Any]:
    """The typed facts of one old payload; ``ctx`` holds the replay's state and lookups."""
    requests, drafts = ctx["requests"], ctx["drafts"]
    if kind == "filed":
        return {
            "channel": data.get("channel", ctx["channel"]),
            "legal_source": str(data.get("legal_source", "")),
            "term": int(data.get("term", 0)),
            "unit": str(data.get("unit", "")),
            "message_id": str(data.get("message_id", "")),
            "embedded": bool(data.get("embedded", False)),
            "verbal": bool(data.get("verbal", ctx["channel"] in VERBAL_CHANNELS)),
        }
    if kind == "duplicate_received":
        return {
            "channel": data.get("channel", ctx["channel"]),
            "message_id": str(data.get("message_id", "")),
            "embedded": bool(data.get("embedded", False)),
        }
    if kind == "assigned":
        return {"previous_assignee_id": ctx["previous_assignee"]}
    if kind == "moved":
        return {"from_area_id": ctx["previous_area"]}
    if kind == "clarification_requested":
        return {
            "answer_by": str(data.get("answer_by", ctx["due_date"])),
            "issued_on_time": bool(data.get("issued_on_time", True)),
            "pauses_clock": bool(data.get("pauses_clock", True)),
        }
    if kind == "extended":
        return {
            "days": int(data.get("days", 0)),
            "previous_due_date": str(data.get("previous_due_date", ctx["due_date"])),
        }
    if kind == "transferred":
        return {
            "entity": str(data.get("entity", ctx["transferred_to"])),
            "transfer_due": str(data.get("transfer_due", ctx["due_date"])),
            "on_time": bool(data.get("on_time", True)),
            "cancelled_requests": _ids(data.get("cancelled_requests"), requests),
        }
    if kind == "answered":
        author = ctx["names"].person(data.get("author"), ctx["actor"]) if data.get("author") else None
        return {
            "channel": data.get("channel", "portal"),
            "on_time": bool(data.get("on_time", True)),
            "author_id": author,
            "approved": bool(data.get("approved_by")),
        }
    if kind == "closed":
        return {"cancelled_requests": _ids(data.get("cancelled_requests"), requests)}
    if kind == "withdrawn":
        return {
            "tacit": bool(data.get("tacit", False)),
            "cancelled_requests": _ids(data.get("cancelled_requests"), requests),
        }
    if kind == "message_received":
        return {
            "channel": data.get("channel", ctx["channel"]),
            "message_id": str(data.get("message_id", "")),
        }
    if kind.startswith("internal_request_"):
        request = requests.get(str(data.get("request", "")))
        facts: dict[str, Any] = {
            "request_id": request,
            "to_area_id": ctx["request_areas"].get(request)
            or ctx["names"].area(ctx["organization"], data.get("to_area")),
        }
        if kind == "internal_request_opened":
            facts["due_date"] = str(data.get("due_date", ctx["due_date"]))
            facts["capped"] = bool(data.get("capped", False))
        if kind == "internal_request_answered":
            facts["on_time"] = bool(data.get("on_time", True))
        return facts
    if kind == "answer_submitted":
        return {
            "draft_id": drafts.get(str(data.get("draft", ""))),
            "channel": data.get("channel", "portal"),
        }
    if kind == "answer_returned":
        return {
            "draft_id": ctx["last_draft"],
            "author_id": ctx["names"].person(data.get("author"), ctx["actor"]),
        }
    return {}


def _replay(case: Any, rows: list[Any], names: _Names, lookups: dict[str, Any]) -> list[Any]:
    """Fill the columns and the typed data of one case's events; return its text rows."""
    moves = [row for row in rows if row.kind == "moved"]
    area = (names.area(case.organization_id, moves[0].data.get("from_area")) if moves else None) or (
        case.area_id
    )
    assignee: int | None = None
    last_area_change = last_assignee_change = -1
    last_draft: int | None = None
    texts = []
    for index, row in enumerate(rows):
        data = dict(row.data or {})
        previous_area, previous_assignee = area, assignee
        if row.kind == "moved":
            area = names.area(case.organization_id, data.get("to_area")) or area
            assignee = None
            last_area_change = last_assignee_change = index
        elif row.kind == "assigned":
            assignee = names.person(data.get("assignee"), case.assignee_id, row.actor_id) or (
                row.actor_id
            )
            last_assignee_change = index
        elif row.kind in ("started", "answered") and assignee is None:
            author = names.person(data.get("author"), row.actor_id) if data.get("author") else None
            assignee = author or row.actor_id
            last_assignee_change = index
        if row.kind == "answer_submitted":
            last_draft = lookups["drafts"].get(str(data.get("draft", "")))
        ctx = {
            "names": names,
            "organization": case.organization_id,
            "channel": case.channel,
            "due_date": row.due_date_after.isoformat(),
            "transferred_to": case.transferred_to,
            "actor": row.actor_id,
            "previous_area": previous_area,
            "previous_assignee": previous_assignee,
            "last_draft": last_draft,
            **lookups,
        }
        row.data = _facts(row.kind, data, ctx)
        row.area_after_id = area
        row.assignee_after_id = assignee
        for key, kind in TEXTS.get(row.kind, {}).items():
            body = str(data.get(key) or "").strip()
            if body:
                texts.append((row, kind, body))
    # From the last change on, the case itself says where it is and who has it.
    for row in rows[max(last_area_change, 0) :]:
        row.area_after_id = case.area_id
    for row in rows[max(last_assignee_change, 0) :]:
        row.assignee_after_id = case.assignee_id
    return texts


def _batches(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def rewrite_events(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    case_model = apps.get_model("cases", "Case")
    event_model = apps.get_model("cases", "CaseEvent")
    text_model = apps.get_model("cases", "CaseText")
    request_model = apps.get_model("cases", "InternalRequest")
    draft_model = apps.get_model("cases", "AnswerDraft")
    connection = schema_editor.connection
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            # ALTER TABLE refuses to run while deferred foreign-key checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE cases_caseevent DISABLE TRIGGER case_event_append_only")
    names = _Names(apps)
    case_ids = list(case_model.objects.order_by("pk").values_list("pk", flat=True))
    for batch in _batches(case_ids):
        cases = case_model.objects.in_bulk(batch)
        histories: dict[int, list[Any]] = defaultdict(list)
        for row in event_model.objects.filter(case_id__in=batch).order_by("created_at", "id"):
            histories[row.case_id].append(row)
        requests = request_model.objects.filter(case_id__in=batch)
        drafts = draft_model.objects.filter(case_id__in=batch)
        lookups = {
            "requests": {str(p): pk for pk, p in requests.values_list("pk", "public_id")},
            "request_areas": dict(requests.values_list("pk", "to_area_id")),
            "drafts": {str(p): pk for pk, p in drafts.values_list("pk", "public_id")},
        }
        rows, texts = [], []
        for case_id, history in histories.items():
            case = cases[case_id]
            texts += _replay(case, history, names, lookups)
            rows += history
        event_model.objects.bulk_update(
            rows, ["data", "area_after", "assignee_after"], batch_size=BATCH
        )
        text_model.objects.bulk_create(
            [
                text_model(
                    case_id=row.case_id,
                    event_id=row.pk,
                    kind=kind,
                    body=body,
                    language=cases[row.case_id].language,
                )
                for row, kind, body in texts
            ],
            batch_size=BATCH,
        )
    if postgresql:
        with connection.cursor() as cursor:
            # ALTER TABLE refuses to run while deferred foreign-key checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE cases_caseevent ENABLE TRIGGER case_event_append_only")


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_case_texts_and_event_columns")]

    operations = [migrations.RunPython(rewrite_events, migrations.RunPython.noop)]
