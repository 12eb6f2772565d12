"""A project's board: its tasks in one column per status (``TaskStatus``).

The cards are the work itself, not the summaries that only roll it up: tasks without subtasks,
milestones included, narrowed by the shared task filter. A card can be moved by whoever may
change its progress (leads on any task, members on tasks assigned to them): the same right the
task's form and ``PATCH /api/tasks/{id}`` check, through which the board writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from tandem.planning.models import Task, TaskStatus
from tandem.planning.task_filters import CLOSED, TaskFilter, filter_tasks, project_today
from tandem.projects.models import Project
from tandem.projects.policies import has_right


@dataclass(frozen=True)
class BoardCard:
    task: Task
    assignees: list[str]
    due: dt.date | None
    overdue: bool
    movable: bool


@dataclass
class BoardColumn:
    status: str
    label: str
    cards: list[BoardCard] = field(default_factory=list)


def movable_ids(user: Any, project: Project) -> set[int] | None:
    """Tasks whose progress (and so status) the user may change; None: every task."""
    if has_right(user, project, "tasks.progress_any"):
        return None
    if not has_right(user, project, "tasks.progress_assigned"):
        return set()
    mine = Q(assignments__person=user) | Q(assignments__resource__user=user)
    return set(Task.objects.filter(project=project).filter(mine).values_list("pk", flat=True))


def project_board(
    user: Any, project: Project, flt: TaskFilter, *, today: dt.date | None = None
) -> list[BoardColumn]:
    """The board's columns, in ``TaskStatus`` order, each with its cards in WBS order."""
    today = today or project_today(project)
    tasks = filter_tasks(user, project, flt, today=today).filter(children__isnull=True)
    movable = movable_ids(user, project)
    columns = {value: BoardColumn(value, str(label)) for value, label in TaskStatus.choices}
    for task in tasks:
        due = task.deadline or task.finish_date
        names = [str(a.person if a.person_id else a.resource) for a in task.assignments.all()]
        columns[task.status].cards.append(
            BoardCard(
                task=task,
                assignees=names,
                due=due,
                overdue=due is not None and due < today and task.status not in CLOSED,
                movable=movable is None or task.pk in movable,
            )
        )
    return list(columns.values())
