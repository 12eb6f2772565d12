"""Earned value of a project at a status date against one of its baselines, computed by the
engine (``tandem.engine.earned_value``) from the app's cost model.

What feeds the engine:

- Budget (BAC) per task: the planned cost the baseline saved for each task of the current plan
  without subtasks (``BaselineTask.cost``: assignments' work at the resources' rates, cost per
  use, materials; see ``planning.work_and_cost``). Summary tasks and the project roll their
  tasks up.
- Planned value: each task's budget spread over its baseline start to finish in working time of
  the project calendar (the engine's ``earned_value_items_from_project`` and
  ``planned_value_curve``).
- Earned value: the budget times the task's percent complete as it is now (progress has no
  history, so a status date in the past still reads today's progress).
- Actual cost: logged time at the rate of the day plus recorded costs up to the status date
  (``costs.actual_costs``). Costs of tasks the baseline does not know, of summary tasks and of
  the project as a whole count as actual cost without a budget.

Earned schedule counts time in reporting periods: working days of the project calendar from the
baseline's first start, or weeks (each ending on its last working day) when the plan runs longer
than ``MAX_DAY_PERIODS`` working days.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import l10n
from tandem.core.errors import ValidationFailed
from tandem.engine import earned_value as ev
from tandem.engine.scheduling import model as engine
from tandem.planning.calendar import ProjectCalendar, project_calendar
from tandem.planning.models import Baseline, BaselineTask, PlanSettings
from tandem.planning.scheduling import Conversion, engine_project
from tandem.projects.models import Project
from tandem.projects.policies import access_project

from .costs import ActualCosts, actual_costs

MAX_DAY_PERIODS = 130
# How far past the last period a forecast finish is mapped to a date (about 40 years of days).
MAX_FORECAST_PERIODS = 10_000
REASON_NO_BUDGET = "nothing is budgeted in the baseline, so earned schedule is undefined"
REASON_FAR_FORECAST = "the forecast finish lies too far in the future to give a date"


@dataclass(frozen=True)
class EvRow:
    """The figures of the project (``task_id`` None) or of one summary task. ``undefined`` maps
    each figure that could not be computed to the reason (the engine's words)."""

    task_id: int | None
    wbs_code: str
    name: str
    level: int
    metrics: ev.EarnedValueMetrics
    schedule: ev.EarnedScheduleMetrics | None
    forecast_finish: dt.date | None
    undefined: Mapping[str, str]


@dataclass(frozen=True)
class CurvePoint:
    """Cumulative money at the end of one reporting period; ``ac`` is None after the status
    date."""

    day: dt.date
    pv: float
    ac: float | None


@dataclass(frozen=True)
class EarnedValueReport:
    project: Project
    baseline: Baseline
    status_date: dt.date
    currency: str
    period: str  # "working day" or "week"
    eac_method: ev.EacMethod
    total: EvRow
    summaries: list[EvRow]
    curve: list[CurvePoint]
    notes: list[str]
    actual: ActualCosts


@dataclass(frozen=True)
class _Periods:
    """Reporting periods: the date each ends on, and how to go on past the last."""

    unit: str
    ends: list[dt.date]
    calendar: ProjectCalendar

    def actual_time(self, status_date: dt.date) -> float:
        """Periods elapsed at the end of ``status_date`` (part of a week counts its share)."""
        done = sum(1 for end in self.ends if end <= status_date)
        if self.unit == "working day" or done == len(self.ends):
            return float(done)
        start = self.ends[done - 1] + dt.timedelta(days=1) if done else _monday(self.ends[0])
        total = self.calendar.working_days(start, self.ends[done])
        elapsed = self.calendar.working_days(start, status_date)
        return done + (elapsed / total if total else 0.0)

    def date_of(self, period: int) -> dt.date:
        """The date period ``period`` (1-based) ends on, extending the periods as needed."""
        if period > len(self.ends) + MAX_FORECAST_PERIODS:
            raise ev.EarnedValueError(REASON_FAR_FORECAST)
        if period <= len(self.ends):
            return self.ends[period - 1]
        day, count = self.ends[-1], len(self.ends)
        while count < period:
            if self.unit == "working day":
                day += dt.timedelta(days=1)
                count += self.calendar.is_working_day(day)
            else:
                day = _monday(day) + dt.timedelta(days=13)  # the next week's Sunday
                while day.isoweekday() > 1 and not self.calendar.is_working_day(day):
                    day -= dt.timedelta(days=1)
                count += 1
        return day


def _end_of(conv: Conversion, day: dt.date) -> dt.datetime:
    """The end of ``day``'s working time (a status date means the end of that day)."""
    return dt.datetime.combine(day, dt.time(), conv.zone) + dt.timedelta(minutes=conv.day_end)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def reporting_periods(calendar: ProjectCalendar, first: dt.date, last: dt.date) -> _Periods:
    """Working days from ``first`` to ``last`` (inclusive), or weeks when there are more than
    ``MAX_DAY_PERIODS`` of them (a week ends on its last working day)."""
    days = [
        first + dt.timedelta(days=i)
        for i in range((last - first).days + 1)
        if calendar.is_working_day(first + dt.timedelta(days=i))
    ]
    if not days:
        days = [last]
    if len(days) <= MAX_DAY_PERIODS:
        return _Periods("working day", days, calendar)
    weeks: dict[tuple[int, int], dt.date] = {}
    for day in days:
        weeks[day.isocalendar()[:2]] = day
    return _Periods("week", sorted(weeks.values()), calendar)


@dataclass(frozen=True)
class _Plan:
    """The engine's view of the plan with the chosen baseline as baseline 0."""

    project: engine.Project
    conv: Conversion
    budgets: dict[str, float]
    leaves_under: dict[str, list[str]]  # summary id -> its descendants (leaves and summaries)
    notes: list[str]


def _engine_baseline(
    baseline: Baseline, entries: Iterable[BaselineTask], conv: Conversion
) -> engine.Baseline:
    return engine.Baseline(
        number=0,
        name=baseline.name,
        tasks={
            str(e.task_id): engine.BaselineEntry(
                conv.at_start(e.start_date), conv.at_end(e.finish_date), None
            )
            for e in entries
            if e.task_id is not None
        },
    )


def _descendants(tasks: Sequence[engine.Task]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for task in tasks:
        if task.parent_id is not None:
            children[task.parent_id].append(task.id)
    found: dict[str, list[str]] = {}

    def collect(task_id: str) -> list[str]:
        if task_id not in found:
            below: list[str] = []
            for child in children.get(task_id, []):
                below.append(child)
                below.extend(collect(child))
            found[task_id] = below
        return found[task_id]

    return {parent: collect(parent) for parent in list(children)}


def _plan(project: Project, baseline: Baseline) -> _Plan:
    eproject, conv = engine_project(project)
    entries = list(BaselineTask.objects.filter(baseline=baseline))
    eproject = replace(eproject, baselines=(_engine_baseline(baseline, entries, conv),))
    under = _descendants(eproject.tasks)
    saved = {str(e.task_id): e for e in entries if e.task_id is not None}
    budgets: dict[str, float] = {}
    notes: list[str] = []
    unplanned = []
    for task in eproject.tasks:
        if task.id in under:
            continue
        entry = saved.get(task.id)
        if entry is None or entry.start_date is None or entry.finish_date is None:
            unplanned.append(task.name)
            continue
        budgets[task.id] = float(entry.cost or 0)
    if unplanned:
        notes.append(
            ngettext(
                "%(count)s task has no dates in the baseline and no budget: %(names)s",
                "%(count)s tasks have no dates in the baseline and no budget: %(names)s",
                len(unplanned),
            )
            % {"count": l10n.format_number(len(unplanned)), "names": _first_names(unplanned)}
        )
    removed = [e.name for e in entries if e.task_id is None]
    if removed:
        notes.append(
            ngettext(
                "%(count)s task deleted since the baseline was saved is left out of the budget: "
                "%(names)s",
                "%(count)s tasks deleted since the baseline was saved are left out of the "
                "budget: %(names)s",
                len(removed),
            )
            % {"count": l10n.format_number(len(removed)), "names": _first_names(removed)}
        )
    return _Plan(eproject, conv, budgets, under, notes)


def _items(
    plan: _Plan, actual: Mapping[int | None, Decimal], status: dt.datetime
) -> dict[str, ev.EvWorkItem]:
    """One engine work item per budgeted task, and one without budget per other place actual
    cost was booked (a task the baseline does not know, a summary task, the project)."""
    task_ac = {str(k): float(v) for k, v in actual.items() if k is not None}
    budgeted_ac = {k: v for k, v in task_ac.items() if k in plan.budgets}
    items = {
        item.id: item
        for item in ev.earned_value_items_from_project(
            plan.project, plan.budgets, budgeted_ac, status, baseline_number=0
        )
    }
    for task_id, amount in task_ac.items():
        if task_id not in plan.budgets:
            items[task_id] = ev.EvWorkItem(task_id, 0.0, 0.0, 0.0, amount)
    if actual.get(None):
        items["project"] = ev.EvWorkItem("project", 0.0, 0.0, 0.0, float(actual[None]))
    return items


def _schedule(
    pv_curve: list[float], earned: float, periods: _Periods, status_date: dt.date
) -> tuple[ev.EarnedScheduleMetrics | None, dt.date | None, dict[str, str]]:
    if not pv_curve or pv_curve[-1] <= 0:
        reasons = ("es", "sv_t", "spi_t", "ieac_t", "forecast_finish")
        return None, None, dict.fromkeys(reasons, REASON_NO_BUDGET)
    found = ev.compute_earned_schedule(pv_curve, earned, periods.actual_time(status_date))
    undefined = {k: v for k, v in found.undefined.items() if k != "forecast_finish"}
    finish = None
    if found.forecast_finish_period is None:
        undefined["forecast_finish"] = found.undefined["forecast_finish"]
    else:
        try:
            finish = ev.period_calendar_date(periods.date_of, found.forecast_finish_period)
        except ev.EarnedValueError as exc:
            undefined["forecast_finish"] = str(exc)
    return found, finish, undefined


@dataclass(frozen=True)
class _Options:
    eac_method: ev.EacMethod
    index_decimals: int | None


def _row(
    head: tuple[int | None, str, str, int],
    items: Iterable[ev.EvWorkItem],
    pv_curve: list[float],
    periods: _Periods,
    status_date: dt.date,
    options: _Options,
) -> EvRow:
    metrics = ev.earned_value_from_items(
        items, eac_method=options.eac_method, index_decimals=options.index_decimals
    )
    schedule, finish, reasons = _schedule(pv_curve, metrics.ev, periods, status_date)
    return EvRow(*head, metrics, schedule, finish, {**metrics.undefined, **reasons})


def earned_value_report(
    project: Project,
    baseline: Baseline,
    status_date: dt.date,
    *,
    eac_method: ev.EacMethod = ev.EacMethod.CPI,
    index_decimals: int | None = None,
) -> EarnedValueReport:
    """Earned value of ``project`` at the end of ``status_date`` against ``baseline``: the
    project's figures, each summary task's, the S-curve per reporting period, and notes on what
    was left out. ``index_decimals`` rounds CPI and SPI before the forecasts (textbook style)."""
    plan = _plan(project, baseline)
    status = _end_of(plan.conv, status_date)
    actual = actual_costs(project, until=status_date)
    items = _items(plan, actual.by_task(), status)
    calendar = project_calendar(project)
    first = baseline.project_start or status_date
    last = max(d for d in (baseline.project_finish, status_date, first) if d is not None)
    periods = reporting_periods(calendar, first, last)
    ends = [_end_of(plan.conv, end) for end in periods.ends]
    options = _Options(ev.EacMethod(eac_method), index_decimals)

    def curve_of(task_ids: Iterable[str]) -> list[float]:
        budgets = {t: plan.budgets[t] for t in task_ids if t in plan.budgets}
        if not budgets:
            return []
        return ev.planned_value_curve(plan.project, budgets, ends, baseline_number=0)

    project_curve = curve_of(plan.budgets)
    total = _row(
        (None, "", project.name, 0),
        items.values(),
        project_curve,
        periods,
        status_date,
        options,
    )
    summaries = []
    for task in plan.project.tasks:
        below = plan.leaves_under.get(task.id)
        if below is None:
            continue
        mine = [items[t] for t in [task.id, *below] if t in items]
        summaries.append(
            _row(
                (int(task.id), task.wbs, task.name, task.outline_level),
                mine,
                curve_of(below),
                periods,
                status_date,
                options,
            )
        )
    return EarnedValueReport(
        project=project,
        baseline=baseline,
        status_date=status_date,
        currency=project.currency,
        period=periods.unit,
        eac_method=options.eac_method,
        total=total,
        summaries=summaries,
        curve=_curve(periods.ends, project_curve, actual, status_date),
        notes=plan.notes + _cost_notes(actual),
        actual=actual,
    )


def _curve(
    ends: list[dt.date], pv: list[float], actual: ActualCosts, status_date: dt.date
) -> list[CurvePoint]:
    spent = actual.cumulative_at(ends)
    planned = pv or [0.0] * len(ends)
    return [
        CurvePoint(end, planned[i], float(spent[i]) if end <= status_date else None)
        for i, end in enumerate(ends)
    ]


def _cost_notes(actual: ActualCosts) -> list[str]:
    notes = []
    if actual.unpriced_hours:
        hours = actual.unpriced_hours
        notes.append(
            ngettext(
                "%(hours)s hour logged by people without a cost rate is not in the actual cost.",
                "%(hours)s hours logged by people without a cost rate are not in the actual cost.",
                # Whole hours choose the form; a fraction of an hour reads as the plural.
                int(hours) if hours == int(hours) else 2,
            )
            % {"hours": l10n.format_number(hours.normalize())}
        )
    for currency, amount in actual.other_currencies.items():
        notes.append(
            _("%(amount)s recorded in another currency is not in the actual cost.")
            % {"amount": l10n.format_amount(amount, currency)}
        )
    return notes


def _first_names(names: Sequence[str], shown: int = 5) -> str:
    """The first ``shown`` names (which may hold "and" or commas of their own, so a plain comma
    list), with an ellipsis when there are more."""
    return ", ".join(names[:shown]) + ("..." if len(names) > shown else "")


def chosen_baseline(project: Project, baseline_id: int | None) -> Baseline:
    """The baseline asked for, else the one the plan settings compare with, else the latest;
    422 naming ``baseline`` when it is not the project's or the project has none."""
    baselines = Baseline.objects.filter(project=project)
    if baseline_id is not None:
        found = baselines.filter(pk=baseline_id).first()
        if found is None:
            raise ValidationFailed(
                _("%(project_code)s has no baseline %(baseline_id)s.")
                % {"project_code": project.code, "baseline_id": baseline_id},
                fields={
                    "baseline": [
                        _("unknown baseline %(baseline_id)s") % {"baseline_id": baseline_id}
                    ]
                },
            )
        return found
    settings = PlanSettings.objects.filter(project=project).select_related("compare_baseline")
    compared = next((s.compare_baseline for s in settings if s.compare_baseline_id), None)
    latest = compared or baselines.order_by("-created_at", "-id").first()
    if latest is None:
        raise ValidationFailed(
            _(
                "%(project_code)s has no baseline yet: save one on the Baselines page to measure "
                "earned value against it."
            )
            % {"project_code": project.code},
            fields={"baseline": [_("no baseline saved")]},
        )
    return latest


def default_status_date(project: Project, today: dt.date | None = None) -> dt.date:
    """The status date of the plan settings, else today in the project's time zone."""
    saved = PlanSettings.objects.filter(project=project).values_list("status_date", flat=True)
    found = next(iter(saved), None)
    if found is not None:
        return found
    if today is not None:
        return today
    return timezone.now().astimezone(zoneinfo.ZoneInfo(project.time_zone)).date()


def earned_value_for(
    user: object,
    project_id: int,
    *,
    status_date: dt.date | None = None,
    baseline_id: int | None = None,
    eac_method: ev.EacMethod = ev.EacMethod.CPI,
    today: dt.date | None = None,
) -> EarnedValueReport:
    """The project's earned value for someone who may see its budget (``budget.view``; 404 or
    403 otherwise). The status date defaults to the plan settings' (else today), the baseline
    to the compared one (else the latest)."""
    project = access_project(user, project_id, "budget.view")
    baseline = chosen_baseline(project, baseline_id)
    day = status_date or default_status_date(project, today)
    try:
        return earned_value_report(project, baseline, day, eac_method=eac_method)
    except ev.EarnedValueError as exc:
        raise ValidationFailed(
            _("Earned value cannot be computed: %(exc)s") % {"exc": exc}
        ) from exc
