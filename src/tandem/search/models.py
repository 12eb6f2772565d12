"""The search index: one row per searchable object, and the text read from uploaded files.

The rows only find candidates. Who may see a result is decided at query time by the object's own
policy (``tandem.search.sources``), so a row that is out of date never shows what a person may not
see. The database's full-text index over ``title`` and ``body`` is created in the migrations: an
FTS5 table on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_entry_one_per_object"
            )
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class FileText(models.Model):
    """The words of one uploaded document version, read once after the upload (PDF, DOCX, text)."""

    version = models.OneToOneField(
        "records.DocumentVersion", on_delete=models.CASCADE, related_name="search_text"
    )
    text = models.TextField(blank=True)
    # Why no text was read ("encrypted PDF", "too large"); empty when it was read.
    problem = models.CharField(max_length=200, blank=True)
    read_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Text of document version {self.version_id}"
