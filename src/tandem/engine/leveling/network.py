"""A leveling problem compiled to index arrays: validation, precedence network and bounds.

Every link becomes a start-to-start minimum distance ``start[j] >= start[i] + distance``, which
covers the four link types with any lag (see :class:`LevelingPrecedence`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .problem import (
    LevelingCycleError,
    LevelingInfeasibleError,
    LevelingInputError,
    LevelingLinkType,
    LevelingPrecedence,
    LevelingProblem,
)

Arc = tuple[int, int]
"""(other activity index, start-to-start distance in periods)."""


@dataclass(slots=True)
class CompiledProblem:
    """Index-based form of a :class:`LevelingProblem` used by the schedulers."""

    problem: LevelingProblem
    ids: list[str]
    resource_ids: list[str]
    duration: list[int]
    preds: list[list[Arc]]
    succs: list[list[Arc]]
    demands: list[list[tuple[int, int]]]
    release: list[int]
    pinned: list[int | None]
    priority: list[int]
    topo_order: list[int]
    early_start: list[int]
    capacity_tail: list[int]
    capacity_profile: list[tuple[int, ...]]
    horizon: int

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def plain(self) -> bool:
        """Constant capacities (no calendar profile) and no pinned activities."""
        return all(not p for p in self.capacity_profile) and all(p is None for p in self.pinned)

    def capacity_rows(self, length: int) -> list[list[int]]:
        """Capacity per resource for periods ``0 .. length - 1``."""
        rows = []
        for tail, profile in zip(self.capacity_tail, self.capacity_profile, strict=True):
            row = list(profile[:length])
            row.extend([tail] * (length - len(row)))
            rows.append(row)
        return rows

    def free_rows(self, length: int) -> list[list[int]]:
        """Capacity left per resource and period once the pinned activities are placed."""
        rows = self.capacity_rows(length)
        for j, start in enumerate(self.pinned):
            if start is None:
                continue
            for k, amount in self.demands[j]:
                row = rows[k]
                for p in range(start, min(start + self.duration[j], length)):
                    row[p] -= amount
        return rows

    def critical_path_bound(self) -> int:
        """Earliest finish ignoring resources (periods)."""
        return max(
            (es + d for es, d in zip(self.early_start, self.duration, strict=True)), default=0
        )

    def resource_bound(self) -> int:
        """Smallest makespan whose capacity can hold each resource's total work (periods)."""
        bound = 0
        for k in range(len(self.resource_ids)):
            work = sum(
                r * self.duration[j] for j in range(self.n) for kk, r in self.demands[j] if kk == k
            )
            if work == 0:
                continue
            profile = self.capacity_profile[k]
            total, period = 0, 0
            while period < len(profile) and total < work:
                total += profile[period]
                period += 1
            if total < work:
                tail = self.capacity_tail[k]
                period += -(-(work - total) // tail)
            bound = max(bound, period)
        return bound

    def lower_bound(self) -> int:
        """The larger of the critical-path and resource bounds (periods)."""
        return max(self.critical_path_bound(), self.resource_bound())

    def latest_starts(self, makespan: int) -> list[int]:
        """Latest start of each activity so that everything finishes by ``makespan``.

        Ignores resources; pinned activities keep their start. May be below the early start
        when ``makespan`` is below the critical-path bound.
        """
        latest = [0] * self.n
        for j in reversed(self.topo_order):
            value = makespan - self.duration[j]
            for s, dist in self.succs[j]:
                value = min(value, latest[s] - dist)
            pinned = self.pinned[j]
            latest[j] = pinned if pinned is not None else value
        return latest

    def pin_violations(self, starts: Sequence[int]) -> list[int]:
        """Pinned activities whose predecessors start too late for them in ``starts``."""
        return [
            j
            for j, pin in enumerate(self.pinned)
            if pin is not None and any(starts[i] + dist > pin for i, dist in self.preds[j])
        ]

    def eligible_order(self, key: Callable[[int], float | tuple[float, ...]]) -> list[int]:
        """A precedence-feasible list: repeatedly the eligible activity with the smallest key."""
        remaining = [len(p) for p in self.preds]
        heap = [(key(j), j) for j in range(self.n) if remaining[j] == 0]
        heapq.heapify(heap)
        order: list[int] = []
        while heap:
            _, j = heapq.heappop(heap)
            order.append(j)
            for s, _dist in self.succs[j]:
                remaining[s] -= 1
                if remaining[s] == 0:
                    heapq.heappush(heap, (key(s), s))
        return order


def _distance(link: LevelingPrecedence, d_pred: int, d_succ: int) -> int:
    if link.type == LevelingLinkType.FS:
        return d_pred + link.lag
    if link.type == LevelingLinkType.SS:
        return link.lag
    if link.type == LevelingLinkType.FF:
        return d_pred - d_succ + link.lag
    return link.lag - d_succ


def compile_problem(problem: LevelingProblem) -> CompiledProblem:
    """Validate ``problem`` and compile it.

    Raises :class:`LevelingInputError` naming the offending items (duplicate or unknown ids,
    negative durations or demands, a demand above the resource's capacity),
    :class:`LevelingCycleError` for a precedence cycle, and :class:`LevelingInfeasibleError`
    when a pinned start comes before its predecessors or release date allow.
    """
    ids = [a.id for a in problem.activities]
    index = _unique_index(ids, "activity")
    resource_ids = [r.id for r in problem.resources]
    resource_index = _unique_index(resource_ids, "resource")
    _check_resources(problem)
    duration = [a.duration for a in problem.activities]
    demands = _compile_demands(problem, resource_index)
    n = len(ids)
    best: dict[tuple[int, int], int] = {}
    for link in problem.precedences:
        missing = [x for x in (link.predecessor_id, link.successor_id) if x not in index]
        if missing:
            raise LevelingInputError(f"link names unknown activity {missing[0]!r}", tuple(missing))
        i, j = index[link.predecessor_id], index[link.successor_id]
        if i == j:
            raise LevelingCycleError((ids[i],))
        dist = _distance(link, duration[i], duration[j])
        best[i, j] = max(best.get((i, j), dist), dist)
    preds: list[list[Arc]] = [[] for _ in range(n)]
    succs: list[list[Arc]] = [[] for _ in range(n)]
    for (i, j), dist in best.items():
        preds[j].append((i, dist))
        succs[i].append((j, dist))
    topo = _topological_order(ids, preds, succs)
    release = [a.release for a in problem.activities]
    pinned_given = [a.fixed_start for a in problem.activities]
    early, pinned = _early_starts(problem, topo, preds, release, pinned_given)
    compiled = CompiledProblem(
        problem=problem,
        ids=ids,
        resource_ids=resource_ids,
        duration=duration,
        preds=preds,
        succs=succs,
        demands=demands,
        release=release,
        pinned=pinned,
        priority=[a.priority for a in problem.activities],
        topo_order=topo,
        early_start=early,
        capacity_tail=[r.capacity for r in problem.resources],
        capacity_profile=[tuple(r.capacity_profile) for r in problem.resources],
        horizon=0,
    )
    compiled.horizon = _horizon(compiled)
    return compiled


def _unique_index(ids: Sequence[str], what: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, item in enumerate(ids):
        if item in index:
            raise LevelingInputError(f"duplicate {what} id {item!r}", (item,))
        index[item] = i
    return index


def _check_resources(problem: LevelingProblem) -> None:
    for res in problem.resources:
        if res.capacity < 0 or any(c < 0 for c in res.capacity_profile):
            raise LevelingInputError(f"resource {res.id!r} has a negative capacity", (res.id,))
    for act in problem.activities:
        if act.duration < 0:
            raise LevelingInputError(f"activity {act.id!r} has a negative duration", (act.id,))
        if act.release < 0 or (act.fixed_start is not None and act.fixed_start < 0):
            raise LevelingInputError(f"activity {act.id!r} starts before period 0", (act.id,))


def _compile_demands(
    problem: LevelingProblem, resource_index: dict[str, int]
) -> list[list[tuple[int, int]]]:
    demands: list[list[tuple[int, int]]] = []
    for act in problem.activities:
        row: list[tuple[int, int]] = []
        for res_id, amount in act.demands.items():
            if res_id not in resource_index:
                raise LevelingInputError(
                    f"activity {act.id!r} uses unknown resource {res_id!r}", (act.id, res_id)
                )
            if amount < 0:
                raise LevelingInputError(
                    f"activity {act.id!r} has a negative demand on {res_id!r}", (act.id, res_id)
                )
            resource = problem.resources[resource_index[res_id]]
            if amount > resource.capacity and act.fixed_start is None and not act.do_not_level:
                raise LevelingInputError(
                    f"activity {act.id!r} needs {amount} of {res_id!r}, "
                    f"which never has more than {resource.capacity}",
                    (act.id, res_id),
                )
            if amount > 0 and act.duration > 0:
                row.append((resource_index[res_id], amount))
        demands.append(row)
    return demands


def _topological_order(ids: list[str], preds: list[list[Arc]], succs: list[list[Arc]]) -> list[int]:
    remaining = [len(p) for p in preds]
    stack = [j for j in range(len(ids) - 1, -1, -1) if remaining[j] == 0]
    order: list[int] = []
    while stack:
        j = stack.pop()
        order.append(j)
        for s, _ in succs[j]:
            remaining[s] -= 1
            if remaining[s] == 0:
                stack.append(s)
    if len(order) < len(ids):
        raise LevelingCycleError(_find_cycle(ids, succs, remaining))
    return order


def _find_cycle(ids: list[str], succs: list[list[Arc]], remaining: list[int]) -> tuple[str, ...]:
    # Every activity still waiting has an unplaced predecessor; walking those back must repeat.
    on_cycle = [j for j, r in enumerate(remaining) if r > 0]
    stuck = set(on_cycle)
    preds_in: dict[int, int] = {}
    for i in stuck:
        for s, _ in succs[i]:
            if s in stuck:
                preds_in.setdefault(s, i)
    path: list[int] = []
    seen: dict[int, int] = {}
    node = on_cycle[0]
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = preds_in[node]
    cycle = path[seen[node] :]
    return tuple(ids[j] for j in reversed(cycle))


def _early_starts(
    problem: LevelingProblem,
    topo: list[int],
    preds: list[list[Arc]],
    release: list[int],
    pinned_given: list[int | None],
) -> tuple[list[int], list[int | None]]:
    early = [0] * len(topo)
    pinned: list[int | None] = list(pinned_given)
    for j in topo:
        value = release[j]
        for i, dist in preds[j]:
            value = max(value, early[i] + dist)
        given = pinned_given[j]
        if given is not None:
            if given < value:
                culprits = [problem.activities[i].id for i, d in preds[j] if early[i] + d > given]
                raise LevelingInfeasibleError(
                    f"activity {problem.activities[j].id!r} is fixed at period {given}, "
                    f"before its predecessors or release date allow ({value})",
                    (problem.activities[j].id, *culprits),
                )
            value = given
        elif problem.activities[j].do_not_level:
            pinned[j] = value
        early[j] = value
    return early, pinned


def _horizon(cp: CompiledProblem) -> int:
    """Initial period count of the resource rows (the schedulers extend them when needed)."""
    span = max(cp.release, default=0)
    for j, start in enumerate(cp.pinned):
        if start is not None:
            span = max(span, start + cp.duration[j])
    span = max([span, *(len(p) for p in cp.capacity_profile)])
    return span + sum(cp.duration) + 1
