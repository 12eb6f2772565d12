"""Searching: what a person may find, matched by the database's full-text index.

Every entry found is checked against its object's policy (``visible_to``) in the same query, so
a result never shows what the person may not see, even if the index is behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import access_project

from . import fulltext
from .fulltext import MARK_END, MARK_START, Terms, parse_query
from .models import SearchEntry
from .sources import KINDS, SOURCES

MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class Search:
    """A search as asked: the words, and the project and kind it is narrowed to (or None)."""

    text: str
    terms: Terms
    project: Project | None
    kind: str | None


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    object_id: int
    title: str
    title_html: SafeString
    snippet_html: SafeString
    url: str
    project_id: int
    project_code: str
    project_name: str
    score: float


def read_search(user: Any, text: str, project: int | None, kind: str | None) -> Search:
    """Check the parameters: 422 naming the one that is wrong, 404 for a project not seen."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationFailed(
            _("Invalid input: q: at most %(max_query_chars)s characters.")
            % {"max_query_chars": MAX_QUERY_CHARS},
            fields={
                "q": [
                    _("Ensure this value has at most %(max_query_chars)s characters.")
                    % {"max_query_chars": MAX_QUERY_CHARS}
                ]
            },
        )
    if "\x00" in text:
        raise ValidationFailed(
            _("Invalid input: q: null characters are not allowed."),
            fields={"q": [_("Null characters are not allowed.")]},
        )
    if kind and kind not in SOURCES:
        raise ValidationFailed(
            _("Invalid input: kind: one of %(kinds)s.") % {"kinds": ", ".join(KINDS)},
            fields={"kind": [_("Choose one of %(kinds)s.") % {"kinds": ", ".join(KINDS)}]},
        )
    found_project = access_project(user, project) if project is not None else None
    return Search(text, parse_query(text), found_project, kind or None)


def visible_entries(user: Any) -> QuerySet[SearchEntry]:
    """Index entries whose object the user may see, each by its own policy."""
    condition = Q(pk__in=[])
    for kind, source in SOURCES.items():
        condition |= Q(kind=kind, object_id__in=source.policy.visible_to(user).values("pk"))
    return SearchEntry.objects.filter(condition)


def _found(user: Any, search: Search) -> QuerySet[SearchEntry]:
    entries = visible_entries(user)
    if search.project is not None:
        entries = entries.filter(project=search.project)
    return fulltext.matching(entries, search.terms)


def count_by_kind(user: Any, search: Search) -> dict[str, int]:
    """How many results of each kind (in the order of ``KINDS``), the kind filter aside."""
    rows = _found(user, search).order_by().values("kind").annotate(n=Count("id"))
    counts = {row["kind"]: row["n"] for row in rows}
    return {kind: counts[kind] for kind in KINDS if counts.get(kind)}


def search_page(user: Any, search: Search, *, limit: int, offset: int) -> tuple[list[Hit], int]:
    """One page of results, best first, and the number of results in all."""
    found = _found(user, search)
    if search.kind:
        found = found.filter(kind=search.kind)
    total = found.count()
    entries = list(
        found.select_related("project").order_by(F("score").desc(), "-indexed_at", "-id")[
            offset : offset + limit
        ]
    )
    snippets = fulltext.snippets([e.pk for e in entries], search.terms)
    return [_hit(e, search.terms, snippets.get(e.pk, "")) for e in entries], total


def _hit(entry: Any, terms: Terms, snippet: str) -> Hit:
    source = SOURCES[entry.kind]
    return Hit(
        kind=entry.kind,
        kind_label=source.label,
        object_id=entry.object_id,
        title=entry.title,
        title_html=highlight_words(entry.title, terms),
        snippet_html=marked_html(snippet),
        url=source.url(entry),
        project_id=entry.project_id,
        project_code=entry.project.code,
        project_name=entry.project.name,
        score=float(entry.score or 0),
    )


def marked_html(text: str) -> SafeString:
    """The database's snippet as HTML: everything escaped, its marked matches in ``<mark>``."""
    escaped = escape(text)
    return mark_safe(  # noqa: S308 - escaped above; only the two marks become tags
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def highlight_words(text: str, terms: Terms) -> SafeString:
    """``text`` escaped, with the words that begin like a searched word in ``<mark>``.

    The database stems ("decided" finds "deciding"), so a word is marked when it shares the
    first letters of a searched word of five letters or more (all but its last two).
    """
    words = {w.casefold() for w in terms.words}
    if not words:
        return escape(text)
    stems = {w[: len(w) - 2] for w in words if len(w) >= 5}
    pattern = re.compile(r"\w+")
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        word = match.group(0)
        out.append(escape(text[last : match.start()]))
        folded = word.casefold()
        if folded in words or any(folded.startswith(stem) for stem in stems):
            out.append(f"<mark>{escape(word)}</mark>")
        else:
            out.append(escape(word))
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
