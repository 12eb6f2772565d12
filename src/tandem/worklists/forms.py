"""The plan list's bulk edit form."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from tandem.accounts.models import User
from tandem.planning.models import TaskStatus
from tandem.planning.task_filters import teams_of
from tandem.projects.models import Project
from tandem.projects.policies import WORKERS

from .actions import BULK_LIMIT, SHIFT_LIMIT, BulkChanges

_PICK = re.compile(r"^(\d{1,11}):(\d{1,9})$")
NO_TEAM = "none"


class BulkEditForm(forms.Form):
    """Each selected task arrives as ``task=<id>:<version>``: the version the list showed."""

    status = forms.ChoiceField(
        choices=[("", "Leave as is"), *TaskStatus.choices], required=False, label="Status"
    )
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Leave as is",
        label="Assign to",
        help_text="Replaces the people assigned (resources stay).",
    )
    team = forms.ChoiceField(required=False, label="Team")
    priority = forms.IntegerField(min_value=0, max_value=1000, required=False, label="Priority")
    shift_days = forms.IntegerField(
        min_value=-SHIFT_LIMIT,
        max_value=SHIFT_LIMIT,
        required=False,
        label="Shift dates by",
        help_text="Working days; negative: earlier.",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.teams = {str(t.pk): t for t in teams_of(project)}
        team_field: Any = self.fields["team"]
        team_field.choices = [
            ("", "Leave as is"),
            (NO_TEAM, "No team"),
            *[(pk, t.name) for pk, t in self.teams.items()],
        ]
        people: Any = self.fields["assignee"]
        people.queryset = User.objects.filter(
            memberships__project=project, memberships__role__in=list(WORKERS)
        ).order_by("display_name", "first_name", "username")
        self.picks: dict[int, int] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = self.data.getlist("task") if hasattr(self.data, "getlist") else []
        picks: dict[int, int] = {}
        for value in raw:
            found = _PICK.match(value)
            if not found:
                raise forms.ValidationError("A selected task could not be read; reload the list.")
            picks[int(found.group(1))] = int(found.group(2))
        if not picks:
            raise forms.ValidationError("Select the tasks to change (the boxes in the list).")
        if len(picks) > BULK_LIMIT:
            raise forms.ValidationError(f"Select at most {BULK_LIMIT} tasks at once.")
        self.picks = picks
        if self.changes().is_empty():
            raise forms.ValidationError("Choose at least one change to make.")
        return data

    def changes(self) -> BulkChanges:
        data = self.cleaned_data
        team = data.get("team") or ""
        return BulkChanges(
            status=data.get("status") or None,
            assignee=data.get("assignee"),
            team=self.teams.get(team),
            clear_team=team == NO_TEAM,
            priority=data.get("priority"),
            shift_days=data.get("shift_days") or 0,
        )
