"""Building the demo plan through the planning actions: tasks, links, assignments, the schedule,
the approved baseline, the re-estimates that slipped it, and progress as of today."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dateutil.easter import easter

from tandem.accounts.models import User
from tandem.planning import actions as planning
from tandem.planning.calendar import project_calendar
from tandem.planning.models import Task, TaskStatus
from tandem.planning.queries import tasks_progress
from tandem.projects.models import Project
from tandem.resources import actions as resource_actions
from tandem.resources.models import Resource, default_week

from .plan_data import (
    CONTRACT_NOT_BEFORE,
    CUTOVER_NOT_BEFORE,
    GO_LIVE_DEADLINE,
    GO_NO_GO_DEADLINE,
    LINKS,
    PHASES,
    TaskSpec,
)

BASELINE_NAME = "Baseline 1 — approved plan"
CALENDAR_NAME = "Hamburg office"


def hamburg_holidays(first: dt.date, last: dt.date) -> list[dt.date]:
    """Public holidays in Hamburg plus the office's closure on 24 and 31 December, from
    ``first`` to ``last`` inclusive."""
    found: list[dt.date] = []
    for year in range(first.year, last.year + 1):
        easter_sunday = easter(year)
        days = [
            dt.date(year, 1, 1),
            easter_sunday - dt.timedelta(days=2),  # Good Friday
            easter_sunday + dt.timedelta(days=1),  # Easter Monday
            dt.date(year, 5, 1),
            easter_sunday + dt.timedelta(days=39),  # Ascension Day
            easter_sunday + dt.timedelta(days=50),  # Whit Monday
            dt.date(year, 10, 3),
            dt.date(year, 10, 31),  # Reformation Day
            dt.date(year, 12, 24),
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
            dt.date(year, 12, 31),
        ]
        found.extend(d for d in days if first <= d <= last)
    return sorted(found)


def set_up_calendar(project: Project, admin: User, maria: User) -> None:
    """The admin defines the office calendar; the manager makes it the project's calendar.

    Holidays of the first week are left out so that the kickoff day is always a working day,
    whatever day the demo is loaded.
    """
    first = project.start_date + dt.timedelta(weeks=1)
    last = project.start_date + dt.timedelta(weeks=26)
    calendar = resource_actions.do_create_calendar(
        acting_user=admin,
        name=CALENDAR_NAME,
        working_hours=default_week(),
        holidays=hamburg_holidays(first, last),
    )
    planning.do_update_plan_settings(
        project, acting_user=maria, version=1, changes={"calendar": calendar}
    )


def _days(value: float) -> Decimal:
    return Decimal(str(value))


def _estimate_fields(spec: TaskSpec) -> dict[str, Any]:
    if spec.days is None:
        return {"is_milestone": True}
    if isinstance(spec.days, tuple):
        optimistic, likely, pessimistic = (_days(v) for v in spec.days)
        return {
            "estimate_mode": "three_point",
            "optimistic": optimistic,
            "most_likely": likely,
            "pessimistic": pessimistic,
        }
    return {"estimate": _days(spec.days)}


def _dated_fields(key: str, start: dt.date) -> dict[str, Any]:
    """Constraints and deadlines of the few tasks that have them."""
    day = dt.timedelta
    dated: dict[str, dict[str, Any]] = {
        "contract": {
            "constraint_type": "SNET",
            "constraint_date": start + day(CONTRACT_NOT_BEFORE),
        },
        "cutover": {"constraint_type": "SNET", "constraint_date": start + day(CUTOVER_NOT_BEFORE)},
        "gonogo": {"deadline": start + day(GO_NO_GO_DEADLINE)},
        "live": {"deadline": start + day(GO_LIVE_DEADLINE)},
    }
    return dated.get(key, {})


def build_plan(
    project: Project,
    people: dict[str, User],
    teams: dict[str, Any],
    resources: dict[str, Resource],
) -> dict[str, Task]:
    """The manager writes the breakdown: one summary per phase, its tasks, and who does them."""
    maria = people["maria"]
    tasks: dict[str, Task] = {}
    for phase in PHASES:
        summary = planning.do_create_task(
            project,
            acting_user=maria,
            name=phase.name,
            team=teams[phase.team] if phase.team else None,
        )
        tasks[f"phase:{phase.name}"] = summary
        for spec in phase.tasks:
            tasks[spec.key] = _create_leaf(project, maria, summary, spec, people, teams, resources)
    for pred, succ, kind, lag in LINKS:
        planning.do_add_dependency(
            acting_user=maria,
            predecessor=tasks[pred],
            successor=tasks[succ],
            type=kind,
            lag=_days(lag),
        )
    return tasks


def _create_leaf(
    project: Project,
    maria: User,
    parent: Task,
    spec: TaskSpec,
    people: dict[str, User],
    teams: dict[str, Any],
    resources: dict[str, Resource],
) -> Task:
    task = planning.do_create_task(
        project,
        acting_user=maria,
        name=spec.name,
        parent=parent,
        description=spec.description,
        team=teams[spec.team] if spec.team else None,
        priority=spec.priority,
        **_estimate_fields(spec),
        **_dated_fields(spec.key, project.start_date),
    )
    for username, units in spec.people:
        planning.do_assign(task, acting_user=maria, person=people[username], units=units)
    for name, units in spec.resources:
        planning.do_assign(task, acting_user=maria, resource=resources[name], units=units)
    return task


def schedule_and_baseline(project: Project, maria: User) -> None:
    """Compute the schedule from the plan and save the approved baseline from it."""
    planning.do_apply_schedule(project, acting_user=maria)
    planning.do_save_baseline(project, acting_user=maria, name=BASELINE_NAME)


def replan_after_slips(project: Project, tasks: dict[str, Task], maria: User) -> None:
    """What happened since the baseline: the vendor selection took three days more, and the
    routing prototype needed a second round of benchmarks. The manager re-estimates both and
    reschedules, so the baseline comparison shows the slip."""
    vendor = Task.objects.get(pk=tasks["vendor"].pk)
    planning.do_update_task(
        vendor, acting_user=maria, version=vendor.version, changes={"estimate": Decimal(8)}
    )
    proto = Task.objects.get(pk=tasks["proto"].pk)
    planning.do_update_task(
        proto,
        acting_user=maria,
        version=proto.version,
        changes={"most_likely": Decimal(10), "pessimistic": Decimal(15)},
    )
    planning.do_apply_schedule(project, acting_user=maria)


def _progress_author(task: Task, people: dict[str, User]) -> User:
    """Members report progress on their own tasks; the coordinator on the others."""
    first = task.assignments.filter(person__isnull=False).order_by("id").first()
    return first.person if first is not None and first.person is not None else people["colin"]


def _progress_changes(task: Task, today: dt.date, calendar: Any) -> dict[str, Any] | None:
    start, finish = task.start_date, task.finish_date
    if start is None or finish is None or start > today:
        return None
    if task.is_milestone and finish >= today:
        return None  # a milestone is reached once its day is over, never partly
    if finish < today:
        return {
            "status": TaskStatus.DONE,
            "percent_complete": 100,
            "actual_start": start,
            "actual_finish": finish,
        }
    total = max(calendar.working_days(start, finish), 1)
    elapsed = calendar.working_days(start, today - dt.timedelta(days=1))
    percent = min(max(round(100 * elapsed / total), 5), 90)
    return {"status": TaskStatus.IN_PROGRESS, "percent_complete": percent, "actual_start": start}


def record_progress(project: Project, people: dict[str, User], today: dt.date) -> list[Task]:
    """Progress as of ``today`` on every task that has started, each written by the person who
    does it; returns the tasks that have started (done or in progress)."""
    calendar = project_calendar(project)
    started = []
    leaves = Task.objects.filter(project=project, children__isnull=True).order_by(
        "start_date", "wbs_sort"
    )
    for pk in list(leaves.values_list("pk", flat=True)):
        # Read afresh: each update reschedules the plan, which moves (and versions) later tasks.
        task = Task.objects.get(pk=pk)
        changes = _progress_changes(task, today, calendar)
        if changes is None:
            continue
        author = _progress_author(task, people)
        started.append(
            planning.do_update_task(task, acting_user=author, version=task.version, changes=changes)
        )
    _roll_up_phases(project, people["colin"])
    planning.do_apply_schedule(project, acting_user=people["colin"])
    return started


def _roll_up_phases(project: Project, colin: User) -> None:
    """The coordinator brings each phase's status in line with its tasks (duration-weighted
    percent complete, the same roll-up the goal pages use)."""
    phases = Task.objects.filter(project=project, parent__isnull=True).order_by("wbs_sort")
    for pk in list(phases.values_list("pk", flat=True)):
        phase = Task.objects.get(pk=pk)
        children = list(phase.children.all())
        if not any(c.actual_start for c in children):
            continue
        done = all(c.status == TaskStatus.DONE for c in children)
        progress = tasks_progress(children) or Decimal(0)
        changes: dict[str, Any] = {
            "status": TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
            "percent_complete": 100 if done else min(int(progress * 100), 99),
            "actual_start": min(c.actual_start for c in children if c.actual_start),
        }
        if done:
            changes["actual_finish"] = max(c.actual_finish for c in children if c.actual_finish)
        planning.do_update_task(phase, acting_user=colin, version=phase.version, changes=changes)
