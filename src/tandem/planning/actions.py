"""Every write to tasks, dependencies and assignments (baselines and the schedule: see the sibling
``baseline_actions`` and ``schedule_actions`` modules, re-exported here)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import l10n, status_changes, writes
from tandem.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tandem.projects.models import Project, Role
from tandem.projects.policies import has_right, refuse_if_archived, require_right
from tandem.resources.models import Resource

from . import wbs
from .baseline_actions import (
    do_delete_baseline,
    do_save_baseline,
    do_update_baseline,
    do_update_plan_settings,
)
from .calendar import project_calendar
from .graph import find_cycle, find_path, format_cycle, leaf_edges
from .models import Assignment, ConstraintType, Dependency, DurationUnit, EstimateMode, Task
from .policies import PROGRESS_FIELDS, may_update_progress
from .schedule_actions import (
    PlanChange,
    PlanOutcome,
    auto_scheduled,
    do_apply_schedule,
    lock_plan,
    reschedule_after,
)

__all__ = [
    "do_add_dependency",
    "do_apply_schedule",
    "do_assign",
    "do_create_task",
    "do_delete_baseline",
    "do_delete_task",
    "do_remove_assignment",
    "do_remove_dependency",
    "do_save_baseline",
    "do_update_assignment",
    "do_update_baseline",
    "do_update_dependency",
    "do_update_plan_settings",
    "do_update_task",
]

TASK_FIELDS = frozenset(
    {
        "name",
        "description",
        "is_milestone",
        "estimate_mode",
        "duration_unit",
        "estimate",
        "optimistic",
        "most_likely",
        "pessimistic",
        "start_date",
        "finish_date",
        "constraint_type",
        "constraint_date",
        "deadline",
        "priority",
        "status",
        "percent_complete",
        "actual_start",
        "actual_finish",
        "remaining",
        "team",
        "manually_scheduled",
        "do_not_level",
    }
)
# Fields whose change can move the schedule (names and descriptions cannot).
SCHEDULE_FIELDS = (TASK_FIELDS | {"parent", "position"}) - {
    "name",
    "description",
    "priority",
    "team",
    "do_not_level",
}
WORKER_ROLES = (Role.MANAGER, Role.COORDINATOR, Role.MEMBER)


def _require(user: Any, project: Project | int, right: str, message: str) -> None:
    require_right(user, project, right, message)


def _check_task_rules(task: Task) -> None:
    """Rules that span fields; each failure names the offending fields."""
    errors: dict[str, list[str]] = {}
    if task.estimate_mode == EstimateMode.THREE_POINT:
        points = [task.optimistic, task.most_likely, task.pessimistic]
        if any(p is None for p in points):
            errors["most_likely"] = [
                _("A three-point estimate needs optimistic, most likely and pessimistic values.")
            ]
        elif not (task.optimistic <= task.most_likely <= task.pessimistic):  # type: ignore[operator,unused-ignore]
            errors["most_likely"] = [
                _("Three points must satisfy optimistic <= most likely <= pessimistic.")
            ]
    if task.is_milestone and task.estimate not in (None, Decimal("0")):
        errors["estimate"] = [_("A milestone has no duration (estimate 0 or empty).")]
    dated = task.constraint_type not in (ConstraintType.ASAP, ConstraintType.ALAP)
    if dated and task.constraint_date is None:
        errors["constraint_date"] = [
            _("Constraint %(constraint_type)s needs a date.")
            % {"constraint_type": task.constraint_type}
        ]
    if not dated and task.constraint_date is not None:
        errors["constraint_date"] = [
            _("Constraint %(constraint_type)s takes no date.")
            % {"constraint_type": task.constraint_type}
        ]
    team = task.team if task.team_id is not None else None
    if team is not None and team.organization_id != task.project.organization_id:
        errors["team"] = [_("The team must belong to the project's organization.")]
    if errors:
        summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
        raise ValidationFailed(_("Invalid task: %(summary)s") % {"summary": summary}, fields=errors)


def _check_parent(project: Project, parent: Task | None, moving: Task | None = None) -> None:
    if parent is None:
        return
    if parent.project_id != project.pk:
        raise ValidationFailed(
            _("Parent task %(parent_id)s belongs to another project.") % {"parent_id": parent.pk},
            fields={"parent": [_("other project")]},
        )
    if moving is not None and (parent.pk == moving.pk or parent.pk in wbs.descendant_ids(moving)):
        raise ValidationFailed(
            _("Task %(moving)s cannot move under itself or its own subtask %(parent)s.")
            % {"moving": moving, "parent": parent},
            fields={"parent": [_("would create a loop in the breakdown")]},
        )


def _workers(project: Project, user_ids: list[int]) -> list[Any]:
    members = {
        m.user_id: m.user
        for m in project.memberships.select_related("user").filter(
            user_id__in=user_ids, role__in=WORKER_ROLES
        )
    }
    missing = [i for i in user_ids if i not in members]
    if missing:
        raise ValidationFailed(
            _("Not working on project %(project)s: person ids %(missing)s.")
            % {"project": project.code, "missing": missing},
            fields={
                "assignee_ids": [
                    _("unknown or not a worker of the project: %(missing)s") % {"missing": missing}
                ]
            },
        )
    return [members[i] for i in user_ids]


@transaction.atomic
def do_create_task(
    project: Project,
    *,
    acting_user: Any,
    name: str,
    parent: Task | None = None,
    description: str = "",
    assignee_ids: list[int] | None = None,
    due_date: dt.date | None = None,
    outcome: PlanOutcome | None = None,
    **fields: Any,
) -> Task:
    """Add a task (or milestone) to the breakdown, assign people, and renumber the WBS.

    ``due_date`` becomes the task's ``deadline``. ``position`` (1-based among the parent's
    children) inserts before the task there; omitted, the task comes last. On an automatically
    scheduled project the plan is rescheduled and a typed start or finish becomes a constraint
    (see ``do_update_task``); ``outcome`` collects the moved tasks and notices. Needs
    ``tasks.edit``.
    """
    _require(acting_user, project, "tasks.edit", _("Your role does not allow creating tasks."))
    lock_plan(project.pk)
    position = fields.pop("position", None)
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown task fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    _check_parent(project, parent)
    assignees = _workers(project, list(dict.fromkeys(assignee_ids or [])))
    if due_date is not None:
        fields.setdefault("deadline", due_date)
    auto = auto_scheduled(project)
    notices, typed = _typed_dates(project, None, fields, auto=auto)
    task = Task(project=project, parent=parent, name=name, description=description, **fields)
    _check_task_rules(task)
    writes.clean(task, exclude=["position", "wbs_code", "wbs_sort"])
    task.position = wbs.open_slot(project.pk, parent.pk if parent else None, position)
    task = writes.create(task, actor=acting_user, action="task.created")
    wbs.renumber_project(project.pk)
    task.refresh_from_db()
    for person in assignees:
        writes.create(
            Assignment(task=task, person=person),
            actor=acting_user,
            action="assignment.created",
            project_id=project.pk,
        )
    change = PlanChange(before={task.pk: (None, None)}, structural=True)
    return _rescheduled(task, acting_user, change, outcome, notices, typed)


def _rescheduled(
    task: Task,
    acting_user: Any,
    change: PlanChange,
    outcome: PlanOutcome | None,
    notices: list[str],
    typed: dict[str, dt.date],
) -> Task:
    """Reschedule after a change to ``task``; the task as stored afterwards."""
    outcome = outcome if outcome is not None else PlanOutcome()
    outcome.notices.extend(notices)
    reschedule_after(task.project, acting_user, change, outcome)
    if outcome.rescheduled_plan:
        task.refresh_from_db()
    outcome.notices.extend(_typed_date_notices(task, typed))
    return task


def _typed_dates(
    project: Project, before: Task | None, changes: dict[str, Any], *, auto: bool
) -> tuple[list[str], dict[str, dt.date]]:
    """On an automatically scheduled task, a typed start becomes a start-no-earlier-than
    constraint and a typed finish a finish-no-earlier-than one (MS Project does the same),
    unless the change sets a constraint itself. Both typed: start no earlier than the start,
    and a single estimate becomes the working days between them. Adjusts ``changes``; returns
    the notices saying so and the typed dates (to tell later if the schedule moved them)."""
    manual = changes.get("manually_scheduled", before.manually_scheduled if before else False)
    typed = {
        key: changes[key]
        for key in ("start_date", "finish_date")
        if changes.get(key) is not None and (before is None or changes[key] != getattr(before, key))
    }
    if not auto or manual or not typed:
        return [], {}
    start, finish = typed.get("start_date"), typed.get("finish_date")
    if start is None or finish is None:
        # The schedule rewrites the other date; until then it must not contradict the typed one.
        other = "finish_date" if start is not None else "start_date"
        kept = changes.get(other, getattr(before, other) if before else None)
        day = start if start is not None else finish
        if kept is not None and (kept < day if start is not None else kept > day):
            changes[other] = day
    if "constraint_type" in changes or "constraint_date" in changes:
        return [], typed
    kind, day = (ConstraintType.SNET, start) if start is not None else (ConstraintType.FNET, finish)
    changes["constraint_type"], changes["constraint_date"] = kind, day
    if start is not None and finish is not None:
        told = _("Start and finish set: the task now has the constraint %(constraint)s %(day)s.")
    elif start is not None:
        told = _("Start set: the task now has the constraint %(constraint)s %(day)s.")
    else:
        told = _("Finish set: the task now has the constraint %(constraint)s %(day)s.")
    notices = [told % {"constraint": kind.label, "day": l10n.format_date(day)}]
    if start is not None and finish is not None and finish >= start:
        notices.extend(_duration_from_dates(project, before, changes, start, finish))
    return notices, typed


def _duration_from_dates(
    project: Project, before: Task | None, changes: dict[str, Any], start: dt.date, finish: dt.date
) -> list[str]:
    """A typed start and finish set a single estimate's duration (a milestone's stays 0)."""
    mode = changes.get("estimate_mode", before.estimate_mode if before else EstimateMode.SINGLE)
    milestone = changes.get("is_milestone", before.is_milestone if before else False)
    if milestone or mode != EstimateMode.SINGLE or "estimate" in changes:
        return []
    calendar = project_calendar(project)
    days = Decimal(max(calendar.working_days(start, finish), 1))
    unit = changes.get("duration_unit", before.duration_unit if before else DurationUnit.DAYS)
    estimate = days if unit == DurationUnit.DAYS else days * calendar.hours_per_day
    changes["estimate"] = estimate
    # A whole number chooses the form; a fraction reads as the plural ("1.5 hours").
    count = int(estimate) if estimate == int(estimate) else 2
    if unit == DurationUnit.DAYS:
        told = ngettext(
            "Its estimate is now %(count)s day, from the dates typed.",
            "Its estimate is now %(count)s days, from the dates typed.",
            count,
        )
    else:
        told = ngettext(
            "Its estimate is now %(count)s hour, from the dates typed.",
            "Its estimate is now %(count)s hours, from the dates typed.",
            count,
        )
    return [told % {"count": l10n.format_number(estimate.normalize())}]


def _typed_date_notices(task: Task, typed: dict[str, dt.date]) -> list[str]:
    """Typed dates the schedule did not keep, and why (nothing typed is lost unsaid)."""
    notices = []
    texts = {
        "start_date": _(
            "The start typed, %(wanted)s, is not the scheduled start: its links, constraint or "
            "duration put it on %(stored)s."
        ),
        "finish_date": _(
            "The finish typed, %(wanted)s, is not the scheduled finish: its links, constraint "
            "or duration put it on %(stored)s."
        ),
    }
    for key, text in texts.items():
        wanted, stored = typed.get(key), getattr(task, key)
        if wanted is not None and stored != wanted:
            notices.append(
                text % {"wanted": l10n.format_date(wanted), "stored": l10n.format_date(stored)}
            )
    return notices


@transaction.atomic
def do_update_task(
    task: Task,
    *,
    acting_user: Any,
    version: int,
    changes: dict[str, Any],
    outcome: PlanOutcome | None = None,
) -> Task:
    """Change a task's fields; ``parent`` and ``position`` move it in the breakdown.

    People with ``tasks.edit`` change anything; otherwise only the progress fields, and only with
    ``tasks.progress_any`` or on a task assigned to them (``tasks.progress_assigned``). A change
    that can move dates reschedules an automatically scheduled project in the same transaction
    (``reschedule_after``); a start or finish typed on an automatically scheduled task becomes a
    constraint (``_typed_dates``). ``outcome`` collects the moved tasks and the notices.
    """
    changes = dict(changes)
    unknown = set(changes) - TASK_FIELDS - {"parent", "position"}
    if unknown:
        raise ValidationFailed(
            _("Unknown task fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    project = task.project
    refuse_if_archived(acting_user, project, "tasks.progress_assigned")
    if not has_right(acting_user, project, "tasks.edit"):
        if set(changes) - PROGRESS_FIELDS:
            raise Forbidden(
                _(
                    "Your role allows changing only progress (status, percent complete, actual "
                    "dates, remaining) on tasks."
                )
            )
        if not may_update_progress(acting_user, task):
            raise Forbidden(_("You can update progress only on tasks assigned to you."))
    moving = "parent" in changes or "position" in changes
    new_parent = changes.pop("parent", task.parent)
    position = changes.pop("position", None)
    reschedule = moving or bool(set(changes) & SCHEDULE_FIELDS)
    if reschedule:
        lock_plan(project.pk)
    if moving:
        _check_parent(project, new_parent, moving=task)
    preview = Task.objects.get(pk=task.pk)
    dates_before = (preview.start_date, preview.finish_date)
    status_before = preview.status
    notices, typed = _typed_dates(project, preview, changes, auto=auto_scheduled(project))
    for key, value in changes.items():
        setattr(preview, key, value)
    _check_task_rules(preview)
    if moving:
        changes["parent"] = new_parent
        changes["position"] = wbs.make_room(task, new_parent, position)
    task = writes.update(
        task, version=version, changes=changes, actor=acting_user, action="task.updated"
    )
    if changes.get("status", status_before) != status_before:
        # Listeners (the RACI's Informed people) hear of it once the change is committed.
        status_changes.announce(
            "planning.task", task.pk, status_before, changes["status"], acting_user.pk
        )
    if moving:
        wbs.renumber_project(project.pk)
        task.refresh_from_db()
        _check_links_after_move(task)
    if not reschedule:
        return task
    change = PlanChange(before={task.pk: dates_before}, structural=moving)
    return _rescheduled(task, acting_user, change, outcome, notices, typed)


@transaction.atomic
def do_delete_task(
    task: Task, *, acting_user: Any, version: int, outcome: PlanOutcome | None = None
) -> None:
    """Delete a task that has no subtasks, with its dependencies and assignments; an
    automatically scheduled project is rescheduled (``outcome`` collects the moved tasks)."""
    _require(
        acting_user, task.project_id, "tasks.edit", _("Your role does not allow deleting tasks.")
    )
    lock_plan(task.project_id)
    children = task.children.count()
    if children:
        raise Conflict(
            ngettext(
                "Task %(task)s has %(children)s subtask; delete or move it first.",
                "Task %(task)s has %(children)s subtasks; delete or move them first.",
                children,
            )
            % {"task": task, "children": l10n.format_number(children)},
            fields={"children": [str(children)]},
        )
    if task.time_entries.exists():
        raise Conflict(
            _("Task %(task)s has logged time; cancel it instead of deleting it.") % {"task": task}
        )
    for dep in Dependency.objects.filter(Q(predecessor=task) | Q(successor=task)):
        writes.delete(dep, version=dep.version, actor=acting_user, action="dependency.deleted")
    for assignment in task.assignments.all():
        writes.delete(
            assignment,
            version=assignment.version,
            actor=acting_user,
            action="assignment.deleted",
            project_id=task.project_id,
        )
    project = task.project
    writes.delete(task, version=version, actor=acting_user, action="task.deleted")
    wbs.renumber_project(project.pk)
    reschedule_after(project, acting_user, PlanChange(structural=True), outcome)


def _scheduled_cycle(project_id: int, edges: list[tuple[int, int]]) -> list[int] | None:
    parent_of = dict(Task.objects.filter(project_id=project_id).values_list("id", "parent_id"))
    return find_cycle(leaf_edges(edges, parent_of))


def _describe_cycle(cycle: list[int]) -> str:
    labels = {t.pk: str(t) for t in Task.objects.filter(pk__in=cycle)}
    return format_cycle(cycle, labels)


def _check_links_after_move(task: Task) -> None:
    """A move must not put a task under one it is linked with, nor close a cycle via summaries."""
    below = wbs.descendant_ids(task)
    above = set(_ancestor_ids(task))
    family = below | above
    for dep in Dependency.objects.filter(
        Q(predecessor=task, successor_id__in=family) | Q(successor=task, predecessor_id__in=family)
    ).select_related("predecessor", "successor"):
        raise ValidationFailed(
            _(
                "Task %(predecessor)s and task %(successor)s are linked; one cannot contain the "
                "other. Remove the link first."
            )
            % {"predecessor": dep.predecessor, "successor": dep.successor},
            fields={"parent": [_("linked task")]},
        )
    edges = list(
        Dependency.objects.filter(project_id=task.project_id).values_list(
            "predecessor_id", "successor_id"
        )
    )
    cycle = _scheduled_cycle(task.project_id, edges)
    if cycle is not None:
        message = _describe_cycle(cycle)
        raise ValidationFailed(
            _("This move would create a dependency cycle: %(message)s") % {"message": message},
            fields={"parent": [message]},
        )


def _ancestor_ids(task: Task) -> list[int]:
    parents = dict(Task.objects.filter(project_id=task.project_id).values_list("id", "parent_id"))
    found: list[int] = []
    current = parents.get(task.pk)
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found


def _lock_plan(project_id: int) -> None:
    # Serializes link changes of one project (PostgreSQL row lock) so two concurrent inserts
    # cannot each pass the cycle check and together close a cycle (and reschedulings: see
    # ``lock_plan``).
    lock_plan(project_id)


@transaction.atomic
def do_add_dependency(
    *,
    acting_user: Any,
    predecessor: Task,
    successor: Task,
    type: str = "FS",  # noqa: A002
    lag: Decimal | int = 0,
    lag_unit: str = "days",
    outcome: PlanOutcome | None = None,
) -> Dependency:
    """Make ``successor`` depend on ``predecessor``; an automatically scheduled project is
    rescheduled (``outcome`` collects the moved tasks).

    Refused (422): self-links, links across projects, duplicates, links between a task and its
    own summary, and links that would close a cycle (the message names it: ``1.1 A -> 1.2 B ->
    1.1 A``). Needs ``tasks.edit``.
    """
    _require(
        acting_user,
        successor.project_id,
        "tasks.edit",
        _("Your role does not allow editing links."),
    )
    if predecessor.pk == successor.pk:
        raise ValidationFailed(
            _("Task %(successor)s cannot depend on itself.") % {"successor": successor}
        )
    if predecessor.project_id != successor.project_id:
        raise ValidationFailed(
            _("A task can depend only on tasks of its own project."),
            fields={"predecessor": [_("other project")]},
        )
    _lock_plan(successor.project_id)
    if Dependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationFailed(
            _("Task %(successor)s already depends on task %(predecessor)s.")
            % {"successor": successor, "predecessor": predecessor}
        )
    if predecessor.pk in wbs.descendant_ids(successor) or successor.pk in wbs.descendant_ids(
        predecessor
    ):
        raise ValidationFailed(
            _(
                "Task %(predecessor)s and task %(successor)s are a summary and its own subtask; "
                "link the subtasks instead."
            )
            % {"predecessor": predecessor, "successor": successor}
        )
    edges = list(
        Dependency.objects.filter(project_id=successor.project_id).values_list(
            "predecessor_id", "successor_id"
        )
    )
    path = find_path(edges, start=successor.pk, goal=predecessor.pk)
    cycle = [predecessor.pk, *path[:-1]] if path is not None else None
    if cycle is None:
        # Links into or out of summaries reach their subtasks: check the graph the scheduler sees.
        cycle = _scheduled_cycle(successor.project_id, [*edges, (predecessor.pk, successor.pk)])
    if cycle is not None:
        message = _describe_cycle(cycle)
        raise ValidationFailed(
            _("This dependency would create a cycle: %(message)s") % {"message": message},
            fields={"predecessor": [message]},
        )
    dependency = writes.create(
        Dependency(
            project_id=successor.project_id,
            predecessor=predecessor,
            successor=successor,
            type=type,
            lag=lag,
            lag_unit=lag_unit,
        ),
        actor=acting_user,
        action="dependency.created",
    )
    reschedule_after(successor.project, acting_user, PlanChange(links={dependency.pk}), outcome)
    return dependency


@transaction.atomic
def do_update_dependency(
    dependency: Dependency,
    *,
    acting_user: Any,
    version: int,
    changes: dict[str, Any],
    outcome: PlanOutcome | None = None,
) -> Dependency:
    """Change a link's type or lag (its ends are fixed: remove it and add another); an
    automatically scheduled project is rescheduled (``outcome`` collects the moved tasks)."""
    _require(
        acting_user,
        dependency.project_id,
        "tasks.edit",
        _("Your role does not allow editing links."),
    )
    lock_plan(dependency.project_id)
    unknown = set(changes) - {"type", "lag", "lag_unit"}
    if unknown:
        raise ValidationFailed(
            _("Unknown dependency fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    dependency = writes.update(
        dependency,
        version=version,
        changes=changes,
        actor=acting_user,
        action="dependency.updated",
    )
    reschedule_after(dependency.project, acting_user, PlanChange(links={dependency.pk}), outcome)
    return dependency


@transaction.atomic
def do_remove_dependency(
    dependency: Dependency,
    *,
    acting_user: Any,
    version: int,
    outcome: PlanOutcome | None = None,
) -> None:
    """Remove a link; an automatically scheduled project is rescheduled."""
    _require(
        acting_user,
        dependency.project_id,
        "tasks.edit",
        _("Your role does not allow editing links."),
    )
    lock_plan(dependency.project_id)
    link_id = dependency.pk
    writes.delete(dependency, version=version, actor=acting_user, action="dependency.deleted")
    reschedule_after(dependency.project, acting_user, PlanChange(links={link_id}), outcome)


@transaction.atomic
def do_assign(
    task: Task,
    *,
    acting_user: Any,
    person: Any | None = None,
    resource: Resource | None = None,
    units: Decimal | int = 100,
    outcome: PlanOutcome | None = None,
) -> Assignment:
    """Put a project worker or an organization resource on a task at ``units`` percent; their
    calendars narrow the task's working time, so an automatically scheduled project is
    rescheduled (``outcome`` collects the moved tasks)."""
    project = task.project
    _require(acting_user, project, "tasks.edit", _("Your role does not allow assigning work."))
    lock_plan(project.pk)
    if (person is None) == (resource is None):
        raise ValidationFailed(_("Assign either a person or a resource."))
    if person is not None:
        _workers(project, [person.pk])
    if resource is not None and (
        resource.organization_id != project.organization_id or not resource.active
    ):
        raise NotFound(
            _("No active resource %(resource_id)s in this organization.")
            % {"resource_id": resource.pk}
        )
    assignment = writes.create(
        Assignment(task=task, person=person, resource=resource, units=units),
        actor=acting_user,
        action="assignment.created",
        project_id=project.pk,
    )
    reschedule_after(project, acting_user, PlanChange(structural=True), outcome)
    return assignment


@transaction.atomic
def do_update_assignment(
    assignment: Assignment, *, acting_user: Any, version: int, units: Decimal | int
) -> Assignment:
    """Change an assignment's units (durations do not follow units: no rescheduling)."""
    project_id = assignment.task.project_id
    _require(acting_user, project_id, "tasks.edit", _("Your role does not allow assigning work."))
    return writes.update(
        assignment,
        version=version,
        changes={"units": units},
        actor=acting_user,
        action="assignment.updated",
        project_id=project_id,
    )


@transaction.atomic
def do_remove_assignment(
    assignment: Assignment, *, acting_user: Any, version: int, outcome: PlanOutcome | None = None
) -> None:
    """Take a person or resource off a task; an automatically scheduled project is
    rescheduled (their calendar no longer narrows the task's working time)."""
    project = assignment.task.project
    _require(acting_user, project, "tasks.edit", _("Your role does not allow assigning work."))
    lock_plan(project.pk)
    writes.delete(
        assignment,
        version=version,
        actor=acting_user,
        action="assignment.deleted",
        project_id=project.pk,
    )
    reschedule_after(project, acting_user, PlanChange(structural=True), outcome)
