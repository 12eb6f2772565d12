"""The work breakdown (tasks, milestones, dependencies), assignments, plan settings, baselines
(goals and key results: ``tandem.goals``).

Dates of work are ``datetime.date`` values read against the project's working calendar
(``PlanSettings.calendar``); durations and estimates are in working days or hours
(``Task.duration_unit``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel, long_text


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")
    CANCELLED = "cancelled", _("Cancelled")


class ConstraintType(models.TextChoices):
    ASAP = "ASAP", _("As soon as possible")
    ALAP = "ALAP", _("As late as possible")
    SNET = "SNET", _("Start no earlier than")
    SNLT = "SNLT", _("Start no later than")
    FNET = "FNET", _("Finish no earlier than")
    FNLT = "FNLT", _("Finish no later than")
    MSO = "MSO", _("Must start on")
    MFO = "MFO", _("Must finish on")


class DurationUnit(models.TextChoices):
    DAYS = "days", _("Working days")
    HOURS = "hours", _("Working hours")


class EstimateMode(models.TextChoices):
    SINGLE = "single", _("One value")
    THREE_POINT = "three_point", _("Three points")


_ESTIMATE = {
    "max_digits": 9,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0)],
}


class Task(VersionedModel):
    """A unit of work (or a milestone) in the work breakdown.

    ``wbs_code`` ("1.2.3") is derived from ``parent`` and ``position`` (1-based among siblings) and
    kept consistent by the planning actions. With ``estimate_mode`` three points the expected
    duration is PERT's (o + 4m + p) / 6.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(default=1)
    wbs_code = models.CharField(max_length=64, blank=True)
    # The code with every part zero-padded ("0001.0010"), so that rows sort in outline order.
    wbs_sort = models.CharField(max_length=255, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, validators=long_text())
    is_milestone = models.BooleanField(default=False)
    estimate_mode = models.CharField(
        max_length=12, choices=EstimateMode.choices, default=EstimateMode.SINGLE
    )
    duration_unit = models.CharField(
        max_length=5, choices=DurationUnit.choices, default=DurationUnit.DAYS
    )
    estimate = models.DecimalField(**_ESTIMATE)  # type: ignore[arg-type]
    optimistic = models.DecimalField(**_ESTIMATE)  # type: ignore[arg-type]
    most_likely = models.DecimalField(**_ESTIMATE)  # type: ignore[arg-type]
    pessimistic = models.DecimalField(**_ESTIMATE)  # type: ignore[arg-type]
    start_date = models.DateField(null=True, blank=True)
    finish_date = models.DateField(null=True, blank=True)
    constraint_type = models.CharField(
        max_length=4, choices=ConstraintType.choices, default=ConstraintType.ASAP
    )
    constraint_date = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    priority = models.PositiveIntegerField(
        default=500, validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )
    status = models.CharField(
        max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    actual_start = models.DateField(null=True, blank=True)
    actual_finish = models.DateField(null=True, blank=True)
    remaining = models.DecimalField(**_ESTIMATE)  # type: ignore[arg-type]
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    # Manually scheduled tasks keep the dates typed; the engine never moves them (MS Project's
    # "Manually Scheduled" mode). Auto-scheduled tasks take the engine's dates.
    manually_scheduled = models.BooleanField(default=False)
    # Resource leveling: elapsed days added before the task starts (MS Project's LevelingDelay,
    # set by "Level resources", removed by "Clear leveling"), and tasks leveling never moves.
    leveling_delay_days = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(3650)]
    )
    do_not_level = models.BooleanField(default=False)

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        ordering = ["project", "wbs_sort"]
        indexes = [models.Index(fields=["project", "parent", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100),
                name="task_percent_range",
                violation_error_message="Percent complete must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(finish_date__isnull=True)
                | Q(finish_date__gte=F("start_date")),
                name="task_finish_after_start",
                violation_error_message="The planned finish cannot be before the planned start.",
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_finish__isnull=True)
                | Q(actual_finish__gte=F("actual_start")),
                name="task_actual_finish_after_start",
                violation_error_message="The actual finish cannot be before the actual start.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="task_not_own_parent",
                violation_error_message="A task cannot be its own parent.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wbs_code} {self.name}".strip()


class Assignment(VersionedModel):
    """A person or a resource on a task, at ``units`` percent of their time (100 = full time)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="task_assignments",
    )
    resource = models.ForeignKey(
        "resources.Resource",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    units = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(10000)],
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(resource__isnull=True))
                | (Q(person__isnull=True) & Q(resource__isnull=False)),
                name="assignment_person_or_resource",
                violation_error_message="An assignment names either a person or a resource.",
            ),
            models.UniqueConstraint(
                fields=["task", "person"],
                condition=Q(person__isnull=False),
                name="assignment_unique_person",
                violation_error_message="This person is already assigned to the task.",
            ),
            models.UniqueConstraint(
                fields=["task", "resource"],
                condition=Q(resource__isnull=False),
                name="assignment_unique_resource",
                violation_error_message="This resource is already assigned to the task.",
            ),
        ]

    def __str__(self) -> str:
        who = self.person if self.person_id else self.resource
        return f"{who} on {self.task} at {self.units}%"


class DependencyType(models.TextChoices):
    FS = "FS", _("Finish to start")
    SS = "SS", _("Start to start")
    FF = "FF", _("Finish to finish")
    SF = "SF", _("Start to finish")


class LagUnit(models.TextChoices):
    """Working time on the project calendar, wall-clock days (MS Project's "edays"), or a
    percentage of the predecessor's duration."""

    DAYS = "days", _("Working days")
    MINUTES = "minutes", _("Working minutes")
    ELAPSED_DAYS = "edays", _("Elapsed days")
    PERCENT = "percent", _("Percent of the predecessor")


class Dependency(VersionedModel):
    """``successor`` depends on ``predecessor``; ``lag`` (negative = lead) in ``lag_unit``."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="dependencies"
    )
    predecessor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="predecessor_links")
    type = models.CharField(max_length=2, choices=DependencyType.choices, default=DependencyType.FS)
    lag = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0"))
    lag_unit = models.CharField(max_length=7, choices=LagUnit.choices, default=LagUnit.DAYS)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "dependencies"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="dependency_unique_pair",
                violation_error_message="This dependency already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="dependency_not_self",
                violation_error_message="A task cannot depend on itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} -> {self.successor} ({self.type})"


class PlanSettings(VersionedModel):
    """Per-project planning settings: the working calendar, the length of a working day, whether
    changes reschedule the plan at once (``auto_schedule``) or only when applied, the status date
    progress is measured at, and the baseline the Gantt and the plan compare against."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="plan_settings"
    )
    calendar = models.ForeignKey(
        "resources.WorkCalendar", null=True, blank=True, on_delete=models.SET_NULL
    )
    hours_per_day = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(24)],
    )
    auto_schedule = models.BooleanField(default=True)
    status_date = models.DateField(null=True, blank=True)
    compare_baseline = models.ForeignKey(
        "Baseline", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Plan settings of {self.project_id}"


class Baseline(VersionedModel):
    """A saved copy of every task's planned dates and duration at one moment."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="baselines"
    )
    name = models.CharField(max_length=120)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    project_start = models.DateField(null=True, blank=True)
    project_finish = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class BaselineTask(models.Model):
    """One task as a baseline saw it; ``duration_days`` in working days of the project calendar."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="entries")
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="baseline_entries"
    )
    wbs_code = models.CharField(max_length=64, blank=True)
    name = models.CharField(max_length=200)
    start_date = models.DateField(null=True, blank=True)
    finish_date = models.DateField(null=True, blank=True)
    duration_days = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    work_hours = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["wbs_code", "id"]

    def __str__(self) -> str:
        return f"{self.wbs_code} {self.name}"


class LevelingStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready to apply")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    APPLIED = "applied", _("Applied")


class LevelingRun(VersionedModel):
    """One "Level resources" preview: the leveler's proposal for the plan as it was
    (``plan_fingerprint``), kept until it is applied or a newer preview replaces it.

    ``result`` holds the proposal as the leveling preview shows it (moved tasks with their
    delays and reasons, old and new finish); ``progress`` (0-100) follows a background run.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="leveling_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(max_length=10, default="heuristic")
    time_limit_seconds = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=LevelingStatus.choices, default=LevelingStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    plan_fingerprint = models.CharField(max_length=64)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Leveling of {self.project_id} ({self.status})"
