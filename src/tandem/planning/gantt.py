"""What the Gantt chart needs from a project's plan and its computed schedule.

One function, :func:`gantt_data`, shapes the plan for the Gantt page and for
``GET /api/projects/{id}/gantt`` alike, so the picture and the API never disagree. Dates are ISO
working dates (a finish is the last working day, inclusive); durations and floats are in working
days of the project calendar.

People who see the work (manager, coordinator, members) get every task, link and baseline bar;
stakeholders get the milestone timeline only (``mode == "milestones"``), as everywhere else.

Tasks travel as rows (lists) in the order of ``TASK_FIELDS``, not as objects: a 5,000-task plan
is then about a third of the size, and the page embeds it and the chart reloads it after every
change. The schedule comes from the per-process schedule cache (``schedule_cache.current``), so
viewing a plan whose schedule is already known runs no critical path method again.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import l10n
from tandem.core.errors import NotFound
from tandem.engine.scheduling import model as engine
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from . import schedule_cache
from .calendar import ProjectCalendar, settings_of
from .models import Assignment, Baseline, BaselineTask, ConstraintType, LagUnit, Task
from .schedule_warnings import describe_warnings
from .scheduling import Conversion, PlanLink, PlanTask, task_dates

# How far the chart's time axis reaches past the plan on each side, in calendar days.
MARGIN_BEFORE = 7
MARGIN_AFTER = 21


TASK_FIELDS = (
    "id",
    "parent_id",
    "wbs",
    "name",
    "level",
    "summary",
    "milestone",
    "manual",
    "start",
    "finish",
    "estimate",
    "duration_unit",
    "estimate_mode",
    "total_float_days",
    "free_float_days",
    "critical",
    "percent_complete",
    "constraint_type",
    "constraint_date",
    "deadline",
    "resources",
    "baseline_start",
    "baseline_finish",
    "drivers",
    "warnings",
    "version",
    "editable",
    "progress_editable",
    "leveling_delay_days",
    "leveled_from",
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _person_name(display: str, first: str, last: str, username: str) -> str:
    return display or f"{first} {last}".strip() or username


def _resource_names(project: Project) -> dict[int, list[str]]:
    """Each task's people and resources, "[50%]" after those not at full time (one query)."""
    names: dict[int, list[str]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(task__project=project)
        .order_by("id")
        .values_list(
            "task_id",
            "units",
            "person_id",
            "person__display_name",
            "person__first_name",
            "person__last_name",
            "person__username",
            "resource__name",
        )
    )
    for task_id, units, person_id, display, first, last, username, resource in rows:
        label = _person_name(display, first, last, username) if person_id else resource
        if units != Decimal("100"):
            label = f"{label} [{l10n.format_percent(units / 100, 2)}]"
        names[task_id].append(label)
    return names


def _chosen_baseline(project: Project, baseline_id: int | None) -> Baseline | None:
    """The baseline asked for, else the project's chosen one, else the newest."""
    baselines = Baseline.objects.filter(project=project)
    if baseline_id is not None:
        found = baselines.filter(pk=baseline_id).first()
        if found is None:
            raise NotFound(
                _("No baseline %(baseline_id)s in %(project)s.")
                % {"baseline_id": baseline_id, "project": project.code}
            )
        return found
    settings = settings_of(project)
    if settings is not None and settings.compare_baseline_id is not None:
        return settings.compare_baseline
    return baselines.order_by("-created_at", "-id").first()


def _baseline_dates(baseline: Baseline | None) -> dict[int, tuple[str | None, str | None]]:
    if baseline is None:
        return {}
    rows = BaselineTask.objects.filter(baseline=baseline, task__isnull=False)
    return {
        task_id: (_iso(start), _iso(finish))
        for task_id, start, finish in rows.values_list("task_id", "start_date", "finish_date")
    }


class _WorkingDays:
    """The calendar's working days, remembered per date (the chart asks about the same few
    hundred dates thousands of times)."""

    def __init__(self, calendar: ProjectCalendar) -> None:
        self.calendar = calendar
        self.known: dict[dt.date, bool] = {}

    def __call__(self, day: dt.date) -> bool:
        found = self.known.get(day)
        if found is None:
            found = self.known[day] = self.calendar.is_working_day(day)
        return found

    def count(self, first: dt.date, last: dt.date) -> int:
        """Working days from ``first`` to ``last``, both inclusive."""
        days = (last - first).days + 1
        return sum(self(first + dt.timedelta(days=i)) for i in range(max(0, days)))

    def shift(self, day: dt.date, working_days: int) -> dt.date:
        """``day`` moved by whole working days (negative: back), skipping non-working days."""
        step = dt.timedelta(days=1 if working_days >= 0 else -1)
        left = abs(working_days)
        while left:
            day += step
            if self(day):
                left -= 1
        return day


@dataclass(frozen=True, slots=True)
class _Dates:
    """A task's scheduled and early dates as working days."""

    start: dt.date
    finish: dt.date
    early_start: dt.date
    early_finish: dt.date


def _lag_days(link: PlanLink, pred: _Dates, working: _WorkingDays, per_day: int) -> int:
    if link.lag_unit == "percent":
        span = working.count(pred.early_start, pred.early_finish)
        return int((Decimal(span) * Decimal(link.lag) / 100).to_integral_value())
    if link.lag_unit == "days":
        return int(Decimal(link.lag).to_integral_value())
    if link.lag_unit == "minutes":
        return int((Decimal(link.lag) / Decimal(per_day)).to_integral_value())
    # Elapsed days: as many working days as the calendar holds in that many calendar days.
    days = int(Decimal(link.lag).to_integral_value())
    end = pred.early_finish
    if days >= 0:
        return working.count(end + dt.timedelta(days=1), end + dt.timedelta(days=days))
    return -working.count(end + dt.timedelta(days=days), end - dt.timedelta(days=1))


def _driving(
    link: PlanLink, pred: _Dates, succ: _Dates, working: _WorkingDays, per_day: int
) -> bool:
    """True when the link leaves the successor no room: the predecessor drives its dates.

    Judged in whole working days, which is what the chart draws.
    """
    lag = _lag_days(link, pred, working, per_day)
    if link.type == "FS":
        return succ.early_start <= working.shift(pred.early_finish, lag + 1)
    if link.type == "SS":
        return succ.early_start <= working.shift(pred.early_start, lag)
    if link.type == "FF":
        return succ.early_finish <= working.shift(pred.early_finish, lag)
    return succ.early_finish <= working.shift(pred.early_start, lag)


def _drivers(task: PlanTask, summary: bool, preds: list[PlanTask], start: dt.date) -> list[str]:
    """Words for what sets the task's dates: actual start, driving predecessors, constraint."""
    if task.manually_scheduled:
        return [_("Manually scheduled: keeps the dates typed")]
    if task.actual_start is not None:
        return [_("Actual start %(day)s") % {"day": l10n.format_date(task.actual_start)}]
    found = [_("Predecessor %(task)s") % {"task": p} for p in preds]
    if task.constraint_type not in (ConstraintType.ASAP, ConstraintType.ALAP):
        found.append(
            _("Constraint: %(constraint)s %(day)s")
            % {
                "constraint": ConstraintType(task.constraint_type).label,
                "day": l10n.format_date(task.constraint_date),
            }
        )
    elif task.constraint_type == ConstraintType.ALAP:
        found.append(str(ConstraintType.ALAP.label))
    if not found and not summary:
        found.append(_("Project start %(day)s") % {"day": l10n.format_date(start)})
    return found


def _nonworking(calendar: ProjectCalendar, first: dt.date, last: dt.date) -> dict[str, Any]:
    """The regular week's days off (ISO weekdays), and within the axis the exceptions to it:
    ``holidays`` (days off on a working weekday) and ``working`` (days worked on a day off)."""
    weekdays = [iso for iso in range(1, 8) if not calendar.working_hours.get(str(iso))]
    off = set(calendar.non_working_days(first, last))
    span = (last - first).days + 1
    holidays, working = [], []
    for day in (first + dt.timedelta(days=i) for i in range(max(span, 0))):
        regular_off = day.isoweekday() in weekdays
        if day in off and not regular_off:
            holidays.append(day.isoformat())
        elif day not in off and regular_off:
            working.append(day.isoformat())
    return {"weekdays": weekdays, "holidays": holidays, "working": working}


def _progress_ids(user: Any, project: Project) -> set[int] | None:
    """Tasks whose progress the user may update; None: every task."""
    if has_right(user, project, "tasks.progress_any"):
        return None
    if not has_right(user, project, "tasks.progress_assigned"):
        return set()
    return set(
        Task.objects.filter(project=project)
        .filter(Q(assignments__person=user) | Q(assignments__resource__user=user))
        .values_list("pk", flat=True)
    )


def _outline_key(task: PlanTask) -> tuple[int, ...]:
    return tuple(int(part) for part in task.wbs_code.split(".") if part.isdigit())


def _axis(
    start: dt.date, finish: dt.date, today: dt.date, extra: list[dt.date]
) -> tuple[dt.date, dt.date]:
    first = min(start, *extra) - dt.timedelta(days=MARGIN_BEFORE) if extra else start
    last = max(finish, *extra) + dt.timedelta(days=MARGIN_AFTER) if extra else finish
    first = min(first, start - dt.timedelta(days=MARGIN_BEFORE))
    last = max(last, finish + dt.timedelta(days=MARGIN_AFTER))
    if first <= today <= last + dt.timedelta(days=180):
        last = max(last, today + dt.timedelta(days=7))
    return first, last


class _Shaper:
    """Turns one schedule snapshot into the chart's rows for one viewer."""

    def __init__(self, user: Any, project: Project, snapshot: schedule_cache.PlanSnapshot):
        self.project = project
        self.schedule: engine.Schedule = snapshot.schedule
        self.conv: Conversion = snapshot.frame.conv
        self.calendar: ProjectCalendar = snapshot.frame.calendar
        self.full = has_right(user, project, "project.view_work")
        self.editable = self.full and has_right(user, project, "tasks.edit")
        self.progress = _progress_ids(user, project) if self.full else set()
        self.tasks = sorted(snapshot.tasks, key=_outline_key)
        self.by_id = {t.id: t for t in self.tasks}
        self.dates = {t.id: self._dates(t) for t in self.tasks}
        self.links = snapshot.links if self.full else []
        self.messages, self.warnings = (
            describe_warnings(self.schedule, snapshot.tasks, snapshot.links, self.conv)
            if self.full
            else ([], {})
        )

    def _dates(self, task: PlanTask) -> _Dates:
        ts = self.schedule.tasks[str(task.id)]
        start, finish = task_dates(ts, self.conv)
        return _Dates(
            start,
            finish,
            self.conv.start_day(ts.early_start),
            self.conv.finish_day(ts.early_finish),
        )

    def link_rows(self) -> tuple[list[dict[str, Any]], dict[int, list[PlanTask]]]:
        per_day = int(self.calendar.hours_per_day * 60)
        working = _WorkingDays(self.calendar)
        out, driving = [], defaultdict(list)
        for link in sorted(self.links, key=lambda x: x.id):
            pred, succ = self.by_id.get(link.predecessor_id), self.by_id.get(link.successor_id)
            if pred is None or succ is None:
                continue
            p, s = self.dates[pred.id], self.dates[succ.id]
            drives = _driving(link, p, s, working, per_day)
            if drives:
                driving[succ.id].append(pred)
            critical = drives and self._critical(pred.id) and self._critical(succ.id)
            out.append(
                {
                    "id": link.id,
                    "pred": pred.id,
                    "succ": succ.id,
                    "type": link.type,
                    "lag": float(link.lag),
                    "lag_unit": link.lag_unit,
                    "driving": drives,
                    "critical": critical,
                    "version": link.version,
                }
            )
        return out, driving

    def _critical(self, task_id: int) -> bool:
        return self.schedule.tasks[str(task_id)].critical

    def task_row(
        self,
        task: PlanTask,
        resources: list[str],
        baseline: tuple[str | None, str | None],
        drivers: list[str],
    ) -> list[Any]:
        ts = self.schedule.tasks[str(task.id)]
        dates = self.dates[task.id]
        may_progress = self.progress is None or task.id in self.progress
        return [
            task.id,
            task.parent_id,
            task.wbs_code,
            task.name,
            task.wbs_code.count(".") if self.full else 0,
            ts.summary,
            task.is_milestone,
            task.manually_scheduled,
            dates.start.isoformat(),
            dates.finish.isoformat(),
            None if task.estimate is None else float(task.estimate),
            task.duration_unit,
            task.estimate_mode,
            float(self.conv.days(ts.total_float_minutes)),
            float(self.conv.days(ts.free_float_minutes)),
            ts.critical,
            task.percent_complete,
            task.constraint_type,
            _iso(task.constraint_date),
            _iso(task.deadline),
            resources,
            baseline[0],
            baseline[1],
            drivers,
            self.warnings.get(task.id, []),
            task.version,
            self.editable and not ts.summary,
            self.full and may_progress and not ts.summary,
            task.leveling_delay_days if self.full else 0,
            _leveled_from(task, dates.start) if self.full else None,
        ]


def _leveled_from(task: PlanTask, start: dt.date) -> str | None:
    """Where a leveled task would start without its delay (the delay is elapsed days between
    two working days, so this is the day its links and constraints allow)."""
    if not task.leveling_delay_days or task.manually_scheduled:
        return None
    return (start - dt.timedelta(days=task.leveling_delay_days)).isoformat()


def gantt_data(
    user: Any,
    project: Project,
    *,
    baseline_id: int | None = None,
    today: dt.date | None = None,
    task_ids: set[int] | None = None,
) -> dict[str, Any]:
    """The chart's data for what ``user`` may see of ``project``.

    ``baseline_id`` picks the baseline drawn under the bars (default: the one chosen in the plan
    settings, else the newest). ``today`` is injected by tests (default: today in the
    project's zone). ``task_ids`` keeps only those tasks (a task filter's result: see
    ``task_filters``) and the links between them; the axis still spans the whole plan. Raises
    what the scheduler raises (422 with a cycle named).
    """
    today = today or timezone.now().astimezone(zoneinfo.ZoneInfo(project.time_zone)).date()
    shaper = _Shaper(user, project, schedule_cache.current(project))
    full = shaper.full
    baseline = _chosen_baseline(project, baseline_id) if full else None
    base_dates = _baseline_dates(baseline)
    resources = _resource_names(project) if full else {}
    links, driving = shaper.link_rows()
    start = shaper.conv.start_day(shaper.schedule.project_start)
    finish = shaper.conv.finish_day(shaper.schedule.project_finish)
    shown = shaper.tasks if full else [t for t in shaper.tasks if t.is_milestone]
    if task_ids is not None:
        shown = [t for t in shown if t.id in task_ids]
        links = [x for x in links if x["pred"] in task_ids and x["succ"] in task_ids]
    rows = []
    extra: list[dt.date] = []
    for task in shown:
        summary = shaper.schedule.tasks[str(task.id)].summary
        drivers = _drivers(task, summary, driving.get(task.id, []), start) if full else []
        base = base_dates.get(task.id, (None, None))
        rows.append(shaper.task_row(task, resources.get(task.id, []), base, drivers))
        extra.extend(d for d in (task.deadline,) if d is not None)
        extra.extend(dt.date.fromisoformat(d) for d in base if d is not None)
    if not full:
        extra.extend(shaper.dates[t.id].finish for t in shown)
    first, last = _axis(start, finish, today, extra)
    settings = settings_of(project)
    return {
        "project": {
            "id": project.pk,
            "code": project.code,
            "name": project.name,
            "start": start.isoformat(),
            "finish": finish.isoformat(),
            "auto_schedule": settings.auto_schedule if settings else True,
            "status_date": _iso(settings.status_date) if settings else None,
            "hours_per_day": float(shaper.calendar.hours_per_day),
        },
        "mode": "full" if full else "milestones",
        "today": today.isoformat(),
        "axis": {"first": first.isoformat(), "last": last.isoformat()},
        "nonworking": _nonworking(shaper.calendar, first, last),
        "can_edit": shaper.editable,
        "baseline": {"id": baseline.pk, "name": baseline.name} if baseline else None,
        "baselines": [
            {"id": b.pk, "name": b.name}
            for b in (Baseline.objects.filter(project=project) if full else [])
        ],
        "critical_path": [int(i) for i in shaper.schedule.critical_path] if full else [],
        "warnings": shaper.messages,
        "lag_units": [[value, str(label)] for value, label in LagUnit.choices],
        "task_fields": list(TASK_FIELDS),
        "tasks": rows,
        "links": links,
    }
