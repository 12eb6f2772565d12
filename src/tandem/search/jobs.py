"""Background jobs of search (Celery; run in-process when no broker is configured)."""

from __future__ import annotations

from tandem.core.jobs import job

from .file_text import do_read_file_text


@job("tandem.search.read_file_text", acks_late=True)
def read_file_text(version_id: int) -> str:
    """Read an uploaded document version's words into the index (idempotent)."""
    row = do_read_file_text(version_id)
    return "gone" if row is None else (row.problem or "read")
