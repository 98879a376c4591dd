"""Full-text search over cases: subject, description, the requester's messages, the answers
and the filing number.

The index is one row per case in ``cases_casesearch``, a table created by migration
``0010_search_and_queue_indexes`` in the flavour of the database (see
docs/decisions/0009-full-text-search.md):

- PostgreSQL: ``document tsvector`` with a GIN index, holding the Spanish stems of the text
  both after ``unaccent`` (the ``promesa_es`` configuration) and as written, so "facturas"
  finds "factura", "energia" finds "energía" and "reclamaciones" finds "reclamación". The
  filing number is one extra lexeme, matched exactly or by prefix.
- SQLite: an FTS5 table (``unicode61 remove_diacritics 2``) whose rowid is the case id; every
  word is matched by prefix after a crude plural trim, which approximates the stemming.

:func:`index_case` runs as an inline subscriber of the events that change the searchable text
(``promesa.cases.subscribers``), in the transaction that writes them, so the index is never
behind a committed write. :func:`index_range` is the set-based path for
rebuilding or bulk loads (one statement per batch).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.db.models.expressions import RawSQL

from promesa.cases.choices import EventKind
from promesa.cases.models import Case

# The SQL below is assembled from these constants and from fixed fragments of this module;
# every value from outside travels as a query parameter (hence the S608/S611 exemptions).
TABLE = "cases_casesearch"
# Up to this many matches, a search hands the queue a list of ids (see search_filter).
RARE_MATCHES = 5000
CONFIGURATION = "promesa_es"

# Events whose text is searchable, with the key of ``CaseEvent.data`` holding it.
TEXT_EVENTS = {
    EventKind.CLARIFICATION_RECEIVED: "message",
    EventKind.MESSAGE_RECEIVED: "text",
    EventKind.ANSWERED: "text",
}

# A single word that may be (the start of) a filing number: letters, digits and separators,
# with at least one digit. Only such words become a prefix lexeme, which keeps quotes and
# backslashes out of the hand-built tsquery.
_FILING_LIKE = re.compile(r"^(?=.*\d)[\w./-]+$")
_WORD = re.compile(r"\S+")


def _event_text_sql(data: str) -> str:
    """SQL for the searchable text of one event row aliased ``e``, on this database."""
    kinds = ", ".join(f"'{kind.value}'" for kind in TEXT_EVENTS)
    keys = set(TEXT_EVENTS.values())
    if connection.vendor == "postgresql":
        parts = " || ' ' || ".join(f"coalesce(e.{data} ->> '{key}', '')" for key in sorted(keys))
        return (
            f"(SELECT string_agg({parts}, ' ') FROM cases_caseevent e "  # noqa: S608
            f"WHERE e.case_id = c.id AND e.kind IN ({kinds}))"
        )
    parts = " || ' ' || ".join(
        f"coalesce(json_extract(e.{data}, '$.{key}'), '')" for key in sorted(keys)
    )
    return (
        f"(SELECT group_concat({parts}, ' ') FROM cases_caseevent e "  # noqa: S608
        f"WHERE e.case_id = c.id AND e.kind IN ({kinds}))"
    )


def _pg_document(text_sql: str) -> str:
    """Both stemmings of a text: after ``unaccent`` (``promesa_es``) and on the text as written
    (``spanish``). The Snowball stemmer reads accents: it cuts "reclamación" and
    "reclamaciones" to "reclam" but leaves "reclamacion" whole, so each alone misses pairs
    that the other finds; see decision 0009."""
    return f"(to_tsvector('{CONFIGURATION}', {text_sql}) || to_tsvector('spanish', {text_sql}))"


def _rebuild(where: str, params: Sequence[int]) -> int:
    """Rewrite the documents of the cases selected by ``where`` (on ``cases_case c``)."""
    messages = _event_text_sql("data")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Weights keep the door open for ranking: number and subject A, description B,
            # messages C. array_to_tsvector stores the filing number as one unparsed lexeme.
            cursor.execute(
                f"""
                INSERT INTO {TABLE} (case_id, document)
                SELECT c.id,
                       setweight(array_to_tsvector(ARRAY[lower(c.filing_number)]), 'A')
                       || setweight({_pg_document("c.subject")}, 'A')
                       || setweight({_pg_document("c.description")}, 'B')
                       || setweight({_pg_document(f"coalesce({messages}, '')")}, 'C')
                FROM cases_case c
                WHERE {where}
                ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document
                """,  # noqa: S608
                params,
            )
            return cursor.rowcount
        # FTS5 has no upsert: delete, then insert, in the caller's transaction.
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE rowid IN (SELECT id FROM cases_case c WHERE {where})",  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO {TABLE} (rowid, filing_number, body)
            SELECT c.id, c.filing_number,
                   c.subject || ' ' || c.description || ' ' || coalesce({messages}, '')
            FROM cases_case c
            WHERE {where}
            """,  # noqa: S608
            params,
        )
        return cursor.rowcount


def index_case(case: Case) -> None:
    """(Re)build the search document of one case from what is in the database now.

    Call it inside the transaction that wrote the text (after the event is saved).
    """
    _rebuild("c.id = %s", [case.pk])


def index_range(first_id: int, last_id: int) -> int:
    """(Re)build the documents of the cases with ``first_id <= id <= last_id``; return how many.

    One set-based statement (two on SQLite): the path for reindexing and for bulk loads, e.g.
    after a ``COPY`` of cases, call it per range of ids.
    """
    return _rebuild("c.id BETWEEN %s AND %s", [first_id, last_id])


def reindex_all(*, batch: int = 5000, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index, ``batch`` ids per transaction; safe to run again at any time.

    Ends with ``ANALYZE`` on PostgreSQL: the planner needs the lexeme statistics to choose
    between reading the GIN index first and walking the queue order (see decision 0009).
    """
    if batch < 1:
        raise ValueError("batch must be 1 or more")
    bounds = Case.objects.aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return 0
    total = Case.objects.count()
    done = 0
    for start in range(bounds["first"], bounds["last"] + 1, batch):
        with transaction.atomic():
            done += index_range(start, start + batch - 1)
        if progress is not None:
            progress(min(done, total), total)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
    return done


def _trim_plural(word: str) -> str:
    """A crude Spanish singular for SQLite, whose FTS5 has no stemmer: "facturas" → "factura",
    "pensiones" → "pension"; with the prefix match, both forms then find each other."""
    if len(word) > 4 and word.endswith("es"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s"):
        return word[:-1]
    return word


def _fts5_query(text: str) -> str:
    """All words by prefix; ``-word`` excludes, as with ``websearch_to_tsquery``."""
    terms: list[str] = []
    excluded: list[str] = []
    for word in _WORD.findall(text):
        negated = word.startswith("-") and len(word) > 1
        word = word[1:] if negated else word
        if not any(ch.isalnum() for ch in word):
            continue
        word = word if _FILING_LIKE.match(word) else _trim_plural(word.lower())
        # Quoted, so FTS5 operators in the input are plain text; the tokenizer still splits
        # "PQRS-2026-0001" into a phrase whose last token is matched as a prefix.
        term = '"' + word.replace('"', '""') + '"*'
        (excluded if negated else terms).append(term)
    if not terms:
        return ""
    return " ".join(terms) + "".join(f" NOT {term}" for term in excluded)


def search_filter(text: str, *, field: str = "pk") -> Q:
    """A Q object keeping the cases whose document matches ``text`` (all words must match).

    On PostgreSQL the words go through ``websearch_to_tsquery``, so "quoted phrases", ``or``
    and ``-word`` work; a single word with a digit also matches filing numbers by prefix.
    """
    text = text.strip()
    if not any(ch.isalnum() for word in _WORD.findall(text) if word[0] != "-" for ch in word):
        # Nothing to look for (only punctuation, or only excluded words): no case, rather
        # than every case but a few.
        return Q(**{f"{field}__in": []})
    if connection.vendor == "postgresql":
        query = (
            f"(websearch_to_tsquery('{CONFIGURATION}', %s) || websearch_to_tsquery('spanish', %s))"
        )
        params: list[str] = [text, text]
        if _FILING_LIKE.match(text):
            query = f"({query} || %s::tsquery)"
            params.append(f"'{text.lower()}':*")
        sql = f"SELECT case_id FROM {TABLE} WHERE document @@ {query}"  # noqa: S608
    else:
        match = _fts5_query(text)
        if not match:
            return Q(**{f"{field}__in": []})
        sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608
        params = [match]
    # A page of a queue is LIMIT 26 in (due_date, id) order. With a subquery, the planner may
    # walk that order and probe each case's document: quick when many cases match, a scan of
    # the whole queue when few or none do (its estimate for a rare word is often far off).
    # So ask the index first: up to RARE_MATCHES ids become a literal list, whose size the
    # planner knows, and it fetches just those rows and sorts them instead.
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT {RARE_MATCHES + 1}", params)
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) <= RARE_MATCHES:
        return Q(**{f"{field}__in": ids})
    return Q(**{f"{field}__in": RawSQL(sql, params)})  # noqa: S611
