"""Imports in progress and the link between imported items and the file's unique ids."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Ready to review")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportMode(models.TextChoices):
    CREATE = "create", _("New project")
    UPDATE = "update", _("Update of a project")


class PlanImport(VersionedModel):
    """One uploaded plan file, from its preview to the project it became.

    ``data`` holds the upload until the import is confirmed (then it is emptied);
    ``preview`` and ``report`` are the JSON the preview page and the final report show.
    ``resource_mapping`` is the file's resource id -> ``"person:<id>"``, ``"resource:<id>"``
    or ``"new"`` as the person importing chose it. ``mode`` "update": a newer file of the plan
    ``project`` was imported from; ``preview["update"]`` lists what it changes.
    """

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="plan_imports",
        verbose_name=_("organization"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plan_imports",
        verbose_name=_("created by"),
    )
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    file_format = models.CharField(max_length=12, blank=True, verbose_name=_("file format"))
    data = models.BinaryField(blank=True, default=b"", verbose_name=_("data"))
    source_project = models.CharField(max_length=100, blank=True, verbose_name=_("source project"))
    time_zone = models.CharField(max_length=64, default="UTC", verbose_name=_("time zone"))
    status = models.CharField(
        max_length=8,
        choices=ImportStatus.choices,
        default=ImportStatus.PREVIEW,
        verbose_name=_("status"),
    )
    mode = models.CharField(
        max_length=6, choices=ImportMode.choices, default=ImportMode.CREATE, verbose_name=_("mode")
    )
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("progress"))
    preview = models.JSONField(default=dict, blank=True, verbose_name=_("preview"))
    resource_mapping = models.JSONField(
        default=dict, blank=True, verbose_name=_("resource mapping")
    )
    # The new project's code and name as confirmed (empty: taken from the file).
    project_code = models.CharField(max_length=20, blank=True, verbose_name=_("project code"))
    project_name = models.CharField(max_length=200, blank=True, verbose_name=_("project name"))
    report = models.JSONField(default=dict, blank=True, verbose_name=_("report"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_imports",
        verbose_name=_("project"),
    )

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class ImportedItem(models.Model):
    """An object an import created, by the file's unique id (``source_id``), so that a newer
    file of the same plan can find what it changes. ``kind``: task, resource (created or chosen),
    person (a file resource that became this person), calendar."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="imported_items",
        verbose_name=_("project"),
    )
    plan_import = models.ForeignKey(
        PlanImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("plan import"),
    )
    kind = models.CharField(max_length=12, verbose_name=_("kind"))
    source_id = models.CharField(max_length=100, verbose_name=_("source ID"))
    object_id = models.BigIntegerField(verbose_name=_("object ID"))

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "source_id"], name="imported_item_unique_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id} -> {self.object_id}"
