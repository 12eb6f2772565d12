"""Importing a plan file into a new project: the entry points the API, the pages, the command
line, the background job and other apps' tests call.

``preview_import(data, file_name, *, acting_user, source_project=None, time_zone="UTC")
-> ImportPreview``
    Reads the file (limits checked before parsing, XML parsed safely), converts it, schedules it
    with Tandem's engine and suggests who each of the file's resources is. Creates nothing.
    Raises ``ValidationFailed`` (422) whose message names the file and the line or element.

``do_import_project(data, file_name, *, acting_user, code=None, name=None,
source_project=None, time_zone="UTC", resource_mapping=None, plan_import=None,
progress=None) -> ImportResult``
    Creates the project (the acting user becomes its manager) with its calendar, tasks,
    dependencies, resources, assignments, baselines (the plan compares against MS Project's
    Baseline 0 when the file has one) and progress in one transaction, writes one
    ``project.imported`` audit event (beside project creation's own), and returns the project
    with the import report. ``resource_mapping``: the file's resource id -> ``"person:<user id>"``,
    ``"resource:<resource id>"`` or ``"new"`` (the preview's suggestions when left out).
    Needs the right to create projects in the organization (organization admins); 403 otherwise,
    422 for a bad file or a plan that cannot be scheduled (a dependency cycle), nothing created.

The report (``ImportResult.report``, a JSON-ready dict) lists, by task, everything of the file
that Tandem's plan cannot hold (``losses``) and every task whose dates in Tandem differ from
``tandem schedule FILE`` (``differences``) - nothing is dropped silently.

Formats: MS Project XML and ``.mpp`` (``import_mpp``), Primavera XER and P6 XML, CSV and Excel
``.xlsx`` (``import_tabular`` documents the columns).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.errors import Forbidden, ValidationFailed
from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling import schedule_project
from tandem.planning import schedule_cache
from tandem.planning.calendar import engine_week
from tandem.planning.models import Task
from tandem.planning.scheduling import compute_schedule
from tandem.projects.actions import do_create_project
from tandem.projects.models import Project
from tandem.projects.policies import is_org_admin
from tandem.resources.models import CalendarException, Resource

from .import_convert import ImportPlan, Loss, convert, week_within
from .import_sources import KIND_LABELS, ReadFile, SourceProject, read_file
from .import_write import Written, write_plan
from .models import PlanImport
from .wording import notes_json, task_issue_loss

Progress = Callable[[int, str], None]


@dataclass
class ResourceChoice:
    """One of the file's resources and who it becomes: ``choice`` is ``person:<id>``,
    ``resource:<id>`` or ``new``; ``reason`` says why it was suggested."""

    source_id: str
    name: str
    email: str
    kind: str
    choice: str
    reason: str


@dataclass
class ImportPreview:
    file_name: str
    kind: str
    plan: ImportPlan
    read: ReadFile
    resources: list[ResourceChoice] = field(default_factory=list)

    @property
    def projects(self) -> list[SourceProject]:
        return self.read.projects

    def as_json(self) -> dict[str, Any]:
        plan = self.plan
        summaries = {t.parent_source_id for t in plan.tasks if t.parent_source_id}
        return {
            "file_name": self.file_name,
            "format": self.kind,
            "format_label": KIND_LABELS.get(self.kind, self.kind),
            "name": plan.name,
            "start_date": plan.start_date.isoformat(),
            "finish_date": plan.finish_date.isoformat() if plan.finish_date else None,
            "counts": {
                "tasks": len(plan.tasks),
                "summary_tasks": len(summaries),
                "milestones": sum(t.is_milestone for t in plan.tasks),
                "links": len(plan.links),
                "calendar_exceptions": len(plan.calendar.exceptions),
                "resources": len(plan.resources),
                "assignments": len(plan.assignments),
                "baselines": len(plan.baselines),
                "tasks_with_progress": sum(
                    bool(t.percent_complete or t.actual_start) for t in plan.tasks
                ),
            },
            "projects": [{"id": p.id, "name": p.name} for p in self.projects],
            "notes": [*plan.notes, *self.read.unread],
            "note_details": notes_json(
                [*self.read.imported.note_details, *self.read.unread_notes],
                {t.source_id: t.name for t in plan.tasks},
            ),
            "losses": [_loss_json(loss) for loss in plan.losses],
            "resources": [
                {
                    "source_id": r.source_id,
                    "name": r.name,
                    "email": r.email,
                    "kind": r.kind,
                    "choice": r.choice,
                    "reason": r.reason,
                }
                for r in self.resources
            ],
        }


@dataclass
class ImportResult:
    project: Project
    report: dict[str, Any]


def _loss_json(loss: Loss) -> dict[str, Any]:
    return {
        "task_id": loss.task_id,
        "task": loss.task_name,
        "message": loss.message,
        "affects_dates": loss.affects_dates,
        "code": loss.code,
        "values": loss.values,
    }


def bad_file(exc: engine.SchedulingError, file_name: str) -> ValidationFailed:
    """The 422 for a file that cannot be read or scheduled, naming the file (and the tasks of a
    dependency cycle by name)."""
    message = str(exc)
    if isinstance(exc, engine.DependencyCycleError):
        message = _("%(file_name)s: the links form a cycle: %(names)s") % {
            "file_name": file_name,
            "names": " -> ".join([*exc.cycle, exc.cycle[0]]),
        }
    elif not isinstance(exc, engine.FileFormatError):
        message = _("%(file_name)s: %(message)s") % {"file_name": file_name, "message": message}
    return ValidationFailed(message, fields={"file": [message]})


def _cycle_names(exc: engine.DependencyCycleError, project: engine.Project) -> str:
    names = {t.id: t.name for t in project.tasks}
    return " -> ".join(f"{names.get(i, i)} ({i})" for i in [*exc.cycle, exc.cycle[0]])


def _read_and_convert(
    data: bytes, file_name: str, source_project: str | None, time_zone: str
) -> tuple[ReadFile, ImportPlan]:
    try:
        read = read_file(data, file_name, source_project=source_project, time_zone=time_zone)
        project = read.imported.project
        try:
            schedule = schedule_project(project)
        except engine.DependencyCycleError as exc:
            message = _("%(file_name)s: the links form a cycle: %(cycle)s") % {
                "file_name": file_name,
                "cycle": _cycle_names(exc, project),
            }
            raise ValidationFailed(message, fields={"file": [message]}) from exc
        plan = convert(
            project, schedule, source_format=read.imported.source_format, notes=read.imported.notes
        )
    except engine.SchedulingError as exc:
        raise bad_file(exc, file_name) from exc
    for task_id, reasons in read.imported.task_issues.items():
        for reason in reasons:
            name = next((t.name for t in plan.tasks if t.source_id == task_id), "")
            plan.losses.append(task_issue_loss(reason, task_id, name))
    return read, plan


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def suggest_resources(
    organization_id: int, read: ReadFile, plan: ImportPlan
) -> list[ResourceChoice]:
    """Each file resource matched to a person of the organization by e-mail, then by name, then
    to an existing resource of the same name; otherwise a new resource."""
    people = list(User.objects.filter(organization_id=organization_id, is_active=True))
    by_email = {_norm(u.email): u for u in people if u.email}
    by_name: dict[str, User] = {}
    for u in people:
        for label in {str(u), u.get_full_name(), u.username}:
            if label:
                by_name.setdefault(_norm(label), u)
    resources = {
        _norm(r.name): r
        for r in Resource.objects.filter(organization_id=organization_id, user__isnull=True)
    }
    choices = []
    for row in plan.resources:
        email = read.resource_emails.get(row.source_id, "")
        person = by_email.get(_norm(email)) if email else None
        if person is not None:
            choice, reason = (
                f"person:{person.pk}",
                _("same e-mail as %(person)s") % {"person": person},
            )
        elif (person := by_name.get(_norm(row.name))) is not None and row.kind == "person":
            choice, reason = (
                f"person:{person.pk}",
                _("same name as %(person)s") % {"person": person},
            )
        elif (resource := resources.get(_norm(row.name))) is not None:
            choice, reason = f"resource:{resource.pk}", _("an existing resource of the same name")
        else:
            choice, reason = "new", _("no person or resource of this name: a new resource")
        choices.append(ResourceChoice(row.source_id, row.name, email, row.kind, choice, reason))
    return choices


def preview_import(
    data: bytes,
    file_name: str,
    *,
    acting_user: Any,
    source_project: str | None = None,
    time_zone: str = "UTC",
) -> ImportPreview:
    """Read, convert and schedule the file; suggest the resource mapping. Creates nothing."""
    read, plan = _read_and_convert(data, file_name, source_project or None, time_zone)
    preview = ImportPreview(file_name, read.kind, plan, read)
    preview.resources = suggest_resources(acting_user.organization_id, read, plan)
    return preview


def _unique_code(organization_id: int, name: str) -> str:
    base = re.sub(r"[^A-Z0-9]", "", name.upper())[:8] or "IMPORT"
    taken = set(
        Project.objects.filter(organization_id=organization_id, code__startswith=base).values_list(
            "code", flat=True
        )
    )
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def staffing_losses(plan: ImportPlan, mapping: dict[str, str]) -> list[Loss]:
    """Tasks of file resources that became people or existing resources whose working time
    differs from the file's: Tandem schedules them on that person's or resource's time."""
    people = {int(v.split(":")[1]) for v in mapping.values() if v.startswith("person:")}
    kept = {int(v.split(":")[1]) for v in mapping.values() if v.startswith("resource:")}
    project_week = engine_week(plan.calendar.working_hours)
    # the English of whose working time the task is scheduled on, with its code and values
    narrowing: dict[str, tuple[str, str, dict[str, str]]] = {}
    off = set(
        CalendarException.objects.filter(person_id__in=people).values_list("person_id", flat=True)
    )
    for user in User.objects.filter(pk__in=people):
        week = engine_week(user.working_hours)
        if user.pk in off or not week_within(project_week, week):
            narrowing[f"person:{user.pk}"] = (
                f"{user}'s working hours and days off",
                "staffed_on_person_hours",
                {"person": str(user)},
            )
    for resource in Resource.objects.filter(pk__in=kept, calendar__isnull=False):
        narrowing[f"resource:{resource.pk}"] = (
            f"{resource.name}'s calendar",
            "staffed_on_resource_calendar",
            {"resource": resource.name},
        )
    names = {t.source_id: t.name for t in plan.tasks}
    file_calendar = {r.source_id: r.calendar_source_id for r in plan.resources}
    losses = []
    for a in plan.assignments:
        choice = mapping.get(a.resource, "new")
        if choice in narrowing or (choice != "new" and file_calendar.get(a.resource)):
            what, code, values = narrowing.get(
                choice,
                ("the chosen person's or resource's working time", "staffed_on_chosen_time", {}),
            )
            losses.append(
                Loss(
                    f"scheduled on {what}, not on the file's resource calendar",
                    a.task,
                    names.get(a.task, ""),
                    code=code,
                    values=values,
                )
            )
    return losses


def compare_with_file(
    project: Project, plan: ImportPlan, written: Written
) -> tuple[list[dict[str, Any]], dict[int, tuple[dt.date, dt.date]]]:
    """Tasks whose dates in Tandem differ from the file's schedule, and every task's computed
    dates (to store as its planned dates)."""
    computed = compute_schedule(project)
    by_pk = {row.task.pk: row for row in computed.rows}
    differences = []
    names = {t.source_id: t.name for t in plan.tasks}
    file_schedule = plan.schedule
    conv = plan.conv
    for source_id, pk in written.tasks.items():
        row = by_pk[pk]
        if file_schedule is None or source_id not in file_schedule.tasks:
            continue
        ts = file_schedule.tasks[source_id]
        start = conv.start_day(ts.start)
        finish = max(conv.finish_day(ts.finish), start)
        if (row.start, row.finish) != (start, finish):
            differences.append(
                {
                    "task_id": source_id,
                    "task": names.get(source_id, ""),
                    "file_start": start.isoformat(),
                    "file_finish": finish.isoformat(),
                    "start": row.start.isoformat(),
                    "finish": row.finish.isoformat(),
                }
            )
    return differences, {pk: (r.start, r.finish) for pk, r in by_pk.items()}


def store_dates(project: Project, dates: dict[int, tuple[dt.date, dt.date]]) -> None:
    """Planned dates = the computed ones, for the automatically scheduled tasks whose dates
    were not already those (the file's, written at insert)."""
    stale = [
        Task(pk=pk, start_date=dates[pk][0], finish_date=dates[pk][1])
        for pk, start, finish, manual in Task.objects.filter(project=project).values_list(
            "pk", "start_date", "finish_date", "manually_scheduled"
        )
        if not manual and (start, finish) != dates[pk]
    ]
    Task.objects.bulk_update(stale, ["start_date", "finish_date"], batch_size=500)


def fill_file_dates(plan: ImportPlan) -> None:
    """The file's schedule as every automatically scheduled task's planned dates (usually what
    Tandem computes too, so that few rows need updating after the comparison)."""
    if plan.schedule is None:
        return
    conv = plan.conv
    for row in plan.tasks:
        ts = plan.schedule.tasks.get(row.source_id)
        if ts is None or row.manually_scheduled:
            continue
        row.start_date = conv.start_day(ts.start)
        row.finish_date = max(conv.finish_day(ts.finish), row.start_date)


def do_import_project(
    data: bytes,
    file_name: str,
    *,
    acting_user: Any,
    code: str | None = None,
    name: str | None = None,
    source_project: str | None = None,
    time_zone: str = "UTC",
    resource_mapping: dict[str, str] | None = None,
    plan_import: PlanImport | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Create a project from the file; see the module's docstring."""
    if not is_org_admin(acting_user):
        raise Forbidden(_("Only organization admins create projects, imported ones too."))
    report_progress = progress or (lambda _percent, _step: None)
    report_progress(5, "reading the file")
    preview = preview_import(
        data, file_name, acting_user=acting_user, source_project=source_project,
        time_zone=time_zone,
    )  # fmt: skip
    plan = preview.plan
    mapping = {r.source_id: r.choice for r in preview.resources}
    mapping.update(resource_mapping or {})
    plan.losses.extend(staffing_losses(plan, mapping))
    report_progress(30, "creating the project")
    fill_file_dates(plan)
    with transaction.atomic():
        finish = plan.finish_date or plan.start_date
        project = do_create_project(
            acting_user=acting_user,
            name=(name or plan.name or file_name)[:200],
            code=(code or _unique_code(acting_user.organization_id, name or plan.name))[:20],
            start_date=plan.start_date,
            target_date=max(finish, plan.start_date),
            time_zone=time_zone,
        )
        report_progress(40, "writing tasks")
        written = write_plan(
            project,
            plan,
            actor=acting_user,
            notes=preview.read.task_notes,
            mapping=mapping,
            plan_import=plan_import,
        )
        report_progress(80, "scheduling")
        differences, dates = compare_with_file(project, plan, written)
        store_dates(project, dates)
        report = _report(preview, written, differences)
        audit.record(
            actor=acting_user,
            action="project.imported",
            obj=project,
            changes={
                "file": file_name,
                "format": preview.kind,
                "counts": report["counts"],
                "losses": len(plan.losses),
                "differences": len(differences),
            },
            project_id=project.pk,
            organization_id=project.organization_id,
        )
        schedule_cache.forget(project.pk)
    report_progress(100, "done")
    return ImportResult(project, report)


def _report(
    preview: ImportPreview, written: Written, differences: list[dict[str, Any]]
) -> dict[str, Any]:
    base = preview.as_json()
    base["counts"].update(
        {
            "resources_created": written.resources_created,
            "people_assigned": written.people_assigned,
            "calendars": written.calendars,
        }
    )
    base["differences"] = differences
    return base
