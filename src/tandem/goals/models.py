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
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="goals")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, validators=long_text())
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    tasks: models.ManyToManyField[Task, Any] = models.ManyToManyField(
        Task, blank=True, related_name="goals"
    )

    class Meta:
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

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="key_results")
    name = models.CharField(max_length=200)
    metric = models.CharField(max_length=200)
    unit = models.CharField(max_length=30, blank=True)
    baseline = models.DecimalField(max_digits=16, decimal_places=4, default=Decimal("0"))
    target = models.DecimalField(max_digits=16, decimal_places=4)
    current = models.DecimalField(max_digits=16, decimal_places=4, default=Decimal("0"))
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    source = models.CharField(
        max_length=10, choices=ProgressSource.choices, default=ProgressSource.MANUAL
    )
    tasks: models.ManyToManyField[Task, Any] = models.ManyToManyField(
        Task, blank=True, related_name="key_results"
    )

    class Meta:
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
