"""The weekly timesheet: which tasks a person fills in, the grid of hours by task and day with
its totals, and whether the week is still open to changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.core.errors import Conflict
from tandem.planning.models import Task, TaskStatus

from .models import TimeEntry, TimesheetStatus, TimesheetWeek

CLOSED_TASK_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)
LOCKED = (TimesheetStatus.SUBMITTED, TimesheetStatus.APPROVED)


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def week_days(week_start: dt.date) -> list[dt.date]:
    return [week_start + dt.timedelta(days=n) for n in range(7)]


def week_record(project_id: int, person_id: int, week_start: dt.date) -> TimesheetWeek | None:
    return TimesheetWeek.objects.filter(
        project_id=project_id, person_id=person_id, week_start=week_start
    ).first()


def refuse_if_week_closed(project_id: int, person_id: int, day: dt.date) -> None:
    """409 when ``day`` falls in a week of the person's time in the project that is submitted or
    approved: it changes only after the manager returns it."""
    record = week_record(project_id, person_id, week_of(day))
    if record is not None and record.status in LOCKED:
        state = _("approved") if record.status == TimesheetStatus.APPROVED else _("submitted")
        raise Conflict(
            _(
                "The week of %(day)s %(week_start)s is %(state)s: its time is read-only unless "
                "the project manager returns it."
            )
            % {
                "day": record.week_start.day,
                "week_start": date_format(record.week_start, "F Y"),
                "state": state,
            },
            fields={
                "date": [
                    _("the week of %(week_start)s is %(state)s")
                    % {"week_start": record.week_start, "state": state}
                ]
            },
        )


def open_leaf_tasks(project_id: int, person_id: int) -> list[Task]:
    """Tasks the person can log time on: assigned to them, not summaries, not milestones, and
    neither done nor cancelled; in plan order."""
    return list(
        Task.objects.filter(
            project_id=project_id,
            assignments__person_id=person_id,
            children__isnull=True,
            is_milestone=False,
        )
        .exclude(status__in=CLOSED_TASK_STATUSES)
        .distinct()
        .order_by("wbs_sort")
    )


@dataclass
class GridRow:
    task: Task
    cells: list[tuple[dt.date, Decimal]]
    total: Decimal
    # A task with time this week that is closed or no longer assigned: shown, not offered.
    open: bool = True


@dataclass
class TimesheetGrid:
    week_start: dt.date
    days: list[dt.date]
    rows: list[GridRow] = field(default_factory=list)
    day_totals: list[Decimal] = field(default_factory=list)
    total: Decimal = Decimal(0)
    record: TimesheetWeek | None = None

    @property
    def locked(self) -> bool:
        return self.record is not None and self.record.status in LOCKED

    @property
    def open_task_ids(self) -> set[int]:
        return {row.task.pk for row in self.rows if row.open}


def logged_hours(
    project_id: int, person_id: int, days: list[dt.date]
) -> dict[tuple[int, dt.date], Decimal]:
    """Hours per (task id, date) the person logged in the project over ``days``."""
    sums = (
        TimeEntry.objects.filter(
            project_id=project_id, person_id=person_id, date__gte=days[0], date__lte=days[-1]
        )
        .values("task_id", "date")
        .annotate(hours=Sum("hours"))
    )
    return {(s["task_id"], s["date"]): Decimal(s["hours"]) for s in sums}


def build_grid(project: Any, person_id: int, week_start: dt.date) -> TimesheetGrid:
    """The person's week: one row per open leaf task assigned to them, plus any task they
    already logged time on that week; totals per day, per task and for the week."""
    days = week_days(week_start)
    hours = logged_hours(project.pk, person_id, days)
    offered = open_leaf_tasks(project.pk, person_id)
    offered_ids = {t.pk for t in offered}
    extra_ids = {task_id for task_id, _ in hours} - offered_ids
    extra = list(Task.objects.filter(Q(pk__in=extra_ids)).order_by("wbs_sort"))
    grid = TimesheetGrid(week_start, days, record=week_record(project.pk, person_id, week_start))
    for task in sorted([*offered, *extra], key=lambda t: t.wbs_sort):
        cells = [(d, hours.get((task.pk, d), Decimal(0))) for d in days]
        grid.rows.append(
            GridRow(task, cells, sum((h for _, h in cells), Decimal(0)), task.pk in offered_ids)
        )
    grid.day_totals = [
        sum((row.cells[i][1] for row in grid.rows), Decimal(0)) for i in range(len(days))
    ]
    grid.total = sum(grid.day_totals, Decimal(0))
    return grid
