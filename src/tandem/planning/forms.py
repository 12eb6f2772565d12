"""Forms of the planning pages: they parse and show errors; actions decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.core.errors import TandemError
from tandem.resources.models import Resource

from .models import ConstraintType, DependencyType, LagUnit, Task, TaskStatus

DATE = forms.DateInput(attrs={"type": "date"})

EDIT_FIELDS = [
    "name",
    "description",
    "parent",
    "is_milestone",
    "estimate_mode",
    "duration_unit",
    "estimate",
    "optimistic",
    "most_likely",
    "pessimistic",
    "start_date",
    "finish_date",
    "constraint_type",
    "constraint_date",
    "deadline",
    "priority",
    "status",
    "percent_complete",
    "actual_start",
    "actual_finish",
    "remaining",
    "team",
    "manually_scheduled",
    "do_not_level",
]
PROGRESS_FORM_FIELDS = ["status", "percent_complete", "actual_start", "actual_finish", "remaining"]
# Field labels shown on the task page (the model's own names, capitalized).
LABELS = {
    "name": _("Name"),
    "description": _("Description"),
    "parent": _("Parent"),
    "is_milestone": _("Is milestone"),
    "estimate_mode": _("Estimate mode"),
    "duration_unit": _("Duration unit"),
    "estimate": _("Estimate"),
    "optimistic": _("Optimistic"),
    "most_likely": _("Most likely"),
    "pessimistic": _("Pessimistic"),
    "start_date": _("Start date"),
    "finish_date": _("Finish date"),
    "constraint_type": _("Constraint type"),
    "constraint_date": _("Constraint date"),
    "deadline": _("Deadline"),
    "priority": _("Priority"),
    "status": _("Status"),
    "percent_complete": _("Percent complete"),
    "actual_start": _("Actual start"),
    "actual_finish": _("Actual finish"),
    "remaining": _("Remaining"),
    "team": _("Team"),
    "manually_scheduled": _("Manually scheduled"),
    "do_not_level": _("Do not level"),
}
DATE_FIELDS = [
    "start_date",
    "finish_date",
    "constraint_date",
    "deadline",
    "actual_start",
    "actual_finish",
]


def add_action_errors(form: forms.BaseForm, exc: TandemError) -> None:
    """Show an action's refusal on the form: per field when it names fields, else on top."""
    placed = False
    for field, messages in exc.fields.items():
        name = field.removesuffix("_id")
        if name in form.fields:
            form.add_error(name, messages)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class TaskForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Task
        fields = EDIT_FIELDS
        widgets = {name: DATE for name in DATE_FIELDS}
        labels = LABELS

    def __init__(
        self, *args: Any, project: Any, only: tuple[str, ...] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        tasks = Task.objects.filter(project=project).order_by("wbs_sort")
        if self.instance.pk:
            tasks = tasks.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = tasks  # type: ignore[attr-defined]
        self.fields["team"].queryset = project.organization.teams.all()  # type: ignore[attr-defined]
        if only is not None:
            # One section of the task page: the other fields are neither shown nor changed.
            for name in [n for n in self.fields if n not in only and n != "version"]:
                del self.fields[name]
            self.order_fields(list(only))

    def validate_constraints(self, exclude: Any = None) -> None:
        """Constraints are checked by the action (with the final WBS fields) instead."""

    def _post_clean(self) -> None:
        # Field-level parsing only; the action runs the model's full validation on the real row.
        return None


class TaskCreateForm(forms.Form):
    """The short form that adds a task: the rest is set on the task's page."""

    name = forms.CharField(max_length=200, label=_("Name"))
    parent = forms.ModelChoiceField(
        queryset=Task.objects.none(), required=False, label=_("Under (summary task)")
    )
    estimate = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        label=_("Duration (working days)"),
    )
    assignee = forms.ModelChoiceField(
        queryset=Task.objects.none(), required=False, label=_("Assignee")
    )

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Task.objects.filter(  # type: ignore[attr-defined]
            project=project, is_milestone=False
        ).order_by("wbs_sort")
        self.fields["assignee"].queryset = project.members.filter(  # type: ignore[attr-defined]
            memberships__project=project,
            memberships__role__in=["manager", "coordinator", "member"],
        ).order_by("username")


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=TaskStatus.choices, label=LABELS["status"])
    percent_complete = forms.IntegerField(
        min_value=0, max_value=100, label=LABELS["percent_complete"]
    )
    actual_start = forms.DateField(required=False, widget=DATE, label=LABELS["actual_start"])
    actual_finish = forms.DateField(required=False, widget=DATE, label=LABELS["actual_finish"])
    remaining = forms.DecimalField(
        required=False, min_value=0, max_digits=9, decimal_places=2, label=LABELS["remaining"]
    )


class PlanSchedulingForm(forms.Form):
    """How the plan is scheduled: automatically after each change, or when applied."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    auto_schedule = forms.BooleanField(
        required=False, label=_("Schedule automatically (every change moves the dates at once)")
    )
    status_date = forms.DateField(required=False, widget=DATE, label=_("Status date"))


class DependencyForm(forms.Form):
    predecessor = forms.ModelChoiceField(queryset=Task.objects.none(), label=_("Predecessor"))
    type = forms.ChoiceField(choices=DependencyType.choices, initial="FS", label=_("Type"))
    lag = forms.DecimalField(initial=0, max_digits=9, decimal_places=2, label=_("Lag"))
    lag_unit = forms.ChoiceField(choices=LagUnit.choices, initial="days", label=_("Lag unit"))

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["predecessor"].queryset = (  # type: ignore[attr-defined]
            Task.objects.filter(project_id=task.project_id).exclude(pk=task.pk).order_by("wbs_sort")
        )


class BaselineForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name"))


CONSTRAINTS = ConstraintType


class AssignmentForm(forms.Form):
    """A project worker or an organization resource, at ``units`` percent."""

    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Task.objects.none(), required=False, label=_("Person")
    )
    resource: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Resource.objects.none(), required=False, label=_("Resource")
    )
    units = forms.DecimalField(
        initial=100, min_value=0.01, max_value=10000, decimal_places=2, label=_("Units")
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project = task.project
        self.fields["person"].queryset = project.members.filter(  # type: ignore[attr-defined]
            memberships__project=project,
            memberships__role__in=["manager", "coordinator", "member"],
        ).order_by("username")
        self.fields["resource"].queryset = Resource.objects.filter(  # type: ignore[attr-defined]
            organization_id=project.organization_id, active=True
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("person") is None) == (data.get("resource") is None):
            raise forms.ValidationError(_("Choose either a person or a resource."))
        return data
