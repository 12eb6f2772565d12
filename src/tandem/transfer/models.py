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
        "accounts.Organization", on_delete=models.CASCADE, related_name="plan_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_imports"
    )
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=12, blank=True)
    data = models.BinaryField(blank=True, default=b"")
    source_project = models.CharField(max_length=100, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    status = models.CharField(
        max_length=8, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    mode = models.CharField(max_length=6, choices=ImportMode.choices, default=ImportMode.CREATE)
    progress = models.PositiveSmallIntegerField(default=0)
    preview = models.JSONField(default=dict, blank=True)
    resource_mapping = models.JSONField(default=dict, blank=True)
    # The new project's code and name as confirmed (empty: taken from the file).
    project_code = models.CharField(max_length=20, blank=True)
    project_name = models.CharField(max_length=200, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_imports",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class ImportedItem(models.Model):
    """An object an import created, by the file's unique id (``source_id``), so that a newer
    file of the same plan can find what it changes. ``kind``: task, resource (created or chosen),
    person (a file resource that became this person), calendar."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="imported_items"
    )
    plan_import = models.ForeignKey(
        PlanImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    kind = models.CharField(max_length=12)
    source_id = models.CharField(max_length=100)
    object_id = models.BigIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "source_id"], name="imported_item_unique_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id} -> {self.object_id}"
