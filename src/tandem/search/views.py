"""The search page: the same search as GET /api/search, results grouped by kind."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.projects.policies import projects_visible_to

from .queries import Hit, count_by_kind, read_search, search_page
from .sources import SOURCES

PAGE_SIZE = 25
MAX_PAGE = 400


def _int_or_none(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _grouped(hits: list[Hit]) -> list[dict[str, Any]]:
    """The page's results by kind, kinds in their usual order, best first within each."""
    return [
        {"kind": kind, "label": _(source.label), "hits": [h for h in hits if h.kind == kind]}
        for kind, source in SOURCES.items()
        if any(h.kind == kind for h in hits)
    ]


@login_required
def search_results(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    kind = request.GET.get("kind") or None
    project_param = request.GET.get("project") or ""
    page = min(max(_int_or_none(request.GET.get("page")) or 1, 1), MAX_PAGE)
    context: dict[str, Any] = {
        "q": text,
        "kind": kind,
        "project_id": _int_or_none(project_param),
        "projects": projects_visible_to(request.user).order_by("code"),
        "kinds": [(k, _(s.label)) for k, s in SOURCES.items()],
        "errors": {},
        "groups": [],
        "counts": {},
        "total": 0,
        "page": page,
    }
    if project_param and context["project_id"] is None:
        context["errors"] = {"project": [_("Choose a project from the list.")]}
    elif text.strip():
        try:
            search = read_search(request.user, text, context["project_id"], kind)
        except ValidationFailed as exc:
            context["errors"] = exc.fields
        else:
            hits, total = search_page(
                request.user, search, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
            )
            context.update(
                searched=search,
                groups=_grouped(hits),
                total=total,
                counts={
                    _(SOURCES[k].label): (k, n)
                    for k, n in count_by_kind(request.user, search).items()
                },
                has_words=bool(search.terms),
                previous_page=page - 1 if page > 1 else None,
                next_page=page + 1 if page * PAGE_SIZE < total and page < MAX_PAGE else None,
            )
    return render(request, "search/results.html", context)
