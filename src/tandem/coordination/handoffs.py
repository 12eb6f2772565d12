"""A project seen team by team: each team's tasks and load, what it waits for from other teams
and what others wait for from it, and the handoffs at risk.

A task belongs to its own team or, when it has none, to the nearest summary above it that has
one. A dependency whose predecessor and successor belong to two different teams is a handoff;
it is at risk when the predecessor is not done and its total float (working days, from the
current schedule: ``planning.schedule_cache``) is below the threshold. The page and
``GET /api/projects/{id}/teams-view`` both show what ``teams_view`` returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.accounts.models import Team
from tandem.planning import schedule_cache
from tandem.planning.calendar import project_calendar
from tandem.planning.models import Dependency, DurationUnit, Task, TaskStatus
from tandem.planning.policies import TaskPolicy
from tandem.planning.scheduling import task_dates
from tandem.projects.models import Project

VIEW = "project.view_work"
DEFAULT_THRESHOLD = Decimal(2)
FINISHED = (TaskStatus.DONE, TaskStatus.CANCELLED)


@dataclass(frozen=True)
class TaskLine:
    id: int
    label: str
    url: str
    team: str
    start: dt.date
    finish: dt.date
    total_float_days: Decimal
    status: str
    remaining_days: Decimal

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


@dataclass(frozen=True)
class Handoff:
    """``successor``'s team waits for ``predecessor``'s team (one dependency)."""

    dependency_id: int
    type: str
    predecessor: TaskLine
    successor: TaskLine
    at_risk: bool


@dataclass
class TeamLoad:
    team_id: int | None
    name: str
    members: int
    tasks: list[TaskLine] = field(default_factory=list)
    waits_for: list[Handoff] = field(default_factory=list)
    gives_to: list[Handoff] = field(default_factory=list)

    @property
    def open_tasks(self) -> int:
        return sum(1 for t in self.tasks if not t.finished)

    @property
    def remaining_days(self) -> Decimal:
        return sum((t.remaining_days for t in self.tasks if not t.finished), Decimal(0))

    @property
    def days_per_member(self) -> Decimal | None:
        if not self.members:
            return None
        return (self.remaining_days / self.members).quantize(Decimal("0.1"))


@dataclass
class TeamsView:
    threshold_days: Decimal
    teams: list[TeamLoad]
    at_risk: list[Handoff]


def _team_of(tasks: dict[int, Task]) -> dict[int, int | None]:
    """Each task's team: its own, else the nearest ancestor's."""
    found: dict[int, int | None] = {}

    def resolve(task_id: int) -> int | None:
        if task_id not in found:
            task = tasks[task_id]
            found[task_id] = None  # guards against a malformed loop
            if task.team_id is not None:
                found[task_id] = task.team_id
            elif task.parent_id is not None and task.parent_id in tasks:
                found[task_id] = resolve(task.parent_id)
        return found[task_id]

    for task_id in tasks:
        resolve(task_id)
    return found


def _remaining_days(task: Task, hours_per_day: Decimal) -> Decimal:
    if task.estimate is None or task.is_milestone:
        return Decimal(0)
    days = task.estimate
    if task.duration_unit == DurationUnit.HOURS:
        days = days / hours_per_day
    left = days * (100 - task.percent_complete) / 100
    return left.quantize(Decimal("0.01"))


def teams_view(user: Any, project: Project, threshold_days: Decimal) -> TeamsView:
    tasks = {t.pk: t for t in TaskPolicy.visible_to(user).filter(project=project)}
    team_of = _team_of(tasks)
    used = {tid for tid in team_of.values() if tid is not None}
    teams = {t.pk: t for t in Team.objects.filter(pk__in=used).prefetch_related("members")}
    snapshot = schedule_cache.current(project)
    conv = snapshot.frame.conv
    hours_per_day = project_calendar(project).hours_per_day
    parents = {t.parent_id for t in tasks.values() if t.parent_id is not None}

    def line(task: Task) -> TaskLine:
        ts = snapshot.schedule.tasks[str(task.pk)]
        start, finish = task_dates(ts, conv)
        team_id = team_of[task.pk]
        return TaskLine(
            id=task.pk,
            label=str(task),
            url=reverse("task-detail", args=[task.pk]),
            team=teams[team_id].name if team_id in teams else _("No team"),
            start=start,
            finish=finish,
            total_float_days=conv.days(ts.total_float_minutes),
            status=task.status,
            remaining_days=_remaining_days(task, hours_per_day),
        )

    lines = {pk: line(t) for pk, t in tasks.items()}
    loads: dict[int | None, TeamLoad] = {
        pk: TeamLoad(pk, team.name, team.members.count()) for pk, team in teams.items()
    }
    for pk in sorted(tasks, key=lambda key: tasks[key].wbs_sort):
        if pk in parents:
            continue  # summaries roll their subtasks up; the load counts the work once
        team_id = team_of[pk]
        load = loads.setdefault(team_id, TeamLoad(None, _("No team"), 0))
        load.tasks.append(lines[pk])
    at_risk: list[Handoff] = []
    deps = Dependency.objects.filter(project=project).order_by("id")
    for dep in deps:
        pred, succ = dep.predecessor_id, dep.successor_id
        if pred not in tasks or succ not in tasks:
            continue
        giver, taker = team_of[pred], team_of[succ]
        if giver is None or taker is None or giver == taker:
            continue
        before = lines[pred]
        risky = not before.finished and before.total_float_days < threshold_days
        handoff = Handoff(dep.pk, dep.type, before, lines[succ], risky)
        loads[taker].waits_for.append(handoff)
        loads[giver].gives_to.append(handoff)
        if risky:
            at_risk.append(handoff)
    at_risk.sort(key=lambda h: (h.predecessor.total_float_days, h.successor.start))
    ordered = sorted(loads.values(), key=lambda t: (t.team_id is None, t.name.lower()))
    return TeamsView(threshold_days, ordered, at_risk)


def _task_json(t: TaskLine) -> dict[str, Any]:
    return {
        "id": t.id,
        "label": t.label,
        "team": t.team,
        "start": t.start,
        "finish": t.finish,
        "total_float_days": t.total_float_days,
        "status": t.status,
        "remaining_days": t.remaining_days,
    }


def _handoff_json(h: Handoff) -> dict[str, Any]:
    return {
        "dependency_id": h.dependency_id,
        "type": h.type,
        "predecessor": _task_json(h.predecessor),
        "successor": _task_json(h.successor),
        "at_risk": h.at_risk,
    }


def as_json(view: TeamsView) -> dict[str, Any]:
    return {
        "float_threshold_days": view.threshold_days,
        "teams": [
            {
                "team_id": t.team_id,
                "name": t.name,
                "members": t.members,
                "open_tasks": t.open_tasks,
                "remaining_days": t.remaining_days,
                "days_per_member": t.days_per_member,
                "tasks": [_task_json(x) for x in t.tasks],
                "waits_for": [_handoff_json(h) for h in t.waits_for],
                "gives_to": [_handoff_json(h) for h in t.gives_to],
            }
            for t in view.teams
        ],
        "at_risk": [_handoff_json(h) for h in view.at_risk],
    }
