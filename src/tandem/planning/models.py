"""The work breakdown (tasks, milestones, dependencies), assignments, plan settings, baselines
(goals and key results: ``tandem.goals``).

Dates of work are ``datetime.date`` values read against the project's working calendar
(``PlanSettings.calendar``); durations and estimates are in working days or hours
(``Task.duration_unit``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, TypedDict

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


class _EstimateOptions(TypedDict):
    max_digits: int
    decimal_places: int
    null: Literal[True]
    blank: bool
    validators: list[MinValueValidator]


_ESTIMATE: _EstimateOptions = {
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

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("project"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
    )
    position = models.PositiveIntegerField(default=1, verbose_name=_("position"))
    wbs_code = models.CharField(max_length=64, blank=True, verbose_name=_("WBS code"))
    # The code with every part zero-padded ("0001.0010"), so that rows sort in outline order.
    wbs_sort = models.CharField(
        max_length=255, blank=True, db_index=True, verbose_name=_("WBS sort key")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    description = models.TextField(
        blank=True, validators=long_text(), verbose_name=_("description")
    )
    is_milestone = models.BooleanField(default=False, verbose_name=_("milestone"))
    estimate_mode = models.CharField(
        max_length=12,
        choices=EstimateMode.choices,
        default=EstimateMode.SINGLE,
        verbose_name=_("estimate mode"),
    )
    duration_unit = models.CharField(
        max_length=5,
        choices=DurationUnit.choices,
        default=DurationUnit.DAYS,
        verbose_name=_("duration unit"),
    )
    estimate = models.DecimalField(**_ESTIMATE, verbose_name=_("estimate"))
    optimistic = models.DecimalField(**_ESTIMATE, verbose_name=_("optimistic estimate"))
    most_likely = models.DecimalField(**_ESTIMATE, verbose_name=_("most likely estimate"))
    pessimistic = models.DecimalField(**_ESTIMATE, verbose_name=_("pessimistic estimate"))
    start_date = models.DateField(null=True, blank=True, verbose_name=_("planned start"))
    finish_date = models.DateField(null=True, blank=True, verbose_name=_("planned finish"))
    constraint_type = models.CharField(
        max_length=4,
        choices=ConstraintType.choices,
        default=ConstraintType.ASAP,
        verbose_name=_("constraint type"),
    )
    constraint_date = models.DateField(null=True, blank=True, verbose_name=_("constraint date"))
    deadline = models.DateField(null=True, blank=True, verbose_name=_("deadline"))
    priority = models.PositiveIntegerField(
        default=500,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        verbose_name=_("priority"),
    )
    status = models.CharField(
        max_length=12,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
        verbose_name=_("status"),
    )
    percent_complete = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("percent complete"),
    )
    actual_start = models.DateField(null=True, blank=True, verbose_name=_("actual start"))
    actual_finish = models.DateField(null=True, blank=True, verbose_name=_("actual finish"))
    remaining = models.DecimalField(**_ESTIMATE, verbose_name=_("remaining duration"))
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("team"),
    )
    # Manually scheduled tasks keep the dates typed; the engine never moves them (MS Project's
    # "Manually Scheduled" mode). Auto-scheduled tasks take the engine's dates.
    manually_scheduled = models.BooleanField(default=False, verbose_name=_("manually scheduled"))
    # Resource leveling: elapsed days added before the task starts (MS Project's LevelingDelay,
    # set by "Level resources", removed by "Clear leveling"), and tasks leveling never moves.
    leveling_delay_days = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(3650)], verbose_name=_("leveling delay (days)")
    )
    do_not_level = models.BooleanField(default=False, verbose_name=_("do not level"))

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment",
        content_type_field="target_type",
        object_id_field="target_id",
        verbose_name=_("comments"),
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
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

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="task_assignments",
        verbose_name=_("person"),
    )
    resource = models.ForeignKey(
        "resources.Resource",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("resource"),
    )
    units = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(10000)],
        verbose_name=_("units"),
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
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
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="dependencies",
        verbose_name=_("project"),
    )
    predecessor = models.ForeignKey(
        Task,
        on_delete=models.CASCADE,
        related_name="successor_links",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        Task,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("successor"),
    )
    type = models.CharField(
        max_length=2,
        choices=DependencyType.choices,
        default=DependencyType.FS,
        verbose_name=_("type"),
    )
    lag = models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0"), verbose_name=_("lag")
    )
    lag_unit = models.CharField(
        max_length=7, choices=LagUnit.choices, default=LagUnit.DAYS, verbose_name=_("lag unit")
    )

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        ordering = ["id"]
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
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="plan_settings",
        verbose_name=_("project"),
    )
    calendar = models.ForeignKey(
        "resources.WorkCalendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("calendar"),
    )
    hours_per_day = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(24)],
        verbose_name=_("hours per day"),
    )
    auto_schedule = models.BooleanField(default=True, verbose_name=_("auto schedule"))
    status_date = models.DateField(null=True, blank=True, verbose_name=_("status date"))
    compare_baseline = models.ForeignKey(
        "Baseline",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("compare baseline"),
    )

    class Meta:
        verbose_name = _("plan settings")
        verbose_name_plural = _("plan settings")

    def __str__(self) -> str:
        return f"Plan settings of {self.project_id}"


class Baseline(VersionedModel):
    """A saved copy of every task's planned dates and duration at one moment."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="baselines",
        verbose_name=_("project"),
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saved by"),
    )
    project_start = models.DateField(null=True, blank=True, verbose_name=_("project start"))
    project_finish = models.DateField(null=True, blank=True, verbose_name=_("project finish"))

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class BaselineTask(models.Model):
    """One task as a baseline saw it; ``duration_days`` in working days of the project calendar."""

    baseline = models.ForeignKey(
        Baseline, on_delete=models.CASCADE, related_name="entries", verbose_name=_("baseline")
    )
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="baseline_entries",
        verbose_name=_("task"),
    )
    wbs_code = models.CharField(max_length=64, blank=True, verbose_name=_("WBS code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    start_date = models.DateField(null=True, blank=True, verbose_name=_("start date"))
    finish_date = models.DateField(null=True, blank=True, verbose_name=_("finish date"))
    duration_days = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, verbose_name=_("duration (days)")
    )
    work_hours = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("work hours")
    )
    cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, verbose_name=_("cost")
    )

    class Meta:
        verbose_name = _("baseline task")
        verbose_name_plural = _("baseline tasks")
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
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="leveling_runs",
        verbose_name=_("project"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    method = models.CharField(max_length=10, default="heuristic", verbose_name=_("method"))
    time_limit_seconds = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("time limit (seconds)")
    )
    status = models.CharField(
        max_length=10,
        choices=LevelingStatus.choices,
        default=LevelingStatus.QUEUED,
        verbose_name=_("status"),
    )
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("progress"))
    plan_fingerprint = models.CharField(max_length=64, verbose_name=_("plan fingerprint"))
    result = models.JSONField(default=dict, blank=True, verbose_name=_("result"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    cancel_requested = models.BooleanField(default=False, verbose_name=_("cancel requested"))

    class Meta:
        verbose_name = _("leveling run")
        verbose_name_plural = _("leveling runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Leveling of {self.project_id} ({self.status})"
