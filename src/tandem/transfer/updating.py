"""Updating a project from a newer file of the plan it was imported from.

``preview_update(project, data, file_name, *, acting_user) -> UpdatePlan``
    Reads the file as an import does, checks that it is a newer version of the project's source
    file (``update_diff`` says how) and lists what it changes: tasks added, removed (or kept and
    cancelled, with the reason), renamed, moved, with other durations, constraints, progress or
    notes; dates the schedule moves; links and assignments added, removed or changed; the
    calendar and the status date. Changes nothing. 422 naming the file when it cannot be read or
    is another plan.

``do_update_project(project_id, data, file_name, *, acting_user, token=None,
plan_import=None) -> UpdateResult``
    Applies it in one transaction and writes one ``project.updated_from_file`` audit event.
    Tasks that stay keep their id, so their comments, documents and time entries stay too;
    tasks, links and assignments the file does not know (added in Tandem) are left alone;
    baselines are Tandem's and are not touched. ``token`` is the preview's
    (``UpdatePlan.token``): when the plan changed since that preview, 409 and nothing changes.
    Needs ``project.edit`` (the project's managers); 404 for people outside the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.core import audit
from tandem.core.errors import Conflict
from tandem.planning import schedule_cache, wbs
from tandem.planning.models import Assignment, Dependency, PlanSettings, Task, TaskStatus
from tandem.planning.schedule_actions import lock_plan
from tandem.projects.models import Project
from tandem.projects.policies import access_project
from tandem.resources.models import Resource

from .import_write import Written, resource_from_row, task_from_row, write_exceptions
from .importing import (
    compare_with_file,
    fill_file_dates,
    preview_import,
    staffing_losses,
    store_dates,
)
from .models import ImportedItem, PlanImport
from .update_diff import TASK_FIELDS, UpdatePlan, plan_update, wanted_values

BATCH = 500
UPDATED_FIELDS = [
    *TASK_FIELDS, "start_date", "finish_date", "description", "parent", "position", "version",
]  # fmt: skip


@dataclass
class UpdateResult:
    project: Project
    report: dict[str, Any]


def preview_update(
    project: Project, data: bytes, file_name: str, *, acting_user: Any
) -> UpdatePlan:
    """What the file changes in the project (see the module's docstring). Creates nothing."""
    file = preview_import(data, file_name, acting_user=acting_user, time_zone=project.time_zone)
    return plan_update(project, file)


class _Applier:
    def __init__(self, update: UpdatePlan, plan_import: PlanImport | None) -> None:
        self.update = update
        self.project = update.project
        self.plan = update.file.plan
        self.plan_import = plan_import
        rows = update.rows
        self.tasks = {s: t.pk for s, t in update.state.tasks.items() if s in rows}
        self.targets: dict[str, str] = {}
        self.items: list[ImportedItem] = []

    def item(self, kind: str, source_id: str, object_id: int) -> None:
        self.items.append(
            ImportedItem(
                project=self.project,
                plan_import=self.plan_import,
                kind=kind,
                source_id=source_id[:100],
                object_id=object_id,
            )
        )

    def resources(self) -> None:
        """Create the file's resources that are nobody yet; remember every choice."""
        update, project = self.update, self.project
        fresh = [
            (row, resource_from_row(project, row, None))
            for row in self.plan.resources
            if update.mapping.get(row.source_id, "new") == "new"
        ]
        Resource.objects.bulk_create([r for _, r in fresh], batch_size=BATCH)
        self.targets = {k: v for k, v in update.mapping.items() if v != "new"}
        for row, resource in fresh:
            self.targets[row.source_id] = f"resource:{resource.pk}"
        chosen = {k: v for k, v in self.targets.items() if update.state.resources.get(k) != v}
        ImportedItem.objects.filter(
            project=project, kind__in=["person", "resource"], source_id__in=list(chosen)
        ).delete()
        for source_id, target in chosen.items():
            kind, _, ident = target.partition(":")
            self.item(kind, source_id, int(ident))

    def tasks_and_outline(self) -> None:
        update, project = self.update, self.project
        notes = update.file.read.task_notes
        new_tasks = []
        for index, row in enumerate(update.added, start=1):
            task = task_from_row(project, row, notes.get(row.source_id, "")[:20_000])
            task.position = 1_000_000 + index
            new_tasks.append(task)
        Task.objects.bulk_create(new_tasks, batch_size=BATCH)
        for row, task in zip(update.added, new_tasks, strict=True):
            self.tasks[row.source_id] = task.pk
            self.item("task", row.source_id, task.pk)
        for row, task in zip(update.added, new_tasks, strict=True):
            task.parent_id = self.tasks.get(row.parent_source_id or "")
            task.position = row.position
        Task.objects.bulk_update(new_tasks, ["parent", "position"], batch_size=BATCH)
        changed: list[Task] = []
        for row in self.plan.tasks:
            found = update.state.tasks.get(row.source_id)
            if found is None:
                continue
            parent_id = self.tasks.get(row.parent_source_id or "")
            wanted = wanted_values(found, row, notes.get(row.source_id, ""))
            if not row.manually_scheduled:
                wanted.update(start_date=row.start_date, finish_date=row.finish_date)
            if all(getattr(found, k) == v for k, v in wanted.items()) and (
                found.parent_id,
                found.position,
            ) == (parent_id, row.position):
                continue
            for name, value in wanted.items():
                setattr(found, name, value)
            found.parent_id, found.position = parent_id, row.position
            found.version += 1
            changed.append(found)
        Task.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH)

    def removed(self) -> None:
        update = self.update
        kept = [t for t in update.removed if t.pk in update.cancelled]
        gone = [t.pk for t in update.removed if t.pk not in update.cancelled]
        for task in kept:
            task.status = TaskStatus.CANCELLED
            task.version += 1
        Task.objects.bulk_update(kept, ["status", "version"], batch_size=BATCH)
        kept_ids = [t.pk for t in kept]
        Dependency.objects.filter(predecessor_id__in=kept_ids).delete()
        Dependency.objects.filter(successor_id__in=kept_ids).delete()
        Task.objects.filter(pk__in=gone).delete()
        ImportedItem.objects.filter(
            project=self.project, kind="task", object_id__in=[*gone, *kept_ids]
        ).delete()

    def links(self) -> None:
        update = self.update
        Dependency.objects.filter(pk__in=[d.pk for d in update.links_removed]).delete()
        changed = []
        for dep, row in update.links_changed:
            dep.type, dep.lag, dep.lag_unit = row.type, row.lag, row.lag_unit
            dep.version += 1
            changed.append(dep)
        Dependency.objects.bulk_update(changed, ["type", "lag", "lag_unit", "version"])
        Dependency.objects.bulk_create(
            [
                Dependency(
                    project=self.project,
                    predecessor_id=self.tasks[r.predecessor],
                    successor_id=self.tasks[r.successor],
                    type=r.type,
                    lag=r.lag,
                    lag_unit=r.lag_unit,
                )
                for r in update.links_added
            ],
            batch_size=BATCH,
        )

    def assignments(self) -> None:
        update = self.update
        Assignment.objects.filter(pk__in=[a.pk for a in update.assignments_removed]).delete()
        changed = []
        for assignment, units in update.assignments_changed:
            assignment.units = units
            assignment.version += 1
            changed.append(assignment)
        Assignment.objects.bulk_update(changed, ["units", "version"])
        added = []
        for task_source, target, units in update.assignments_added:
            if target.startswith("new:"):
                target = self.targets[target.removeprefix("new:")]
            kind, _, ident = target.partition(":")
            added.append(
                Assignment(
                    task_id=self.tasks[task_source],
                    person_id=int(ident) if kind == "person" else None,
                    resource_id=int(ident) if kind == "resource" else None,
                    units=units,
                )
            )
        Assignment.objects.bulk_create(added, batch_size=BATCH)

    def calendar_and_settings(self) -> None:
        update = self.update
        calendar = update.state.calendar
        if update.calendar_changed and calendar is not None:
            calendar.working_hours = self.plan.calendar.working_hours
            calendar.version += 1
            calendar.save(update_fields=["working_hours", "version", "updated_at"])
            calendar.exceptions.all().delete()
            write_exceptions(calendar, self.plan.calendar)
        if update.settings_changed:
            settings = PlanSettings.objects.get(project=self.project)
            for name, (_, value) in update.settings_changed.items():
                setattr(settings, name, value)
            settings.version += 1
            settings.save()

    def run(self) -> Written:
        fill_file_dates(self.plan)
        self.resources()
        self.tasks_and_outline()
        self.removed()
        self.links()
        self.assignments()
        self.calendar_and_settings()
        ImportedItem.objects.bulk_create(self.items, batch_size=BATCH)
        wbs.renumber_project(self.project.pk)
        return Written(tasks=dict(self.tasks))


def _counts(update: UpdatePlan) -> dict[str, int]:
    return {
        "tasks_added": len(update.added),
        "tasks_removed": len(update.removed) - len(update.cancelled),
        "tasks_cancelled": len(update.cancelled),
        "tasks_changed": len(update.changed),
        "links_added": len(update.links_added),
        "links_removed": len(update.links_removed),
        "links_changed": len(update.links_changed),
        "assignments_added": len(update.assignments_added),
        "assignments_removed": len(update.assignments_removed),
        "assignments_changed": len(update.assignments_changed),
    }


def update_json(update: UpdatePlan) -> dict[str, Any]:
    """The preview of an update as the API and the page show it."""
    return {**update.as_json(), "counts": _counts(update)}


@transaction.atomic
def do_update_project(
    project_id: int,
    data: bytes,
    file_name: str,
    *,
    acting_user: Any,
    token: str | None = None,
    plan_import: PlanImport | None = None,
) -> UpdateResult:
    """Apply a newer file of the project's plan; see the module's docstring."""
    project = access_project(acting_user, project_id, "project.edit")
    lock_plan(project.pk)
    update = preview_update(project, data, file_name, acting_user=acting_user)
    if token is not None and token != update.token:
        raise Conflict(
            _(
                "The plan of %(project)s changed since this update was previewed; upload the "
                "file again to see what it changes now. Nothing was changed."
            )
            % {"project": project}
        )
    plan = update.file.plan
    plan.losses.extend(staffing_losses(plan, update.mapping))
    written = _Applier(update, plan_import).run()
    differences, dates = compare_with_file(project, plan, written)
    store_dates(project, dates)
    report = {
        **update_json(update),
        "file_name": file_name,
        "format": update.file.kind,
        "losses": update.file.as_json()["losses"],
        "differences": differences,
    }
    audit.record(
        actor=acting_user,
        action="project.updated_from_file",
        obj=project,
        changes={
            "file": file_name,
            "format": update.file.kind,
            **_counts(update),
            "differences": len(differences),
        },  # fmt: skip
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    schedule_cache.forget(project.pk)
    return UpdateResult(project, report)
