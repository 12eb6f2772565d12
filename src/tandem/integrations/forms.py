from __future__ import annotations

from django import forms

from .models import EventKind


class WebhookForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="Where the events go, in your words.")
    url = forms.CharField(
        max_length=2000,
        label="URL",
        help_text="An http:// or https:// address on the public internet.",
    )
    events = forms.MultipleChoiceField(
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Changes of these kinds are sent.",
    )
