"""Watching projects: alerts the system raises by itself, the weekly snapshots it compares
against, its suggested health, and the escalation rules leads set per project.

An alert is one episode of one condition on one subject (a milestone slipping, a task overdue):
it opens at step 1, moves up a step when the condition worsens past the next threshold (each
step is told to the people responsible once), and closes when the condition is gone. Dates of
work are read in the project's zone and counted in working days of its calendar.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel

from .wording import spoken


class AlertKind(models.TextChoices):
    MILESTONE_SLIP = "milestone_slip", _("Milestone slipping")
    FLOAT_EROSION = "float_erosion", _("Float eroding")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    TASK_NOT_STARTED = "task_not_started", _("Task not started")
    ACTION_ITEM_OVERDUE = "action_item_overdue", _("Action item overdue")
    COST_PERFORMANCE = "cost_performance", _("Cost performance under threshold")
    SCHEDULE_PERFORMANCE = "schedule_performance", _("Schedule performance under threshold")
    RISK_REVIEW = "risk_review", _("Risk review overdue")


class Severity(models.TextChoices):
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class Alert(VersionedModel):
    """One episode of a watched condition on one subject (``subject_key``: ``task:12``,
    ``project``, ``risk:3``...). ``evidence`` holds the numbers behind it (machine keys, see
    ``presenters.EVIDENCE_LABELS``); ``history`` each step with when it was raised. ``right`` is
    the project right a reader needs (``projects.policies.RIGHTS``)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("project"),
    )
    kind = models.CharField(max_length=24, choices=AlertKind.choices, verbose_name=_("kind"))
    subject_key = models.CharField(max_length=60, verbose_name=_("subject key"))
    subject_label = models.CharField(max_length=250, verbose_name=_("subject label"))
    url = models.CharField(max_length=300, blank=True, verbose_name=_("URL"))
    step = models.PositiveSmallIntegerField(default=1, verbose_name=_("step"))
    severity = models.CharField(
        max_length=5, choices=Severity.choices, default=Severity.AMBER, verbose_name=_("severity")
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    threshold = models.CharField(max_length=200, blank=True, verbose_name=_("threshold"))
    # The title and threshold as words (``wording.Words.as_json``), told in each reader's
    # language; ``title`` and ``threshold`` keep an English copy.
    wording = models.JSONField(default=dict, blank=True, verbose_name=_("wording"))
    evidence = models.JSONField(default=dict, verbose_name=_("evidence"))
    history = models.JSONField(default=list, verbose_name=_("history"))
    right = models.CharField(max_length=40, default="project.view_work", verbose_name=_("right"))
    opened_at = models.DateTimeField(verbose_name=_("opened at"))
    raised_at = models.DateTimeField(
        verbose_name=_("raised at")
    )  # when the current step was raised
    last_seen_at = models.DateTimeField(verbose_name=_("last seen at"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))
    close_reason = models.CharField(max_length=200, blank=True, verbose_name=_("close reason"))
    acknowledged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("acknowledged at"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "subject_key"],
                condition=Q(closed_at__isnull=True),
                name="alert_one_open_per_subject",
            )
        ]
        indexes = [models.Index(fields=["project", "closed_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def said_title(self) -> str:
        """The title in the active language and locale."""
        return spoken(self.wording.get("title"), self.title)

    @property
    def said_threshold(self) -> str:
        return spoken(self.wording.get("threshold"), self.threshold)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


# Working days of milestone slip at which an alert moves up one step (a slip of 2 days is step
# 1, of 5 days step 3); a project may set its own.
DEFAULT_SLIP_STEPS_DAYS: tuple[int, ...] = (1, 3, 5, 10, 20, 40, 60)
MAX_SLIP_STEPS = 10


def default_slip_steps() -> list[int]:
    return list(DEFAULT_SLIP_STEPS_DAYS)


def validate_slip_steps(value: object) -> None:
    if (
        not isinstance(value, list)
        or not 1 <= len(value) <= MAX_SLIP_STEPS
        or any(isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 365 for v in value)
        or any(a >= b for a, b in zip(value, value[1:], strict=False))
    ):
        raise ValidationError(
            f"1 to {MAX_SLIP_STEPS} whole numbers of working days from 1 to 365, each larger "
            "than the one before"
        )


class WatchSettings(VersionedModel):
    """A project's thresholds (defaults when a project has no row)."""

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="watch_settings",
        verbose_name=_("project"),
    )
    # A task whose total float is at most this many working days is near-critical.
    near_critical_days = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        verbose_name=_("near-critical float (days)"),
    )
    # Float erosion: a (near-)critical task's total float fell by more than this since the
    # last week's snapshot or since the baseline.
    float_erosion_days = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("3"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(365)],
        verbose_name=_("float erosion (days)"),
    )
    # A milestone slip of this many working days or more is red (less is amber).
    slip_red_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        verbose_name=_("red slip (days)"),
    )
    cpi_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.90"),
        validators=[MinValueValidator(0), MaxValueValidator(2)],
        verbose_name=_("CPI threshold"),
    )
    spi_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.90"),
        validators=[MinValueValidator(0), MaxValueValidator(2)],
        verbose_name=_("SPI threshold"),
    )
    # An open risk not changed for this many days is due for review (a risk with its own
    # review date is due after that date instead).
    risk_review_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        verbose_name=_("risk review interval (days)"),
    )
    slip_steps_days = models.JSONField(
        default=default_slip_steps,
        validators=[validate_slip_steps],
        verbose_name=_("slip steps (days)"),
    )
    # Working days past its due date before an overdue task or action item raises an alert.
    overdue_grace_days = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        verbose_name=_("overdue grace period (days)"),
    )

    class Meta:
        verbose_name = _("watch settings")
        verbose_name_plural = _("watch settings")

    def __str__(self) -> str:
        return f"Thresholds of {self.project_id}"


class TaskSnapshot(models.Model):
    """A task's total float and dates as one evaluation saw them. Weekly rows (``baseline``
    empty) are kept per ISO week (``week`` is its Monday, in the project's zone), the latest
    evaluation of the week winning; a baseline row is written once, by the first evaluation
    that sees the baseline, and is the float the baseline is compared against."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    task = models.ForeignKey(
        "planning.Task", on_delete=models.CASCADE, related_name="+", verbose_name=_("task")
    )
    baseline = models.ForeignKey(
        "planning.Baseline",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("baseline"),
    )
    week = models.DateField(verbose_name=_("week"))
    total_float_days = models.DecimalField(
        max_digits=9, decimal_places=2, verbose_name=_("total float (days)")
    )
    critical = models.BooleanField(default=False, verbose_name=_("critical"))
    is_milestone = models.BooleanField(default=False, verbose_name=_("milestone"))
    start = models.DateField(null=True, blank=True, verbose_name=_("start"))
    finish = models.DateField(null=True, blank=True, verbose_name=_("finish"))
    taken_at = models.DateTimeField(verbose_name=_("taken at"))

    class Meta:
        verbose_name = _("task snapshot")
        verbose_name_plural = _("task snapshots")
        ordering = ["week", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "week"],
                condition=Q(baseline__isnull=True),
                name="task_snapshot_one_per_week",
            ),
            models.UniqueConstraint(
                fields=["task", "baseline"],
                condition=Q(baseline__isnull=False),
                name="task_snapshot_one_per_baseline",
            ),
        ]
        indexes = [models.Index(fields=["project", "week"])]

    def __str__(self) -> str:
        return f"Task {self.task_id} in week {self.week}"


class ProjectSnapshot(models.Model):
    """Counts of one project in one ISO week (the latest evaluation of the week winning)."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    week = models.DateField(verbose_name=_("week"))
    open_issues = models.PositiveIntegerField(default=0, verbose_name=_("open issues"))
    open_risks = models.PositiveIntegerField(default=0, verbose_name=_("open risks"))
    tasks_total = models.PositiveIntegerField(default=0, verbose_name=_("tasks total"))
    tasks_done = models.PositiveIntegerField(default=0, verbose_name=_("tasks done"))
    taken_at = models.DateTimeField(verbose_name=_("taken at"))

    class Meta:
        verbose_name = _("project snapshot")
        verbose_name_plural = _("project snapshots")
        ordering = ["week"]
        constraints = [
            models.UniqueConstraint(fields=["project", "week"], name="project_snapshot_per_week")
        ]

    def __str__(self) -> str:
        return f"Project {self.project_id} in week {self.week}"


class EvaluationRequest(models.Model):
    """A project to evaluate soon (after a reschedule); the minute job takes and clears it."""

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="+",
        primary_key=True,
        verbose_name=_("project"),
    )
    requested_at = models.DateTimeField(verbose_name=_("requested at"))

    class Meta:
        verbose_name = _("evaluation request")
        verbose_name_plural = _("evaluation requests")

    def __str__(self) -> str:
        return f"Evaluate {self.project_id}"


class HealthDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted the suggestion")
    KEPT = "kept", _("Kept their own")


class HealthAssessment(VersionedModel):
    """The health the alerts suggest, with its reasons, and what the manager made of it.

    ``reasons`` lists the open alerts behind the suggestion (id, title, severity, threshold). A
    decision answers the suggestion it was made on (``decided_suggestion``); when the suggestion
    changes, the manager is asked again.
    """

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="health_assessment",
        verbose_name=_("project"),
    )
    suggested = models.CharField(max_length=8, default="green", verbose_name=_("suggested"))
    reasons = models.JSONField(default=list, verbose_name=_("reasons"))
    computed_at = models.DateTimeField(verbose_name=_("computed at"))
    decision = models.CharField(
        max_length=8, choices=HealthDecision.choices, blank=True, verbose_name=_("decision")
    )
    decided_suggestion = models.CharField(
        max_length=8, blank=True, verbose_name=_("decided suggestion")
    )
    decision_reason = models.CharField(
        max_length=500, blank=True, verbose_name=_("decision reason")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        verbose_name = _("health assessment")
        verbose_name_plural = _("health assessments")

    def __str__(self) -> str:
        return f"Suggested {self.suggested} for {self.project_id}"

    @property
    def decision_current(self) -> bool:
        return bool(self.decision) and self.decided_suggestion == self.suggested


class EscalationTrigger(models.TextChoices):
    ISSUE_OPEN = "issue_open", _("An issue stays open")
    ACTION_ITEM_OVERDUE = "action_item_overdue", _("An action item is overdue")
    TASK_OVERDUE = "task_overdue", _("A task is overdue")


class EscalationTarget(models.TextChoices):
    MANAGER = "manager", _("The project manager")
    COORDINATOR = "coordinator", _("The coordinators")
    OWNER = "owner", _("The owner")
    OWNER_TEAM_LEAD = "owner_team_lead", _("The owner's team lead")


class EscalationRule(VersionedModel):
    """ "An issue of severity High open longer than 3 working days escalates to the manager":
    ``trigger`` issue_open, ``min_severity`` high, ``after_working_days`` 3, ``escalate_to``
    manager. Fires once per subject (an issue, an action item, a task) and rule."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="escalation_rules",
        verbose_name=_("project"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    trigger = models.CharField(
        max_length=24, choices=EscalationTrigger.choices, verbose_name=_("trigger")
    )
    min_severity = models.CharField(max_length=8, blank=True, verbose_name=_("minimum severity"))
    after_working_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        verbose_name=_("after (working days)"),
    )
    escalate_to = models.CharField(
        max_length=16, choices=EscalationTarget.choices, verbose_name=_("escalate to")
    )
    active = models.BooleanField(default=True, verbose_name=_("active"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Escalation(models.Model):
    """One rule firing on one subject: written once, so the rule never fires twice on it."""

    rule = models.ForeignKey(
        EscalationRule, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("rule")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    subject_key = models.CharField(max_length=60, verbose_name=_("subject key"))
    subject_label = models.CharField(max_length=250, verbose_name=_("subject label"))
    url = models.CharField(max_length=300, blank=True, verbose_name=_("URL"))
    working_days = models.IntegerField(verbose_name=_("working days overdue"))
    recipients = models.JSONField(default=list, verbose_name=_("recipients"))
    escalated_at = models.DateTimeField(verbose_name=_("escalated at"))

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-escalated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "subject_key"], name="escalation_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule} on {self.subject_label}"
