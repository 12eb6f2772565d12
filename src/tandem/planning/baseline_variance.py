"""A baseline against the current plan: start, finish, duration, work and cost variance per task,
per summary task and for the project. The baseline comparison page and
``GET /api/baselines/{id}/variance`` both show what ``baseline_variance`` returns.

Variance is current minus baseline, so a positive value is later, longer, more work or dearer.
Start and finish variances count working days of the project calendar between the two dates
(MS Project's convention: a move from Friday to the next Monday is 1 day); duration in working
days, work in hours, cost in the project's currency. A summary task rolls its subtasks up on
both sides: earliest start, latest finish, duration between them, summed work and cost. Tasks
added since the baseline have no baseline values; tasks deleted since appear at the end, with no
current values. Costs derive from resources' rates, so people who may not see rates get none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tandem.resources.policies import can_see_rates

from .calendar import ProjectCalendar, project_calendar
from .models import Baseline, BaselineTask, Task
from .work_and_cost import planned_work_and_cost, roll_up


@dataclass(frozen=True)
class Measures:
    """One side of a comparison: dates, duration (working days), work (hours), cost."""

    start: dt.date | None = None
    finish: dt.date | None = None
    duration_days: Decimal | None = None
    work_hours: Decimal | None = None
    cost: Decimal | None = None


@dataclass(frozen=True)
class VarianceRow:
    task_id: int | None
    wbs_code: str
    name: str
    level: int
    summary: bool
    status: str  # "unchanged", "changed", "added", "removed"
    baseline_start: dt.date | None
    current_start: dt.date | None
    start_variance_days: int | None
    baseline_finish: dt.date | None
    current_finish: dt.date | None
    finish_variance_days: int | None
    baseline_duration_days: Decimal | None
    current_duration_days: Decimal | None
    duration_variance_days: Decimal | None
    baseline_work_hours: Decimal | None
    current_work_hours: Decimal | None
    work_variance_hours: Decimal | None
    baseline_cost: Decimal | None
    current_cost: Decimal | None
    cost_variance: Decimal | None


@dataclass(frozen=True)
class BaselineVariance:
    baseline: Baseline
    currency: str
    shows_cost: bool
    project: VarianceRow
    tasks: list[VarianceRow]


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    found = [v for v in values if v is not None]
    return sum(found, Decimal(0)) if found else None


def _span(calendar: ProjectCalendar, start: dt.date | None, finish: dt.date | None) -> Any:
    if start is None or finish is None:
        return None
    return Decimal(calendar.working_days(start, finish))


def _combined(calendar: ProjectCalendar, parts: Iterable[Measures]) -> Measures:
    found = list(parts)
    starts = [m.start for m in found if m.start is not None]
    finishes = [m.finish for m in found if m.finish is not None]
    start = min(starts) if starts else None
    finish = max(finishes) if finishes else None
    return Measures(
        start=start,
        finish=finish,
        duration_days=_span(calendar, start, finish),
        work_hours=_sum(m.work_hours for m in found),
        cost=_sum(m.cost for m in found),
    )


def _difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else b - a


def _row(
    calendar: ProjectCalendar,
    label: tuple[int | None, str, str, int, bool],
    base: Measures | None,
    now: Measures | None,
    shows_cost: bool,
) -> VarianceRow:
    b, c = base or Measures(), now or Measures()

    def days(x: dt.date | None, y: dt.date | None) -> int | None:
        return None if x is None or y is None else calendar.working_day_difference(x, y)

    variances = (
        days(b.start, c.start),
        days(b.finish, c.finish),
        _difference(b.duration_days, c.duration_days),
        _difference(b.work_hours, c.work_hours),
        _difference(b.cost, c.cost) if shows_cost else None,
    )
    if base is None or now is None:
        status = "added" if base is None else "removed"
    else:
        status = "changed" if any(v for v in variances) else "unchanged"
    return VarianceRow(
        *label,
        status,
        b.start,
        c.start,
        variances[0],
        b.finish,
        c.finish,
        variances[1],
        b.duration_days,
        c.duration_days,
        variances[2],
        b.work_hours,
        c.work_hours,
        variances[3],
        b.cost if shows_cost else None,
        c.cost if shows_cost else None,
        variances[4],
    )


def _saved(entry: BaselineTask) -> Measures:
    return Measures(
        entry.start_date, entry.finish_date, entry.duration_days, entry.work_hours, entry.cost
    )


def _removed_leaves(entries: list[BaselineTask]) -> list[BaselineTask]:
    """Entries of deleted tasks, without those that were summaries of other deleted ones (their
    values are their subtasks' sums, which are counted already)."""
    codes = {e.wbs_code for e in entries}
    return [e for e in entries if not any(c.startswith(f"{e.wbs_code}.") for c in codes)]


def baseline_variance(user: Any, baseline: Baseline) -> BaselineVariance:
    """The comparison of ``baseline`` with the plan as it is now (a handful of queries)."""
    project = baseline.project
    calendar = project_calendar(project)
    shows_cost = can_see_rates(user)
    tasks = list(Task.objects.filter(project=project).order_by("wbs_sort"))
    entries = list(baseline.entries.all())
    saved = {e.task_id: _saved(e) for e in entries if e.task_id is not None}
    planned = planned_work_and_cost(project, tasks)
    current: dict[int, Measures | None] = {
        t.pk: Measures(
            t.start_date,
            t.finish_date,
            _span(calendar, t.start_date, t.finish_date),
            planned[t.pk].work_hours,
            planned[t.pk].cost,
        )
        for t in tasks
    }
    parent_of = {t.pk: t.parent_id for t in tasks}
    summaries = set(parent_of.values())

    def combine(parts: Iterable[Measures | None]) -> Measures | None:
        found = [p for p in parts if p is not None]
        return _combined(calendar, found) if found else None

    base_rolled = roll_up({t.pk: saved.get(t.pk) for t in tasks}, parent_of, combine)
    now_rolled = roll_up(current, parent_of, combine)
    rows = [
        _row(
            calendar,
            (t.pk, t.wbs_code, t.name, t.wbs_code.count(".") + 1, t.pk in summaries),
            base_rolled[t.pk],
            now_rolled[t.pk],
            shows_cost,
        )
        for t in tasks
    ]
    removed = [e for e in entries if e.task_id is None]
    rows += [
        _row(calendar, (None, e.wbs_code, e.name, 1, False), _saved(e), None, shows_cost)
        for e in removed
    ]
    tops = [base_rolled[t.pk] for t in tasks if t.parent_id is None]
    totals = _row(
        calendar,
        (None, "", project.name, 0, True),
        combine([*tops, *(_saved(e) for e in _removed_leaves(removed))]),
        combine(now_rolled[t.pk] for t in tasks if t.parent_id is None),
        shows_cost,
    )
    return BaselineVariance(baseline, project.currency, shows_cost, totals, rows)
