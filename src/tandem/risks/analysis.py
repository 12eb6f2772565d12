"""Schedule risk analysis of a project: the network it simulates and the summary a run keeps.

The plan and the risk register become the engine's :class:`~tandem.engine.risk.RiskNetwork`
through the engine's own adapter (``risk_network_from_project``) and ``risks.simulation``. The
network is stored with the run as plain JSON (:func:`network_inputs`) and read back for the
simulation (:func:`network_from_inputs`), so a run always says what it simulated. Times are
working minutes of the project calendar from the origin: the project start, or the plan's status
date when it has one (then only the remaining work is simulated: finished tasks last nothing,
started ones their remaining duration, and three-point estimates apply to tasks not yet started).

Task durations: a task with a three-point estimate (optimistic, most likely, pessimistic in its
duration unit) varies along a PERT distribution; every other task keeps its planned duration.
Cost: each task's planned cost (its assignments at the resources' rates) scales with its sampled
duration, and a risk that occurs adds its cost impact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.engine.risk import (
    CorrelationGroup,
    RiskEvent,
    RiskLink,
    RiskLinkType,
    RiskModelError,
    RiskNetwork,
    RiskTask,
    ScheduleRiskResult,
    ThreePointEstimate,
    project_working_time_mapper,
    risk_network_from_project,
    simulate_schedule_risk,
)
from tandem.engine.risk.model import Amount
from tandem.planning.models import Task
from tandem.planning.scheduling import Conversion, PlanTask, engine_project, plan_frame, plan_tasks
from tandem.planning.work_and_cost import planned_work_and_cost
from tandem.projects.models import Project

from .simulation import risk_events

DEFAULT_ITERATIONS = 5_000
MIN_ITERATIONS = 100
MAX_ITERATIONS = 100_000
MAX_SEED = 2**63 - 1
HISTOGRAM_BINS = 40
TOP_DRIVERS = 12
INPUTS_FORMAT = 1


@dataclass(frozen=True)
class CorrelationInput:
    """Tasks (ids) whose durations move together, with their correlation (0 <= rho < 1)."""

    task_ids: tuple[int, ...]
    correlation: float


@dataclass(frozen=True)
class AnalysisRequest:
    iterations: int = DEFAULT_ITERATIONS
    seed: int | None = None
    correlations: tuple[CorrelationInput, ...] = ()
    label: str = ""


def check_request(request: AnalysisRequest) -> None:
    """422 naming the field for an iteration count, seed or label out of bounds."""
    if not MIN_ITERATIONS <= request.iterations <= MAX_ITERATIONS:
        raise ValidationFailed(
            _(
                "iterations must be between %(min_iterations)s and %(max_iterations)s, got "
                "%(iterations)s"
            )
            % {
                "min_iterations": format(MIN_ITERATIONS, ","),
                "max_iterations": format(MAX_ITERATIONS, ","),
                "iterations": format(request.iterations, ","),
            },
            fields={
                "iterations": [
                    _("between %(min_iterations)s and %(max_iterations)s")
                    % {"min_iterations": MIN_ITERATIONS, "max_iterations": MAX_ITERATIONS}
                ]
            },
        )
    if request.seed is not None and not 0 <= request.seed <= MAX_SEED:
        raise ValidationFailed(
            _("seed must be between 0 and %(max_seed)s, got %(seed)s")
            % {"max_seed": MAX_SEED, "seed": request.seed},
            fields={"seed": [_("between 0 and %(max_seed)s") % {"max_seed": MAX_SEED}]},
        )
    if len(request.label) > 120:
        raise ValidationFailed(
            _("label must be at most 120 characters"),
            fields={"label": [_("at most 120 characters")]},
        )


def _three_points(task: PlanTask, per_unit: int) -> ThreePointEstimate | None:
    points = (task.optimistic, task.most_likely, task.pessimistic)
    if task.estimate_mode != "three_point" or any(p is None for p in points):
        return None
    if task.is_milestone or task.status == "cancelled":
        return None
    a, m, b = (float(p) * per_unit for p in points)  # type: ignore[arg-type]
    return ThreePointEstimate(a, m, b)


def _leaves_of(rows: Sequence[PlanTask]) -> dict[int, list[int]]:
    """Every task's leaf tasks (a leaf's are itself)."""
    children: dict[int, list[int]] = {}
    for row in rows:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row.id)

    def leaves(task_id: int) -> list[int]:
        if task_id not in children:
            return [task_id]
        return [leaf for child in children[task_id] for leaf in leaves(child)]

    return {row.id: leaves(row.id) for row in rows}


def _check_correlations(
    correlations: Sequence[CorrelationInput],
    rows: Sequence[PlanTask],
    leaves: Mapping[int, list[int]],
) -> list[CorrelationGroup]:
    names = {row.id: str(row) for row in rows}
    seen: dict[int, int] = {}
    groups = []
    for k, group in enumerate(correlations):
        where = f"correlations.{k}"
        if not 0 <= group.correlation < 1:
            raise ValidationFailed(
                _(
                    "Correlation group %(group)s: the correlation must be at least 0 and below "
                    "1, got %(correlation)s"
                )
                % {"group": k + 1, "correlation": group.correlation},
                fields={f"{where}.correlation": [_("at least 0 and below 1")]},
            )
        unknown = [t for t in group.task_ids if t not in names]
        if unknown:
            raise ValidationFailed(
                _("Correlation group %(group)s: no task %(unknown)s in this project")
                % {"group": k + 1, "unknown": unknown[0]},
                fields={
                    f"{where}.task_ids": [_("unknown task %(unknown)s") % {"unknown": unknown[0]}]
                },
            )
        ids = list(dict.fromkeys(leaf for t in group.task_ids for leaf in leaves[t]))
        if len(ids) < 2:
            raise ValidationFailed(
                _("Correlation group %(group)s needs at least two tasks") % {"group": k + 1},
                fields={f"{where}.task_ids": [_("at least two tasks")]},
            )
        for task_id in ids:
            if task_id in seen:
                raise ValidationFailed(
                    _(
                        "Task %(task)s is in correlation groups %(first_group)s and %(group)s: a "
                        "task belongs to one group at most"
                    )
                    % {"task": names[task_id], "first_group": seen[task_id] + 1, "group": k + 1},
                    fields={
                        f"{where}.task_ids": [
                            _("task %(task_id)s is already in a group") % {"task_id": task_id}
                        ]
                    },
                )
            seen[task_id] = k
        groups.append(CorrelationGroup(tuple(str(t) for t in ids), group.correlation))
    return groups


def _costs(
    project: Project, network_ids: set[str], minutes: Mapping[str, float]
) -> dict[str, tuple[float, float]]:
    tasks = list(Task.objects.filter(project=project))
    planned = planned_work_and_cost(project, tasks)
    costs: dict[str, tuple[float, float]] = {}
    for task_id, work in planned.items():
        key = str(task_id)
        if key not in network_ids or not work.cost:
            continue
        duration = minutes.get(key, 0.0)
        cost = float(work.cost)
        # Labour cost follows the duration; a task without one keeps its cost as it is.
        costs[key] = (0.0, cost / duration) if duration > 0 else (cost, 0.0)
    return costs


def _amount(value: Amount) -> float | list[float]:
    if isinstance(value, ThreePointEstimate):
        return [value.optimistic, value.most_likely, value.pessimistic]
    return float(value)


def _from_amount(value: float | list[float]) -> Amount:
    if isinstance(value, list):
        optimistic, most_likely, pessimistic = value
        return ThreePointEstimate(optimistic, most_likely, pessimistic)
    return float(value)


def network_inputs(user: Any, project: Project, request: AnalysisRequest) -> dict[str, Any]:
    """The network of ``project`` as the JSON a run keeps (see the module's note).

    422 naming the field for a correlation group that names an unknown task, a task twice or a
    correlation out of range, and for a plan the simulation cannot take (a cycle, an elapsed
    duration without estimate); 404/403 as the risk register does.
    """
    check_request(request)
    eproject, conv = engine_project(project)
    rows = plan_tasks(project.pk)
    leaves = _leaves_of(rows)
    groups = _check_correlations(request.correlations, rows, leaves)
    remaining = eproject.status_date is not None
    per_unit = {"days": conv.minutes_per_day, "hours": 60}
    estimates = {
        str(row.id): estimate
        for row in rows
        if leaves[row.id] == [row.id]
        and (not remaining or row.actual_start is None)
        and (estimate := _three_points(row, per_unit[row.duration_unit])) is not None
    }
    events = [
        replace(
            event,
            task_ids=tuple(
                dict.fromkeys(str(leaf) for t in event.task_ids for leaf in leaves.get(int(t), []))
            ),
        )
        for event in risk_events(user, project.pk, minutes_per_day=conv.minutes_per_day)
    ]
    try:
        network = risk_network_from_project(
            eproject, estimates, events=events, correlations=groups, remaining_only=remaining
        )
    except RiskModelError as exc:
        raise ValidationFailed(_("The plan cannot be simulated: %(exc)s") % {"exc": exc}) from exc
    minutes = {t.id: _mean(t.duration) for t in network.tasks}
    costs = _costs(project, set(minutes), minutes)
    by_id = {str(row.id): row for row in rows}
    origin = eproject.status_date or eproject.start
    return {
        "format": INPUTS_FORMAT,
        "unit": "working minutes",
        "minutes_per_day": conv.minutes_per_day,
        "origin": "status date" if remaining else "project start",
        "origin_at": origin.isoformat(),
        "target_date": project.target_date.isoformat(),
        "iterations": request.iterations,
        "seed": request.seed,
        "tasks": [_task_input(t, by_id[t.id], costs.get(t.id, (0.0, 0.0))) for t in network.tasks],
        "links": [
            [link.predecessor_id, link.successor_id, link.type.value, link.lag, link.lag_percent]
            for link in network.links
        ],
        "events": [
            {
                "id": e.id,
                "name": e.name,
                "probability": e.probability,
                "task_ids": list(e.task_ids),
                "delay": _amount(e.delay),
                "cost": _amount(e.cost),
            }
            for e in network.events
        ],
        "correlations": [
            {"task_ids": [int(t) for t in g.task_ids], "correlation": g.correlation} for g in groups
        ],
    }


def _task_input(task: RiskTask, row: PlanTask, cost: tuple[float, float]) -> dict[str, Any]:
    return {
        "id": task.id,
        "name": task.name,
        "wbs": row.wbs_code,
        "duration": _amount(task.duration),
        "milestone": task.milestone,
        "deadline": None if row.deadline is None else row.deadline.isoformat(),
        "fixed_cost": cost[0],
        "cost_per_unit": cost[1],
    }


def _mean(value: Amount) -> float:
    return value.mean if isinstance(value, ThreePointEstimate) else float(value)


def network_from_inputs(inputs: Mapping[str, Any]) -> RiskNetwork:
    """The engine's network from a run's stored inputs. A task with a deadline gets a finish
    distribution of its own (the engine's milestone flag), so its deadline can be judged."""
    tasks = tuple(
        RiskTask(
            t["id"],
            _from_amount(t["duration"]),
            milestone=t["milestone"] or t["deadline"] is not None,
            fixed_cost=t["fixed_cost"],
            cost_per_unit=t["cost_per_unit"],
            name=t["name"],
        )
        for t in inputs["tasks"]
    )
    links = tuple(
        RiskLink(pred, succ, RiskLinkType(kind), lag=lag, lag_percent=percent)
        for pred, succ, kind, lag, percent in inputs["links"]
    )
    events = tuple(
        RiskEvent(
            e["id"],
            e["probability"],
            tuple(e["task_ids"]),
            delay=_from_amount(e["delay"]),
            cost=_from_amount(e["cost"]),
            name=e["name"],
        )
        for e in inputs["events"]
    )
    groups = tuple(
        CorrelationGroup(tuple(str(t) for t in g["task_ids"]), g["correlation"])
        for g in inputs["correlations"]
    )
    return RiskNetwork(tasks, links, events, groups)


@dataclass(frozen=True)
class TimeAxis:
    """Working minutes from the run's origin to dates, on the project's calendar."""

    to_datetime: Callable[[float], dt.datetime]
    conv: Conversion

    def day(self, minutes: float) -> dt.date:
        return self.conv.finish_day(self.to_datetime(minutes))

    def end_of(self, day: dt.date) -> dt.datetime:
        end = self.conv.at_end(day)
        assert end is not None  # noqa: S101 - a date always has an end
        return end

    def minutes_by(self, day: dt.date) -> float:
        """The most working minutes from the origin that still finish on or before ``day``
        (0 when the day is before the origin)."""
        end = self.end_of(day)
        if self.to_datetime(0) > end:
            return 0.0
        low, high = 0, self.conv.minutes_per_day
        while self.to_datetime(high) <= end:
            low, high = high, high * 2
        while high - low > 1:
            middle = (low + high) // 2
            if self.to_datetime(middle) <= end:
                low = middle
            else:
                high = middle
        return float(low)


def time_axis(project: Project, inputs: Mapping[str, Any]) -> TimeAxis:
    frame = plan_frame(project)
    origin = dt.datetime.fromisoformat(inputs["origin_at"])
    return TimeAxis(project_working_time_mapper(frame.project, origin), frame.conv)


def simulate(
    inputs: Mapping[str, Any],
    axis: TimeAxis,
    progress: Callable[[int, int], None] | None = None,
) -> ScheduleRiskResult:
    """Run the engine on stored inputs (their iterations and seed)."""
    return simulate_schedule_risk(
        network_from_inputs(inputs),
        iterations=inputs["iterations"],
        seed=inputs["seed"],
        histogram_bins=HISTOGRAM_BINS,
        to_datetime=axis.to_datetime,
        progress=progress,
    )


def _percentiles(
    distribution: Any, axis: TimeAxis | None, *, histogram: bool = True
) -> dict[str, Any]:
    out: dict[str, Any] = {
        name: getattr(distribution, name)
        for name in ("mean", "std", "minimum", "maximum", "p10", "p50", "p80", "p90")
    }
    if histogram:
        out["histogram"] = {
            "edges": list(distribution.histogram_edges),
            "counts": list(distribution.histogram_counts),
        }
    if axis is not None:
        if histogram:
            out["histogram"]["edge_dates"] = [
                axis.day(edge).isoformat() for edge in distribution.histogram_edges
            ]
        out["dates"] = {
            name: axis.day(out[name]).isoformat() for name in ("p10", "p50", "p80", "p90", "mean")
        }
    return out


def _milestones(
    result: ScheduleRiskResult, tasks: Mapping[str, Any], axis: TimeAxis
) -> list[dict[str, Any]]:
    rows = []
    for task_id, distribution in result.milestones.items():
        task = tasks[task_id]
        deadline = None if task["deadline"] is None else dt.date.fromisoformat(task["deadline"])
        rows.append(
            {
                "task_id": int(task_id),
                "name": task["name"],
                "wbs": task["wbs"],
                "deadline": task["deadline"],
                "deadline_minutes": None if deadline is None else axis.minutes_by(deadline),
                "probability_deadline": None
                if deadline is None
                else result.probability_finish_by(axis.end_of(deadline), milestone=task_id),
                **_percentiles(distribution, axis, histogram=False),
            }
        )
    return rows


def _events_and_drivers(
    result: ScheduleRiskResult, inputs: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Risk impacts, and every task and risk ranked by its rank correlation with the finish."""
    tasks = {t["id"]: t for t in inputs["tasks"]}
    drivers: list[dict[str, Any]] = [
        {"kind": "task", "id": int(task_id), "name": tasks[task_id]["name"], "correlation": rho}
        for task_id, rho in result.duration_sensitivity.items()
        if rho is not None
    ]
    events = []
    for event in inputs["events"]:
        impact = result.event_impacts[event["id"]]
        risk_id = int(event["id"].removeprefix("risk-"))
        delta = impact.finish_delta
        events.append(
            {
                "id": risk_id,
                "name": event["name"],
                "probability": event["probability"],
                "occurrence_rate": impact.occurrence_rate,
                "finish_delta_days": None if delta is None else delta / inputs["minutes_per_day"],
                "correlation": impact.finish_rank_correlation,
            }
        )
        if impact.finish_rank_correlation is not None:
            drivers.append(
                {
                    "kind": "risk",
                    "id": risk_id,
                    "name": event["name"],
                    "correlation": impact.finish_rank_correlation,
                }
            )
    drivers.sort(key=lambda d: (-abs(d["correlation"]), d["kind"], d["id"]))
    return events, drivers


def summarize_result(
    result: ScheduleRiskResult, inputs: Mapping[str, Any], axis: TimeAxis
) -> dict[str, Any]:
    """The JSON a run keeps: finish and milestone percentiles with their dates, the chance of
    meeting the target date and each deadline, criticality, sensitivity, risk impacts, cost."""
    tasks = {t["id"]: t for t in inputs["tasks"]}
    target = dt.date.fromisoformat(inputs["target_date"])
    events, drivers = _events_and_drivers(result, inputs)
    criticality = sorted(
        (
            {"task_id": int(t), "name": tasks[t]["name"], "wbs": tasks[t]["wbs"], "index": index}
            for t, index in result.criticality.items()
        ),
        key=lambda c: (-c["index"], c["wbs"]),
    )
    return {
        "iterations": result.iterations,
        "seed": result.seed,
        "minutes_per_day": inputs["minutes_per_day"],
        "origin": inputs["origin"],
        "origin_date": axis.day(0).isoformat(),
        "finish": _percentiles(result.finish, axis),
        "deterministic_finish": result.deterministic_finish,
        "deterministic_date": axis.day(result.deterministic_finish).isoformat(),
        "target_date": target.isoformat(),
        "target_minutes": axis.minutes_by(target),
        "probability_target": result.probability_finish_by(axis.end_of(target)),
        "milestones": _milestones(result, tasks, axis),
        "criticality": criticality,
        "drivers": drivers,
        "events": events,
        "cost": None if result.cost is None else _percentiles(result.cost, None),
    }


def run_overview(run: Any) -> dict[str, Any]:
    """The headline figures of a run (for lists and comparisons): finish P50/P80 (working days
    from the origin and dates), the chance of meeting the target date; empty until it is done."""
    results = run.results or {}
    finish = results.get("finish") or {}
    dates = finish.get("dates") or {}
    per_day = results.get("minutes_per_day") or 1
    return {
        "id": run.pk,
        "label": str(run),
        "status": run.status,
        "created_at": run.created_at,
        "iterations": run.iterations,
        "seed": run.seed,
        "p50_days": finish["p50"] / per_day if finish else None,
        "p80_days": finish["p80"] / per_day if finish else None,
        "p50_date": _day(dates.get("p50")),
        "p80_date": _day(dates.get("p80")),
        "probability_target": results.get("probability_target"),
        "target_date": _day(results.get("target_date")),
    }


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _shift(before: dt.date | None, after: dt.date | None) -> int | None:
    if before is None or after is None:
        return None
    return (after - before).days


def compare_runs(base: Any, other: Any) -> dict[str, Any]:
    """How ``other`` differs from ``base``: P50/P80 finish shifts (calendar days, positive =
    later), and the change of the chance of meeting the target date (percentage points)."""
    a, b = run_overview(base), run_overview(other)
    chance = None
    if a["probability_target"] is not None and b["probability_target"] is not None:
        chance = (b["probability_target"] - a["probability_target"]) * 100
    return {
        "base": a,
        "other": b,
        "p50_shift_days": _shift(a["p50_date"], b["p50_date"]),
        "p80_shift_days": _shift(a["p80_date"], b["p80_date"]),
        "probability_target_change_points": chance,
    }
