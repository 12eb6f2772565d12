"""Forms of the project pages: they parse and show errors; actions decide and write."""

from __future__ import annotations

from django import forms

from .models import Health, Lifecycle, Project


class ProjectForm(forms.ModelForm[Project]):
    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "scope",
            "success_criteria",
            "start_date",
            "target_date",
            "time_zone",
            "budget",
            "currency",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
        }


class HealthForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    health = forms.ChoiceField(choices=Health.choices)
    health_reason = forms.CharField(max_length=500, required=False)
    status = forms.ChoiceField(choices=Lifecycle.choices)
