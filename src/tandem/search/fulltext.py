"""The database's own full-text search: SQLite FTS5 or PostgreSQL text search.

What a person types is never handed to the database's query language: it is read into words and
"quoted phrases" here (``parse_query``), and each word is passed as a quoted FTS5 string or as a
parameter of ``plainto_tsquery``/``phraseto_tsquery``. Quotes, ``*``, ``NEAR``, ``OR`` or
unbalanced parentheses are therefore plain characters: they never fail a search.

Both databases stem English words (FTS5's ``porter`` tokenizer, PostgreSQL's ``english``
configuration): "deciding" finds "decided".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL

from .models import SearchEntry

# Fragments of text the databases mark as matches; never stored (see ``clean_for_index``).
MARK_START, MARK_END = "\x02", "\x03"
MAX_TERMS = 12
_WORD = re.compile(r"\w+")
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\w+)')

TABLE = SearchEntry._meta.db_table
FTS_TABLE = "search_fts"
PG_CONFIG = "english"


@dataclass(frozen=True)
class Terms:
    """A query read into phrases, each a tuple of words (a single word is a phrase of one)."""

    phrases: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.phrases)

    @property
    def words(self) -> list[str]:
        return [w for phrase in self.phrases for w in phrase]


def parse_query(text: str) -> Terms:
    """Words and "quoted phrases" of ``text``; everything else is ignored. At most 12."""
    phrases: list[tuple[str, ...]] = []
    for quoted, word in _PHRASE_OR_WORD.findall(text):
        words = tuple(_WORD.findall(quoted)) if quoted else (word,)
        if words and words not in phrases:
            phrases.append(words)
    return Terms(tuple(phrases[:MAX_TERMS]))


def clean_for_index(text: str) -> str:
    return text.replace(MARK_START, " ").replace(MARK_END, " ").replace("\x00", " ")


def _fts5_match(terms: Terms) -> str:
    # Every word is a quoted FTS5 string (letters, digits, underscores only): no operator can
    # appear. Phrases keep their words together; phrases are all required.
    return " AND ".join('"' + " ".join(phrase) + '"' for phrase in terms.phrases)


def _pg_query(terms: Terms) -> tuple[str, list[str]]:
    parts, params = [], []
    for phrase in terms.phrases:
        function = "plainto_tsquery" if len(phrase) == 1 else "phraseto_tsquery"
        parts.append(f"{function}('{PG_CONFIG}', %s)")
        params.append(" ".join(phrase))
    return "(" + " && ".join(parts) + ")", params


def matching(entries: QuerySet[SearchEntry], terms: Terms) -> QuerySet[SearchEntry]:
    """``entries`` that match every phrase, annotated with ``score`` (higher is better)."""
    if not terms:
        return entries.none().annotate(score=Value(0.0, output_field=FloatField()))
    # Only fixed names and placeholders are formatted into the SQL; the words are parameters.
    if connection.vendor == "postgresql":
        query, params = _pg_query(terms)
        matches = f"{TABLE}.search_vector @@ {query}"
        rank = f"ts_rank({TABLE}.search_vector, {query})"
        return entries.filter(
            RawSQL(matches, params, output_field=BooleanField())  # noqa: S611
        ).annotate(score=RawSQL(rank, params, FloatField()))  # noqa: S611
    match = _fts5_match(terms)
    matches = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    # FTS5's rank is bm25, lower for better matches.
    rank = (
        f"(SELECT -rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
        f"AND rowid = {TABLE}.id)"
    )
    return entries.filter(id__in=RawSQL(matches, [match])).annotate(  # noqa: S611
        score=RawSQL(rank, [match], FloatField())  # noqa: S611
    )


def snippets(ids: list[int], terms: Terms) -> dict[int, str]:
    """A short piece of each entry's text around its matches, the matches between
    ``MARK_START`` and ``MARK_END`` (not escaped: the caller escapes)."""
    if not ids or not terms:
        return {}
    holders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query, params = _pg_query(terms)
            options = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=30, MinWords=12'
            cursor.execute(
                f"SELECT id, ts_headline('{PG_CONFIG}', body, {query}, %s) "  # noqa: S608
                f"FROM {TABLE} WHERE id IN ({holders})",
                [*params, options, *ids],
            )
        else:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, 1, %s, %s, ' … ', 24) FROM {FTS_TABLE} "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({holders})",
                [MARK_START, MARK_END, _fts5_match(terms), *ids],
            )
        return {row[0]: row[1] or "" for row in cursor.fetchall()}
