"""Forms of the resources pages: they parse and show errors; actions decide and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.planning.models import Baseline, Task
from tandem.projects.models import Role

from .models import BudgetCategory, Resource, ResourceKind, WorkCalendar
from .timesheets import CLOSED_TASK_STATUSES

DATE = forms.DateInput(attrs={"type": "date"})


class RoleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))


class ResourceForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    kind = forms.ChoiceField(choices=ResourceKind.choices, label=_("Kind"))
    standard_rate = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, initial=0, label=_("Standard rate")
    )
    overtime_rate = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, initial=0, label=_("Overtime rate")
    )
    cost_per_use = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, initial=0, label=_("Cost per use")
    )
    currency = forms.CharField(max_length=3, initial="EUR", label=_("Currency"))
    max_units = forms.DecimalField(
        min_value=0, max_digits=7, decimal_places=2, initial=100, label=_("Max units")
    )
    material_unit = forms.CharField(max_length=30, required=False, label=_("Material unit"))


class ResourceEditForm(ResourceForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    active = forms.BooleanField(required=False, label=_("Active"))
    calendar = forms.ModelChoiceField(
        queryset=WorkCalendar.objects.none(),
        required=False,
        empty_label=_("None: the calendar of each project (a person: their own hours)"),
        label=_("Calendar"),
    )

    def __init__(self, *args: Any, organization_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = WorkCalendar.objects.filter(
            organization_id=organization_id or 0, project__isnull=True
        )
        self.fields["calendar"].queryset = shared.order_by("name")  # type: ignore[attr-defined]


class TimeEntryForm(forms.Form):
    task = forms.ModelChoiceField(queryset=Task.objects.none(), label=_("Task"))
    date = forms.DateField(widget=DATE, label=_("Date"))
    hours = forms.DecimalField(
        min_value=0.01, max_value=24, max_digits=5, decimal_places=2, label=_("Hours")
    )
    note = forms.CharField(max_length=500, required=False, label=_("Note"))

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Time goes on work still open: not on summaries, milestones or closed tasks.
        self.fields["task"].queryset = (  # type: ignore[attr-defined]
            Task.objects.filter(project=project, is_milestone=False, children__isnull=True)
            .exclude(status__in=CLOSED_TASK_STATUSES)
            .order_by("wbs_sort")
        )
        self.fields["date"].initial = timezone.localdate()


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(choices=BudgetCategory.choices, label=_("Category"))
    description = forms.CharField(max_length=300, required=False, label=_("Description"))
    amount = forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, label=_("Amount"))


class CostEntryForm(forms.Form):
    category = forms.ChoiceField(choices=BudgetCategory.choices, label=_("Category"))
    date = forms.DateField(widget=DATE, label=_("Date"))
    amount = forms.DecimalField(min_value=0.01, max_digits=14, decimal_places=2, label=_("Amount"))
    description = forms.CharField(max_length=300, required=False, label=_("Description"))


def resource_choices(org_id: int) -> Any:
    return Resource.objects.filter(organization_id=org_id, active=True)


class RateChangeForm(forms.Form):
    """A change of a resource's standard hourly rate from a date on."""

    effective_from = forms.DateField(widget=DATE, label=_("From"))
    standard_rate = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, label=_("Standard rate per hour")
    )


class EarnedValueForm(forms.Form):
    """The earned value page's choices: status date, baseline and EAC method (all optional)."""

    status_date = forms.DateField(widget=DATE, required=False, label=_("Status date"))
    baseline = forms.ModelChoiceField(
        queryset=Baseline.objects.none(), required=False, empty_label=None, label=_("Baseline")
    )
    eac_method = forms.ChoiceField(
        choices=[
            ("cpi", _("BAC / CPI (cost efficiency continues)")),
            ("atypical", _("AC + (BAC - EV) (the rest goes to budget)")),
            ("cpi_spi", _("AC + (BAC - EV) / (CPI x SPI) (cost and schedule weigh)")),
        ],
        required=False,
        label=_("Forecast (EAC)"),
    )

    def __init__(self, *args: Any, project: Any, baseline: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Baseline]", self.fields["baseline"])
        field.queryset = Baseline.objects.filter(project=project).order_by("-created_at", "-id")
        if baseline is not None:
            field.initial = baseline.pk
