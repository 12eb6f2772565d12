"""A plan's content as comparable values, keyed by WBS code (ids differ between a project and
its imported copy): tasks, durations in minutes, links, calendar, assignments, baselines and the
computed schedule."""

from __future__ import annotations

from typing import Any

from tandem.planning.calendar import engine_week, project_calendar
from tandem.planning.models import Assignment, Baseline, BaselineTask, Dependency, Task
from tandem.planning.scheduling import compute_schedule
from tandem.projects.models import Project
from tandem.transfer.export_model import plan_export

TASK_FIELDS = (
    "name", "is_milestone", "constraint_type", "constraint_date", "deadline", "percent_complete",
    "actual_start", "actual_finish", "description", "manually_scheduled",
)  # fmt: skip


def tasks(project: Project) -> dict[str, tuple[Any, ...]]:
    return {
        t["wbs_code"]: tuple(t[f] for f in TASK_FIELDS)
        for t in Task.objects.filter(project=project).values("wbs_code", *TASK_FIELDS)
    }


def durations(user: Any, project: Project) -> dict[str, int]:
    wbs = dict(Task.objects.filter(project=project).values_list("id", "wbs_code"))
    plan = plan_export(user, project)
    return {wbs[int(t.id)]: t.duration.minutes for t in plan.engine_project.tasks}


def links(project: Project) -> set[tuple[Any, ...]]:
    return set(
        Dependency.objects.filter(project=project).values_list(
            "predecessor__wbs_code", "successor__wbs_code", "type", "lag", "lag_unit"
        )
    )


def assignments(project: Project) -> list[tuple[Any, ...]]:
    rows = Assignment.objects.filter(task__project=project).select_related(
        "task", "person", "resource"
    )
    return sorted(
        (
            a.task.wbs_code,
            str(a.person)
            if a.person_id
            else (str(a.resource.user) if a.resource.user_id else a.resource.name),
            a.units,
        )
        for a in rows
    )


def baselines(project: Project, baselines: list[Baseline]) -> list[list[tuple[Any, ...]]]:
    return [
        sorted(
            BaselineTask.objects.filter(baseline=b, task__isnull=False).values_list(
                "task__wbs_code", "start_date", "finish_date", "duration_days"
            )
        )
        for b in baselines
    ]


def schedule(project: Project) -> dict[str, tuple[Any, ...]]:
    return {
        r.task.wbs_code: (r.start, r.finish, r.critical, r.total_float_days, r.free_float_days)
        for r in compute_schedule(project).rows
    }


def calendar(project: Project) -> tuple[Any, ...]:
    calendar = project_calendar(project)
    # A stored week may leave a day without working time out or list it empty: same week.
    week = engine_week(calendar.working_hours)
    return week, set(calendar.exceptions), calendar.hours_per_day
