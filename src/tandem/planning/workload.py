"""Workload: what each person and resource is booked for, day by day, against their capacity.

A person's capacity on a day is their resource's ``max_units`` (100 = full time, when they have
no person resource) times their working hours that day over their longest working day: a day
off is 0, a half Friday 50. Their calendar is their working hours, their days off and the
exceptions of their person resource's calendar; other resources work on their calendar, else
every weekday. An assignment books its ``units`` on every day its task works: from the task's
planned start to its planned finish, on the project's working days that the assignee works.

A period (day, ISO week, calendar month) is over-allocated when on one of its days the load
exceeds the capacity; the tasks causing it are those booked on such days. Only projects where
the viewer sees the work (``project.view_work``) count, so an organization-wide view never shows
another project's tasks, and a person's load there is what the viewer's projects book.

Cells hold sums over the period in "unit-days" (100 units for one day = one full day), so a
period's load percentage is work over capacity; hours are those unit-days times the assignee's
longest working day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from django.utils import timezone
from django.utils.translation import gettext

from tandem.accounts.models import User
from tandem.core import l10n
from tandem.core.errors import ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import access_project, project_ids_with_right
from tandem.resources.models import CalendarException, Resource, WorkCalendar

from .calendar import ProjectCalendar, engine_exceptions, project_calendar, working_times
from .models import Assignment, TaskStatus

SCALES = ("day", "week", "month")
DEFAULT_PERIODS = {"day": 28, "week": 26, "month": 12}
MAX_DAYS = 3 * 366
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end`` inclusive; ``first``/``stop`` index the window's days."""

    start: dt.date
    end: dt.date
    label: str
    first: int
    stop: int


@dataclass(frozen=True)
class WorkloadTask:
    id: int
    name: str
    wbs_code: str
    project_id: int
    project_code: str
    start: dt.date
    finish: dt.date

    @property
    def label(self) -> str:
        return f"{self.wbs_code} {self.name}".strip()


@dataclass(frozen=True)
class Booking:
    """One assignment inside the window: ``units`` on the days of ``mask`` (window indices)."""

    task_id: int
    project_id: int
    units: float
    first: int
    stop: int


@dataclass
class WorkloadCell:
    """One assignee in one period. ``load_pct`` is work over capacity (None: no capacity and
    no work); ``peak_pct`` the busiest day's load over that day's capacity."""

    work_hours: float
    capacity_hours: float
    load_pct: float | None
    peak_pct: float | None
    over: bool
    task_ids: tuple[int, ...] = ()

    @property
    def level(self) -> str:
        """A class for the heat map: none, light (< 50 %), ok, full (<= 100 %), over."""
        if self.over:
            return "over"
        if not self.work_hours:
            return "none"
        pct = self.load_pct or 0.0
        if pct < 50:
            return "light"
        return "full" if pct > 90 else "ok"


@dataclass
class WorkloadRow:
    key: str  # "person-<user id>" or "resource-<resource id>"
    name: str
    kind: str
    max_units: float
    day_hours: float
    cells: list[WorkloadCell]
    bookings: list[Booking] = field(default_factory=list)
    load: FloatArray | None = None  # units per day of the window
    capacity: FloatArray | None = None

    @property
    def over_periods(self) -> int:
        return sum(1 for c in self.cells if c.over)


@dataclass
class Workload:
    scale: str
    start: dt.date
    end: dt.date
    periods: list[Period]
    rows: list[WorkloadRow]
    tasks: dict[int, WorkloadTask]
    projects: dict[int, str]

    def row(self, key: str) -> WorkloadRow | None:
        return next((r for r in self.rows if r.key == key), None)

    @property
    def over_allocated(self) -> list[WorkloadRow]:
        return [r for r in self.rows if r.over_periods]


# Window and periods ---------------------------------------------------------------------


def _period_start(day: dt.date, scale: str) -> dt.date:
    if scale == "week":
        return day - dt.timedelta(days=day.weekday())
    if scale == "month":
        return day.replace(day=1)
    return day


def _next_period(day: dt.date, scale: str) -> dt.date:
    if scale == "week":
        return day + dt.timedelta(days=7)
    if scale == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=1)


def _label(day: dt.date, scale: str) -> str:
    if scale == "week":
        iso = day.isocalendar()
        return f"W{iso.week} {l10n.format_date(day, 'month_day')}"
    if scale == "month":
        return l10n.format_date(day, "month_year")
    return l10n.format_date(day, "day")


def window(
    scale: str, start: dt.date, end: dt.date | None = None
) -> tuple[dt.date, dt.date, list[Period]]:
    """Whole periods from the one holding ``start`` to the one holding ``end`` (default: the
    scale's usual span); 422 naming the field for an unknown scale or a window too long."""
    if scale not in SCALES:
        raise ValidationFailed(
            gettext("Unknown scale %(scale)r: choose day, week or month.") % {"scale": scale},
            fields={"scale": [gettext("one of %(scales)s") % {"scales": ", ".join(SCALES)}]},
        )
    for name, day in (("start", start), ("end", end)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationFailed(
                gettext("The workload covers %(earliest)s to %(latest)s.")
                % {"earliest": EARLIEST.year, "latest": LATEST.year},
                fields={
                    name: [
                        gettext("between %(earliest)s and %(latest)s")
                        % {"earliest": EARLIEST, "latest": LATEST}
                    ]
                },
            )
    first = _period_start(start, scale)
    if end is None:
        last = first
        for _ in range(DEFAULT_PERIODS[scale]):
            last = _next_period(last, scale)
        end = last - dt.timedelta(days=1)
    if end < start:
        raise ValidationFailed(
            gettext("The workload ends before it starts."),
            fields={"end": [gettext("before the start")]},
        )
    periods: list[Period] = []
    day = first
    while day <= end:
        nxt = _next_period(day, scale)
        periods.append(
            Period(
                day,
                nxt - dt.timedelta(days=1),
                _label(day, scale),
                (day - first).days,
                (nxt - first).days,
            )
        )
        day = nxt
    last_day = periods[-1].end
    if (last_day - first).days + 1 > MAX_DAYS:
        raise ValidationFailed(
            gettext("The workload covers at most %(max_days)s days; choose a shorter window.")
            % {"max_days": MAX_DAYS},
            fields={
                "end": [
                    gettext("at most %(max_days)s days after the start") % {"max_days": MAX_DAYS}
                ]
            },
        )
    return first, last_day, periods


# Calendars --------------------------------------------------------------------------------


def _hours(periods: Iterable[tuple[int, int]]) -> float:
    return sum(b - a for a, b in periods) / 60


def _day_hours(calendar: ProjectCalendar, days: Sequence[dt.date]) -> FloatArray:
    """Working hours of each day: the week's hours by weekday, then the exception days."""
    week = np.array(
        [_hours(working_times(calendar.working_hours.get(str(d), []))) for d in range(1, 8)]
    )
    first = days[0]
    offsets = np.arange(len(days))
    hours: FloatArray = week[(first.weekday() + offsets) % 7]
    if calendar.exceptions:
        for year in range(first.year, days[-1].year + 1):
            for day, times in calendar.exception_days(year).items():
                index = (day - first).days
                if 0 <= index < len(days):
                    hours[index] = _hours(times)
    return hours


def _longest_day(working_hours: dict[str, list[list[str]]]) -> float:
    week = ProjectCalendar(working_hours, (), Decimal(8))
    monday = dt.date(2024, 1, 1)
    return max(
        (_hours(week.periods_on(monday + dt.timedelta(days=i))) for i in range(7)), default=0
    )


# Reading the plan -------------------------------------------------------------------------


@dataclass
class _Assignee:
    key: str
    name: str
    kind: str
    max_units: float
    calendar: ProjectCalendar | None  # None: every weekday, 8 hours
    bookings: list[Booking] = field(default_factory=list)


def _rows(projects: list[Project], first: dt.date, last: dt.date) -> list[tuple[Any, ...]]:
    return list(
        Assignment.objects.filter(
            task__project__in=[p.pk for p in projects],
            task__start_date__isnull=False,
            task__finish_date__isnull=False,
            task__start_date__lte=last,
            task__finish_date__gte=first,
            task__is_milestone=False,
            task__children__isnull=True,
        )
        .exclude(task__status=TaskStatus.CANCELLED)
        .exclude(resource__kind="material")
        .order_by("task__wbs_sort", "id")
        .values_list(
            "task_id",
            "task__name",
            "task__wbs_code",
            "task__project_id",
            "task__start_date",
            "task__finish_date",
            "units",
            "person_id",
            "resource_id",
            "resource__user_id",
            "resource__name",
            "resource__kind",
            "resource__max_units",
            "resource__calendar_id",
        )
    )


def _people(person_ids: set[int], organization_id: int) -> dict[int, _Assignee]:
    """Each person's calendar: their week, their days off, their person resource's calendar's
    exceptions (four queries)."""
    users = User.objects.filter(pk__in=person_ids).only(
        "id", "username", "display_name", "first_name", "last_name", "working_hours"
    )
    resources = {
        r.user_id: r
        for r in Resource.objects.filter(organization_id=organization_id, user_id__in=person_ids)
        .select_related("calendar")
        .prefetch_related("calendar__exceptions")
    }
    days_off: dict[int, list[CalendarException]] = defaultdict(list)
    for exc in CalendarException.objects.filter(person_id__in=person_ids):
        days_off[exc.person_id or 0].append(exc)
    found = {}
    for user in users:
        resource = resources.get(user.pk)
        stored = list(days_off[user.pk])
        if resource is not None and resource.calendar is not None:
            stored += list(resource.calendar.exceptions.all())
        calendar = ProjectCalendar(user.working_hours, engine_exceptions(stored), Decimal(8))
        found[user.pk] = _Assignee(
            f"person-{user.pk}",
            str(user),
            "person",
            float(resource.max_units) if resource is not None else 100.0,
            calendar,
        )
    return found


def _resources(rows: list[tuple[Any, ...]]) -> dict[int, _Assignee]:
    calendars = {
        c.pk: c
        for c in WorkCalendar.objects.filter(
            pk__in={r[13] for r in rows if r[8] and r[13]}
        ).prefetch_related("exceptions")
    }
    found = {}
    for row in rows:
        resource_id, user_id, name, kind, max_units, calendar_id = row[8:14]
        if resource_id is None or user_id is not None or resource_id in found:
            continue
        stored = calendars.get(calendar_id)
        calendar = (
            ProjectCalendar(
                stored.working_hours, engine_exceptions(stored.exceptions.all()), Decimal(8)
            )
            if stored is not None
            else None
        )
        found[resource_id] = _Assignee(
            f"resource-{resource_id}", name, kind, float(max_units), calendar
        )
    return found


def compute_workload(
    projects: list[Project], scale: str, start: dt.date, end: dt.date | None = None
) -> Workload:
    """The workload of everyone assigned in ``projects`` (already filtered for the viewer)
    over whole periods of ``scale`` from ``start`` (see the module docstring)."""
    first, last, periods = window(scale, start, end)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    rows = _rows(projects, first, last) if projects else []
    organization_id = projects[0].organization_id if projects else 0
    people = _people({r[7] or r[9] for r in rows if r[7] or r[9]}, organization_id)
    resources = _resources(rows)
    by_code = {p.pk: p.code for p in projects}
    project_days = {p.pk: _day_hours(project_calendar(p), days) > 0 for p in projects}
    tasks: dict[int, WorkloadTask] = {}
    for row in rows:
        task_id, name, wbs, project_id, t_start, t_finish, units, person, resource, user = row[:10]
        tasks.setdefault(
            task_id,
            WorkloadTask(task_id, name, wbs, project_id, by_code[project_id], t_start, t_finish),
        )
        who = people.get(person or user) if (person or user) else resources.get(resource)
        if who is None:
            continue
        lo = max(0, (t_start - first).days)
        hi = min(len(days), (t_finish - first).days + 1)
        who.bookings.append(Booking(task_id, project_id, float(units), lo, hi))
    assignees = sorted(
        [*people.values(), *resources.values()], key=lambda a: (a.kind != "person", a.name.lower())
    )
    result = [_row(a, days, periods, project_days) for a in assignees]
    return Workload(scale, first, last, periods, result, tasks, by_code)


def _row(
    who: _Assignee,
    days: list[dt.date],
    periods: list[Period],
    project_days: dict[int, npt.NDArray[np.bool_]],
) -> WorkloadRow:
    n = len(days)
    if who.calendar is None:
        hours = np.array([8.0 if d.weekday() < 5 else 0.0 for d in days])
        day_hours = 8.0
    else:
        hours = _day_hours(who.calendar, days)
        day_hours = _longest_day(who.calendar.working_hours) or 8.0
    capacity = who.max_units * hours / day_hours
    works = hours > 0
    load = np.zeros(n)
    for b in who.bookings:
        span = slice(b.first, b.stop)
        load[span] += b.units * (project_days[b.project_id][span] & works[span])
    over_day = load > capacity + 1e-9
    starts = np.array([p.first for p in periods])
    work = np.add.reduceat(load, starts)
    cap = np.add.reduceat(capacity, starts)
    over = np.logical_or.reduceat(over_day, starts)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(load > 0, np.where(capacity > 0, load / capacity, np.inf), -1.0)
    peaks = np.maximum.reduceat(ratios, starts)
    causing = _causing(who.bookings, over_day, periods)
    cells = []
    for k in range(len(periods)):
        w, c, peak = float(work[k]), float(cap[k]), float(peaks[k])
        cells.append(
            WorkloadCell(
                work_hours=w / 100 * day_hours,
                capacity_hours=c / 100 * day_hours,
                load_pct=(w / c * 100) if c else (None if not w else float("inf")),
                peak_pct=None if peak < 0 or peak == float("inf") else peak * 100,
                over=bool(over[k]),
                task_ids=causing[k],
            )
        )
    return WorkloadRow(
        who.key, who.name, who.kind, who.max_units, day_hours, cells, who.bookings, load, capacity
    )


def _causing(
    bookings: list[Booking], over_day: npt.NDArray[np.bool_], periods: list[Period]
) -> list[tuple[int, ...]]:
    """Per period, the tasks booked on one of its over-allocated days, in plan order, each
    once (empty where no day is over)."""
    found: list[tuple[int, ...]] = [() for _ in periods]
    if not bookings or not over_day.any():
        return found
    over_before = np.concatenate(([0], np.cumsum(over_day)))
    firsts = np.array([b.first for b in bookings])
    stops = np.array([b.stop for b in bookings])
    for k, p in enumerate(periods):
        if over_before[p.stop] == over_before[p.first]:
            continue
        lo, hi = np.maximum(firsts, p.first), np.minimum(stops, p.stop)
        hit = (hi > lo) & (over_before[np.maximum(hi, lo)] > over_before[lo])
        found[k] = tuple(dict.fromkeys(bookings[i].task_id for i in np.flatnonzero(hit)))
    return found


# Entry points for pages and the API ------------------------------------------------------


def default_start(projects: list[Project]) -> dt.date:
    """The first planned start of an assigned task, else the earliest project start."""
    starts = [
        d
        for d in Assignment.objects.filter(task__project__in=[p.pk for p in projects])
        .order_by("task__start_date")
        .values_list("task__start_date", flat=True)[:1]
        if d is not None
    ]
    if starts:
        return starts[0]
    return min((p.start_date for p in projects), default=timezone.localdate())


def project_workload(
    user: Any, project_id: int, scale: str = "week", start: dt.date | None = None,
    end: dt.date | None = None,
) -> Workload:  # fmt: skip
    """The workload of one project's assignees (``project.view_work``; 404/403 otherwise)."""
    project = access_project(user, project_id, "project.view_work")
    return compute_workload([project], scale, start or default_start([project]), end)


def organization_workload(
    user: Any, scale: str = "week", start: dt.date | None = None, end: dt.date | None = None
) -> Workload:
    """Everyone's workload across the projects where the user sees the work."""
    ids = project_ids_with_right(user, "project.view_work")
    projects = list(Project.objects.filter(pk__in=ids).order_by("code"))
    return compute_workload(projects, scale, start or default_start(projects), end)


def people_in(workload: Workload, query: str) -> list[WorkloadRow]:
    """Rows whose name contains ``query`` (case-insensitive), all when it is empty."""
    q = query.strip().lower()
    return [r for r in workload.rows if q in r.name.lower()] if q else workload.rows


__all__ = [
    "SCALES",
    "Booking",
    "Period",
    "Workload",
    "WorkloadCell",
    "WorkloadRow",
    "WorkloadTask",
    "compute_workload",
    "default_start",
    "organization_workload",
    "people_in",
    "project_workload",
    "window",
]
