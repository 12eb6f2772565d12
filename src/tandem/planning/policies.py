"""Who may see and change tasks, dependencies, assignments and baselines."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from tandem.projects.policies import ProjectScopedPolicy, has_right, project_ids_with_right

from .models import Assignment, Baseline, Dependency, Task

PROGRESS_FIELDS = frozenset(
    {"status", "percent_complete", "actual_start", "actual_finish", "remaining"}
)


class TaskPolicy(ProjectScopedPolicy[Task]):
    """Workers see every task; stakeholders never do (they use ``MilestonePolicy``)."""

    model = Task
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {"edit": "tasks.edit", "delete": "tasks.edit"}

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "progress":
            return may_update_progress(user, obj)
        return super().can(user, action, obj)


def is_assigned(user: Any, task: Task) -> bool:
    """True when the user is assigned to the task in person or through their person resource."""
    if not getattr(user, "is_authenticated", False):
        return False
    return task.assignments.filter(Q(person=user) | Q(resource__user=user)).exists()


def may_update_progress(user: Any, task: Task) -> bool:
    if has_right(user, task.project_id, "tasks.progress_any"):
        return True
    return has_right(user, task.project_id, "tasks.progress_assigned") and is_assigned(user, task)


class MilestonePolicy(ProjectScopedPolicy[Task]):
    """Milestones are shown to everyone in the project, stakeholders included."""

    model = Task
    view_right = "project.view"
    action_rights: ClassVar[dict[str, str]] = {}

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Any]:
        return super().visible_to(user).filter(is_milestone=True)


class DependencyPolicy(ProjectScopedPolicy[Dependency]):
    model = Dependency
    action_rights: ClassVar[dict[str, str]] = {"edit": "tasks.edit", "delete": "tasks.edit"}


class AssignmentPolicy(ProjectScopedPolicy[Assignment]):
    model = Assignment
    project_field = "task__project"
    action_rights: ClassVar[dict[str, str]] = {"edit": "tasks.edit", "delete": "tasks.edit"}


class BaselinePolicy(ProjectScopedPolicy[Baseline]):
    model = Baseline
    action_rights: ClassVar[dict[str, str]] = {
        "edit": "baselines.edit",
        "delete": "baselines.edit",
    }


def tasks_assigned_to(user: Any) -> QuerySet[Task]:
    """Tasks of the user's projects assigned to them (in person or through their resource)."""
    ids = project_ids_with_right(user, "project.view_work")
    return Task.objects.filter(project__in=ids).filter(
        Q(assignments__person=user) | Q(assignments__resource__user=user)
    )


# Resource leveling moves the whole plan's dates: the manager's call, like baselines (the
# project's manager-only planning right).
LEVEL_RIGHT = "baselines.edit"
