"""WBS codes: "1.2.3" from each task's place among its siblings, kept consistent on every change.

Codes and positions are derived data: renumbering rewrites them with plain UPDATEs, without a
version bump or an audit row, so that inserting a task does not make every sibling's open edit
form stale (412). The audit row of the insert, move or delete that caused the renumbering
records the change that matters.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F

from .models import Task

SORT_WIDTH = 4


def code_of(parts: list[int]) -> str:
    return ".".join(str(p) for p in parts)


def sort_key_of(parts: list[int]) -> str:
    return ".".join(str(p).zfill(SORT_WIDTH) for p in parts)


def renumber_project(project_id: int) -> int:
    """Recompute positions (1..n among siblings, keeping their order) and WBS codes of a project.

    Returns the number of tasks whose stored position or code changed.
    """
    rows = list(
        Task.objects.filter(project_id=project_id)
        .order_by("position", "id")
        .values_list("id", "parent_id", "position", "wbs_code", "wbs_sort")
    )
    children: dict[int | None, list[int]] = defaultdict(list)
    stored: dict[int, tuple[int, str, str]] = {}
    for task_id, parent_id, position, code, sort in rows:
        children[parent_id].append(task_id)
        stored[task_id] = (position, code, sort)
    changed: list[Task] = []
    stack: list[tuple[int | None, list[int]]] = [(None, [])]
    while stack:
        parent, prefix = stack.pop()
        for index, task_id in enumerate(children.get(parent, []), start=1):
            parts = [*prefix, index]
            wanted = (index, code_of(parts), sort_key_of(parts))
            if stored[task_id] != wanted:
                changed.append(
                    Task(pk=task_id, position=wanted[0], wbs_code=wanted[1], wbs_sort=wanted[2])
                )
            stack.append((task_id, parts))
    Task.objects.bulk_update(changed, ["position", "wbs_code", "wbs_sort"], batch_size=500)
    return len(changed)


def open_slot(project_id: int, parent_id: int | None, position: int | None) -> int:
    """The position a new child of ``parent_id`` takes; later siblings move one down.

    ``position`` None (or past the end) appends. Positions are 1-based.
    """
    siblings = Task.objects.filter(project_id=project_id, parent_id=parent_id)
    count = siblings.count()
    if position is None or position > count:
        return count + 1
    position = max(position, 1)
    siblings.filter(position__gte=position).update(position=F("position") + 1)
    return position


def descendant_ids(task: Task) -> set[int]:
    """Ids of every task below ``task`` in the breakdown (not the task itself)."""
    rows = Task.objects.filter(project_id=task.project_id).values_list("id", "parent_id")
    children: dict[int | None, list[int]] = defaultdict(list)
    for task_id, parent_id in rows:
        children[parent_id].append(task_id)
    found: set[int] = set()
    stack = [task.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def make_room(task: Task, parent: Task | None, position: int | None) -> int:
    """Renumber the new siblings of ``task`` (moving under ``parent``) around its new place.

    ``position`` is 1-based among the siblings after the move; None keeps the task's place when
    it stays under the same parent and appends otherwise. Returns the task's new position.
    """
    parent_id = parent.pk if parent else None
    siblings = list(
        Task.objects.filter(project_id=task.project_id, parent_id=parent_id)
        .exclude(pk=task.pk)
        .order_by("position", "id")
        .values_list("id", flat=True)
    )
    if position is None:
        position = task.position if parent_id == task.parent_id else len(siblings) + 1
    index = min(max(position, 1), len(siblings) + 1) - 1
    siblings.insert(index, task.pk)
    for number, task_id in enumerate(siblings, start=1):
        if task_id != task.pk:
            Task.objects.filter(pk=task_id).update(position=number)
    return index + 1
