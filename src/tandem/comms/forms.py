"""The email preference form: it parses and shows errors; the action decides and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AlertEmails

HOUR_CHOICES = [(h, f"{h:02d}:00") for h in range(24)]


class EmailPreferenceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    alert_emails = forms.ChoiceField(
        choices=AlertEmails.choices, widget=forms.RadioSelect, label=_("Alert emails")
    )
    digest_hour = forms.TypedChoiceField(
        choices=HOUR_CHOICES,
        coerce=int,
        label=_("Send the daily digest at (your time zone)"),
    )
