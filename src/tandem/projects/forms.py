"""Forms of the project pages: they parse and show errors; actions decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
        labels = {
            "code": _("Code"),
            "name": _("Name"),
            "scope": _("Scope"),
            "success_criteria": _("Success criteria"),
            "start_date": _("Start date"),
            "target_date": _("Target date"),
            "time_zone": _("Time zone"),
            "budget": _("Budget"),
            "currency": _("Currency"),
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
        }


class HealthForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    health = forms.ChoiceField(choices=Health.choices, label=_("Health"))
    health_reason = forms.CharField(max_length=500, required=False, label=_("Reason"))
    status = forms.ChoiceField(choices=Lifecycle.choices, label=_("Lifecycle"))
