"""Baselines: save a schedule's dates, compare a later schedule against them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .calendars import CompiledCalendar
from .model import Baseline, BaselineEntry, Project, Schedule
from .network import build_network

__all__ = [
    "BaselineComparison",
    "TaskVariance",
    "compare_to_baseline",
    "save_baseline",
]


def save_baseline(schedule: Schedule, number: int = 0, name: str = "") -> Baseline:
    """A baseline holding every task's scheduled start, finish and duration (working minutes).

    ``number`` follows MS Project (0 = "Baseline", 1-10 = "Baseline1".."Baseline10"); projects
    keep several by passing a tuple of them as ``Project.baselines``.
    """
    entries = {
        task_id: BaselineEntry(entry.start, entry.finish, entry.duration_minutes)
        for task_id, entry in schedule.tasks.items()
    }
    return Baseline(
        number=number,
        name=name or ("Baseline" if number == 0 else f"Baseline{number}"),
        tasks=entries,
        project_start=schedule.project_start,
        project_finish=schedule.project_finish,
    )


@dataclass(frozen=True, slots=True)
class TaskVariance:
    """Current minus baseline; positive = later or longer. None when either side lacks a value.

    Start/finish variances are working minutes on the task's calendar when the comparison was
    given the project, else wall-clock minutes; the duration variance is in working minutes.
    """

    task_id: str
    start_variance_minutes: int | None
    finish_variance_minutes: int | None
    duration_variance_minutes: int | None


@dataclass(frozen=True, slots=True)
class BaselineComparison:
    """Per-task variances, the project's start/finish variance and tasks on one side only."""

    baseline_number: int
    tasks: Mapping[str, TaskVariance]
    project_start_variance_minutes: int | None
    project_finish_variance_minutes: int | None
    added_task_ids: tuple[str, ...]
    removed_task_ids: tuple[str, ...]


def _variance(
    cal: CompiledCalendar | None, current: datetime | None, saved: datetime | None
) -> int | None:
    if current is None or saved is None:
        return None
    if cal is None:
        return round((current - saved).total_seconds() / 60)
    return cal.working_minutes(cal.from_datetime(saved), cal.from_datetime(current))


def compare_to_baseline(
    schedule: Schedule, baseline: Baseline, project: Project | None = None
) -> BaselineComparison:
    """Compare ``schedule`` with ``baseline``.

    With ``project`` the variances count working minutes on each task's calendar (the project
    calendar for the project's dates), as MS Project's Start/Finish Variance fields do; without it
    they count wall-clock minutes.
    """
    calendars: dict[str, CompiledCalendar] = {}
    project_cal: CompiledCalendar | None = None
    if project is not None:
        net = build_network(project)
        calendars = {task_id: net.cal[i] for i, task_id in enumerate(net.ids)}
        project_cal = net.project_calendar
    variances: dict[str, TaskVariance] = {}
    for task_id, entry in schedule.tasks.items():
        saved = baseline.tasks.get(task_id)
        if saved is None:
            continue
        cal = calendars.get(task_id, project_cal)
        duration = (
            entry.duration_minutes - saved.duration_minutes
            if saved.duration_minutes is not None
            else None
        )
        variances[task_id] = TaskVariance(
            task_id,
            _variance(cal, entry.start, saved.start),
            _variance(cal, entry.finish, saved.finish),
            duration,
        )
    return BaselineComparison(
        baseline_number=baseline.number,
        tasks=variances,
        project_start_variance_minutes=_variance(
            project_cal, schedule.project_start, baseline.project_start
        ),
        project_finish_variance_minutes=_variance(
            project_cal, schedule.project_finish, baseline.project_finish
        ),
        added_task_ids=tuple(t for t in schedule.tasks if t not in baseline.tasks),
        removed_task_ids=tuple(t for t in baseline.tasks if t not in schedule.tasks),
    )
