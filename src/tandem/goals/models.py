"""Goals and the key results that measure them, linked to the plan's tasks and milestones.

Both models came from ``planning`` and keep its tables (``db_table``), so moving them changed no
row; the many-to-many tables keep their names too (``planning_goal_tasks``,
``planning_keyresult_tasks``), as Django derives them from the model's table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel, long_text
from tandem.planning.models import Task


class Goal(VersionedModel):
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("project"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    description = models.TextField(
        blank=True, validators=long_text(), verbose_name=_("description")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(null=True, blank=True, verbose_name=_("due date"))
    tasks: models.ManyToManyField[Task, Any] = models.ManyToManyField(
        Task, blank=True, related_name="goals", verbose_name=_("tasks")
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        db_table = "planning_goal"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class ProgressSource(models.TextChoices):
    MANUAL = "manual", _("The current value typed in")
    TASKS = "tasks", _("Percent complete of the linked tasks (weighted by duration)")
    MILESTONES = "milestones", _("Linked milestones done")


class KeyResult(VersionedModel):
    """A measurable result. Its progress (0-1) comes from ``source``: the typed ``current``
    value between ``baseline`` and ``target`` in its ``direction``, the linked tasks' percent
    complete weighted by duration, or the share of linked milestones done
    (``tandem.goals.queries.key_result_progress``)."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="key_results", verbose_name=_("goal")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    metric = models.CharField(max_length=200, verbose_name=_("metric"))
    unit = models.CharField(max_length=30, blank=True, verbose_name=_("unit"))
    baseline = models.DecimalField(
        max_digits=16, decimal_places=4, default=Decimal("0"), verbose_name=_("baseline")
    )
    target = models.DecimalField(max_digits=16, decimal_places=4, verbose_name=_("target"))
    current = models.DecimalField(
        max_digits=16, decimal_places=4, default=Decimal("0"), verbose_name=_("current")
    )
    direction = models.CharField(
        max_length=6,
        choices=Direction.choices,
        default=Direction.HIGHER,
        verbose_name=_("direction"),
    )
    source = models.CharField(
        max_length=10,
        choices=ProgressSource.choices,
        default=ProgressSource.MANUAL,
        verbose_name=_("source"),
    )
    tasks: models.ManyToManyField[Task, Any] = models.ManyToManyField(
        Task, blank=True, related_name="key_results", verbose_name=_("tasks")
    )

    class Meta:
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        db_table = "planning_keyresult"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=F("baseline")),
                name="key_result_target_differs",
                violation_error_message="The target must differ from the baseline.",
            )
        ]

    def __str__(self) -> str:
        return self.name
