from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.risks.models import Severity

from .models import EscalationRule, WatchSettings

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


class WatchSettingsForm(forms.Form):
    """The thresholds as the manager types them; ``monitoring.actions`` checks the ranges."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    slip_steps_days = forms.CharField(
        max_length=200,
        label=_("Milestone slip steps (working days)"),
        help_text=_("An alert is raised at the first, and told again at each next, e.g. 1, 3, 5"),
    )
    slip_red_days = forms.IntegerField(label=_("A milestone slip is red from (working days)"))
    float_erosion_days = forms.DecimalField(
        label=_("Float erosion alert when float falls by more than (working days)")
    )
    near_critical_days = forms.DecimalField(
        label=_("Near-critical: tasks with at most this float (working days)")
    )
    cpi_threshold = forms.DecimalField(label=_("CPI floor"))
    spi_threshold = forms.DecimalField(label=_("SPI floor"))
    overdue_grace_days = forms.IntegerField(
        label=_("Grace before an overdue task or action item alerts (working days)")
    )
    risk_review_days = forms.IntegerField(
        label=_("A risk without a review date is due for review after (days unchanged)")
    )

    def clean_slip_steps_days(self) -> list[int]:
        raw = self.cleaned_data["slip_steps_days"]
        try:
            return [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(
                _("Whole numbers separated by commas, e.g. 1, 3, 5")
            ) from exc

    @staticmethod
    def initial_of(found: WatchSettings) -> dict[str, object]:
        initial = {name: getattr(found, name) for name in WATCH_FIELDS}
        initial["slip_steps_days"] = ", ".join(str(d) for d in found.slip_steps_days)
        return {"version": found.version, **initial}


WATCH_FIELDS = [
    "slip_steps_days",
    "slip_red_days",
    "float_erosion_days",
    "near_critical_days",
    "cpi_threshold",
    "spi_threshold",
    "overdue_grace_days",
    "risk_review_days",
]
