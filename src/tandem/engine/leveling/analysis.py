"""Checking a schedule: over-allocations, rule violations, and why activities were delayed.

These functions take the problem and a start period per activity id, so they check schedules
from any source (the levelers, a user's plan, a file) without trusting the scheduler's state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .network import CompiledProblem, compile_problem
from .problem import LevelingInputError, LevelingLinkType, LevelingProblem

__all__ = [
    "LevelingViolation",
    "OverAllocation",
    "ResourceConflict",
    "TaskDelay",
    "check_leveled_schedule",
    "explain_delays",
    "find_over_allocations",
]


@dataclass(frozen=True, slots=True)
class OverAllocation:
    """Periods ``start`` to ``end - 1`` where ``task_ids`` together use ``load`` > ``capacity``."""

    resource_id: str
    start: int
    end: int
    load: int
    capacity: int
    task_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LevelingViolation:
    """A broken rule: ``kind`` is "precedence", "capacity", "release" or "fixed_start"."""

    kind: str
    message: str
    task_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResourceConflict:
    """Why an activity could not start earlier on one resource.

    ``periods`` are the periods (ascending) in which starting any earlier would have needed more
    of ``resource_id`` than was left; ``competing_task_ids`` use it in those periods.
    """

    resource_id: str
    periods: tuple[int, ...]
    competing_task_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaskDelay:
    """An activity starting after its early start (the start without resource limits).

    ``delay = start - early_start`` periods, split into ``precedence_delay`` (its predecessors
    were themselves delayed; ``driving_predecessor_ids`` name those that set its ready period)
    and ``resource_delay`` (from the ready period to the start; ``conflicts`` say which resources
    and tasks blocked it).
    """

    task_id: str
    early_start: int
    start: int
    delay: int
    precedence_delay: int
    resource_delay: int
    driving_predecessor_ids: tuple[str, ...]
    conflicts: tuple[ResourceConflict, ...]


def _start_vector(problem: LevelingProblem, starts: Mapping[str, int]) -> list[int]:
    missing = [a.id for a in problem.activities if a.id not in starts]
    if missing:
        raise LevelingInputError(f"no start given for {len(missing)} activities", tuple(missing))
    return [int(starts[a.id]) for a in problem.activities]


def _usage(problem: LevelingProblem, start: list[int], horizon: int) -> np.ndarray:
    """Units used per resource (rows) and period (columns)."""
    index = {r.id: k for k, r in enumerate(problem.resources)}
    usage = np.zeros((len(problem.resources), horizon), dtype=np.int64)
    for act, s in zip(problem.activities, start, strict=True):
        for res_id, amount in act.demands.items():
            usage[index[res_id], s : s + act.duration] += amount
    return usage


def _capacity(problem: LevelingProblem, horizon: int) -> np.ndarray:
    cap = np.zeros((len(problem.resources), horizon), dtype=np.int64)
    for k, res in enumerate(problem.resources):
        cap[k, :] = res.capacity
        profile = res.capacity_profile[:horizon]
        cap[k, : len(profile)] = profile
    return cap


def find_over_allocations(
    problem: LevelingProblem, starts: Mapping[str, int]
) -> tuple[OverAllocation, ...]:
    """Every run of periods where a resource is used beyond its capacity, per resource.

    A run groups consecutive periods with the same tasks and load. Starts are periods; an
    activity with duration ``d`` starting at ``s`` uses periods ``s .. s + d - 1``. Raises
    :class:`LevelingInputError` when a start is missing or negative.
    """
    start = _start_vector(problem, starts)
    bad = [a.id for a, s in zip(problem.activities, start, strict=True) if s < 0]
    if bad:
        raise LevelingInputError("negative start period", tuple(bad))
    horizon = max(
        (s + a.duration for a, s in zip(problem.activities, start, strict=True)), default=0
    )
    usage = _usage(problem, start, horizon)
    cap = _capacity(problem, horizon)
    found: list[OverAllocation] = []
    for k, res in enumerate(problem.resources):
        over = np.nonzero(usage[k] > cap[k])[0]
        run: OverAllocation | None = None
        for p in over.tolist():
            tasks = tuple(
                a.id
                for a, s in zip(problem.activities, start, strict=True)
                if a.demands.get(res.id, 0) > 0 and s <= p < s + a.duration
            )
            load, capacity = int(usage[k, p]), int(cap[k, p])
            if (
                run
                and run.end == p
                and (run.task_ids, run.load, run.capacity) == (tasks, load, capacity)
            ):
                run = OverAllocation(res.id, run.start, p + 1, load, capacity, tasks)
                found[-1] = run
            else:
                run = OverAllocation(res.id, p, p + 1, load, capacity, tasks)
                found.append(run)
    return tuple(found)


def _link_ok(link_type: LevelingLinkType, lag: int, s_i: int, f_i: int, s_j: int, f_j: int) -> bool:
    if link_type == LevelingLinkType.FS:
        return s_j >= f_i + lag
    if link_type == LevelingLinkType.SS:
        return s_j >= s_i + lag
    if link_type == LevelingLinkType.FF:
        return f_j >= f_i + lag
    return f_j >= s_i + lag


def check_leveled_schedule(
    problem: LevelingProblem, starts: Mapping[str, int]
) -> tuple[LevelingViolation, ...]:
    """Every broken rule of a schedule: links, capacities (every period), releases, pinned starts.

    Empty means feasible. Pinned starts are ``fixed_start`` and, for ``do_not_level``
    activities, the precedence early start. Raises the errors of :func:`compile_problem` for a
    malformed problem and :class:`LevelingInputError` for a missing start.
    """
    cp = compile_problem(problem)
    start = _start_vector(problem, starts)
    where = {a.id: j for j, a in enumerate(problem.activities)}
    violations: list[LevelingViolation] = []
    for link in problem.precedences:
        i, j = where[link.predecessor_id], where[link.successor_id]
        a_i, a_j = problem.activities[i], problem.activities[j]
        f_i, f_j = start[i] + a_i.duration, start[j] + a_j.duration
        if not _link_ok(link.type, link.lag, start[i], f_i, start[j], f_j):
            violations.append(
                LevelingViolation(
                    "precedence",
                    f"{link.type} link {a_i.id!r} -> {a_j.id!r} (lag {link.lag}) broken: "
                    f"starts {start[i]} and {start[j]}",
                    (a_i.id, a_j.id),
                )
            )
    for act, s, pin in zip(problem.activities, start, cp.pinned, strict=True):
        if pin is not None and s != pin:
            message = f"{act.id!r} pinned at {pin}, starts {s}"
            violations.append(LevelingViolation("fixed_start", message, (act.id,)))
        if s < act.release:
            message = f"{act.id!r} starts {s} before release {act.release}"
            violations.append(LevelingViolation("release", message, (act.id,)))
    for over in find_over_allocations(problem, starts):
        violations.append(
            LevelingViolation(
                "capacity",
                f"{over.resource_id!r} needs {over.load} > {over.capacity} in periods "
                f"{over.start}-{over.end - 1}",
                over.task_ids,
            )
        )
    return tuple(violations)


def explain_delays(
    problem: LevelingProblem, starts: Mapping[str, int], compiled: CompiledProblem | None = None
) -> dict[str, TaskDelay]:
    """Why each activity starting after its early start was delayed (see :class:`TaskDelay`).

    The early start is the precedence-only start (release dates and pinned starts included).
    Periods in a conflict are those in ``[ready, start + duration - 1)`` where the other
    activities leave less of a resource than this activity needs.
    """
    cp = compiled or compile_problem(problem)
    start = _start_vector(problem, starts)
    horizon = max((s + d for s, d in zip(start, cp.duration, strict=True)), default=0)
    usage = _usage(problem, start, horizon)
    cap = _capacity(problem, horizon)
    result: dict[str, TaskDelay] = {}
    for j in range(cp.n):
        early, s = cp.early_start[j], start[j]
        if s <= early:
            continue
        ready = cp.release[j]
        for i, dist in cp.preds[j]:
            ready = max(ready, start[i] + dist)
        drivers = tuple(
            cp.ids[i] for i, dist in cp.preds[j] if start[i] + dist == ready and ready > early
        )
        conflicts = _conflicts(cp, j, start, usage, cap, max(ready, early))
        result[cp.ids[j]] = TaskDelay(
            cp.ids[j],
            early,
            s,
            s - early,
            max(0, min(ready, s) - early),
            s - max(ready, early),
            drivers,
            conflicts,
        )
    return result


def _conflicts(
    cp: CompiledProblem,
    j: int,
    start: list[int],
    usage: np.ndarray,
    cap: np.ndarray,
    ready: int,
) -> tuple[ResourceConflict, ...]:
    s, d = start[j], cp.duration[j]
    if s <= ready or d == 0:
        return ()
    conflicts = []
    first, last = ready, min(s + d - 1, usage.shape[1])
    for k, amount in cp.demands[j]:
        own = np.zeros(last - first, dtype=np.int64)
        lo, hi = max(s, first), min(s + d, last)
        if hi > lo:
            own[lo - first : hi - first] = amount
        left = cap[k, first:last] - (usage[k, first:last] - own)
        periods = tuple(int(p) + first for p in np.nonzero(left < amount)[0])
        if not periods:
            continue
        competing = tuple(
            cp.ids[i]
            for i in range(cp.n)
            if i != j
            and any(kk == k for kk, _ in cp.demands[i])
            and any(start[i] <= p < start[i] + cp.duration[i] for p in periods)
        )
        conflicts.append(ResourceConflict(cp.resource_ids[k], periods, competing))
    return tuple(conflicts)
