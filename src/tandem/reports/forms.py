from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.records.models import Audience, Rag

from .models import ScheduleMode

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class DraftForm(forms.Form):
    period_start = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label=_("Period start")
    )
    period_end = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label=_("Period end")
    )
    audience = forms.ChoiceField(
        choices=Audience.choices, initial=Audience.STAKEHOLDERS, label=_("Audience")
    )


class ReportTextForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rag = forms.ChoiceField(choices=Rag.choices, label=_("Status (RAG)"))
    audience = forms.ChoiceField(choices=Audience.choices, label=_("Audience"))
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Summary"))
    achievements = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), label=_("Achievements")
    )
    next_steps = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), label=_("Next steps")
    )
    blockers = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label=_("Blockers")
    )


class ScheduleForm(forms.Form):
    active = forms.BooleanField(required=False, initial=True, label=_("Active"))
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, initial=4, label=_("Every"))
    time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}), label=_("At (project's time zone)")
    )
    audience = forms.ChoiceField(
        choices=Audience.choices, initial=Audience.STAKEHOLDERS, label=_("Audience")
    )
    mode = forms.ChoiceField(
        choices=ScheduleMode.choices, initial=ScheduleMode.APPROVE, label=_("Mode")
    )
