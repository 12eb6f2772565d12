"""Reads of goals and key results, already narrowed to what the user may see, and their
progress roll-ups."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from tandem.planning.queries import tasks_progress
from tandem.projects.policies import access_project

from .models import Goal, KeyResult
from .policies import GoalPolicy, KeyResultPolicy


def list_goals(user: Any, project_id: int) -> QuerySet[Any]:
    access_project(user, project_id, "project.view_work")
    return (
        GoalPolicy.visible_to(user)
        .filter(project_id=project_id)
        .prefetch_related("key_results__tasks", "tasks")
        .order_by("id")
    )


def get_goal(user: Any, goal_id: int, action: str = "view") -> Goal:
    return GoalPolicy.access(user, goal_id, action)  # type: ignore[no-any-return]


def get_key_result(user: Any, kr_id: int, action: str = "view") -> KeyResult:
    return KeyResultPolicy.access(user, kr_id, action)  # type: ignore[no-any-return]


def key_result_progress(kr: KeyResult) -> Decimal:
    """(current - baseline) / (target - baseline), clamped to 0..1 (works for falling targets)."""
    span = kr.target - kr.baseline
    if span == 0:
        return Decimal(0)
    ratio = (kr.current - kr.baseline) / span
    return min(max(ratio, Decimal(0)), Decimal(1))


def goal_progress(goal: Goal) -> Decimal | None:
    """Mean of its key results' progress; None when it has none."""
    krs = list(goal.key_results.all())
    if not krs:
        return None
    return sum((key_result_progress(kr) for kr in krs), Decimal(0)) / len(krs)


def goal_task_progress(goal: Goal) -> Decimal | None:
    """Task-based roll-up: the goal's tasks and its key results' tasks together."""
    tasks = {t.pk: t for t in goal.tasks.all()}
    for kr in goal.key_results.all():
        tasks.update({t.pk: t for t in kr.tasks.all()})
    return tasks_progress(list(tasks.values()))
