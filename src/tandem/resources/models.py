"""Resources (people, equipment, material), their calendars and rates; budgets, costs and time."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel


def default_week() -> dict[str, list[list[str]]]:
    """Monday to Friday 09:00-17:00; keys are ISO weekday numbers 1-7 (as ``User.working_hours``)."""
    return {str(d): [["09:00", "17:00"]] for d in range(1, 6)}


class WorkCalendar(VersionedModel):
    """An organization's working calendar: working hours per weekday plus non-working dates."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="work_calendars",
        verbose_name=_("organization"),
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    working_hours = models.JSONField(default=default_week, verbose_name=_("working hours"))
    # A project's own calendar, which its manager may change; None for the organization's shared
    # calendars, which only organization admins change (a change reaches every project using it).
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_calendars",
        verbose_name=_("project"),
    )

    class Meta:
        verbose_name = _("work calendar")
        verbose_name_plural = _("work calendars")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="calendar_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Repeat(models.TextChoices):
    """How a calendar exception recurs (MS Project's recurrence patterns)."""

    NONE = "", _("Does not repeat")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")


class CalendarException(VersionedModel):
    """Dates whose working time replaces the week's: a holiday, a shutdown, a person's day off,
    or a working Saturday (``working_times`` not empty).

    It belongs either to a calendar or to a person (their days off, applied on top of their
    working hours). Without ``repeat`` it covers ``start`` to ``end`` inclusive. With ``repeat``
    it applies on each occurrence day of the series from ``start``: every ``interval`` days,
    weeks (on ``weekdays``, ISO 1-7), months (on ``day_of_month``, or the ``week_of_month``-th
    (1-4, -1 = last) of ``weekdays[0]``) or years (in ``month``, same choices); the series ends
    at ``end`` or after ``occurrences`` days, whichever comes first; with neither it goes on
    for ever (a public holiday on 25 December every year).
    """

    calendar = models.ForeignKey(
        WorkCalendar,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exceptions",
        verbose_name=_("calendar"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="days_off",
        verbose_name=_("person"),
    )
    name = models.CharField(max_length=120, blank=True, verbose_name=_("name"))
    start = models.DateField(verbose_name=_("start"))
    end = models.DateField(null=True, blank=True, verbose_name=_("end"))
    working_times = models.JSONField(default=list, blank=True, verbose_name=_("working times"))
    repeat = models.CharField(
        max_length=7, choices=Repeat.choices, blank=True, default="", verbose_name=_("repeat")
    )
    interval = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        verbose_name=_("interval"),
    )
    weekdays = models.JSONField(default=list, blank=True, verbose_name=_("weekdays"))
    day_of_month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        verbose_name=_("day of month"),
    )
    month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        verbose_name=_("month"),
    )
    week_of_month = models.SmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(4)],
        verbose_name=_("week of month"),
    )
    occurrences = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        verbose_name=_("occurrences"),
    )

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(calendar__isnull=False) & models.Q(person__isnull=True))
                | (models.Q(calendar__isnull=True) & models.Q(person__isnull=False)),
                name="calendar_exception_calendar_or_person",
                violation_error_message="An exception belongs to a calendar or to a person.",
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="calendar_exception_end_after_start",
                violation_error_message="The last day cannot be before the first.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} {self.name}".strip()


class ResourceKind(models.TextChoices):
    PERSON = "person", _("Person")
    EQUIPMENT = "equipment", _("Equipment")
    MATERIAL = "material", _("Material")


class _MoneyOptions(TypedDict):
    max_digits: int
    decimal_places: int
    validators: list[MinValueValidator]


_MONEY: _MoneyOptions = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(0)],
}


class Resource(VersionedModel):
    """Something that does or feeds the work. People link to their ``User``.

    Rates are per hour (standard, overtime) and per use, in ``currency``; material resources are
    priced per ``material_unit`` through ``standard_rate``. ``max_units`` is the capacity in percent
    (100 = one full-time person or one machine).
    """

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("organization"),
    )
    kind = models.CharField(max_length=12, choices=ResourceKind.choices, verbose_name=_("kind"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name=_("user"),
    )
    standard_rate = models.DecimalField(
        default=Decimal("0"),
        **_MONEY,
        verbose_name=_("standard rate"),
    )
    overtime_rate = models.DecimalField(
        default=Decimal("0"),
        **_MONEY,
        verbose_name=_("overtime rate"),
    )
    cost_per_use = models.DecimalField(
        default=Decimal("0"),
        **_MONEY,
        verbose_name=_("cost per use"),
    )
    currency = models.CharField(max_length=3, default="EUR", verbose_name=_("currency"))
    max_units = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
        verbose_name=_("max units"),
    )
    material_unit = models.CharField(max_length=30, blank=True, verbose_name=_("material unit"))
    calendar = models.ForeignKey(
        WorkCalendar,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name=_("calendar"),
    )
    active = models.BooleanField(default=True, verbose_name=_("active"))

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
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
    LABOUR = "labour", _("Labour")
    EQUIPMENT = "equipment", _("Equipment")
    MATERIAL = "material", _("Material")
    TRAVEL = "travel", _("Travel")
    SERVICES = "services", _("Services")
    CONTINGENCY = "contingency", _("Contingency")
    OTHER = "other", _("Other")


class BudgetLine(VersionedModel):
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("project"),
    )
    category = models.CharField(
        max_length=12, choices=BudgetCategory.choices, verbose_name=_("category")
    )
    description = models.CharField(max_length=300, blank=True, verbose_name=_("description"))
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], verbose_name=_("amount")
    )
    currency = models.CharField(max_length=3, default="EUR", verbose_name=_("currency"))

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount} {self.currency}"


class CostEntry(VersionedModel):
    """An actual cost incurred (invoice, purchase, expense)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="cost_entries",
        verbose_name=_("project"),
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cost_entries",
        verbose_name=_("budget line"),
    )
    category = models.CharField(
        max_length=12, choices=BudgetCategory.choices, verbose_name=_("category")
    )
    date = models.DateField(verbose_name=_("date"))
    amount = models.DecimalField(max_digits=14, decimal_places=2, verbose_name=_("amount"))
    currency = models.CharField(max_length=3, default="EUR", verbose_name=_("currency"))
    description = models.CharField(max_length=300, blank=True, verbose_name=_("description"))
    task = models.ForeignKey(
        "planning.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="costs",
        verbose_name=_("task"),
    )
    resource = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="costs",
        verbose_name=_("resource"),
    )

    class Meta:
        verbose_name = _("cost entry")
        verbose_name_plural = _("cost entries")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.currency}"


class TimeEntry(VersionedModel):
    """Hours a person worked on a task on one date."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="time_entries",
        verbose_name=_("project"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="time_entries",
        verbose_name=_("person"),
    )
    task = models.ForeignKey(
        "planning.Task",
        on_delete=models.CASCADE,
        related_name="time_entries",
        verbose_name=_("task"),
    )
    date = models.DateField(verbose_name=_("date"))
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(24)],
        verbose_name=_("hours"),
    )
    note = models.CharField(max_length=500, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
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


class ResourceRate(VersionedModel):
    """A change of a resource's standard hourly rate from ``effective_from`` on (MS Project's
    cost rate table): time worked on or after that date is priced at ``standard_rate`` until the
    next change; time before the first change at the resource's own ``standard_rate``. The rate
    is in the resource's currency."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="rate_changes", verbose_name=_("resource")
    )
    effective_from = models.DateField(verbose_name=_("effective from"))
    standard_rate = models.DecimalField(**_MONEY, verbose_name=_("standard rate"))

    class Meta:
        verbose_name = _("resource rate")
        verbose_name_plural = _("resource rates")
        ordering = ["resource_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "effective_from"],
                name="resource_rate_unique_date",
                violation_error_message="This resource already has a rate change on that date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard_rate} from {self.effective_from}"


class TimesheetStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class TimesheetWeek(VersionedModel):
    """A person's week of time in one project once it was submitted: the project manager
    approves it or returns it with a note. A week without a row is still being filled in; a
    submitted or approved week is read-only for its person, a returned one open again."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="timesheet_weeks",
        verbose_name=_("project"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="timesheet_weeks",
        verbose_name=_("person"),
    )
    week_start = models.DateField(verbose_name=_("week start"))  # a Monday
    status = models.CharField(
        max_length=10, choices=TimesheetStatus.choices, verbose_name=_("status")
    )
    hours = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("0"), verbose_name=_("hours")
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    note = models.CharField(max_length=500, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("timesheet week")
        verbose_name_plural = _("timesheet weeks")
        ordering = ["-week_start", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person", "week_start"],
                name="timesheet_week_unique",
                violation_error_message="This week already has a timesheet.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} week of {self.week_start}"
