"""Resources (people, equipment, material), their calendars and rates; budgets, costs and time."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.core.models import VersionedModel


def default_week() -> dict[str, list[list[str]]]:
    """Monday to Friday 09:00-17:00; keys are ISO weekday numbers 1-7 (as ``User.working_hours``)."""
    return {str(d): [["09:00", "17:00"]] for d in range(1, 6)}


class WorkCalendar(VersionedModel):
    """An organization's working calendar: working hours per weekday plus non-working dates."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="work_calendars"
    )
    name = models.CharField(max_length=120)
    working_hours = models.JSONField(default=default_week)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="calendar_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class CalendarHoliday(models.Model):
    """A non-working date of a calendar (public holiday, shutdown day)."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="holiday_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class ResourceKind(models.TextChoices):
    PERSON = "person", "Person"
    EQUIPMENT = "equipment", "Equipment"
    MATERIAL = "material", "Material"


_MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Resource(VersionedModel):
    """Something that does or feeds the work. People link to their ``User``.

    Rates are per hour (standard, overtime) and per use, in ``currency``; material resources are
    priced per ``material_unit`` through ``standard_rate``. ``max_units`` is the capacity in percent
    (100 = one full-time person or one machine).
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(max_length=12, choices=ResourceKind.choices)
    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    standard_rate = models.DecimalField(default=Decimal("0"), **_MONEY)  # type: ignore[arg-type]
    overtime_rate = models.DecimalField(default=Decimal("0"), **_MONEY)  # type: ignore[arg-type]
    cost_per_use = models.DecimalField(default=Decimal("0"), **_MONEY)  # type: ignore[arg-type]
    currency = models.CharField(max_length=3, default="EUR")
    max_units = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
    )
    material_unit = models.CharField(max_length=30, blank=True)
    calendar = models.ForeignKey(
        WorkCalendar, null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(user__isnull=False),
                name="resource_unique_user",
                violation_error_message="This person already has a resource.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="person") | models.Q(user__isnull=True),
                name="resource_user_only_for_people",
                violation_error_message="Only person resources link to a user.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BudgetCategory(models.TextChoices):
    LABOUR = "labour", "Labour"
    EQUIPMENT = "equipment", "Equipment"
    MATERIAL = "material", "Material"
    TRAVEL = "travel", "Travel"
    SERVICES = "services", "Services"
    CONTINGENCY = "contingency", "Contingency"
    OTHER = "other", "Other"


class BudgetLine(VersionedModel):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="budget_lines"
    )
    category = models.CharField(max_length=12, choices=BudgetCategory.choices)
    description = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR")

    class Meta:
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount} {self.currency}"


class CostEntry(VersionedModel):
    """An actual cost incurred (invoice, purchase, expense)."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="cost_entries"
    )
    budget_line = models.ForeignKey(
        BudgetLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="cost_entries"
    )
    category = models.CharField(max_length=12, choices=BudgetCategory.choices)
    date = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    description = models.CharField(max_length=300, blank=True)
    task = models.ForeignKey(
        "planning.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="costs"
    )
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="costs"
    )

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.currency}"


class TimeEntry(VersionedModel):
    """Hours a person worked on a task on one date."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="time_entries"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_entries"
    )
    task = models.ForeignKey("planning.Task", on_delete=models.CASCADE, related_name="time_entries")
    date = models.DateField()
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(24)],
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24),
                name="time_entry_hours_range",
                violation_error_message="Hours must be more than 0 and at most 24.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.hours} h"
