"""What a newer file of an imported plan changes in the project, matched by the file's unique ids.

The project's tasks, resources and calendar are found through ``ImportedItem`` (the file's id of
each object the import created or chose). A file is taken as a newer version of the project's
source only when it is of the same kind and at least half of the project's imported tasks are in
it with the same unique id, at least half of those with the same name; otherwise it is another
plan, refused with a message saying so (import it as a new project instead).

Nothing here writes: :func:`plan_update` reads the project and returns an :class:`UpdatePlan`,
which ``updating`` shows as the preview and applies. Tasks, links and assignments that the file
does not know (added in Tandem) are left as they are; so are comments, documents and time
entries. A task the file no longer has is deleted, unless time was logged on it or it has
subtasks added in Tandem: then it is kept and cancelled (the preview says which and why).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.models import (
    Assignment,
    ConstraintType,
    Dependency,
    PlanSettings,
    Task,
    TaskStatus,
)
from tandem.planning.scheduling import compute_schedule
from tandem.projects.models import Project
from tandem.resources.models import Resource, WorkCalendar

from .import_convert import CalendarRow, LinkRow, TaskRow
from .import_sources import KIND_LABELS
from .importing import ImportPreview
from .models import ImportedItem
from .update_wording import raw_value

# Kinds of file that are the same plan format (an .mpp is read as MS Project XML).
FAMILY = {"mpp": "mspdi"}
TASK_FIELDS = (
    "name", "is_milestone", "duration_unit", "estimate", "constraint_type", "constraint_date",
    "deadline", "priority", "status", "percent_complete", "actual_start", "actual_finish",
    "remaining", "manually_scheduled",
)  # fmt: skip
SOURCE_EVENTS = ("project.imported", "project.updated_from_file")
LinkKey = tuple[str, str]
AssignmentKey = tuple[str, str]


@dataclass
class ProjectState:
    """The project as the file's ids see it."""

    tasks: dict[str, Task]  # file id -> the task it became (still existing)
    resources: dict[str, str]  # file resource id -> "person:<id>" or "resource:<id>"
    calendar: WorkCalendar | None
    source_name: str
    source_kind: str


@dataclass
class UpdatePlan:
    """Everything a newer file changes, by the file's ids; ``token`` fingerprints the project's
    plan as it was read, so that applying refuses a plan changed since the preview."""

    project: Project
    file: ImportPreview
    state: ProjectState
    mapping: dict[str, str]
    token: str
    added: list[TaskRow] = field(default_factory=list)
    removed: list[Task] = field(default_factory=list)
    cancelled: dict[int, str] = field(default_factory=dict)  # kept tasks' ids -> why
    changed: dict[str, list[str]] = field(default_factory=dict)  # English change lines
    details: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # their codes, values
    moved: set[str] = field(default_factory=set)
    dates: list[dict[str, Any]] = field(default_factory=list)
    links_added: list[LinkRow] = field(default_factory=list)
    links_removed: list[Dependency] = field(default_factory=list)
    links_changed: list[tuple[Dependency, LinkRow]] = field(default_factory=list)
    assignments_added: list[tuple[str, str, Decimal]] = field(default_factory=list)
    assignments_removed: list[Assignment] = field(default_factory=list)
    assignments_changed: list[tuple[Assignment, Decimal]] = field(default_factory=list)
    calendar_changed: bool = False
    settings_changed: dict[str, list[Any]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # resource targets -> names

    @property
    def rows(self) -> dict[str, TaskRow]:
        return {row.source_id: row for row in self.file.plan.tasks}

    def task_name(self, source_id: str) -> str:
        row = self.rows.get(source_id)
        if row is not None:
            return row.name
        task = self.state.tasks.get(source_id)
        return task.name if task is not None else source_id

    def has_changes(self) -> bool:
        return any(
            (
                self.added, self.removed, self.changed, self.dates, self.links_added,
                self.links_removed, self.links_changed, self.assignments_added,
                self.assignments_removed, self.assignments_changed, self.calendar_changed,
                self.settings_changed,
            )
        )  # fmt: skip

    def as_json(self) -> dict[str, Any]:
        link = self.link_text
        new_names = {f"new:{r.source_id}": r.name for r in self.file.plan.resources}
        return {
            "project_id": self.project.pk,
            "project": str(self.project),
            "source": self.state.source_name,
            "token": self.token,
            "has_changes": self.has_changes(),
            "tasks_added": [r.name for r in self.added],
            "tasks_removed": [t.name for t in self.removed if t.pk not in self.cancelled],
            "tasks_cancelled": [
                {"task": t.name, "reason": self.cancelled[t.pk]}
                for t in self.removed
                if t.pk in self.cancelled
            ],
            "tasks_changed": [
                {"task": self.task_name(k), "changes": v, "details": self.details.get(k, [])}
                for k, v in self.changed.items()
            ],
            "dates_changed": self.dates,
            "links_added": [
                link(r.predecessor, r.successor, r.type, r.lag, r.lag_unit)
                for r in self.links_added
            ],  # fmt: skip
            "links_removed": [self.dependency_text(d) for d in self.links_removed],
            "links_changed": [
                {
                    "from": self.dependency_text(d),
                    "to": link(r.predecessor, r.successor, r.type, r.lag, r.lag_unit),
                }
                for d, r in self.links_changed
            ],
            "assignments_added": [
                {
                    "task": self.task_name(t),
                    "resource": self.labels.get(w, w),
                    "units": _num(u),
                    **({"new_resource": new_names[w]} if w in new_names else {}),
                }
                for t, w, u in self.assignments_added
            ],
            "assignments_removed": [
                {
                    "task": a.task.name,
                    "resource": self.labels.get(target_of(a), ""),
                    "units": _num(a.units),
                }
                for a in self.assignments_removed
            ],  # fmt: skip
            "assignments_changed": [
                {
                    "task": a.task.name,
                    "resource": self.labels.get(target_of(a), ""),
                    "units": [_num(a.units), _num(u)],
                }
                for a, u in self.assignments_changed
            ],  # fmt: skip
            "calendar_changed": self.calendar_changed,
            "settings_changed": {
                k: [_plain(a), _plain(b)] for k, (a, b) in self.settings_changed.items()
            },  # fmt: skip
        }

    def link_text(
        self, predecessor: str, successor: str, kind: str, lag: Decimal, unit: str
    ) -> str:
        return f"{self.task_name(predecessor)} → {self.task_name(successor)} " + (
            f"({kind}{_lag_text(lag, unit)})"
        )

    def dependency_text(self, dep: Dependency) -> str:
        return f"{dep.predecessor.name} → {dep.successor.name} ({dep.type}" + (
            f"{_lag_text(dep.lag, dep.lag_unit)})"
        )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _lag_text(lag: Decimal, unit: str) -> str:
    if not lag:
        return ""
    suffix = {"days": "d", "minutes": "m", "edays": "ed", "percent": "%"}.get(unit, unit)
    return f"{'+' if lag > 0 else ''}{lag.normalize():f}{suffix}"


def target_of(assignment: Assignment) -> str:
    if assignment.person_id:
        return f"person:{assignment.person_id}"
    return f"resource:{assignment.resource_id}"


def plan_token(project_id: int) -> str:
    """A fingerprint of the project's plan: every task, link and assignment with its version,
    and the plan settings' version (any change to the plan changes it)."""
    parts: list[Any] = [
        sorted(Task.objects.filter(project_id=project_id).values_list("pk", "version")),
        sorted(Dependency.objects.filter(project_id=project_id).values_list("pk", "version")),
        sorted(Assignment.objects.filter(task__project_id=project_id).values_list("pk", "version")),
        list(PlanSettings.objects.filter(project_id=project_id).values_list("version", flat=True)),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def project_state(project: Project) -> ProjectState:
    """The project's imported objects by the file's ids; 422 when it was not imported."""
    items = list(ImportedItem.objects.filter(project=project))
    task_ids = {i.source_id: i.object_id for i in items if i.kind == "task"}
    if not task_ids:
        message = _(
            "%(project)s was not imported from a plan file, so there is no file to match a "
            "newer one against; import the file as a new project instead."
        ) % {"project": project}
        raise ValidationFailed(message, fields={"file": [message]})
    tasks = {t.pk: t for t in Task.objects.filter(project=project, pk__in=task_ids.values())}
    resources: dict[str, str] = {}
    existing = set(
        Resource.objects.filter(
            pk__in=[i.object_id for i in items if i.kind == "resource"]
        ).values_list("pk", flat=True)
    )
    people = set(
        User.objects.filter(
            pk__in=[i.object_id for i in items if i.kind == "person"], is_active=True
        ).values_list("pk", flat=True)
    )
    for item in items:
        if item.kind == "resource" and item.object_id in existing:
            resources[item.source_id] = f"resource:{item.object_id}"
        elif item.kind == "person" and item.object_id in people:
            resources[item.source_id] = f"person:{item.object_id}"
    calendar_id = next((i.object_id for i in items if i.kind == "calendar"), None)
    # The file the plan came from last: its import's or latest update's audit event.
    source = (
        AuditEvent.objects.filter(project_id=project.pk, action__in=SOURCE_EVENTS)
        .order_by("-id")
        .values_list("changes", flat=True)
        .first()
    ) or {}
    return ProjectState(
        tasks={s: tasks[pk] for s, pk in task_ids.items() if pk in tasks},
        resources=resources,
        calendar=WorkCalendar.objects.filter(pk=calendar_id or 0, project=project).first(),
        source_name=str(source.get("file", "")),
        source_kind=str(source.get("format", "")),
    )


def check_same_plan(project: Project, state: ProjectState, file: ImportPreview) -> None:
    """422 unless the file is a newer version of the one the project was imported from."""
    source = (
        _(" (%(source_name)s)") % {"source_name": state.source_name} if state.source_name else ""
    )
    refuse = _("%(file_name)s is not a newer version of the file %(project)s was imported from") % {
        "file_name": file.file_name,
        "project": project,
    }
    if state.source_kind and FAMILY.get(file.kind, file.kind) != FAMILY.get(
        state.source_kind, state.source_kind
    ):
        message = _("%(refuse)s%(source)s: that was %(old_kind)s, this is %(new_kind)s.") % {
            "refuse": refuse,
            "source": source,
            "old_kind": KIND_LABELS.get(state.source_kind, state.source_kind),
            "new_kind": KIND_LABELS.get(file.kind, file.kind),
        }
        raise ValidationFailed(message, fields={"file": [message]})
    rows = {row.source_id: row for row in file.plan.tasks}
    same_id = [s for s in state.tasks if s in rows]
    same_name = [s for s in same_id if rows[s].name == state.tasks[s].name]
    if not state.tasks or 2 * len(same_id) < len(state.tasks) or 2 * len(same_name) < len(same_id):
        message = _(
            "%(refuse)s%(source)s: only %(same)s of its %(total)s tasks have the same "
            "unique ids and names in this file. Import it as a new project instead."
        ) % {
            "refuse": refuse,
            "source": source,
            "same": len(same_name),
            "total": len(state.tasks),
        }
        raise ValidationFailed(message, fields={"file": [message]})


def _duration_text(row_unit: str, estimate: Decimal | None, milestone: bool) -> str:
    if milestone or estimate is None:
        return "0d" if milestone else "-"
    return f"{estimate.normalize():f}{'h' if row_unit == 'hours' else 'd'}"


def _value_text(name: str, value: Any) -> str:
    if value is None or value == "":
        return "-"
    if name == "status":
        return str(TaskStatus(value).label)
    if name == "constraint_type":
        return str(ConstraintType(value).label)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


LABELS = {
    "is_milestone": "milestone",
    "constraint_type": "constraint",
    "constraint_date": "constraint date",
    "percent_complete": "% complete",
    "actual_start": "actual start",
    "actual_finish": "actual finish",
    "remaining": "remaining duration",
    "manually_scheduled": "manually scheduled",
}


def wanted_values(task: Task, row: TaskRow, notes: str) -> dict[str, Any]:
    """The task's fields as the file has them (Tandem's "blocked" stays while the file's task
    is not done: the file has no such status)."""
    values = {name: getattr(row, name) for name in TASK_FIELDS}
    if task.status == TaskStatus.BLOCKED and row.status != TaskStatus.DONE:
        values["status"] = TaskStatus.BLOCKED
    if row.manually_scheduled:
        values["start_date"], values["finish_date"] = row.start_date, row.finish_date
    if notes:
        values["description"] = notes[:20_000]
    return values


def _change(text: str, code: str, **values: str) -> dict[str, Any]:
    """A change line: its English ``text`` (as the CLI and previews kept before codes show it)
    and its ``code`` and ``values`` for the reader's language (:mod:`.update_wording`)."""
    return {"text": text, "code": code, "values": values}


def _duration_values(unit: str, estimate: Decimal | None, milestone: bool) -> tuple[str, str]:
    if milestone:
        return "0", "days"
    if estimate is None:
        return "", ""
    return f"{estimate.normalize():f}", "hours" if unit == "hours" else "days"


def _task_changes(
    task: Task, row: TaskRow, notes: str, parent: Task | None
) -> list[dict[str, Any]]:
    with translation.override("en"):
        return _changes_in_english(task, row, notes, parent)


def _changes_in_english(
    task: Task, row: TaskRow, notes: str, parent: Task | None
) -> list[dict[str, Any]]:
    changes = []
    wanted = wanted_values(task, row, notes)
    if task.name != row.name:
        changes.append(_change(f"renamed from “{task.name}”", "renamed", name=task.name))
    old = _duration_text(task.duration_unit, task.estimate, task.is_milestone)
    new = _duration_text(row.duration_unit, row.estimate, row.is_milestone)
    if old != new:
        before, before_unit = _duration_values(task.duration_unit, task.estimate, task.is_milestone)
        after, after_unit = _duration_values(row.duration_unit, row.estimate, row.is_milestone)
        changes.append(
            _change(
                f"duration {old} → {new}",
                "duration",
                before=before,
                before_unit=before_unit,
                after=after,
                after_unit=after_unit,
            )
        )
    for name in TASK_FIELDS:
        if name in ("name", "estimate", "duration_unit", "is_milestone"):
            continue
        before, after = getattr(task, name), wanted[name]
        if before != after:
            label = LABELS.get(name, name.replace("_", " "))
            changes.append(
                _change(
                    f"{label} {_value_text(name, before)} → {_value_text(name, after)}",
                    "field",
                    field=name,
                    before=raw_value(before),
                    after=raw_value(after),
                )
            )
    for name in ("start_date", "finish_date"):
        if name in wanted and getattr(task, name) != wanted[name]:
            before, after = getattr(task, name), wanted[name]
            changes.append(
                _change(
                    f"manual {name[:-5]} {_value_text(name, before)} → {_value_text(name, after)}",
                    f"manual_{name[:-5]}",
                    before=raw_value(before),
                    after=raw_value(after),
                )
            )
    if "description" in wanted and task.description != wanted["description"]:
        changes.append(_change("notes changed", "notes_changed"))
    if task.parent_id != (parent.pk if parent is not None else None):
        if parent is not None:
            changes.append(
                _change(f"moved under “{parent.name}”", "moved_under", parent=parent.name)
            )
        else:
            changes.append(_change("moved to the top level", "moved_to_top"))
    return changes


def _current_dates(project: Project) -> dict[int, tuple[dt.date, dt.date]]:
    try:
        schedule = compute_schedule(project)
    except ValidationFailed:
        return {}
    return {row.task.pk: (row.start, row.finish) for row in schedule.rows}


def _file_dates(file: ImportPreview) -> dict[str, tuple[dt.date, dt.date]]:
    plan = file.plan
    if plan.schedule is None:
        return {}
    dates = {}
    for source_id, ts in plan.schedule.tasks.items():
        start = plan.conv.start_day(ts.start)
        dates[source_id] = (start, max(plan.conv.finish_day(ts.finish), start))
    return dates


class _Differ:
    def __init__(self, update: UpdatePlan) -> None:
        self.update = update
        self.state = update.state
        self.rows = update.rows

    def tasks(self) -> None:
        update, state = self.update, self.state
        notes = update.file.read.task_notes
        for row in update.file.plan.tasks:
            task = state.tasks.get(row.source_id)
            if task is None:
                update.added.append(row)
                continue
            parent_source = row.parent_source_id
            parent = state.tasks.get(parent_source) if parent_source else None
            if parent_source and parent is None:
                # Under a task the file adds: a move, whatever the name of the new parent.
                update.moved.add(row.source_id)
                changes = _task_changes(task, row, notes.get(row.source_id, ""), None)
                changes = [c for c in changes if not c["code"].startswith("moved")]
                parent_name = self.rows[parent_source].name
                changes.append(
                    _change(
                        f"moved under “{parent_name}” (new)", "moved_under_new", parent=parent_name
                    )
                )
            else:
                changes = _task_changes(task, row, notes.get(row.source_id, ""), parent)
                if any(c["code"].startswith("moved") for c in changes):
                    update.moved.add(row.source_id)
            if changes:
                update.changed[row.source_id] = [c["text"] for c in changes]
                update.details[row.source_id] = [
                    {"code": c["code"], "values": c["values"]} for c in changes
                ]
        gone = [task for source, task in state.tasks.items() if source not in self.rows]
        update.removed = sorted(gone, key=lambda t: t.wbs_sort)
        self.cancelled()

    def cancelled(self) -> None:
        """Removed tasks that stay, cancelled: those with logged time, and those above a task
        that stays (added in Tandem, or kept itself)."""
        update = self.update
        removed = {t.pk for t in update.removed}
        logged = set(
            Task.objects.filter(pk__in=removed, time_entries__isnull=False).values_list(
                "pk", flat=True
            )
        )
        parents = dict(Task.objects.filter(project=update.project).values_list("pk", "parent_id"))
        staying = (set(parents) - removed) | logged
        for pk in logged:
            update.cancelled[pk] = "time was logged on it"
        for pk in staying:
            parent = parents.get(pk)
            while parent is not None:
                if parent in removed and parent not in update.cancelled:
                    update.cancelled[parent] = "tasks that stay are below it"
                parent = parents.get(parent)

    def dates(self) -> None:
        update = self.update
        before = _current_dates(update.project)
        after = _file_dates(update.file)
        for source_id, task in self.state.tasks.items():
            if source_id not in after or task.pk not in before:
                continue
            old, new = before[task.pk], after[source_id]
            if old != new:
                update.dates.append(
                    {
                        "task": update.task_name(source_id),
                        "start": [old[0].isoformat(), new[0].isoformat()],
                        "finish": [old[1].isoformat(), new[1].isoformat()],
                    }
                )

    def links(self) -> None:
        update, tasks = self.update, self.state.tasks
        by_pk = {t.pk: s for s, t in tasks.items()}
        current: dict[LinkKey, Dependency] = {}
        for dep in Dependency.objects.filter(project=update.project).select_related(
            "predecessor", "successor"
        ):
            pair = (by_pk.get(dep.predecessor_id), by_pk.get(dep.successor_id))
            if pair[0] is not None and pair[1] is not None:
                current[(pair[0], pair[1])] = dep
        wanted = {(r.predecessor, r.successor): r for r in update.file.plan.links}
        for key, dep in current.items():
            row = wanted.get(key)
            if row is None:
                if key[0] in self.rows and key[1] in self.rows:
                    update.links_removed.append(dep)
            elif (dep.type, dep.lag, dep.lag_unit) != (row.type, row.lag, row.lag_unit):
                update.links_changed.append((dep, row))
        update.links_added = [r for key, r in wanted.items() if key not in current]

    def assignments(self) -> None:
        update = self.update
        tasks = {t.pk: s for s, t in self.state.tasks.items() if s in self.rows}
        current: dict[AssignmentKey, Assignment] = {
            (tasks[a.task_id], target_of(a)): a
            for a in Assignment.objects.filter(task_id__in=tasks).select_related("task")
        }
        wanted: dict[AssignmentKey, Decimal] = {}
        for a in update.file.plan.assignments:
            target = update.mapping.get(a.resource, "new")
            if target == "new":
                target = f"new:{a.resource}"
            wanted.setdefault((a.task, target), a.units)
        known = {key[1] for key in wanted} | set(update.mapping.values())
        for key, assignment in current.items():
            if key not in wanted:
                if key[1] in known:
                    update.assignments_removed.append(assignment)
            elif assignment.units != wanted[key]:
                update.assignments_changed.append((assignment, wanted[key]))
        update.assignments_added = [(t, w, u) for (t, w), u in wanted.items()
                                    if (t, w) not in current]  # fmt: skip

    def calendar_and_settings(self) -> None:
        update, plan = self.update, self.update.file.plan
        calendar = self.state.calendar
        if calendar is not None:
            update.calendar_changed = _calendar_key(calendar) != _row_key(plan.calendar)
        settings = PlanSettings.objects.filter(project=update.project).first()
        if settings is not None:
            for name, value in (
                ("status_date", plan.status_date),
                ("hours_per_day", plan.hours_per_day),
            ):
                if getattr(settings, name) != value:
                    update.settings_changed[name] = [getattr(settings, name), value]


def _calendar_key(calendar: WorkCalendar) -> tuple[Any, ...]:
    exceptions = sorted(
        (e.start, e.end, e.name, e.working_times, e.repeat, e.interval, e.weekdays,
         e.day_of_month, e.month, e.week_of_month, e.occurrences)
        for e in calendar.exceptions.all()
    )  # fmt: skip
    week = {k: v for k, v in (calendar.working_hours or {}).items() if v}
    return week, repr(exceptions)


def _row_key(row: CalendarRow) -> tuple[Any, ...]:
    exceptions = sorted(
        (e.start, e.end, e.name, e.working_times, e.repeat, e.interval, e.weekdays,
         e.day_of_month, e.month, e.week_of_month, e.occurrences)
        for e in row.exceptions
    )  # fmt: skip
    return {k: v for k, v in row.working_hours.items() if v}, repr(exceptions)


def _labels(update: UpdatePlan) -> dict[str, str]:
    values = set(update.mapping.values())
    for a in Assignment.objects.filter(task__project=update.project):
        values.add(target_of(a))
    people = [int(v.split(":")[1]) for v in values if v.startswith("person:")]
    kept = [int(v.split(":")[1]) for v in values if v.startswith("resource:")]
    labels = {f"person:{u.pk}": str(u) for u in User.objects.filter(pk__in=people)}
    labels.update({f"resource:{r.pk}": r.name for r in Resource.objects.filter(pk__in=kept)})
    labels.update({f"new:{r.source_id}": f"{r.name} (new resource)"
                   for r in update.file.plan.resources})  # fmt: skip
    return labels


def plan_update(project: Project, file: ImportPreview) -> UpdatePlan:
    """What ``file`` (read and previewed) changes in ``project``; 422 when it is not a newer
    version of the project's source file."""
    state = project_state(project)
    check_same_plan(project, state, file)
    mapping = {r.source_id: r.choice for r in file.resources}
    mapping.update({k: v for k, v in state.resources.items() if k in mapping})
    update = UpdatePlan(project, file, state, mapping, plan_token(project.pk))
    differ = _Differ(update)
    differ.tasks()
    differ.dates()
    differ.links()
    differ.assignments()
    differ.calendar_and_settings()
    update.labels = _labels(update)
    return update
