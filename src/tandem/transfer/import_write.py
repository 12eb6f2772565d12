"""Writing an ``ImportPlan`` into a new project, in bulk (the caller holds the transaction).

Rows are inserted directly, parents before children, with their WBS codes computed here, so a
5,000-task plan costs a few dozen statements; ``importing.do_import_project`` writes the one
audit event of the import. Each created task, dependency, resource and calendar is linked to
the file's id through ``ImportedItem``, and so is the person or existing resource each of the
file's resources became (kind ``person`` or ``resource``), so that a newer file of the plan
keeps the same choices.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tandem.accounts.models import User
from tandem.planning import wbs
from tandem.planning.models import (
    Assignment,
    Baseline,
    BaselineTask,
    Dependency,
    PlanSettings,
    Task,
)
from tandem.projects.models import Project
from tandem.resources.models import CalendarException, Resource, WorkCalendar

from .import_convert import CalendarRow, ImportPlan, ResourceRow, TaskRow
from .models import ImportedItem, PlanImport

BATCH = 500


@dataclass
class Written:
    """What was created: the file's ids -> the new rows' ids."""

    tasks: dict[str, int] = field(default_factory=dict)
    resources_created: int = 0
    people_assigned: int = 0
    calendars: int = 0
    links: int = 0
    assignments: int = 0
    baselines: int = 0


def unique_calendar_name(organization_id: int, wanted: str) -> str:
    taken = set(
        WorkCalendar.objects.filter(
            organization_id=organization_id, name__startswith=wanted[:100]
        ).values_list("name", flat=True)
    )
    name, n = wanted[:120], 1
    while name in taken:
        n += 1
        suffix = f" ({n})"
        name = wanted[: 120 - len(suffix)] + suffix
    return name


def _write_calendar(project: Project, row: CalendarRow, label: str) -> WorkCalendar:
    calendar = WorkCalendar.objects.create(
        organization_id=project.organization_id,
        project=project,
        name=unique_calendar_name(project.organization_id, f"{row.name} ({label})"),
        working_hours=row.working_hours,
    )
    write_exceptions(calendar, row)
    return calendar


def write_exceptions(calendar: WorkCalendar, row: CalendarRow) -> None:
    CalendarException.objects.bulk_create(
        [
            CalendarException(
                calendar=calendar,
                name=e.name,
                start=e.start,
                end=e.end,
                working_times=e.working_times,
                repeat=e.repeat,
                interval=e.interval,
                weekdays=e.weekdays,
                day_of_month=e.day_of_month,
                month=e.month,
                week_of_month=e.week_of_month,
                occurrences=e.occurrences,
            )
            for e in row.exceptions
        ],
        batch_size=BATCH,
    )


def task_from_row(project: Project, row: TaskRow, description: str) -> Task:
    fields: dict[str, Any] = dict(
        project=project,
        position=row.position,
        name=row.name,
        description=description,
        is_milestone=row.is_milestone,
        duration_unit=row.duration_unit,
        estimate=row.estimate,
        start_date=row.start_date,
        finish_date=row.finish_date,
        constraint_type=row.constraint_type,
        constraint_date=row.constraint_date,
        deadline=row.deadline,
        priority=row.priority,
        status=row.status,
        percent_complete=row.percent_complete,
        actual_start=row.actual_start,
        actual_finish=row.actual_finish,
        remaining=row.remaining,
        manually_scheduled=row.manually_scheduled,
    )
    return Task(**fields)


def _write_tasks(
    project: Project, plan: ImportPlan, notes: dict[str, str], written: Written
) -> None:
    """Insert level by level (a child needs its parent's id), WBS codes computed here."""
    rows_by_parent: dict[str | None, list[TaskRow]] = defaultdict(list)
    for row in plan.tasks:
        rows_by_parent[row.parent_source_id].append(row)
    level: list[tuple[TaskRow, list[int]]] = [
        (row, [row.position]) for row in rows_by_parent.get(None, [])
    ]
    while level:
        objects = []
        for row, parts in level:
            task = task_from_row(project, row, notes.get(row.source_id, "")[:20_000])
            task.parent_id = written.tasks.get(row.parent_source_id or "")
            task.wbs_code = wbs.code_of(parts)
            task.wbs_sort = wbs.sort_key_of(parts)
            objects.append(task)
        Task.objects.bulk_create(objects, batch_size=BATCH)
        following: list[tuple[TaskRow, list[int]]] = []
        for (row, parts), task in zip(level, objects, strict=True):
            written.tasks[row.source_id] = task.pk
            following.extend(
                (child, [*parts, child.position]) for child in rows_by_parent.get(row.source_id, [])
            )
        level = following


def resource_from_row(
    project: Project, row: ResourceRow, calendar: WorkCalendar | None
) -> Resource:
    return Resource(
        organization_id=project.organization_id,
        kind=row.kind,
        name=row.name,
        max_units=row.max_units,
        standard_rate=row.standard_rate,
        currency=project.currency,
        calendar=calendar,
    )


def _write_staffing(
    project: Project,
    plan: ImportPlan,
    mapping: dict[str, str],
    written: Written,
    items: list[ImportedItem],
) -> None:
    calendars = {
        row.source_id: _write_calendar(project, row, project.code) for row in plan.other_calendars
    }
    written.calendars += len(calendars)
    people = {
        u.pk: u
        for u in User.objects.filter(organization_id=project.organization_id, is_active=True)
        if any(v == f"person:{u.pk}" for v in mapping.values())
    }
    existing = {
        r.pk: r
        for r in Resource.objects.filter(organization_id=project.organization_id)
        if any(v == f"resource:{r.pk}" for v in mapping.values())
    }
    target: dict[str, tuple[str, int]] = {}
    new_rows: list[tuple[ResourceRow, Resource]] = []
    for row in plan.resources:
        choice = mapping.get(row.source_id, "new")
        kind, _, ident = choice.partition(":")
        if kind == "person" and ident.isdigit() and int(ident) in people:
            target[row.source_id] = ("person", int(ident))
            items.append(ImportedItem(project=project, kind="person", source_id=row.source_id,
                                      object_id=int(ident)))  # fmt: skip
        elif kind == "resource" and ident.isdigit() and int(ident) in existing:
            target[row.source_id] = ("resource", int(ident))
            items.append(ImportedItem(project=project, kind="resource", source_id=row.source_id,
                                      object_id=int(ident)))  # fmt: skip
        else:
            calendar = calendars.get(row.calendar_source_id or "")
            new_rows.append((row, resource_from_row(project, row, calendar)))
    Resource.objects.bulk_create([r for _, r in new_rows], batch_size=BATCH)
    for row, resource in new_rows:
        target[row.source_id] = ("resource", resource.pk)
        items.append(ImportedItem(project=project, kind="resource", source_id=row.source_id,
                                  object_id=resource.pk))  # fmt: skip
    written.resources_created = len(new_rows)
    assignments = []
    seen: set[tuple[int, str, int]] = set()
    for a in plan.assignments:
        task_id = written.tasks[a.task]
        who, number = target[a.resource]
        if (task_id, who, number) in seen:  # two file resources mapped to one person
            continue
        seen.add((task_id, who, number))
        assignments.append(
            Assignment(
                task_id=task_id,
                person_id=number if who == "person" else None,
                resource_id=number if who == "resource" else None,
                units=a.units,
            )
        )
        written.people_assigned += who == "person"
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    written.assignments = len(assignments)


def _write_baselines(project: Project, plan: ImportPlan, actor: Any, written: Written) -> None:
    """The file's baselines; the plan compares against MS Project's Baseline 0 when the file
    has one, as MS Project does."""
    names = {row.source_id: row.name for row in plan.tasks}
    for row in plan.baselines:
        baseline = Baseline.objects.create(
            project=project,
            name=row.name,
            saved_by=actor,
            project_start=row.project_start,
            project_finish=row.project_finish,
        )
        codes = dict(Task.objects.filter(project=project).values_list("pk", "wbs_code"))
        BaselineTask.objects.bulk_create(
            [
                BaselineTask(
                    baseline=baseline,
                    task_id=written.tasks[task_id],
                    wbs_code=codes.get(written.tasks[task_id], ""),
                    name=names.get(task_id, "")[:200],
                    start_date=start,
                    finish_date=finish,
                    duration_days=days,
                )
                for task_id, start, finish, days in row.entries
            ],
            batch_size=BATCH,
        )
        written.baselines += 1
        if row.number == 0:
            PlanSettings.objects.filter(project=project).update(compare_baseline=baseline)


def write_plan(
    project: Project,
    plan: ImportPlan,
    *,
    actor: Any,
    notes: dict[str, str],
    mapping: dict[str, str],
    plan_import: PlanImport | None,
) -> Written:
    """Create the plan's calendar, settings, tasks, links, resources, assignments, baselines."""
    written = Written()
    calendar = _write_calendar(project, plan.calendar, project.code)
    written.calendars = 1
    PlanSettings.objects.update_or_create(
        project=project,
        defaults={
            "calendar": calendar,
            "hours_per_day": plan.hours_per_day,
            "status_date": plan.status_date,
        },
    )
    _write_tasks(project, plan, notes, written)
    Dependency.objects.bulk_create(
        [
            Dependency(
                project=project,
                predecessor_id=written.tasks[link.predecessor],
                successor_id=written.tasks[link.successor],
                type=link.type,
                lag=link.lag,
                lag_unit=link.lag_unit,
            )
            for link in plan.links
        ],
        batch_size=BATCH,
    )
    written.links = len(plan.links)
    items = [
        ImportedItem(project=project, kind="task", source_id=source, object_id=pk)
        for source, pk in written.tasks.items()
    ]
    items.append(
        ImportedItem(
            project=project,
            kind="calendar",
            source_id=plan.calendar.source_id,
            object_id=calendar.pk,
        )
    )
    _write_staffing(project, plan, mapping, written, items)
    _write_baselines(project, plan, actor, written)
    for item in items:
        item.plan_import = plan_import
        item.source_id = item.source_id[:100]
    ImportedItem.objects.bulk_create(items, batch_size=BATCH)
    return written
