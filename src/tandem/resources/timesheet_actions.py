"""Every write of the weekly timesheet: saving the grid, submitting the week, and the project
manager's approval or return."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.comms.actions import notify
from tandem.core import l10n, writes
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.planning.models import Task
from tandem.projects.models import Project, ProjectMembership, Role
from tandem.projects.policies import has_right, role_in

from . import actions
from .models import TimeEntry, TimesheetStatus, TimesheetWeek
from .timesheets import build_grid, refuse_if_week_closed, week_days, week_of


@transaction.atomic
def do_save_timesheet(
    project: Project,
    *,
    acting_user: Any,
    week_start: dt.date,
    hours: dict[tuple[int, dt.date], Decimal],
) -> int:
    """Make the person's logged hours equal ``hours`` (task id, date -> hours; 0 clears a cell)
    for the cells given, in one go: every cell is checked before anything is written, and a
    refused cell changes nothing. Returns how many cells changed."""
    if not has_right(acting_user, project, "time.log"):
        raise Forbidden(_("Your role does not allow logging time."))
    week_start = week_of(week_start)
    refuse_if_week_closed(project.pk, acting_user.pk, week_start)
    grid = build_grid(project, acting_user.pk, week_start)
    days = set(week_days(week_start))
    current = {(row.task.pk, d): h for row in grid.rows for d, h in row.cells}
    allowed = grid.open_task_ids
    errors: dict[str, list[str]] = {}
    for (task_id, day), value in hours.items():
        key = f"h-{task_id}-{day.isoformat()}"
        if day not in days:
            errors[key] = [
                _("%(day)s is not in the week of %(week_start)s")
                % {"day": day, "week_start": week_start}
            ]
        elif not Decimal(0) <= value <= Decimal(24):
            errors[key] = [_("hours are between 0 and 24")]
        elif value != current.get((task_id, day), Decimal(0)) and task_id not in allowed:
            errors[key] = [_("this task is closed or not assigned to you")]
    if errors:
        raise ValidationFailed(
            _("Some hours cannot be saved: %(names)s")
            % {"names": "; ".join(f"{k}: {v[0]}" for k, v in errors.items())},
            fields=errors,
        )
    changed = [
        (task_id, day, value)
        for (task_id, day), value in hours.items()
        if value != current.get((task_id, day), Decimal(0))
    ]
    # Lower cells first, so a day's 24-hour limit counts the hours that leave before the new ones.
    changed.sort(key=lambda c: c[2] - current.get((c[0], c[1]), Decimal(0)))
    tasks = {t.pk: t for t in Task.objects.filter(project=project, pk__in={c[0] for c in changed})}
    for task_id, day, value in changed:
        _set_cell(tasks[task_id], acting_user, day, value)
    return len(changed)


def _set_cell(task: Task, person: Any, day: dt.date, value: Decimal) -> None:
    entries = list(TimeEntry.objects.filter(task=task, person=person, date=day).order_by("id"))
    if len(entries) == 1 and value > 0:
        actions.do_update_time_entry(
            entries[0], acting_user=person, version=entries[0].version, changes={"hours": value}
        )
        return
    notes = "; ".join(e.note for e in entries if e.note)
    for entry in entries:
        actions.do_delete_time_entry(entry, acting_user=person, version=entry.version)
    if value > 0:
        actions.do_log_time(task, acting_user=person, date=day, hours=value, note=notes[:500])


def _week_url(project: Project, week_start: dt.date) -> str:
    return f"{reverse('timesheet', args=[project.pk])}?week={week_start.isoformat()}"


@transaction.atomic
def do_submit_timesheet_week(
    project: Project, *, acting_user: Any, week_start: dt.date
) -> TimesheetWeek:
    """Hand the week in: it becomes read-only for the person and waits for the manager."""
    if not has_right(acting_user, project, "time.log"):
        raise Forbidden(_("Your role does not allow logging time."))
    week_start = week_of(week_start)
    refuse_if_week_closed(project.pk, acting_user.pk, week_start)
    total = build_grid(project, acting_user.pk, week_start).total
    changes = {
        "status": TimesheetStatus.SUBMITTED,
        "hours": total,
        "submitted_at": timezone.now(),
        "decided_by": None,
        "decided_at": None,
        "note": "",
    }
    record = TimesheetWeek.objects.filter(
        project=project, person=acting_user, week_start=week_start
    ).first()
    if record is None:
        record = writes.create(
            TimesheetWeek(project=project, person=acting_user, week_start=week_start, **changes),
            actor=acting_user,
            action="timesheet.submitted",
        )
    else:
        record = writes.update(
            record,
            version=record.version,
            changes=changes,
            actor=acting_user,
            action="timesheet.submitted",
        )
    managers = [
        m.user
        for m in ProjectMembership.objects.filter(project=project, role=Role.MANAGER)
        .exclude(user=acting_user)
        .select_related("user")
    ]
    for manager in managers:
        # Each manager's notification is written in their own language and locale.
        with l10n.for_person(manager):
            notify(
                [manager],
                project=project,
                kind="timesheet.submitted",
                subject=_("%(person)s submitted the week of %(week)s: %(hours)s h")
                % {
                    "person": acting_user,
                    "week": l10n.format_date(week_start, "month_day"),
                    "hours": l10n.format_number(total),
                },
                url=reverse("timesheet-approvals", args=[project.pk]),
                right="project.edit",
            )
    return record


def _decide(record: TimesheetWeek, acting_user: Any) -> None:
    if role_in(acting_user, record.project_id) != Role.MANAGER or not has_right(
        acting_user, record.project_id, "project.edit"
    ):
        raise Forbidden(_("Only the project manager approves or returns timesheets."))
    if record.person_id == acting_user.pk:
        raise Forbidden(_("Nobody approves or returns their own timesheet."))
    if record.status != TimesheetStatus.SUBMITTED:
        raise Conflict(
            _("This week is %(status)s, not waiting for a decision.")
            % {"status": record.get_status_display().lower()}
        )


@transaction.atomic
def do_approve_timesheet_week(
    record: TimesheetWeek, *, acting_user: Any, version: int
) -> TimesheetWeek:
    _decide(record, acting_user)
    record = writes.update(
        record,
        version=version,
        changes={
            "status": TimesheetStatus.APPROVED,
            "decided_by": acting_user,
            "decided_at": timezone.now(),
        },
        actor=acting_user,
        action="timesheet.approved",
    )
    with l10n.for_person(record.person):
        notify(
            [record.person],
            project=record.project,
            kind="timesheet.approved",
            subject=_("%(person)s approved your week of %(week)s")
            % {"person": acting_user, "week": l10n.format_date(record.week_start, "month_day")},
            url=_week_url(record.project, record.week_start),
            right="time.log",
        )
    return record


@transaction.atomic
def do_return_timesheet_week(
    record: TimesheetWeek, *, acting_user: Any, version: int, note: str
) -> TimesheetWeek:
    """Send the week back to its person with a note saying what to change; it opens again."""
    _decide(record, acting_user)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(
            _("Say what to change: a returned week needs a note."),
            fields={"note": [_("required when returning a week")]},
        )
    record = writes.update(
        record,
        version=version,
        changes={
            "status": TimesheetStatus.RETURNED,
            "decided_by": acting_user,
            "decided_at": timezone.now(),
            "note": note[:500],
        },
        actor=acting_user,
        action="timesheet.returned",
    )
    with l10n.for_person(record.person):
        notify(
            [record.person],
            project=record.project,
            kind="timesheet.returned",
            subject=_("%(person)s returned your week of %(week)s")
            % {"person": acting_user, "week": l10n.format_date(record.week_start, "month_day")},
            body=note,
            url=_week_url(record.project, record.week_start),
            right="time.log",
        )
    return record
