from __future__ import annotations

from django import forms

from .escalations import SEVERITY_ORDER
from .models import EscalationRule

SEVERITY_CHOICES = [("", "Any severity"), *((s, s.capitalize()) for s in SEVERITY_ORDER)]


class EscalationRuleForm(forms.ModelForm[EscalationRule]):
    min_severity = forms.ChoiceField(
        choices=SEVERITY_CHOICES,
        required=False,
        label="Issues of at least",
        help_text="For issue rules only.",
    )

    class Meta:
        model = EscalationRule
        fields = ["name", "trigger", "min_severity", "after_working_days", "escalate_to", "active"]
        labels = {
            "trigger": "When",
            "after_working_days": "For more than (working days)",
            "escalate_to": "Escalate to",
        }
