"""Build a :class:`LevelingProblem` from the scheduling model's :class:`Project`.

Thin on purpose: durations and lags in working minutes become whole periods of
``minutes_per_period`` (rounded up for durations, to nearest for lags); units become integer
hundredths (1.0 = 100). Dates stay with the caller, who maps periods to dates on the project
calendar and passes release periods (e.g. from SNET/MSO constraints or the status date) and
per-period capacity (e.g. from resource calendars).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..scheduling.model import Project, Task
from .problem import (
    LevelingActivity,
    LevelingInputError,
    LevelingLinkType,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
)

__all__ = ["UNITS_SCALE", "leveling_problem_from_project"]

UNITS_SCALE = 100
"""Integer units per 1.0 of ``max_units`` / assignment ``units`` (1.0 = 100 %)."""


def _periods(minutes: float, per_period: int) -> int:
    return max(0, -int(-minutes // per_period))


def _leaves(project: Project) -> tuple[list[Task], dict[str, list[str]]]:
    """Leaf tasks, and for every task id the leaf ids under it (itself for a leaf)."""
    children: dict[str, list[str]] = {}
    for task in project.tasks:
        if task.parent_id is not None:
            children.setdefault(task.parent_id, []).append(task.id)
    leaves = [t for t in project.tasks if t.id not in children]
    below: dict[str, list[str]] = {}

    def collect(task_id: str, trail: tuple[str, ...]) -> list[str]:
        if task_id in below:
            return below[task_id]
        if task_id in trail:
            raise LevelingInputError("task hierarchy has a cycle", (*trail, task_id))
        kids = children.get(task_id)
        result = [task_id] if not kids else [x for k in kids for x in collect(k, (*trail, task_id))]
        below[task_id] = result
        return result

    for task in project.tasks:
        collect(task.id, ())
    return leaves, below


MINUTES_PER_ELAPSED_WEEK = 7 * 1440


def _lag_minutes(project: Project, minutes: int, elapsed: bool) -> float:
    """A lag in working minutes. An elapsed lag runs through nights and days off: its share of
    working time is the working week's (a 7-day elapsed lag is 5 working days on a 5 x 8 h
    week), the best a period-based problem without dates can do."""
    if not elapsed:
        return minutes
    return minutes * project.options.minutes_per_week / MINUTES_PER_ELAPSED_WEEK


def _links(
    project: Project, below: Mapping[str, list[str]], durations: Mapping[str, int], per_period: int
) -> tuple[LevelingPrecedence, ...]:
    """Links between leaves: a summary task's link applies to every leaf under it."""
    links = []
    for link in project.links:
        for name in (link.predecessor_id, link.successor_id):
            if name not in below:
                raise LevelingInputError(f"link names unknown task {name!r}", (name,))
        for pred in below[link.predecessor_id]:
            if link.lag.percent is not None:
                lag = round(durations[pred] * link.lag.percent / 100)
            else:
                lag = round(_lag_minutes(project, link.lag.minutes, link.lag.elapsed) / per_period)
            for succ in below[link.successor_id]:
                links.append(LevelingPrecedence(pred, succ, lag, LevelingLinkType(link.type.value)))
    return tuple(links)


def leveling_problem_from_project(
    project: Project,
    *,
    minutes_per_period: int | None = None,
    release_periods: Mapping[str, int] | None = None,
    capacity_profiles: Mapping[str, Sequence[float]] | None = None,
) -> LevelingProblem:
    """Leaf tasks, links (expanded from summary tasks to their leaves) and work resources.

    ``minutes_per_period`` defaults to ``project.options.minutes_per_day`` (periods are working
    days). A task's remaining duration is used when given. ``do_not_level`` and started tasks
    (``actual_start`` set) are pinned at their early start. ``release_periods`` maps task ids to
    the earliest allowed period; ``capacity_profiles`` maps resource ids to ``max_units`` per
    period from period 0. Material and cost resources are not leveled. Raises
    :class:`LevelingInputError` for assignments naming unknown tasks or resources.
    """
    per_period = minutes_per_period or project.options.minutes_per_day
    if per_period <= 0:
        raise LevelingInputError(f"minutes_per_period must be positive, got {per_period}")
    releases = release_periods or {}
    profiles = capacity_profiles or {}
    leaves, below = _leaves(project)
    work = {r.id: r for r in project.resources if r.kind == "work"}
    known_resources = {r.id for r in project.resources}
    demands: dict[str, dict[str, int]] = {t.id: {} for t in leaves}
    for a in project.assignments:
        if a.task_id not in below or a.resource_id not in known_resources:
            raise LevelingInputError(
                f"assignment of {a.resource_id!r} to {a.task_id!r} names an unknown item",
                (a.task_id, a.resource_id),
            )
        if a.resource_id in work and a.task_id in demands:
            units = round(a.units * UNITS_SCALE)
            demands[a.task_id][a.resource_id] = demands[a.task_id].get(a.resource_id, 0) + units
    durations: dict[str, int] = {}
    activities = []
    for task in leaves:
        minutes = (task.remaining_duration or task.duration).minutes
        durations[task.id] = 0 if task.milestone else _periods(minutes, per_period)
        activities.append(
            LevelingActivity(
                task.id,
                durations[task.id],
                demands[task.id],
                priority=task.priority,
                release=releases.get(task.id, 0),
                do_not_level=task.do_not_level or task.actual_start is not None,
            )
        )
    links = _links(project, below, durations, per_period)
    resources = tuple(
        LevelingResource(
            r.id,
            round(r.max_units * UNITS_SCALE),
            tuple(round(u * UNITS_SCALE) for u in profiles.get(r.id, ())),
        )
        for r in work.values()
    )
    return LevelingProblem(tuple(activities), resources, links, project.name)
