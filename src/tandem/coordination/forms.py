"""Forms of the coordinator's desk pages (the API takes the same fields as JSON)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.projects.policies import WORKERS, members_of

from .actions import DUE_AS_CHOICES, DUE_AS_DEADLINE, MAX_ESTIMATE_DAYS
from .agenda import DEFAULT_RISK_SCORE


def parent_choices(project: Project) -> list[tuple[str, str]]:
    """Where a new task can go: the top level or under any task that is not a milestone, in
    outline order, indented by level."""
    rows = Task.objects.filter(project=project, is_milestone=False).order_by("wbs_sort")
    choices = [("", _("Top level of the plan"))]
    for task in rows.only("pk", "wbs_code", "name"):
        indent = "\u2003" * task.wbs_code.count(".")
        choices.append((str(task.pk), f"{indent}{task.wbs_code} {task.name}"))
    return choices


def worker_choices(project: Project) -> list[tuple[str, str]]:
    rows = members_of(project, WORKERS).order_by("user__username")
    return [("", _("Nobody yet"))] + [(str(m.user_id), str(m.user)) for m in rows]


class ScheduleActionItemForm(forms.Form):
    parent = forms.ChoiceField(label=gettext_lazy("Put the task under"), required=False)
    owner = forms.ChoiceField(label=gettext_lazy("Owner (assigned to the task)"), required=False)
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_as = forms.ChoiceField(
        label=gettext_lazy("The due date is"),
        choices=list(DUE_AS_CHOICES.items()),
        initial=DUE_AS_DEADLINE,
    )
    estimate_days = forms.DecimalField(
        label=gettext_lazy("Duration estimate (working days)"),
        min_value=Decimal("0.01"),
        max_value=MAX_ESTIMATE_DAYS,
        decimal_places=2,
        initial=Decimal(1),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = parent_choices(project)  # type: ignore[attr-defined]
        self.fields["owner"].choices = worker_choices(project)  # type: ignore[attr-defined]


class RiskScoreForm(forms.Form):
    risk_score = forms.IntegerField(
        label=gettext_lazy("Risks scored at least"),
        min_value=1,
        max_value=25,
        initial=DEFAULT_RISK_SCORE,
    )
