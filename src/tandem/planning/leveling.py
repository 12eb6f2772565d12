"""Resource leveling of a plan: the engine's leveler on the plan's tasks, people and calendars,
and the leveling delays that reproduce its schedule.

Leveling starts from the plan without any leveling delay (as MS Project's "clear leveling values
before leveling"): the scheduler's dates are each task's earliest start, honouring links,
constraints, the status date and calendars. On the leveler's axis a period is a working day of
the project calendar from the project start; each task may not start before its unleveled
start (its release), and tasks marked do-not-level, manually scheduled, pinned by a
must-start/finish-on constraint, shown at their late dates (ALAP) or already started stay where
they are. Completed tasks book nothing. Calendars count through the scheduler: the releases and
the final dates come from it, each task on its people's working days; the leveler itself counts
a task's working days, so a person's day off inside a task does not block the whole task (the
scheduler stretches the task over it, as the workload page shows).

A task's leveling delay is the part of its move that the resources cause (the engine's
``TaskDelay.resource_delay``): the elapsed days from the day its predecessors let it start to
the day the leveler starts it. Delays of predecessors move their successors through the links,
as in MS Project. The proposal's dates come from the scheduler run with those delays, so the
preview shows exactly the dates that applying it writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.errors import ValidationFailed
from tandem.engine.leveling import (
    LevelingError,
    LevelingProblem,
    LevelingResult,
    TaskDelay,
    find_over_allocations,
    level,
    leveling_problem_from_project,
)
from tandem.engine.scheduling import model as engine
from tandem.projects.models import Project
from tandem.resources.models import Resource

from .calendar import ProjectCalendar
from .models import Assignment, Dependency, PlanSettings, Task
from .scheduling import (
    PlanFrame,
    PlanLink,
    PlanTask,
    engine_links,
    engine_tasks,
    plan_frame,
    plan_links,
    plan_tasks,
    run_engine,
    scheduling_failed,
    task_dates,
)

PINNED_CONSTRAINTS = {"MSO", "MFO", "ALAP"}
MAX_HORIZON_DAYS = 20 * 260  # working days the leveler may push work out to


@dataclass(frozen=True)
class LevelingInput:
    """What the leveler sees of a plan, with the maps back to dates and names."""

    problem: LevelingProblem
    tasks: dict[int, PlanTask]
    days: list[dt.date]  # period -> working day of the project calendar
    unleveled_start: dict[int, dt.date]
    unleveled_finish: dt.date
    resource_names: dict[str, str]
    frame: PlanFrame
    links: list[PlanLink]


def plan_fingerprint(project_id: int) -> str:
    """Changes whenever a task, link, assignment or the plan settings change (every write bumps
    a version, adds or removes a row); a preview applies only to the plan it was made from."""
    aggregate = {"n": Count("id"), "v": Sum("version"), "m": Max("id")}
    parts = [
        Task.objects.filter(project_id=project_id).aggregate(**aggregate),
        Dependency.objects.filter(project_id=project_id).aggregate(**aggregate),
        Assignment.objects.filter(task__project_id=project_id).aggregate(**aggregate),
        PlanSettings.objects.filter(project_id=project_id).aggregate(**aggregate),
    ]
    text = "|".join(f"{p['n']}:{p['v'] or 0}:{p['m'] or 0}" for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _working_days(calendar: ProjectCalendar, start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    limit = start + dt.timedelta(days=count * 3 + 366)
    while len(days) < count and day <= limit:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _staffing(
    project: Project, plan: dict[int, PlanTask]
) -> tuple[list[engine.Resource], list[engine.Assignment], dict[str, str]]:
    """Every work resource and assignment of the plan (people and their person resources are
    one resource) and their names. An assignment above its assignee's capacity (150 % of a
    full-time person) asks for all of it: leveling cannot make room for more."""
    stored = (
        Assignment.objects.filter(task__project=project)
        .exclude(resource__kind="material")
        .order_by("id")
        .values_list(
            "task_id", "units", "person_id", "resource_id", "resource__user_id",
            "resource__name", "resource__max_units",
        )
    )  # fmt: skip
    rows = [r for r in stored if plan[r[0]].actual_finish is None]
    people = {r[2] or r[4] for r in rows if r[2] or r[4]}
    person_units = dict(
        Resource.objects.filter(
            organization_id=project.organization_id, user_id__in=people
        ).values_list("user_id", "max_units")
    )
    names = {f"person {u.pk}": str(u) for u in User.objects.filter(pk__in=people)}
    resources: dict[str, engine.Resource] = {}
    assignments = []
    for task_id, units, person, resource, user, name, max_units in rows:
        who = person or user
        key = f"person {who}" if who else f"resource {resource}"
        if key not in resources:
            cap = person_units.get(who, Decimal(100)) if who else max_units
            names.setdefault(key, name or key)
            resources[key] = engine.Resource(id=key, name=names[key], max_units=float(cap) / 100)
        share = min(float(units) / 100, resources[key].max_units)
        assignments.append(engine.Assignment(str(task_id), key, share))
    return list(resources.values()), assignments, names


def leveling_input(project: Project) -> LevelingInput:
    """The plan as the leveler's problem (see the module docstring); 422 when the plan cannot
    be scheduled."""
    frame = plan_frame(project)
    plan = {t.id: t for t in plan_tasks(project.pk)}
    links = plan_links(project.pk)
    unleveled = [replace(t, leveling_delay_days=0) for t in plan.values()]
    etasks = engine_tasks(frame, unleveled)
    eproject = replace(frame.project, tasks=etasks, links=engine_links(frame, links))
    try:
        schedule = run_engine(eproject)
    except engine.SchedulingError as exc:
        raise scheduling_failed(exc) from exc
    conv = frame.conv
    starts = {t.id: task_dates(schedule.tasks[str(t.id)], conv)[0] for t in plan.values()}
    finish = conv.finish_day(schedule.project_finish)
    resources, assignments, names = _staffing(project, plan)
    total = sum(max(1, int(t.duration.minutes // conv.minutes_per_day)) for t in etasks)
    first = min([project.start_date, *starts.values()])
    days = _working_days(frame.calendar, first, min(MAX_HORIZON_DAYS, total + 400))
    pinned = {
        str(t.id)
        for t in plan.values()
        if t.do_not_level or t.manually_scheduled or t.constraint_type in PINNED_CONSTRAINTS
    }
    leveled = replace(
        eproject,
        tasks=tuple(replace(t, do_not_level=t.id in pinned or t.do_not_level) for t in etasks),
        resources=tuple(resources),
        assignments=tuple(assignments),
    )
    problem = leveling_problem_from_project(
        leveled,
        minutes_per_period=conv.minutes_per_day,
        release_periods={str(i): _period(days, d) for i, d in starts.items()},
    )
    return LevelingInput(problem, plan, days, starts, finish, names, frame, links)


def _period(days: list[dt.date], day: dt.date) -> int:
    """The first working day on or after ``day`` (its index), 0 before the axis starts."""
    return bisect_left(days, day)


@dataclass(frozen=True)
class Reason:
    resource: str
    first_day: dt.date
    last_day: dt.date
    competing: tuple[int, ...]


@dataclass(frozen=True)
class ProposedMove:
    task_id: int
    wbs_code: str
    name: str
    delay_days: int
    previous_delay_days: int
    old_start: dt.date | None
    old_finish: dt.date | None
    new_start: dt.date
    new_finish: dt.date
    reasons: tuple[Reason, ...]
    waits_for: tuple[int, ...]


@dataclass(frozen=True)
class Proposal:
    method: str
    status: str
    seconds: float
    old_finish: dt.date
    new_finish: dt.date
    unleveled_finish: dt.date
    moves: list[ProposedMove]
    delays: dict[int, int]
    over_allocations_before: int
    over_allocations_after: int
    labels: dict[int, str]


def check_something_to_level(data: LevelingInput) -> int:
    """The number of over-allocations in the unleveled plan; 422 when there are none."""
    if not any(a.demands for a in data.problem.activities):
        raise ValidationFailed(
            _("Nothing to level: no task with dates has a person or a resource assigned."),
            fields={"project": [_("no assignments to level")]},
        )
    early = {a.id: a.release for a in data.problem.activities}
    found = len(find_over_allocations(data.problem, early))
    if not found:
        raise ValidationFailed(
            _("Nothing to level: nobody is over-allocated in the plan without leveling delays."),
            fields={"project": [_("no over-allocation")]},
        )
    return found


def run_leveler(
    data: LevelingInput, method: str = "heuristic", time_limit: float | None = None
) -> LevelingResult:
    """The engine's leveler on the plan (422 naming the tasks when it cannot level it)."""
    try:
        return level(data.problem, method, time_limit=time_limit)
    except LevelingError as exc:
        ids = getattr(exc, "activity_ids", ()) or getattr(exc, "items", ())
        labels = [str(data.tasks[int(i)]) for i in ids if i.isdigit() and int(i) in data.tasks]
        named = f" ({', '.join(labels)})" if labels else ""
        raise ValidationFailed(
            _("The plan cannot be leveled: %(reason)s%(named)s") % {"reason": exc, "named": named}
        ) from exc


def delays_from(data: LevelingInput, result: LevelingResult) -> dict[int, int]:
    """Elapsed days of leveling delay per task, from the leveler's resource delays."""
    found = {}
    for task_id, delay in result.delays.items():
        if delay.resource_delay <= 0:
            continue
        ready = data.days[min(delay.start - delay.resource_delay, len(data.days) - 1)]
        start = data.days[min(delay.start, len(data.days) - 1)]
        found[int(task_id)] = (start - ready).days
    return found


def propose(
    project: Project,
    data: LevelingInput,
    result: LevelingResult,
    *,
    started: float | None = None,
) -> Proposal:
    """The leveled plan's dates (the scheduler with the delays), with each moved task's reasons."""
    delays = delays_from(data, result)
    frame, conv = data.frame, data.frame.conv

    def schedule_with(values: dict[int, int]) -> engine.Schedule:
        tasks = [replace(t, leveling_delay_days=values.get(t.id, 0)) for t in data.tasks.values()]
        eproject = replace(
            frame.project,
            tasks=engine_tasks(frame, tasks),
            links=engine_links(frame, data.links),
        )
        try:
            return run_engine(eproject)
        except engine.SchedulingError as exc:
            raise scheduling_failed(exc) from exc

    current = {t.id: t.leveling_delay_days for t in data.tasks.values() if t.leveling_delay_days}
    before = schedule_with(current)
    after = schedule_with(delays)
    labels = {t.id: str(t) for t in data.tasks.values()}
    moves = []
    for task in data.tasks.values():
        old = task_dates(before.tasks[str(task.id)], conv)
        new = task_dates(after.tasks[str(task.id)], conv)
        delay = delays.get(task.id, 0)
        if old == new and delay == task.leveling_delay_days:
            continue
        explained = result.delays.get(str(task.id))
        moves.append(
            ProposedMove(
                task.id,
                task.wbs_code,
                task.name,
                delay,
                task.leveling_delay_days,
                old[0],
                old[1],
                new[0],
                new[1],
                _reasons(data, explained),
                tuple(int(i) for i in explained.driving_predecessor_ids) if explained else (),
            )
        )
    leveled = {a.id: result.starts[a.id] for a in data.problem.activities}
    return Proposal(
        method=result.method,
        status=result.status,
        seconds=(time.perf_counter() - started) if started is not None else result.seconds,
        old_finish=conv.finish_day(before.project_finish),
        new_finish=conv.finish_day(after.project_finish),
        unleveled_finish=data.unleveled_finish,
        moves=moves,
        delays=delays,
        over_allocations_before=len(
            find_over_allocations(data.problem, {a.id: a.release for a in data.problem.activities})
        ),
        over_allocations_after=len(find_over_allocations(data.problem, leveled)),
        labels=labels,
    )


def _reasons(data: LevelingInput, delay: TaskDelay | None) -> tuple[Reason, ...]:
    if delay is None:
        return ()
    last = len(data.days) - 1
    return tuple(
        Reason(
            resource=data.resource_names.get(c.resource_id, c.resource_id),
            first_day=data.days[min(c.periods[0], last)],
            last_day=data.days[min(c.periods[-1], last)],
            competing=tuple(int(i) for i in c.competing_task_ids),
        )
        for c in delay.conflicts
        if c.periods
    )


def proposal_json(proposal: Proposal) -> dict[str, Any]:
    """The proposal as stored on the run and served by the API (dates as ISO strings)."""

    def iso(day: dt.date | None) -> str | None:
        return None if day is None else day.isoformat()

    return {
        "method": proposal.method,
        "status": proposal.status,
        "seconds": round(proposal.seconds, 3),
        "old_finish": iso(proposal.old_finish),
        "new_finish": iso(proposal.new_finish),
        "unleveled_finish": iso(proposal.unleveled_finish),
        "over_allocations_before": proposal.over_allocations_before,
        "over_allocations_after": proposal.over_allocations_after,
        "delays": {str(k): v for k, v in proposal.delays.items()},
        "moves": [
            {
                "task_id": m.task_id,
                "wbs_code": m.wbs_code,
                "name": m.name,
                "delay_days": m.delay_days,
                "previous_delay_days": m.previous_delay_days,
                "old_start": iso(m.old_start),
                "old_finish": iso(m.old_finish),
                "new_start": iso(m.new_start),
                "new_finish": iso(m.new_finish),
                "reasons": [
                    {
                        "resource": r.resource,
                        "first_day": iso(r.first_day),
                        "last_day": iso(r.last_day),
                        "competing": [
                            {"task_id": i, "label": proposal.labels.get(i, str(i))}
                            for i in r.competing
                        ],
                    }
                    for r in m.reasons
                ],
                "waits_for": [
                    {"task_id": i, "label": proposal.labels.get(i, str(i))} for i in m.waits_for
                ],
            }
            for m in proposal.moves
        ],
    }


def preview(
    project: Project, method: str = "heuristic", time_limit: float | None = None
) -> dict[str, Any]:
    """Level the plan and return the proposal as JSON (no write)."""
    started = time.perf_counter()
    data = leveling_input(project)
    check_something_to_level(data)
    result = run_leveler(data, method, time_limit)
    return proposal_json(propose(project, data, result, started=started))
