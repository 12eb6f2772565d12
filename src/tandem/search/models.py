"""The search index: one row per searchable object, and the text read from uploaded files.

The rows only find candidates. Who may see a result is decided at query time by the object's own
policy (``tandem.search.sources``), so a row that is out of date never shows what a person may not
see. The database's full-text index over ``title`` and ``body`` is created in the migrations: an
FTS5 table on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20, verbose_name=_("kind"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object ID"))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    body = models.TextField(blank=True, verbose_name=_("body"))
    indexed_at = models.DateTimeField(auto_now=True, verbose_name=_("indexed at"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_entry_one_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class FileText(models.Model):
    """The words of one uploaded document version, read once after the upload (PDF, DOCX, text)."""

    version = models.OneToOneField(
        "records.DocumentVersion",
        on_delete=models.CASCADE,
        related_name="search_text",
        verbose_name=_("version"),
    )
    text = models.TextField(blank=True, verbose_name=_("text"))
    # Why no text was read ("encrypted PDF", "too large"); empty when it was read.
    problem = models.CharField(max_length=200, blank=True, verbose_name=_("problem"))
    read_at = models.DateTimeField(auto_now=True, verbose_name=_("read at"))

    class Meta:
        verbose_name = _("file text")
        verbose_name_plural = _("file texts")

    def __str__(self) -> str:
        return f"Text of document version {self.version_id}"
