from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventKind


class WebhookForm(forms.Form):
    name = forms.CharField(
        max_length=120, label=_("Name"), help_text=_("Where the events go, in your words.")
    )
    url = forms.CharField(
        max_length=2000,
        label=_("URL"),
        help_text=_("An http:// or https:// address on the public internet."),
    )
    events = forms.MultipleChoiceField(
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Events"),
        help_text=_("Changes of these kinds are sent."),
    )
