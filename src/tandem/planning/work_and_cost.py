"""Planned work (hours) and cost of each task, from its assignments and the resources' rates.

MS Project's model: an assignment's work is its units times the task's duration (a full-time
person on a five-day task of 8-hour days: 40 h; at 50 %: 20 h); its cost is that work at the
resource's standard hourly rate, plus the resource's cost per use. A person assigned directly is
priced through their person resource (the one linked to them), as the labour cost from time
entries is. A material resource's units are its quantity in hundredths of its ``material_unit``
(100 = one unit), priced at its standard rate per unit plus the cost per use; it adds no work.
Resources priced in another currency than the project's are left out of the cost, which is in
the project's currency.

The duration is the one the scheduler uses: the expected estimate (PERT for three points) in
working days of ``hours_per_day`` or in hours; milestones, cancelled tasks and tasks without an
estimate have none. A summary task's work and cost are the sums of its subtasks'; assignments
on a summary task itself are not counted (MS Project rolls subtasks up the same way).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from tandem.projects.models import Project
from tandem.resources.models import Resource, ResourceKind

from .calendar import project_calendar
from .models import Assignment, Task, TaskStatus
from .queries import task_weight

CENT = Decimal("0.01")
T = TypeVar("T")


@dataclass(frozen=True)
class WorkCost:
    """A task's planned work in hours and cost in the project's currency (2 decimals)."""

    work_hours: Decimal
    cost: Decimal


def duration_hours(task: Task, hours_per_day: Decimal) -> Decimal:
    """The task's planned duration in working hours (see the module's note)."""
    if task.is_milestone or task.status == TaskStatus.CANCELLED:
        return Decimal(0)
    if task.estimate is None and task.most_likely is None:
        return Decimal(0)
    weight = task_weight(task)
    return weight * hours_per_day if task.duration_unit == "days" else weight


def _assignment(
    assignment: Assignment, hours: Decimal, rate: Resource | None, currency: str
) -> WorkCost:
    share = assignment.units / 100
    material = rate is not None and rate.kind == ResourceKind.MATERIAL
    work = Decimal(0) if material else share * hours
    if rate is None or rate.currency != currency:
        return WorkCost(work, Decimal(0))
    priced = share if material else work
    return WorkCost(work, priced * rate.standard_rate + rate.cost_per_use)


def roll_up(
    values: Mapping[int, T],
    parent_of: Mapping[int, int | None],
    combine: Callable[[Iterable[T]], T],
) -> dict[int, T]:
    """Each summary task's value combined from its subtasks' (deepest first); leaves keep
    theirs. ``parent_of`` names every task of the plan."""
    children: dict[int, list[int]] = defaultdict(list)
    for task_id, parent_id in parent_of.items():
        if parent_id is not None:
            children[parent_id].append(task_id)
    result: dict[int, T] = {}

    def visit(task_id: int) -> T:
        if task_id not in children:
            result[task_id] = values[task_id]
        else:
            result[task_id] = combine([visit(child) for child in children[task_id]])
        return result[task_id]

    for task_id, parent_id in parent_of.items():
        if parent_id is None or parent_id not in parent_of:
            visit(task_id)
    return result


def add_up(items: Iterable[WorkCost]) -> WorkCost:
    found = list(items)
    return WorkCost(
        sum((i.work_hours for i in found), Decimal(0)), sum((i.cost for i in found), Decimal(0))
    )


def planned_work_and_cost(project: Project, tasks: list[Task]) -> dict[int, WorkCost]:
    """Every task's planned work and cost (summaries rolled up), three queries."""
    hours_per_day = project_calendar(project).hours_per_day
    assignments = Assignment.objects.filter(task__project=project).select_related("resource")
    people = {a.person_id for a in assignments if a.person_id is not None}
    rates = {
        r.user_id: r
        for r in Resource.objects.filter(
            organization_id=project.organization_id, user_id__in=people
        )
    }
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_task[a.task_id].append(a)
    own = {}
    for task in tasks:
        hours = duration_hours(task, hours_per_day)
        own[task.pk] = add_up(
            _assignment(
                a,
                hours,
                a.resource if a.resource_id is not None else rates.get(a.person_id or 0),
                project.currency,
            )
            for a in by_task[task.pk]
        )
    rolled = roll_up(own, {t.pk: t.parent_id for t in tasks}, add_up)
    return {
        task_id: WorkCost(v.work_hours.quantize(CENT), v.cost.quantize(CENT))
        for task_id, v in rolled.items()
    }
