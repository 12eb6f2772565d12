"""The task filter the plan list, the board and the Gantt share (and saved views store).

One filter, read from the same query parameters on every page and on
``GET /api/projects/{id}/gantt``, so a filter that finds four tasks on the plan finds the same
four on the board and the chart:

``status``     one of ``TaskStatus``
``q``          words in the name or description, or a WBS code
``team``       a team of the project's organization (id)
``assignee``   a person's or resource's name, in part ("Anna", "anna berg"): every word must
               appear in one of the names of the same person or resource
``milestone``  1: milestones only, 0: no milestones
``critical``   1: tasks on the critical path only, 0: off it
``overdue``    1: open tasks whose due date (deadline, else planned finish) has passed, 0: the
               others
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Team
from tandem.core.errors import TandemError, ValidationFailed
from tandem.core.input_limits import has_unpaired_surrogate
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from . import queries, schedule_cache
from .models import Assignment, Task, TaskStatus

PARAMS = ("status", "q", "team", "assignee", "milestone", "critical", "overdue")
CLOSED = (TaskStatus.DONE, TaskStatus.CANCELLED)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_TEXT_LIMIT = 200


@dataclass(frozen=True)
class TaskFilter:
    status: str | None = None
    q: str = ""
    team: int | None = None
    assignee: str = ""
    milestone: bool | None = None
    critical: bool | None = None
    overdue: bool | None = None

    def is_empty(self) -> bool:
        return self == TaskFilter()

    def as_params(self) -> dict[str, str]:
        """The query parameters that give this filter back (empty values left out)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == "":
                continue
            out[f.name] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out

    def describe(self, team_name: str | None = None) -> str:
        """The filter in words ("assignee “Anna”, overdue"), or "" when empty."""
        words = []
        if self.status:
            words.append(f"status {TaskStatus(self.status).label.lower()}")
        if self.q:
            words.append(f"“{self.q}”")
        if self.team is not None:
            words.append(f"team {team_name or self.team}")
        if self.assignee:
            words.append(f"assignee “{self.assignee}”")
        for name in ("milestone", "critical", "overdue"):
            value = getattr(self, name)
            if value is not None:
                words.append(name if value else f"not {name}")
        return ", ".join(words)


def _flag(raw: str, name: str, errors: dict[str, list[str]]) -> bool | None:
    value = raw.strip().lower()
    if value == "":
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    errors[name] = [_("Use 1 (yes) or 0 (no), not %(raw)r.") % {"raw": raw[:20]}]
    return None


def parse_filter(params: Mapping[str, Any]) -> tuple[TaskFilter, dict[str, list[str]]]:
    """The filter in ``params`` (a ``QueryDict`` or a dict of strings) and, per parameter, why a
    value was left out. Pages show the reasons; the API refuses with them (``filter_from``)."""
    errors: dict[str, list[str]] = {}

    def text(name: str) -> str:
        value = str(params.get(name) or "").strip()
        if len(value) > _TEXT_LIMIT:
            errors[name] = [_("At most %(text_limit)s characters.") % {"text_limit": _TEXT_LIMIT}]
            return ""
        if "\x00" in value or has_unpaired_surrogate(value):
            errors[name] = [_("Null characters and unpaired surrogates are not allowed.")]
            return ""
        return value

    status = text("status") or None
    if status is not None and status not in TaskStatus.values:
        errors["status"] = [_("One of %(values)s.") % {"values": ", ".join(TaskStatus.values)}]
        status = None
    team_raw = text("team")
    team = None
    if team_raw:
        if team_raw.isdigit() and len(team_raw) < 12:
            team = int(team_raw)
        else:
            errors["team"] = [_("A team's number.")]
    flags = {name: _flag(str(params.get(name) or ""), name, errors) for name in PARAMS[4:]}
    found = TaskFilter(status=status, q=text("q"), team=team, assignee=text("assignee"), **flags)
    return found, errors


def filter_from(params: Mapping[str, Any]) -> TaskFilter:
    """The filter in ``params``; 422 naming each parameter that is not understood."""
    found, errors = parse_filter(params)
    if errors:
        summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
        raise ValidationFailed(
            _("Invalid filter: %(summary)s") % {"summary": summary}, fields=errors
        )
    return found


def project_today(project: Project) -> dt.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(project.time_zone)).date()


def teams_of(project: Project) -> QuerySet[Team]:
    return Team.objects.filter(organization_id=project.organization_id).order_by("name")


def check_team(project: Project, flt: TaskFilter) -> TaskFilter:
    """The filter with a team of the project's organization, else 422 naming ``team``."""
    if flt.team is not None and not teams_of(project).filter(pk=flt.team).exists():
        raise ValidationFailed(
            _("No team %(team)s in this organization.") % {"team": flt.team},
            fields={"team": [_("unknown team")]},
        )
    return flt


def assignee_matches(words: str) -> QuerySet[Assignment]:
    """Assignments whose person or resource carries every word of ``words`` in a name."""
    people = Q()
    resources = Q()
    for word in words.split():
        people &= (
            Q(person__display_name__icontains=word)
            | Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__username__icontains=word)
        )
        resources &= Q(resource__name__icontains=word)
    return Assignment.objects.filter(
        (Q(person__isnull=False) & people) | (Q(resource__isnull=False) & resources)
    )


def overdue_q(today: dt.date) -> Q:
    """Open tasks due before ``today`` (due: the deadline, else the planned finish)."""
    due_passed = Q(deadline__lt=today) | Q(deadline__isnull=True, finish_date__lt=today)
    return due_passed & ~Q(status__in=CLOSED)


def critical_ids(project: Project) -> set[int]:
    """The tasks on the project's critical path (none when the plan cannot be scheduled: its
    schedule page says why)."""
    try:
        snapshot = schedule_cache.current(project)
    except TandemError:
        return set()
    return {int(key) for key, ts in snapshot.schedule.tasks.items() if ts.critical}


def filter_tasks(
    user: Any, project: Project, flt: TaskFilter, *, today: dt.date | None = None
) -> QuerySet[Task]:
    """The project's tasks the user may see that pass ``flt``, in WBS order."""
    flt = check_team(project, flt)
    qs = queries.list_tasks(user, project.pk, status=flt.status, q=flt.q or None)
    if flt.team is not None:
        qs = qs.filter(team_id=flt.team)
    if flt.assignee:
        qs = qs.filter(pk__in=assignee_matches(flt.assignee).values("task_id"))
    if flt.milestone is not None:
        qs = qs.filter(is_milestone=flt.milestone)
    if flt.overdue is not None:
        late = overdue_q(today or project_today(project))
        qs = qs.filter(late) if flt.overdue else qs.exclude(late)
    if flt.critical is not None:
        ids = critical_ids(project)
        qs = qs.filter(pk__in=ids) if flt.critical else qs.exclude(pk__in=ids)
    return qs


def filter_for_page(
    project: Project, params: Mapping[str, Any]
) -> tuple[TaskFilter, dict[str, list[str]]]:
    """The filter a page applies: what is understood of ``params``, and why the rest is left
    out (the page shows each reason next to its field)."""
    found, errors = parse_filter(params)
    if found.team is not None and not teams_of(project).filter(pk=found.team).exists():
        errors["team"] = [_("No such team in this organization.")]
        found = TaskFilter(**{**found.__dict__, "team": None})
    return found, errors


def api_filter(project: Project, values: Mapping[str, Any]) -> TaskFilter:
    """The filter of an API call's typed query parameters (None: not given); 422 naming each
    one that is not understood, an unknown team included."""
    params = {
        key: ("1" if value else "0") if isinstance(value, bool) else str(value)
        for key, value in values.items()
        if key in PARAMS and value is not None
    }
    return check_team(project, filter_from(params))


def chart_task_ids(user: Any, project: Project, flt: TaskFilter) -> set[int] | None:
    """The tasks a filtered Gantt keeps, or None to keep all (no filter, or a viewer who sees
    the milestone timeline only, which has nothing to filter)."""
    if flt.is_empty() or not has_right(user, project, "project.view_work"):
        return None
    return set(filter_tasks(user, project, flt).values_list("pk", flat=True))
