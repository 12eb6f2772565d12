"""Background jobs of search (Celery; run in-process when no broker is configured).

Celery ships no type information, hence the ignore on its decorator.
"""

from __future__ import annotations

from celery import shared_task

from .file_text import do_read_file_text


@shared_task(name="tandem.search.read_file_text", acks_late=True)  # type: ignore[untyped-decorator]
def read_file_text(version_id: int) -> str:
    """Read an uploaded document version's words into the index (idempotent)."""
    row = do_read_file_text(version_id)
    return "gone" if row is None else (row.problem or "read")
