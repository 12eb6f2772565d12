"""Forms of the goals page: they parse and show errors; actions decide and write."""

from __future__ import annotations

from django import forms

from tandem.planning.forms import DATE

from .models import Goal, KeyResult


class GoalForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Goal
        fields = ["name", "description", "due_date"]
        widgets = {"due_date": DATE}


class KeyResultForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = KeyResult
        fields = ["name", "metric", "unit", "baseline", "target", "current"]

    def _post_clean(self) -> None:
        return None


class KeyResultCurrentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    current = forms.DecimalField(max_digits=16, decimal_places=4)
