from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.risks.models import Severity

from .models import EscalationRule

SEVERITY_CHOICES = [("", _("Any severity")), *Severity.choices]


class EscalationRuleForm(forms.ModelForm[EscalationRule]):
    min_severity = forms.ChoiceField(
        choices=SEVERITY_CHOICES,
        required=False,
        label=_("Issues of at least"),
        help_text=_("For issue rules only."),
    )

    class Meta:
        model = EscalationRule
        fields = ["name", "trigger", "min_severity", "after_working_days", "escalate_to", "active"]
        labels = {
            "name": _("Name"),
            "trigger": _("When"),
            "after_working_days": _("For more than (working days)"),
            "escalate_to": _("Escalate to"),
            "active": _("Active"),
        }
