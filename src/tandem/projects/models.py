"""Projects and who works on them in which role."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import validate_time_zone
from tandem.core.models import VersionedModel, long_text


class Role(models.TextChoices):
    MANAGER = "manager", _("Project manager")
    COORDINATOR = "coordinator", _("Project coordinator")
    MEMBER = "member", _("Team member")
    STAKEHOLDER = "stakeholder", _("Stakeholder")


class Health(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class Lifecycle(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Project(VersionedModel):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="projects"
    )
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    scope = models.TextField(blank=True, validators=long_text())
    success_criteria = models.TextField(blank=True, validators=long_text())
    start_date = models.DateField()
    target_date = models.DateField()
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    budget = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, default="EUR")
    health = models.CharField(max_length=8, choices=Health.choices, default=Health.GREEN)
    health_reason = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=Lifecycle.choices, default=Lifecycle.PLANNING)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ProjectMembership", related_name="projects"
    )
    # An archived project is closed: everyone who worked on it still reads it, nobody changes it
    # until it is restored. A deleted project is gone for everyone, and kept (restorable) for
    # ``TANDEM_DELETED_PROJECT_GRACE_DAYS`` before it is purged with its files.
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="project_unique_code"),
            models.CheckConstraint(
                condition=models.Q(target_date__gte=models.F("start_date")),
                name="project_target_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProjectMembership(VersionedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.project.code}"
