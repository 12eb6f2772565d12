from __future__ import annotations

from django import forms

from tandem.records.models import Audience, Rag

from .models import ScheduleMode

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class DraftForm(forms.Form):
    period_start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    audience = forms.ChoiceField(choices=Audience.choices, initial=Audience.STAKEHOLDERS)


class ReportTextForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rag = forms.ChoiceField(choices=Rag.choices, label="Status (RAG)")
    audience = forms.ChoiceField(choices=Audience.choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    achievements = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))
    next_steps = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))
    blockers = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ScheduleForm(forms.Form):
    active = forms.BooleanField(required=False, initial=True, label="Active")
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, initial=4, label="Every")
    time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}), label="At (project's time zone)"
    )
    audience = forms.ChoiceField(choices=Audience.choices, initial=Audience.STAKEHOLDERS)
    mode = forms.ChoiceField(choices=ScheduleMode.choices, initial=ScheduleMode.APPROVE)
