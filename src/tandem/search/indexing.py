"""Writing the index: one object's row, or every row at once (``tandem reindex``)."""

from __future__ import annotations

from typing import Any

from .fulltext import clean_for_index
from .models import SearchEntry
from .sources import SOURCES

# Far beyond any real record; keeps one huge minutes text from bloating the index.
MAX_BODY_CHARS = 200_000


def reindex(kind: str, object_id: int) -> SearchEntry | None:
    """Write the object's row from its current state; drop the row if the object is gone."""
    source = SOURCES[kind]
    obj: Any = source.model._default_manager.filter(pk=object_id).first()
    if obj is None:
        SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
        return None
    entry, _ = SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "project_id": obj.project_id,
            "title": clean_for_index(str(source.title(obj)))[:300],
            "body": clean_for_index(str(source.body(obj) or ""))[:MAX_BODY_CHARS],
        },
    )
    return entry


def rebuild_index(kinds: list[str] | None = None) -> dict[str, int]:
    """Rewrite every row of ``kinds`` (all by default) and drop rows of deleted objects.

    Returns the number of rows written per kind.
    """
    written: dict[str, int] = {}
    for kind in kinds or list(SOURCES):
        source = SOURCES[kind]
        existing = source.model._default_manager.values("pk")
        SearchEntry.objects.filter(kind=kind).exclude(object_id__in=existing).delete()
        ids = list(existing.values_list("pk", flat=True).order_by("pk"))
        for object_id in ids:
            reindex(kind, object_id)
        written[kind] = len(ids)
    return written


def reindex_project(project_id: int) -> int:
    """Rewrite every row of one project, after a change made in bulk (an import from a file).

    Returns the number of rows written.
    """
    written = 0
    for kind, source in SOURCES.items():
        existing = source.model._default_manager.filter(project_id=project_id).values("pk")
        stale = SearchEntry.objects.filter(kind=kind, project_id=project_id)
        stale.exclude(object_id__in=existing).delete()
        for object_id in existing.values_list("pk", flat=True).order_by("pk"):
            reindex(kind, object_id)
            written += 1
    return written
