"""Forms of the risk and issue pages: they parse and show errors; actions decide and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from tandem.projects.models import Project
from tandem.projects.policies import WORKERS

from .models import EscalationLevel, Issue, MitigationAction, MitigationStatus, Risk


def _workers(project: Project) -> Any:
    return (
        apps.get_model("accounts", "User")
        ._default_manager.filter(
            memberships__project=project, memberships__role__in=[r.value for r in WORKERS]
        )
        .order_by("username")
    )


def _tasks(project: Project) -> Any:
    return apps.get_model("planning", "Task")._default_manager.filter(project=project)


DATE = forms.DateInput(attrs={"type": "date"})

# The labels of the model fields the forms show (the models' own names, marked for translation).
LABELS = {
    "title": _("Title"),
    "cause": _("Cause"),
    "effect": _("Effect"),
    "probability": _("Probability"),
    "impact": _("Impact"),
    "schedule_impact_days": _("Schedule impact days"),
    "cost_impact": _("Cost impact"),
    "schedule_optimistic_days": _("Schedule optimistic days"),
    "schedule_most_likely_days": _("Schedule most likely days"),
    "schedule_pessimistic_days": _("Schedule pessimistic days"),
    "owner": _("Owner"),
    "response_strategy": _("Response strategy"),
    "response_plan": _("Response plan"),
    "status": _("Status"),
    "review_on": _("Review on"),
    "tasks": _("Tasks"),
    "description": _("Description"),
    "due_date": _("Due date"),
    "severity": _("Severity"),
    "priority": _("Priority"),
    "resolution": _("Resolution"),
    "risks": _("Risks"),
}


def _labels(fields: list[str]) -> dict[str, Any]:
    return {name: LABELS[name] for name in fields}


class _ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form whose owner and task choices are the project's workers and tasks."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
        if "owner" in self.fields:
            self.fields["owner"].queryset = _workers(project)  # type: ignore[attr-defined]
        if "tasks" in self.fields:
            self.fields["tasks"].queryset = _tasks(project)  # type: ignore[attr-defined]
        if "risks" in self.fields:
            self.fields["risks"].queryset = Risk.objects.filter(project=project)  # type: ignore[attr-defined]

    def action_data(self) -> tuple[dict[str, Any], dict[str, list[int]], int | None]:
        """(field changes, link id lists by keyword, version) in the shape the actions take."""
        data = dict(self.cleaned_data)
        version = data.pop("version", None)
        links = {
            f"{name[:-1]}_ids": [obj.pk for obj in data.pop(name)]
            for name in ("tasks", "risks")
            if name in data
        }
        if "owner" in data:
            owner = data.pop("owner")
            data["owner_id"] = owner.pk if owner else None
        return data, links, version


class RiskForm(_ProjectForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "cause",
            "effect",
            "probability",
            "impact",
            "schedule_impact_days",
            "cost_impact",
            "schedule_optimistic_days",
            "schedule_most_likely_days",
            "schedule_pessimistic_days",
            "owner",
            "response_strategy",
            "response_plan",
            "status",
            "review_on",
            "tasks",
        ]
        labels = _labels(fields)
        widgets = {"review_on": DATE}


class MitigationForm(_ProjectForm):
    class Meta:
        model = MitigationAction
        fields = ["title", "description", "owner", "due_date", "status"]
        labels = _labels(fields)
        widgets = {"due_date": DATE}


class MitigationStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=MitigationStatus.choices, label=_("Status"))
    due_date = forms.DateField(widget=DATE, required=False, label=_("Due date"))


class IssueForm(_ProjectForm):
    class Meta:
        model = Issue
        fields = [
            "title",
            "description",
            "severity",
            "priority",
            "owner",
            "due_date",
            "status",
            "resolution",
            "risks",
            "tasks",
        ]
        labels = _labels(fields)
        widgets = {"due_date": DATE}


class RaiseIssueForm(_ProjectForm):
    class Meta:
        model = Issue
        fields = ["title", "description", "severity", "priority", "owner", "due_date"]
        labels = _labels(fields)
        widgets = {"due_date": DATE}


class IssueStatusForm(forms.Form):
    """What an issue's owner may change."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=Issue._meta.get_field("status").choices,  # type: ignore[arg-type]
        label=_("Status"),
    )
    resolution = forms.CharField(widget=forms.Textarea, required=False, label=_("Resolution"))


class EscalateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))
    to_level = forms.ChoiceField(
        choices=[("", _("Next level up")), *EscalationLevel.choices],
        required=False,
        label=_("To level"),
    )


CORRELATION_GROUPS = 3


class RiskAnalysisForm(forms.Form):
    """Run a schedule risk analysis: iterations, an optional fixed seed, a label, and up to
    three groups of tasks whose durations move together. ``task_choices`` are the plan's tasks
    that carry durations (id, label)."""

    iterations = forms.IntegerField(
        initial=5000, min_value=100, max_value=100_000, label=_("Iterations")
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        label=_("Seed"),
        help_text=_("Same seed, same results."),
    )
    label = forms.CharField(
        required=False, max_length=120, label=_("Label"), help_text=_("e.g. Week 12")
    )

    def __init__(self, *args: Any, task_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for k in range(1, CORRELATION_GROUPS + 1):
            self.fields[f"group{k}_tasks"] = forms.TypedMultipleChoiceField(
                required=False,
                choices=task_choices,
                coerce=int,
                label=_("Group %(k)s: tasks") % {"k": k},
            )
            self.fields[f"group{k}_correlation"] = forms.DecimalField(
                required=False,
                min_value=0,
                max_value=Decimal("0.99"),
                decimal_places=2,
                label=_("Group %(k)s: correlation") % {"k": k},
                help_text=_("0 (independent) to 0.99"),
            )

    def groups(self) -> list[tuple[tuple[int, ...], float]]:
        """The filled-in correlation groups (tasks chosen), each with its correlation (0.5 when
        left empty)."""
        found = []
        for k in range(1, CORRELATION_GROUPS + 1):
            tasks = tuple(self.cleaned_data.get(f"group{k}_tasks") or ())
            rho = self.cleaned_data.get(f"group{k}_correlation")
            if tasks:
                found.append((tasks, float(rho if rho is not None else Decimal("0.5"))))
        return found

    def group_fields(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"group{k}_tasks"], self[f"group{k}_correlation"])
            for k in range(1, CORRELATION_GROUPS + 1)
        ]


class EstimateForm(forms.Form):
    """One task's three-point estimate, in the task's duration unit."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    optimistic = forms.DecimalField(
        min_value=0, max_digits=9, decimal_places=2, label=_("Optimistic")
    )
    most_likely = forms.DecimalField(
        min_value=0, max_digits=9, decimal_places=2, label=_("Most likely")
    )
    pessimistic = forms.DecimalField(
        min_value=0, max_digits=9, decimal_places=2, label=_("Pessimistic")
    )
