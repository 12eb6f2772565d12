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
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("organization"),
    )
    code = models.CharField(max_length=20, verbose_name=_("code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    scope = models.TextField(blank=True, validators=long_text(), verbose_name=_("scope"))
    success_criteria = models.TextField(
        blank=True, validators=long_text(), verbose_name=_("success criteria")
    )
    start_date = models.DateField(verbose_name=_("start date"))
    target_date = models.DateField(verbose_name=_("target date"))
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone], verbose_name=_("time zone")
    )
    budget = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        verbose_name=_("budget"),
    )
    currency = models.CharField(max_length=3, default="EUR", verbose_name=_("currency"))
    health = models.CharField(
        max_length=8, choices=Health.choices, default=Health.GREEN, verbose_name=_("health")
    )
    health_reason = models.CharField(max_length=500, blank=True, verbose_name=_("health reason"))
    status = models.CharField(
        max_length=12,
        choices=Lifecycle.choices,
        default=Lifecycle.PLANNING,
        verbose_name=_("status"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProjectMembership",
        related_name="projects",
        verbose_name=_("members"),
    )
    # An archived project is closed: everyone who worked on it still reads it, nobody changes it
    # until it is restored. A deleted project is gone for everyone, and kept (restorable) for
    # ``TANDEM_DELETED_PROJECT_GRACE_DAYS`` before it is purged with its files.
    archived_at = models.DateTimeField(null=True, blank=True, verbose_name=_("archived at"))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("archived by"),
    )
    deleted_at = models.DateTimeField(
        null=True, blank=True, db_index=True, verbose_name=_("deleted at")
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
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
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(max_length=12, choices=Role.choices, verbose_name=_("role"))

    class Meta:
        verbose_name = _("project membership")
        verbose_name_plural = _("project memberships")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.project.code}"
