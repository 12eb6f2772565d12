"""Saved views: a person's named task filters of one project (the plan, board and Gantt share
them; see ``tandem.planning.task_filters``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel


class SavedView(VersionedModel):
    """A filter its owner named, to open the plan, the board or the Gantt with it again.

    ``filters`` holds the filter's query parameters (``TaskFilter.as_params``), so a saved view
    opens any of the three pages as the same link would.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_task_views",
        verbose_name=_("owner"),
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    filters = models.JSONField(default=dict, verbose_name=_("filters"))

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "project", "name"],
                name="saved_view_unique_name",
                violation_error_message="You already have a saved view with this name here.",
            )
        ]

    def __str__(self) -> str:
        return self.name
