"""The risk register (risks and their mitigation actions) and the issue log (issues, escalations)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel, long_text

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")
    OCCURRED = "occurred", _("Occurred")


class ResponseStrategy(models.TextChoices):
    AVOID = "avoid", _("Avoid")
    MITIGATE = "mitigate", _("Mitigate")
    TRANSFER = "transfer", _("Transfer")
    ACCEPT = "accept", _("Accept")
    ESCALATE = "escalate", _("Escalate")
    EXPLOIT = "exploit", _("Exploit (opportunity)")
    ENHANCE = "enhance", _("Enhance (opportunity)")
    SHARE = "share", _("Share (opportunity)")


class Risk(VersionedModel):
    """A possible event with a cause and an effect, scored on a 5x5 probability-impact grid.

    ``probability`` and ``impact`` use the 1-5 scale; ``probability_pct`` (0-100 %) is the
    optional estimate the scale value is derived from. ``score`` is computed by the database.
    Schedule impact is in working days, cost impact in the project's currency.
    """

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="risks",
        verbose_name=_("project"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    cause = models.TextField(blank=True, validators=long_text(), verbose_name=_("cause"))
    effect = models.TextField(blank=True, validators=long_text(), verbose_name=_("effect"))
    probability = models.PositiveSmallIntegerField(validators=SCALE, verbose_name=_("probability"))
    probability_pct = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        verbose_name=_("probability (%)"),
    )
    impact = models.PositiveSmallIntegerField(validators=SCALE, verbose_name=_("impact"))
    score = models.GeneratedField(
        expression=F("probability") * F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("score"),
    )
    schedule_impact_days = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        verbose_name=_("schedule impact (days)"),
    )
    cost_impact = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        verbose_name=_("cost impact"),
    )
    # Three-point schedule impact (working days) for a later risk simulation.
    schedule_optimistic_days = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("optimistic schedule impact (days)"),
    )
    schedule_most_likely_days = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("most likely schedule impact (days)"),
    )
    schedule_pessimistic_days = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("pessimistic schedule impact (days)"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_risks",
        verbose_name=_("owner"),
    )
    response_strategy = models.CharField(
        max_length=10,
        choices=ResponseStrategy.choices,
        default=ResponseStrategy.MITIGATE,
        verbose_name=_("response strategy"),
    )
    response_plan = models.TextField(
        blank=True, validators=long_text(), verbose_name=_("response plan")
    )
    status = models.CharField(
        max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN, verbose_name=_("status")
    )
    # The day the risk is next to be reviewed (the watcher raises it once past, in the project's
    # zone); empty: due when nobody changed it for the project's review interval.
    review_on = models.DateField(null=True, blank=True, verbose_name=_("review on"))
    tasks = models.ManyToManyField(
        "planning.Task", blank=True, related_name="risks", verbose_name=_("tasks")
    )

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment",
        content_type_field="target_type",
        object_id_field="target_id",
        verbose_name=_("comments"),
    )

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5), name="risk_probability_1_5"
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_5"
            ),
            models.CheckConstraint(
                condition=Q(schedule_optimistic_days__isnull=True)
                | Q(schedule_most_likely_days__isnull=True)
                | Q(schedule_pessimistic_days__isnull=True)
                | Q(
                    schedule_optimistic_days__lte=F("schedule_most_likely_days"),
                    schedule_most_likely_days__lte=F("schedule_pessimistic_days"),
                ),
                name="risk_three_point_ordered",
                violation_error_message=(
                    "Three-point schedule impact needs optimistic <= most likely <= pessimistic."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MitigationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class MitigationAction(VersionedModel):
    """One step of a risk's response, with its own owner and due date."""

    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, related_name="mitigations", verbose_name=_("risk")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
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
    status = models.CharField(
        max_length=12,
        choices=MitigationStatus.choices,
        default=MitigationStatus.PLANNED,
        verbose_name=_("status"),
    )

    class Meta:
        verbose_name = _("mitigation action")
        verbose_name_plural = _("mitigation actions")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class EscalationLevel(models.TextChoices):
    """Ordered from the lowest level; escalation moves an issue up this list."""

    TEAM = "team", _("Team")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Project manager")
    SPONSOR = "sponsor", _("Sponsor / steering")


ESCALATION_ORDER = [level.value for level in EscalationLevel]


class Issue(VersionedModel):
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="issues",
        verbose_name=_("project"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(
        blank=True, validators=long_text(), verbose_name=_("description")
    )
    severity = models.CharField(
        max_length=8, choices=Severity.choices, default=Severity.MEDIUM, verbose_name=_("severity")
    )
    priority = models.CharField(
        max_length=8, choices=Priority.choices, default=Priority.MEDIUM, verbose_name=_("priority")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_issues",
        verbose_name=_("owner"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("raised by"),
    )
    due_date = models.DateField(null=True, blank=True, verbose_name=_("due date"))
    status = models.CharField(
        max_length=12,
        choices=IssueStatus.choices,
        default=IssueStatus.OPEN,
        verbose_name=_("status"),
    )
    escalation_level = models.CharField(
        max_length=12,
        choices=EscalationLevel.choices,
        default=EscalationLevel.TEAM,
        verbose_name=_("escalation level"),
    )
    resolution = models.TextField(blank=True, validators=long_text(), verbose_name=_("resolution"))
    risks = models.ManyToManyField(Risk, blank=True, related_name="issues", verbose_name=_("risks"))
    tasks = models.ManyToManyField(
        "planning.Task", blank=True, related_name="issues", verbose_name=_("tasks")
    )

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment",
        content_type_field="target_type",
        object_id_field="target_id",
        verbose_name=_("comments"),
    )

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class IssueEscalation(models.Model):
    """Who raised an issue to which level, when and why. Written once, never changed."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("issue")
    )
    from_level = models.CharField(
        max_length=12, choices=EscalationLevel.choices, verbose_name=_("previous level")
    )
    to_level = models.CharField(
        max_length=12, choices=EscalationLevel.choices, verbose_name=_("new level")
    )
    reason = models.TextField(validators=long_text(), verbose_name=_("reason"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("escalated by"),
    )
    escalated_at = models.DateTimeField(auto_now_add=True, verbose_name=_("escalated at"))

    class Meta:
        verbose_name = _("issue escalation")
        verbose_name_plural = _("issue escalations")
        ordering = ["escalated_at", "id"]

    def __str__(self) -> str:
        return f"{self.issue} escalated to {self.to_level}"


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RiskAnalysisRun(models.Model):
    """One Monte Carlo schedule risk analysis of a project, kept to compare runs over time.

    ``inputs`` is the network the run simulated (tasks with their three-point estimates in working
    minutes, links, risk events, correlation groups, the target date and deadlines), copied when
    the run was asked for, so a later change of the plan does not change what the run says.
    ``results`` holds the summary (percentiles, histogram, criticality, sensitivity, cost) once
    the run is done; ``progress`` is the share of iterations simulated (0-100).
    """

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="risk_analysis_runs",
        verbose_name=_("project"),
    )
    label = models.CharField(max_length=120, blank=True, verbose_name=_("label"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    status = models.CharField(
        max_length=8,
        choices=AnalysisStatus.choices,
        default=AnalysisStatus.QUEUED,
        verbose_name=_("status"),
    )
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("progress"),
    )
    iterations = models.PositiveIntegerField(verbose_name=_("iterations"))
    seed = models.BigIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)], verbose_name=_("seed")
    )
    inputs = models.JSONField(verbose_name=_("inputs"))
    results = models.JSONField(null=True, blank=True, verbose_name=_("results"))
    error = models.TextField(blank=True, verbose_name=_("error"))

    class Meta:
        verbose_name = _("risk analysis run")
        verbose_name_plural = _("risk analysis runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "-created_at"])]

    def __str__(self) -> str:
        return self.label or gettext("Risk analysis %(id)s") % {"id": self.pk}
