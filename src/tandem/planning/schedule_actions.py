"""Writing computed schedule dates into the plan: automatically after each change, or when the
manager applies them (projects scheduled manually).

Every action that can move dates ends with ``reschedule_after``. On an automatically scheduled
project (``PlanSettings.auto_schedule``) it reschedules in the same transaction, writes the new
start and finish of every task the engine moved in one bulk statement (each moved row's version
goes up by one, so If-Match stays honest), and records one ``plan.rescheduled`` audit event on
the project, on behalf of the person whose change it was, listing each moved task with its old
and new dates. Manually scheduled tasks (``Task.manually_scheduled``) keep their dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import audit
from tandem.core.errors import Forbidden
from tandem.monitoring.requests import request_evaluation
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from . import schedule_cache
from .models import PlanSettings, Task
from .schedule_cache import PlanChange, PlanState
from .schedule_warnings import describe_warnings
from .scheduling import ProjectSchedule, compute_schedule, task_dates

__all__ = [
    "MovedTask",
    "PlanChange",
    "PlanOutcome",
    "do_apply_schedule",
    "lock_plan",
    "pending_changes",
    "reschedule_after",
]


@dataclass(frozen=True)
class MovedTask:
    """A task whose planned dates the schedule changed (``version`` is its version after)."""

    id: int
    name: str
    wbs_code: str
    previous_start: dt.date | None
    previous_finish: dt.date | None
    start: dt.date
    finish: dt.date
    version: int

    @property
    def label(self) -> str:
        return f"{self.wbs_code} {self.name}".strip()


@dataclass
class PlanOutcome:
    """What a change did beyond itself, for the caller to show: the tasks the schedule moved,
    notices about what was made of the input (a typed date became a constraint), and each
    task's schedule warnings (by task id) when the plan was rescheduled."""

    rescheduled: list[MovedTask] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: dict[int, list[str]] = field(default_factory=dict)
    rescheduled_plan: bool = False


def lock_plan(project_id: int) -> None:
    """Serialize the plan changes of one project (a PostgreSQL row lock on the project; SQLite
    writes are serial anyway). Actions that reschedule take it before their own writes: taken
    only when rescheduling, after them, two changes could each hold a task the other's
    rescheduling must write, and deadlock."""
    Project.objects.select_for_update().filter(pk=project_id).first()


def auto_scheduled(project: Project | int) -> bool:
    project_id = project if isinstance(project, int) else project.pk
    found = PlanSettings.objects.filter(project_id=project_id).values_list("auto_schedule").first()
    return True if found is None else bool(found[0])


def reschedule_after(
    project: Project,
    acting_user: Any,
    change: PlanChange | None = None,
    outcome: PlanOutcome | None = None,
) -> list[MovedTask]:
    """Reschedule an automatically scheduled project after ``change`` and store the dates.

    Call inside the action's transaction, after its own writes. Tasks the change itself wrote
    (``change.tasks``) get their computed dates without a second version bump (nobody saw the
    version in between). Returns the moved tasks (also added to ``outcome``); on a manually
    scheduled project, nothing. 422 naming the problem when the plan cannot be scheduled.
    """
    if not auto_scheduled(project):
        return []
    change = change if change is not None else PlanChange(structural=True)
    lock_plan(project.pk)
    state = schedule_cache.reschedule(project, change)
    moved, writes = _moves(state, change)
    _write_dates(writes, written=change.tasks)
    schedule_cache.keep(state)
    # The trail follows the stored dates: from those the change itself left to the schedule's.
    _record(project, acting_user, "plan.rescheduled", writes)
    # Slips and float erosion are watched for after every reschedule, not only hourly.
    project_id = project.pk
    transaction.on_commit(lambda: request_evaluation(project_id))
    if outcome is not None:
        outcome.rescheduled.extend(moved)
        outcome.rescheduled_plan = True
        if state.schedule.warnings:
            outcome.warnings = describe_warnings(
                state.schedule, state.tasks.values(), state.links.values(), state.frame.conv
            )[1]
    return moved


def _moves(state: PlanState, change: PlanChange) -> tuple[list[MovedTask], list[MovedTask]]:
    """The tasks whose dates moved (computed dates differ from the planned dates before the
    action: a task the action wrote counts from its dates before that), and the tasks whose
    stored dates need writing (from the dates stored now), both in WBS order. The state's rows
    take the new dates and versions."""
    schedule, conv = state.schedule, state.frame.conv
    ids: Iterable[int] = state.tasks if state.reach is None else state.reach
    moved: list[MovedTask] = []
    writes: list[MovedTask] = []
    for task_id in ids:
        task = state.tasks.get(task_id)
        if task is None or task.manually_scheduled:
            continue
        start, finish = task_dates(schedule.tasks[str(task_id)], conv)
        stored = (task.start_date, task.finish_date)
        before = change.before.get(task_id, stored)
        write = stored != (start, finish)
        if before == (start, finish) and not write:
            continue
        version = task.version + (1 if write and task_id not in change.before else 0)
        if before != (start, finish):
            moved.append(
                MovedTask(task.id, task.name, task.wbs_code, *before, start, finish, version)
            )
        if write:
            writes.append(
                MovedTask(task.id, task.name, task.wbs_code, *stored, start, finish, version)
            )
        task.start_date, task.finish_date, task.version = start, finish, version
    moved.sort(key=lambda m: _wbs_key(m.wbs_code))
    writes.sort(key=lambda m: _wbs_key(m.wbs_code))
    return moved, writes


def _wbs_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split(".") if part.isdigit())


def _write_dates(moved: list[MovedTask], written: set[int]) -> None:
    """Write the moved tasks' dates (and version bumps) in bulk.

    ``bulk_update`` would write one ``CASE`` per column over the whole batch, which SQLite takes
    about a second over for a thousand rows. SQLite runs in process, so one ``executemany`` of a
    plain ``UPDATE`` is fast there (about 10 ms); PostgreSQL would pay a round trip per row, so
    there one ``UPDATE ... FROM unnest(arrays)`` does it.
    """
    if not moved:
        return
    now = timezone.now()
    table = connection.ops.quote_name(Task._meta.db_table)
    rows = [(m.id, m.start, m.finish, 0 if m.id in written else 1) for m in moved]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sql = (
                f"UPDATE {table} SET start_date = %s, finish_date = %s, "  # noqa: S608 - fixed names
                "version = version + %s, updated_at = %s WHERE id = %s"
            )
            cursor.executemany(sql, [(s, f, bump, now, i) for i, s, f, bump in rows])
            return
        ids, starts, finishes, bumps = (list(column) for column in zip(*rows, strict=True))
        cursor.execute(
            f"UPDATE {table} AS t SET start_date = v.s, finish_date = v.f, "  # noqa: S608
            "version = t.version + v.bump, updated_at = %s "
            "FROM unnest(%s::bigint[], %s::date[], %s::date[], %s::integer[]) "
            "AS v(id, s, f, bump) WHERE t.id = v.id",
            [now, ids, starts, finishes, bumps],
        )


def _record(project: Project, acting_user: Any, action: str, moved: list[MovedTask]) -> None:
    """One audit event on the project: ``{"1.2 Build API #69": [[old start, old finish],
    [new start, new finish]], ...}``."""
    if not moved:
        return
    audit.record(
        actor=acting_user,
        action=action,
        obj=project,
        changes={
            f"{m.label} #{m.id}": [
                [_iso(m.previous_start), _iso(m.previous_finish)],
                [m.start.isoformat(), m.finish.isoformat()],
            ]
            for m in moved
        },
        project_id=project.pk,
        organization_id=project.organization_id,
    )


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def pending_changes(schedule: ProjectSchedule) -> list[MovedTask]:
    """What applying ``schedule`` would change: every automatically scheduled task whose
    computed dates differ from its planned ones, in WBS order (``version`` as it would be)."""
    return [
        MovedTask(
            r.task.pk,
            r.task.name,
            r.task.wbs_code,
            r.task.start_date,
            r.task.finish_date,
            r.start,
            r.finish,
            r.task.version + 1,
        )
        for r in schedule.rows
        if not r.task.manually_scheduled
        and (r.task.start_date, r.task.finish_date) != (r.start, r.finish)
    ]


@transaction.atomic
def do_apply_schedule(project: Project, *, acting_user: Any) -> tuple[ProjectSchedule, int]:
    """Compute the schedule and write each task's scheduled start/finish into its planned dates.

    Writes exactly what ``pending_changes`` previews: the dates of every automatically
    scheduled task whose dates differ, in one bulk statement, each of those rows one version up;
    one ``plan.schedule_applied`` audit event lists them with their old and new dates. Returns
    the schedule and the number of tasks changed. Needs ``tasks.edit``.
    """
    if not has_right(acting_user, project, "tasks.edit"):
        raise Forbidden(_("Your role does not allow applying the schedule."))
    lock_plan(project.pk)
    schedule = compute_schedule(project)
    moved = pending_changes(schedule)
    _write_dates(moved, written=set())
    _record(project, acting_user, "plan.schedule_applied", moved)
    schedule_cache.forget(project.pk)
    return schedule, len(moved)
