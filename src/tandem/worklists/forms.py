"""The plan list's bulk edit form."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
        choices=[("", _("Leave as is")), *TaskStatus.choices], required=False, label=_("Status")
    )
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Leave as is"),
        label=_("Assign to"),
        help_text=_("Replaces the people assigned (resources stay)."),
    )
    team = forms.ChoiceField(required=False, label=_("Team"))
    priority = forms.IntegerField(min_value=0, max_value=1000, required=False, label=_("Priority"))
    shift_days = forms.IntegerField(
        min_value=-SHIFT_LIMIT,
        max_value=SHIFT_LIMIT,
        required=False,
        label=_("Shift dates by"),
        help_text=_("Working days; negative: earlier."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.teams = {str(t.pk): t for t in teams_of(project)}
        team_field: Any = self.fields["team"]
        team_field.choices = [
            ("", _("Leave as is")),
            (NO_TEAM, _("No team")),
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
                raise forms.ValidationError(
                    _("A selected task could not be read; reload the list.")
                )
            picks[int(found.group(1))] = int(found.group(2))
        if not picks:
            raise forms.ValidationError(_("Select the tasks to change (the boxes in the list)."))
        if len(picks) > BULK_LIMIT:
            raise forms.ValidationError(
                ngettext(
                    "Select at most %(count)d task at once.",
                    "Select at most %(count)d tasks at once.",
                    BULK_LIMIT,
                )
                % {"count": BULK_LIMIT}
            )
        self.picks = picks
        if self.changes().is_empty():
            raise forms.ValidationError(_("Choose at least one change to make."))
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
