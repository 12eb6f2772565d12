"""Earned-value inputs from the scheduling model: planned value from baseline (or scheduled)
dates, spread over each task's working time on its calendar."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from tandem.engine.scheduling import CompiledCalendar, Project, Schedule, compile_calendars

from .errors import EarnedValueError
from .rollup import EvWorkItem

PlannedDates = Mapping[str, tuple[datetime, datetime]]


def _planned_dates(
    project: Project, baseline_number: int | None, schedule: Schedule | None
) -> dict[str, tuple[datetime, datetime]]:
    if baseline_number is not None:
        for baseline in project.baselines:
            if baseline.number == baseline_number:
                return {
                    task_id: (entry.start, entry.finish)
                    for task_id, entry in baseline.tasks.items()
                    if entry.start is not None and entry.finish is not None
                }
        raise EarnedValueError(f"project {project.name!r} has no baseline {baseline_number}")
    if schedule is None:
        raise EarnedValueError("give a baseline number or a schedule for the planned dates")
    return {task_id: (ts.start, ts.finish) for task_id, ts in schedule.tasks.items()}


class _PlannedFractions:
    """Share of each task's planned working time elapsed at an instant."""

    def __init__(self, project: Project, dates: PlannedDates) -> None:
        if project.start.tzinfo is None:
            raise EarnedValueError(f"project {project.name!r}: start must be an aware datetime")
        origin = project.start.astimezone(ZoneInfo(project.timezone)).date()
        self._calendars = compile_calendars(project.calendars, origin, project.timezone)
        self._tasks = {t.id: t for t in project.tasks}
        self._default = project.calendar_id
        self._dates = dates

    def _calendar(self, task_id: str) -> CompiledCalendar:
        calendar_id = self._tasks[task_id].calendar_id or self._default
        return self._calendars.get(calendar_id, referenced_by=f"task {task_id!r}")

    def at(self, task_id: str, instant: datetime) -> float:
        if task_id not in self._dates:
            raise EarnedValueError(f"task {task_id!r} has no planned start and finish")
        start, finish = self._dates[task_id]
        if instant <= start:
            return 0.0 if instant < finish else 1.0
        if instant >= finish:
            return 1.0
        calendar = self._calendar(task_id)
        total = calendar.working_time_between(start, finish)
        if total <= 0:
            return 1.0
        return min(1.0, max(0.0, calendar.working_time_between(start, instant) / total))


def _check_budgets(project: Project, budgets: Mapping[str, float], label: str) -> None:
    known = {t.id for t in project.tasks}
    summaries = {t.parent_id for t in project.tasks if t.parent_id is not None}
    for task_id, value in budgets.items():
        if task_id not in known:
            raise EarnedValueError(f"{label} names unknown task {task_id!r}")
        if task_id in summaries:
            raise EarnedValueError(
                f"{label} names summary task {task_id!r}: give its tasks' amounts"
            )
        if not value >= 0:
            raise EarnedValueError(f"{label} of task {task_id!r} must be >= 0, got {value!r}")


def earned_value_items_from_project(
    project: Project,
    budgets: Mapping[str, float],
    actual_costs: Mapping[str, float],
    status_date: datetime,
    *,
    baseline_number: int | None = 0,
    schedule: Schedule | None = None,
    etc: Mapping[str, float] | None = None,
) -> list[EvWorkItem]:
    """One :class:`EvWorkItem` per budgeted task at ``status_date``.

    Planned percent = share of the task's planned working time (on its calendar) elapsed at the
    status date; planned dates come from baseline ``baseline_number`` or, when that is ``None``,
    from ``schedule``. Percent complete is the task's ``percent_complete``. Budgets and costs are
    money on leaf tasks. Raises :class:`EarnedValueError` naming unknown or summary tasks, tasks
    without planned dates, or a missing baseline.
    """
    _check_budgets(project, budgets, "budget")
    _check_budgets(project, actual_costs, "actual cost")
    fractions = _PlannedFractions(project, _planned_dates(project, baseline_number, schedule))
    by_id = {t.id: t for t in project.tasks}
    return [
        EvWorkItem(
            id=task_id,
            budget=float(budget),
            planned_percent=100.0 * fractions.at(task_id, status_date),
            percent_complete=float(by_id[task_id].percent_complete),
            actual_cost=float(actual_costs.get(task_id, 0.0)),
            etc=None if etc is None or task_id not in etc else float(etc[task_id]),
        )
        for task_id, budget in budgets.items()
    ]


def planned_value_curve(
    project: Project,
    budgets: Mapping[str, float],
    period_ends: Sequence[datetime],
    *,
    baseline_number: int | None = 0,
    schedule: Schedule | None = None,
) -> list[float]:
    """Cumulative planned value at each of ``period_ends`` (ascending), for earned schedule.

    Each task's budget accrues linearly over its planned working time. Pass the same
    ``period_ends`` (as dates) as the period calendar of :func:`compute_earned_schedule`.
    """
    _check_budgets(project, budgets, "budget")
    if any(later < earlier for earlier, later in zip(period_ends, period_ends[1:], strict=False)):
        raise EarnedValueError("period ends must be in ascending order")
    fractions = _PlannedFractions(project, _planned_dates(project, baseline_number, schedule))
    return [
        sum(budget * fractions.at(task_id, end) for task_id, budget in budgets.items())
        for end in period_ends
    ]
