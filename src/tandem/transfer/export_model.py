"""A project's plan as the exports read it: the engine's project with everything a file carries,
and the schedule the app shows.

The engine's project starts from the one the app schedules from (``planning.scheduling``:
same tasks, links, calendars, options and dates), so the dates an export writes are the pages'
dates. Added for the files: every person and resource assigned (by name, with units; cost rates
only for people who may see them on the pages, see ``resources.policies.can_see_rates``), task
notes (the task's description) and the baselines.

Baselines: MS Project numbers them 0 to 10. A baseline named as the import names MS Project's
("Baseline", "Baseline 3") keeps that number, so a file imported and exported again keeps its
numbering; the others take the free numbers, the one the plan compares against first (Baseline 0
when free), then newest first; any beyond eleven are left out. A baseline's name does not travel
otherwise (MSPDI has no field for it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from tandem.accounts.models import User
from tandem.engine.scheduling import model as engine
from tandem.planning.models import Assignment, Baseline, BaselineTask, PlanSettings, Task
from tandem.planning.scheduling import (
    Conversion,
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
)
from tandem.projects.models import Project
from tandem.resources.models import Resource
from tandem.resources.policies import can_see_rates

# MS Project keeps at most eleven baselines (Baseline, Baseline 1 ... Baseline 10).
MAX_BASELINES = 11
_MS_PROJECT_NAME = re.compile(r"^Baseline(?: (\d{1,2}))?$")


@dataclass(frozen=True)
class AssignedName:
    """Someone on a task as the table exports show them: their name and units (100 = full
    time)."""

    name: str
    units: Decimal


@dataclass(frozen=True)
class PlanExport:
    """What every plan export reads. ``tasks`` and ``links`` are the app's rows in WBS and id
    order; ``engine_project`` and ``schedule`` the engine's view of them."""

    project: Project
    tasks: list[PlanTask]
    links: list[PlanLink]
    engine_project: engine.Project
    schedule: engine.Schedule
    conv: Conversion
    assigned: dict[int, list[AssignedName]]
    shows_rates: bool


def _people_names(person_ids: set[int]) -> dict[int, str]:
    return {u.pk: str(u) for u in User.objects.filter(pk__in=person_ids)}


@dataclass(frozen=True)
class _Staff:
    resources: tuple[engine.Resource, ...]
    assignments: tuple[engine.Assignment, ...]
    assigned: dict[int, list[AssignedName]]


def _staff(project: Project, frame: PlanFrame, shows_rates: bool) -> _Staff:
    """Every assignment of the plan, with the engine ids ``planning.resource_calendars`` uses
    ("person 7", "resource 3"), so the calendars it gave people stay theirs."""
    rows = list(
        Assignment.objects.filter(task__project=project)
        .order_by("task__wbs_sort", "id")
        .values_list("task_id", "units", "person_id", "resource_id", "resource__user_id")
    )
    person_ids = {user or person for _, _, person, _, user in rows if user or person}
    resource_ids = {res for _, _, person, res, user in rows if res and not user}
    names = _people_names(person_ids)
    own_resources = {
        r.user_id: r
        for r in Resource.objects.filter(
            organization_id=project.organization_id, user_id__in=person_ids
        )
    }
    resources = {r.pk: r for r in Resource.objects.filter(pk__in=resource_ids)}
    scheduled = {r.id: r for r in frame.project.resources}
    found: dict[str, engine.Resource] = {}
    assignments: list[engine.Assignment] = []
    assigned: dict[int, list[AssignedName]] = defaultdict(list)
    for task_id, units, person, resource_id, user in rows:
        who = user or person
        if who:
            key, name, stored = f"person {who}", names[who], own_resources.get(who)
        else:
            stored = resources[resource_id]
            key, name = f"resource {resource_id}", stored.name
        if key not in found:
            kind = "material" if stored is not None and stored.kind == "material" else "work"
            base = scheduled.get(key) or engine.Resource(id=key)
            found[key] = replace(
                base,
                name=name,
                kind=kind,
                max_units=float(stored.max_units) / 100 if stored is not None else 1.0,
                standard_rate=float(stored.standard_rate) if stored and shows_rates else 0.0,
            )
        assignments.append(engine.Assignment(str(task_id), key, units=float(units) / 100))
        assigned[task_id].append(AssignedName(name, units))
    return _Staff(tuple(found.values()), tuple(assignments), dict(assigned))


def _compared_id(project: Project) -> int | None:
    return (
        PlanSettings.objects.filter(project=project)
        .values_list("compare_baseline_id", flat=True)
        .first()
    )


def numbered_baselines(project: Project) -> list[tuple[int, Baseline]]:
    """The baselines with their MS Project numbers (0-10), by number: a baseline named as the
    import names MS Project's ("Baseline", "Baseline 3") keeps that number; the others take the
    free numbers, the compared baseline first, then newest first. At most eleven."""
    baselines = list(Baseline.objects.filter(project=project).order_by("-created_at", "-id"))
    chosen = _compared_id(project)
    numbers: dict[int, int] = {}
    for baseline in baselines:
        match = _MS_PROJECT_NAME.match(baseline.name)
        number = int(match.group(1) or 0) if match else None
        if number is not None and number < MAX_BASELINES and number not in numbers.values():
            numbers[baseline.pk] = number
    rest = sorted((b for b in baselines if b.pk not in numbers), key=lambda b: b.pk != chosen)
    free = [n for n in range(MAX_BASELINES) if n not in numbers.values()]
    numbers.update({b.pk: n for b, n in zip(rest, free, strict=False)})
    found = {b.pk: b for b in baselines}
    return sorted((n, found[pk]) for pk, n in numbers.items())


def ordered_baselines(project: Project) -> list[Baseline]:
    """The exported baselines in MS Project's order (Baseline, Baseline 1, ...)."""
    return [b for _, b in numbered_baselines(project)]


def compared_baseline(project: Project) -> Baseline | None:
    """The baseline the table exports compare against: the plan's choice, else the latest (as
    the baseline comparison page)."""
    chosen = _compared_id(project)
    baselines = Baseline.objects.filter(project=project)
    if chosen is not None:
        return baselines.filter(pk=chosen).first()
    return baselines.order_by("-created_at", "-id").first()


def _engine_baselines(project: Project, conv: Conversion) -> tuple[engine.Baseline, ...]:
    numbered = numbered_baselines(project)
    baselines = [b for _, b in numbered]
    entries: dict[int, list[BaselineTask]] = defaultdict(list)
    for entry in BaselineTask.objects.filter(baseline__in=baselines, task__isnull=False):
        entries[entry.baseline_id].append(entry)

    def minutes(days: Decimal | None) -> int | None:
        return None if days is None else round(days * conv.minutes_per_day)

    return tuple(
        engine.Baseline(
            number=number,
            name=baseline.name,
            tasks={
                str(e.task_id): engine.BaselineEntry(
                    conv.at_start(e.start_date),
                    conv.at_end(e.finish_date),
                    minutes(e.duration_days),
                )
                for e in entries[baseline.pk]
            },
            project_start=conv.at_start(baseline.project_start),
            project_finish=conv.at_end(baseline.project_finish),
        )
        for number, baseline in numbered
    )


@dataclass(frozen=True)
class ScheduledPlan:
    """The app's rows, the engine's project built from them (as the app schedules it) and its
    schedule."""

    frame: PlanFrame
    tasks: list[PlanTask]
    links: list[PlanLink]
    project: engine.Project
    schedule: engine.Schedule


def scheduled_plan(project: Project) -> ScheduledPlan:
    """Schedule ``project``'s plan as the app does; 422 when it cannot be (a dependency
    cycle)."""
    frame = plan_frame(project)
    tasks = plan_tasks(project.pk)
    links = plan_links(project.pk)
    scheduled = replace(
        frame.project, tasks=engine_tasks(frame, tasks), links=engine_links(frame, links)
    )
    try:
        schedule = run_engine(scheduled)
    except engine.SchedulingError as exc:
        raise scheduling_failed(exc) from exc
    return ScheduledPlan(frame, tasks, links, scheduled, schedule)


def plan_export(user: Any, project: Project) -> PlanExport:
    """The plan of ``project`` for an export by ``user`` (who may read the plan: the caller
    checked). 422 when the plan cannot be scheduled (a dependency cycle)."""
    plan = scheduled_plan(project)
    frame, tasks, links, scheduled, schedule = (
        plan.frame,
        plan.tasks,
        plan.links,
        plan.project,
        plan.schedule,
    )
    shows_rates = can_see_rates(user)
    staff = _staff(project, frame, shows_rates)
    notes = dict(
        Task.objects.filter(project=project)
        .exclude(description="")
        .values_list("id", "description")
    )
    full = replace(
        scheduled,
        tasks=tuple(replace(t, notes=notes.get(int(t.id), "")) for t in scheduled.tasks),
        resources=staff.resources,
        assignments=staff.assignments,
        baselines=_engine_baselines(project, frame.conv),
    )
    return PlanExport(
        project=project,
        tasks=tasks,
        links=links,
        engine_project=full,
        schedule=schedule,
        conv=frame.conv,
        assigned=staff.assigned,
        shows_rates=shows_rates,
    )


def working_date(instant: dt.datetime, conv: Conversion, *, finish: bool = False) -> dt.date:
    """An engine instant as the working date the pages show (a finish at midnight ends the
    day before)."""
    return conv.finish_day(instant) if finish else conv.start_day(instant)
