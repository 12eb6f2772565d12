"""Status reports: a status update of ``records`` with the figures drawn from the project's data
when it was drafted (milestones, alerts, risks, issues, decisions, earned value), and each
project's schedule for drafting and sending them.

The report's words (summary, achievements, next steps, blockers) live on its status update,
where the lead edits them; ``content`` keeps the tables as they were at drafting, so a published
report reads the same next month. Each section names the right needed to read it, and each
reader (page, PDF, email) is shown only the sections their role may see.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel


class ScheduleMode(models.TextChoices):
    APPROVE = "approve", _("Draft, then a lead approves and publishes")
    SEND = "send", _("Publish and send at once")


class ReportSchedule(VersionedModel):
    """One per project: a weekly report drafted at ``weekday`` ``time`` in the project's zone."""

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="report_schedule",
        verbose_name=_("project"),
    )
    active = models.BooleanField(default=True, verbose_name=_("active"))
    weekday = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(6)],
        verbose_name=_("weekday"),
    )  # Monday 0 .. Sunday 6
    time = models.TimeField(verbose_name=_("time"))
    audience = models.CharField(max_length=12, default="stakeholders", verbose_name=_("audience"))
    mode = models.CharField(
        max_length=8,
        choices=ScheduleMode.choices,
        default=ScheduleMode.APPROVE,
        verbose_name=_("mode"),
    )
    # Scheduled drafts are written in this person's name (the manager who saved the schedule).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")

    def __str__(self) -> str:
        return f"Report schedule of project {self.project_id}"


class Report(VersionedModel):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    status_update = models.OneToOneField(
        "records.StatusUpdate",
        on_delete=models.CASCADE,
        related_name="report",
        verbose_name=_("status update"),
    )
    content = models.JSONField(default=dict, verbose_name=_("content"))
    generated_at = models.DateTimeField(verbose_name=_("generated at"))
    schedule = models.ForeignKey(
        ReportSchedule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("schedule"),
    )
    # The email with the PDF: pending from publishing until sent (the job retries a failure).
    email_pending = models.BooleanField(default=False, verbose_name=_("email pending"))
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("emailed at"))
    emailed_to = models.JSONField(default=list, blank=True, verbose_name=_("emailed to"))
    generated_for = models.DateField(
        null=True, blank=True, verbose_name=_("generated for")
    )  # a scheduled report's day

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-generated_at", "-id"]
        constraints = [
            # One scheduled report per schedule and period, however often the job runs.
            models.UniqueConstraint(
                fields=["schedule", "generated_for"],
                name="report_once_per_schedule_period",
            )
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} of project {self.project_id}"
