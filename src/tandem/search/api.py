"""GET /api/search: one search across the records a person may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tandem.core.api import ERRORS
from tandem.core.pagination import DEFAULT_PAGE_SIZE, MAX_OFFSET, MAX_PAGE_SIZE

from .queries import MAX_QUERY_CHARS, read_search, search_page
from .sources import KINDS

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field(..., max_length=MAX_QUERY_CHARS, description='Words or "quoted phrases".')
    project: int | None = Field(None, ge=1, le=2**31 - 1, description="Only this project.")
    kind: str | None = Field(None, description=f"Only this kind: {', '.join(KINDS)}.")
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    id: int
    title: str
    snippet_html: str = Field(
        description="Text around the matches, HTML-escaped, matches in <mark>."
    )
    url: str
    project_id: int
    project_code: str
    project_name: str
    score: float


class SearchResultsOut(Schema):
    items: list[SearchHitOut]
    count: int


@router.get("/search", response={200: SearchResultsOut, **ERRORS})
def search(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """Tasks, meetings, decisions, documents (with the text of uploaded files), issues, risks
    and status updates matching every word of ``q``, best first; only what the person may see."""
    asked = read_search(request.user, params.q, params.project, params.kind)
    hits, total = search_page(request.user, asked, limit=params.limit, offset=params.offset)
    items = [
        {
            "kind": h.kind,
            "kind_label": h.kind_label,
            "id": h.object_id,
            "title": h.title,
            "snippet_html": str(h.snippet_html),
            "url": h.url,
            "project_id": h.project_id,
            "project_code": h.project_code,
            "project_name": h.project_name,
            "score": h.score,
        }
        for h in hits
    ]
    return {"items": items, "count": total}
