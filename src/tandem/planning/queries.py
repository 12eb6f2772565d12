"""Reads of the plan, already narrowed to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from tandem.projects.models import Project
from tandem.projects.policies import access_project

from .models import Assignment, Baseline, Dependency, Task, TaskStatus
from .policies import (
    AssignmentPolicy,
    BaselinePolicy,
    DependencyPolicy,
    MilestonePolicy,
    TaskPolicy,
)


def list_tasks(
    user: Any,
    project_id: int,
    *,
    status: str | None = None,
    assignee: int | None = None,
    milestone: bool | None = None,
    parent: int | None = None,
    q: str | None = None,
) -> QuerySet[Task]:
    """The project's tasks in WBS order. ``parent=0`` means top-level tasks only."""
    access_project(user, project_id, "project.view_work")
    qs = TaskPolicy.visible_to(user).filter(project_id=project_id)
    if status:
        qs = qs.filter(status=status)
    if assignee is not None:
        qs = qs.filter(
            Q(assignments__person_id=assignee) | Q(assignments__resource__user_id=assignee)
        )
    if milestone is not None:
        qs = qs.filter(is_milestone=milestone)
    if parent is not None:
        qs = qs.filter(parent__isnull=True) if parent == 0 else qs.filter(parent_id=parent)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(wbs_code=q))
    return (
        qs.distinct()
        .order_by("wbs_sort")
        .prefetch_related(
            Prefetch("assignments", Assignment.objects.select_related("person", "resource"))
        )
    )


def get_task(user: Any, task_id: int, action: str = "view") -> Task:
    return TaskPolicy.access(user, task_id, action)


def list_milestones(user: Any, project_id: int) -> QuerySet[Task]:
    access_project(user, project_id, "project.view")
    return MilestonePolicy.visible_to(user).filter(project_id=project_id).order_by("wbs_sort")


def list_dependencies(user: Any, project_id: int, task_id: int | None = None) -> QuerySet[Any]:
    access_project(user, project_id, "project.view_work")
    qs = DependencyPolicy.visible_to(user).filter(project_id=project_id)
    if task_id is not None:
        qs = qs.filter(Q(predecessor_id=task_id) | Q(successor_id=task_id))
    return qs.select_related("predecessor", "successor").order_by("id")


def get_dependency(user: Any, dep_id: int, action: str = "view") -> Dependency:
    return DependencyPolicy.access(user, dep_id, action)


def list_assignments(user: Any, task: Task) -> QuerySet[Any]:
    return (
        AssignmentPolicy.visible_to(user)
        .filter(task=task)
        .select_related("person", "resource")
        .order_by("id")
    )


def get_assignment(user: Any, assignment_id: int, action: str = "view") -> Assignment:
    return AssignmentPolicy.access(user, assignment_id, action)


def list_baselines(user: Any, project_id: int) -> QuerySet[Any]:
    access_project(user, project_id, "project.view_work")
    return BaselinePolicy.visible_to(user).filter(project_id=project_id)


def get_baseline(user: Any, baseline_id: int, action: str = "view") -> Baseline:
    return BaselinePolicy.access(user, baseline_id, action)


# --- progress roll-ups ---------------------------------------------------------------------


def task_weight(task: Task) -> Decimal:
    """Expected duration used as weight: PERT for three points, else the estimate (min 1)."""
    if task.estimate_mode == "three_point" and task.most_likely is not None:
        o, m, p = task.optimistic or 0, task.most_likely, task.pessimistic or 0
        return max((o + 4 * m + p) / 6, Decimal(1))
    return max(task.estimate or Decimal(0), Decimal(1))


def tasks_progress(tasks: list[Task]) -> Decimal | None:
    """Duration-weighted percent complete (0..1) of the tasks, cancelled ones left out."""
    live = [t for t in tasks if t.status != TaskStatus.CANCELLED]
    if not live:
        return None
    total = sum((task_weight(t) for t in live), Decimal(0))
    done = sum((task_weight(t) * t.percent_complete / 100 for t in live), Decimal(0))
    return done / total


@dataclass(frozen=True)
class TaskVariance:
    task_id: int | None
    wbs_code: str
    name: str
    baseline_start: Any
    baseline_finish: Any
    current_start: Any
    current_finish: Any
    start_variance_days: int | None
    finish_variance_days: int | None
    status: str  # "unchanged", "moved", "added", "removed"


def compare_baseline(user: Any, baseline: Baseline) -> tuple[list[TaskVariance], dict[str, Any]]:
    """Per-task and project variance (current - baseline, in calendar days; later is positive)."""
    entries = {e.task_id: e for e in baseline.entries.all() if e.task_id}
    removed = [e for e in baseline.entries.all() if e.task_id is None]
    rows: list[TaskVariance] = []
    tasks = list(Task.objects.filter(project_id=baseline.project_id).order_by("wbs_sort"))
    for task in tasks:
        entry = entries.get(task.pk)
        bs = entry.start_date if entry else None
        bf = entry.finish_date if entry else None
        sv = (task.start_date - bs).days if bs and task.start_date else None
        fv = (task.finish_date - bf).days if bf and task.finish_date else None
        if entry is None:
            state = "added"
        else:
            state = "unchanged" if (bs, bf) == (task.start_date, task.finish_date) else "moved"
        rows.append(
            TaskVariance(
                task.pk,
                task.wbs_code,
                task.name,
                bs,
                bf,
                task.start_date,
                task.finish_date,
                sv,
                fv,
                state,
            )
        )
    for e in removed:
        rows.append(
            TaskVariance(
                None,
                e.wbs_code,
                e.name,
                e.start_date,
                e.finish_date,
                None,
                None,
                None,
                None,
                "removed",
            )
        )
    finishes = [t.finish_date for t in tasks if t.finish_date]
    current_finish = max(finishes) if finishes else None
    project = {
        "baseline_finish": baseline.project_finish,
        "current_finish": current_finish,
        "finish_variance_days": (current_finish - baseline.project_finish).days
        if current_finish and baseline.project_finish
        else None,
    }
    return rows, project


def project_of(project_id: int) -> Project:
    return Project.objects.get(pk=project_id)
