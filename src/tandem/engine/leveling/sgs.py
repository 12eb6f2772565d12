"""Schedule generation schemes and forward-backward improvement (justification).

Hot loops work on plain lists: for the instance sizes of interactive use (tens to a few hundred
activities, a handful of resources) they beat numpy, whose per-call overhead dominates short
slices.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Sequence

from .network import Arc, CompiledProblem

Rows = list[list[int]]


def _extend(rows: Rows, tail: Sequence[int], length: int) -> None:
    for row, cap in zip(rows, tail, strict=True):
        if len(row) < length:
            row.extend([cap] * (length - len(row)))


def earliest_fit(
    rows: Rows, demand: list[tuple[int, int]], start: int, duration: int, tail: Sequence[int]
) -> int:
    """First period ``>= start`` where ``duration`` periods of ``demand`` fit in ``rows``.

    Scanning each window backwards finds the latest conflicting period, and the next candidate
    start is just after it. Rows are extended with the ``tail`` capacities when a window runs
    past their end.
    """
    t = start
    while True:
        end = t + duration
        if end > len(rows[0]):
            _extend(rows, tail, 2 * end)
        for k, amount in demand:
            row = rows[k]
            p = end - 1
            while p >= t and row[p] >= amount:
                p -= 1
            if p >= t:
                t = p + 1
                break
        else:
            return t


def place_serial(
    order: Sequence[int],
    duration: Sequence[int],
    preds: Sequence[Sequence[Arc]],
    demands: Sequence[list[tuple[int, int]]],
    release: Sequence[int],
    pinned: Sequence[int | None],
    rows: Rows,
    tail: Sequence[int],
) -> list[int]:
    """Serial schedule generation: each activity of ``order`` at its earliest feasible start.

    ``order`` must list every predecessor before its successors. ``rows`` holds the free
    capacity per resource and period (pinned activities already subtracted) and is consumed.
    """
    start = [0] * len(duration)
    for j in order:
        fixed = pinned[j]
        if fixed is not None:
            start[j] = fixed
            continue
        t = release[j]
        for i, dist in preds[j]:
            v = start[i] + dist
            if v > t:
                t = v
        demand = demands[j]
        if demand:
            d = duration[j]
            t = earliest_fit(rows, demand, t, d, tail)
            for k, amount in demand:
                row = rows[k]
                for p in range(t, t + d):
                    row[p] -= amount
        start[j] = t
    return start


def makespan_of(starts: Sequence[int], duration: Sequence[int]) -> int:
    """Latest finish period of a schedule (0 for an empty one)."""
    return max((s + d for s, d in zip(starts, duration, strict=True)), default=0)


class Justifier:
    """Serial SGS plus forward-backward improvement for one compiled problem.

    The backward pass schedules the mirrored problem (links reversed, time reversed) in order of
    decreasing finish, which right-justifies the schedule; the forward pass then left-justifies
    it in order of the right-justified starts. Neither pass lengthens a schedule on a problem
    with constant capacities and no pinned activities; with calendars or pinned activities the
    backward pass only proposes an order and the forward pass keeps every rule.
    """

    def __init__(self, cp: CompiledProblem) -> None:
        self.cp = cp
        self.topo_rank = [0] * cp.n
        for rank, j in enumerate(cp.topo_order):
            self.topo_rank[j] = rank
        self.mirror_preds: list[list[Arc]] = [
            [(s, dist + cp.duration[s] - cp.duration[i]) for s, dist in cp.succs[i]]
            for i in range(cp.n)
        ]
        self.no_release = [0] * cp.n
        self.no_pins: list[int | None] = [None] * cp.n
        self.plain = cp.plain
        self.forward_rows = cp.free_rows(cp.horizon)
        self.constant_rows = cp.capacity_rows(cp.horizon)
        self.schedules = 0
        self.pins = any(p is not None for p in cp.pinned)

    def forward(self, order: Sequence[int]) -> list[int]:
        """Serial SGS of the real problem for a precedence-feasible ``order``."""
        self.schedules += 1
        cp = self.cp
        rows = [row[:] for row in self.forward_rows]
        return place_serial(
            order, cp.duration, cp.preds, cp.demands, cp.release, cp.pinned, rows, cp.capacity_tail
        )

    def backward(self, starts: Sequence[int]) -> list[int]:
        """Right-justify ``starts``; returns starts (forward time, may begin after period 0)."""
        self.schedules += 1
        cp = self.cp
        finish = [s + d for s, d in zip(starts, cp.duration, strict=True)]
        makespan = max(finish, default=0)
        rank = self.topo_rank
        order = sorted(range(cp.n), key=lambda j: (-finish[j], -rank[j]))
        if not self._feasible(order, self.mirror_preds):
            order = self._eligible(self.mirror_preds, cp.preds, lambda j: (-finish[j], -rank[j]))
        if self.plain:
            rows = [row[:] for row in self.constant_rows]
        else:
            forward = cp.capacity_rows(makespan)
            rows = [row[::-1] for row in forward]
            _extend(rows, cp.capacity_tail, cp.horizon)
        mirrored = place_serial(
            order,
            cp.duration,
            self.mirror_preds,
            cp.demands,
            self.no_release,
            self.no_pins,
            rows,
            cp.capacity_tail,
        )
        end = makespan_of(mirrored, cp.duration)
        return [end - m - d for m, d in zip(mirrored, cp.duration, strict=True)]

    def order_by_start(self, starts: Sequence[int]) -> list[int]:
        """A precedence-feasible list sorted by ``starts`` (ties in topological order)."""
        rank = self.topo_rank
        order = sorted(range(self.cp.n), key=lambda j: (starts[j], rank[j]))
        if self._feasible(order, self.cp.preds):
            return order
        return self._eligible(self.cp.preds, self.mirror_preds, lambda j: (starts[j], rank[j]))

    def improve(self, starts: list[int], rounds: int = 4) -> list[int]:
        """Forward-backward passes until the makespan stops dropping (at most ``rounds``)."""
        duration = self.cp.duration
        best = starts
        best_span = makespan_of(best, duration)
        for _ in range(rounds):
            right = self.backward(best)
            candidate = self.forward(self.order_by_start(right))
            span = makespan_of(candidate, duration)
            if span >= best_span or (self.pins and self.cp.pin_violations(candidate)):
                break
            best, best_span = candidate, span
        return best

    @staticmethod
    def _feasible(order: Sequence[int], preds: Sequence[Sequence[Arc]]) -> bool:
        position = [0] * len(order)
        for pos, j in enumerate(order):
            position[j] = pos
        return all(position[i] < position[j] for j in order for i, _ in preds[j])

    def _eligible(
        self,
        preds: Sequence[Sequence[Arc]],
        succs: Sequence[Sequence[Arc]],
        key: Callable[[int], tuple[int, int]],
    ) -> list[int]:
        remaining = [len(p) for p in preds]
        heap = [(key(j), j) for j in range(self.cp.n) if remaining[j] == 0]
        heapq.heapify(heap)
        order: list[int] = []
        while heap:
            _, j = heapq.heappop(heap)
            order.append(j)
            for s, _ in succs[j]:
                remaining[s] -= 1
                if remaining[s] == 0:
                    heapq.heappush(heap, (key(s), s))
        return order


def _fits(rows: Rows, demand: list[tuple[int, int]], t: int, duration: int) -> bool:
    return all(rows[k][p] >= amount for k, amount in demand for p in range(t, t + duration))


def place_parallel(cp: CompiledProblem, order: Sequence[int]) -> list[int]:
    """Parallel schedule generation: at each decision period, start what fits, in list order.

    Produces non-delay schedules. With constant capacities and no pinned activities the decision
    periods are finishes and ready times (:func:`_parallel_constant`); with calendars or pinned
    activities every period is one, since capacity changes between them
    (:func:`_parallel_by_period`).
    """
    if cp.plain:
        return _parallel_constant(cp, order)
    return _parallel_by_period(cp, order)


def _parallel_constant(cp: CompiledProblem, order: Sequence[int]) -> list[int]:
    """The parallel scheme under constant capacities: only the free units at ``t`` matter.

    An activity started at ``t`` meets only activities already running, whose use never grows,
    so it fits for its whole duration if it fits at ``t``. Capacity comes back as activities
    finish (a heap of finishes); each decision period tries the ready activities in list order,
    again after each start, as :func:`_parallel_by_period` does.
    """
    n = cp.n
    rank = [0] * n
    for pos, j in enumerate(order):
        rank[j] = pos
    duration, demands, succs = cp.duration, cp.demands, cp.succs
    free = list(cp.capacity_tail)
    start = [0] * n
    waiting = [len(cp.preds[j]) for j in range(n)]
    ready = list(cp.release)
    eligible = sorted((j for j in range(n) if waiting[j] == 0), key=rank.__getitem__)
    running: list[tuple[int, int]] = []
    t = 0
    while eligible:
        while running and running[0][0] <= t:
            for k, amount in demands[heapq.heappop(running)[1]]:
                free[k] += amount
        progress = True
        while progress:
            progress = False
            for j in [j for j in eligible if ready[j] <= t]:
                demand = demands[j]
                if any(free[k] < amount for k, amount in demand):
                    continue
                start[j] = t
                eligible.remove(j)
                if duration[j]:  # one of no duration holds nothing and never finishes later
                    for k, amount in demand:
                        free[k] -= amount
                    heapq.heappush(running, (t + duration[j], j))
                _release(succs[j], t, ready, waiting, eligible, rank)
                progress = True
        if not eligible:
            break
        later = [ready[j] for j in eligible if ready[j] > t]
        if running and running[0][0] > t:
            later.append(running[0][0])
        if not later:  # cannot happen: compiling rejects demands above capacity
            raise RuntimeError("parallel scheme: ready activities that can never fit")
        t = min(later)
    return start


def _release(
    arcs: Sequence[Arc],
    t: int,
    ready: list[int],
    waiting: list[int],
    eligible: list[int],
    rank: list[int],
) -> None:
    """Successors of an activity started at ``t``: ready times, and eligible once unblocked."""
    for succ, dist in arcs:
        if ready[succ] < t + dist:
            ready[succ] = t + dist
        waiting[succ] -= 1
        if waiting[succ] == 0:
            bisect.insort(eligible, succ, key=rank.__getitem__)


def _parallel_by_period(cp: CompiledProblem, order: Sequence[int]) -> list[int]:
    """The parallel scheme on per-period free capacity, every period a decision period."""
    n = cp.n
    rank = [0] * n
    for pos, j in enumerate(order):
        rank[j] = pos
    rows = cp.free_rows(cp.horizon)
    start: list[int | None] = list(cp.pinned)
    waiting = [sum(1 for i, _ in cp.preds[j]) for j in range(n)]
    ready = list(cp.release)
    eligible: set[int] = set()

    def release_successors(j: int, s: int) -> None:
        for succ, dist in cp.succs[j]:
            ready[succ] = max(ready[succ], s + dist)
            waiting[succ] -= 1
            if waiting[succ] == 0 and start[succ] is None:
                eligible.add(succ)

    for j in range(n):
        s = start[j]
        if s is not None:
            release_successors(j, s)
    eligible.update(j for j in range(n) if waiting[j] == 0 and start[j] is None)
    t = 0
    while eligible:
        progress = True
        while progress:
            progress = False
            for j in sorted((j for j in eligible if ready[j] <= t), key=rank.__getitem__):
                d = cp.duration[j]
                if t + d > len(rows[0]):
                    _extend(rows, cp.capacity_tail, t + d + len(rows[0]))
                if not _fits(rows, cp.demands[j], t, d):
                    continue
                for k, amount in cp.demands[j]:
                    row = rows[k]
                    for p in range(t, t + d):
                        row[p] -= amount
                start[j] = t
                eligible.discard(j)
                release_successors(j, t)
                progress = True
        t += 1
    return [s if s is not None else 0 for s in start]
