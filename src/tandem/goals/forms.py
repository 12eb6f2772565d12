"""Forms of the goals pages: they parse and show errors; actions decide and write."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.planning.forms import DATE
from tandem.planning.models import Task

from .models import Goal, KeyResult

KR_FIELDS = ["name", "metric", "unit", "direction", "source", "baseline", "target", "current"]
GOAL_LABELS = {
    "name": _("Name"),
    "description": _("Description"),
    "owner": _("Owner"),
    "due_date": _("Due date"),
}
KR_LABELS = {
    "name": _("Name"),
    "metric": _("Metric"),
    "unit": _("Unit"),
    "direction": _("Direction"),
    "source": _("Source"),
    "baseline": _("Baseline"),
    "target": _("Target"),
    "current": _("Current"),
}


class PlainNumberInput(forms.NumberInput):
    """A measured value as people type it: 203 and 90.5, not 203.0000 and 90.5000."""

    def format_value(self, value: Any) -> str | None:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            shown: str | None = super().format_value(value)
            return shown
        if number == number.to_integral_value():
            return str(number.quantize(Decimal(1)))
        return str(number.normalize())


MEASURES = {
    name: PlainNumberInput(attrs={"step": "any"}) for name in ("baseline", "target", "current")
}


class GoalForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Goal
        fields = ["name", "description", "due_date"]
        labels = GOAL_LABELS
        widgets = {"due_date": DATE}


class TaskChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'◆ ' if obj.is_milestone else ''}{obj.wbs_code} {obj.name}"


def _project_tasks(project: Any) -> Any:
    return Task.objects.filter(project=project).order_by("wbs_sort")


class GoalEditForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)
    tasks = TaskChoices(
        queryset=Task.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Tasks and milestones that deliver it"),
    )

    class Meta:
        model = Goal
        fields = ["name", "description", "owner", "due_date"]
        labels = GOAL_LABELS
        widgets = {"due_date": DATE}

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = project.members.order_by("username")  # type: ignore[attr-defined]
        self.fields["tasks"].queryset = _project_tasks(project)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        return None


class KeyResultForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = KeyResult
        fields = KR_FIELDS
        labels = KR_LABELS
        widgets = MEASURES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left out, the direction follows the target (below the baseline: lower is better).
        self.fields["direction"].required = False
        self.fields["direction"].choices = [  # type: ignore[attr-defined]
            ("", _("From the target")),
            *self.fields["direction"].choices,  # type: ignore[attr-defined]
        ]
        self.initial["direction"] = ""
        self.fields["source"].required = False

    def _post_clean(self) -> None:
        return None


class KeyResultEditForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)
    tasks = TaskChoices(
        queryset=Task.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Linked tasks and milestones"),
        help_text=_("With progress from tasks or milestones, these decide it."),
    )

    class Meta:
        model = KeyResult
        fields = KR_FIELDS
        labels = KR_LABELS
        widgets = MEASURES

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = _project_tasks(project)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        return None


class KeyResultCurrentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    current = forms.DecimalField(
        max_digits=16,
        decimal_places=4,
        label=_("Current"),
        widget=PlainNumberInput(attrs={"step": "any"}),
    )
