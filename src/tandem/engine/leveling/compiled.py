"""The heuristic's genetic search compiled to machine code with numba, for plain problems.

The same search as :mod:`.heuristic` (serial and parallel schedule generation, one
forward-backward round per candidate, LFT sampling, peak crossover, window redraw of the best
list, steady-state replacement) on numpy arrays, compiled by numba when it is installed (the
``fast`` extra). It builds about twenty times more schedules per second than the interpreted
search (PSPLIB j120, 4 s warm start: a median of 197,619 schedules instead of 8,844), which is
what the time-limited warm start of ``level(method="cpsat")`` needs on large problems. The
schedule kernels it builds on (generation schemes, justification) are in :mod:`.kernels`.
Without numba the same functions run interpreted (correct, but far slower), and
:func:`.heuristic.search` keeps its own interpreted search instead.

Only problems with constant capacities and no pinned activities ("plain", see
:attr:`.network.CompiledProblem.plain`) take this path: there a forward-backward round never
lengthens a schedule. Calendars and pinned activities stay with the interpreted search.

The kernels run a bounded number of candidates per call and release the interpreter lock, so the
caller checks its clock and stop condition between calls while another thread (the CP-SAT
solver) keeps working. The random numbers come from a xorshift generator held in the search
state, so a run is deterministic for a seed however the candidates are split into calls.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from .kernels import (
    _BEST_LABEL,
    _BEST_SPAN,
    _BEST_WEIGHT,
    _CANDIDATES,
    _FILLED,
    _MARK,
    _RNG,
    _SCHEDULES,
    _STALLED,
    _STATE_SIZE,
    AVAILABLE,
    Arrays,
    Floats,
    Ints,
    _below,
    _kernel,
    _random,
    arrays_of,
    decode,
    eligible_order,
    justify,
    order_by_start,
    parallel,
    serial,
)

__all__ = [
    "AVAILABLE",
    "LABELS",
    "MAX_POPULATION",
    "Arrays",
    "CompiledSearch",
    "arrays_of",
    "decode",
    "eligible_order",
    "justify",
    "order_by_start",
    "parallel",
    "run_candidates",
    "serial",
    "warm_up",
]

MAX_POPULATION = 256
"""Population of long searches (one list per 40 candidates up to this). Against 64, on 16 hard
PSPLIB j120 instances at 4 s: 4.70% instead of 6.01% above the best known makespans (the larger
population converges later at this many candidates)."""
STALL = 20_000
"""Candidates without a better best schedule after which the population is drawn anew (the best
kept): 4.88% instead of 6.01% at population 64 on the same 16 instances."""
SAMPLING_EVERY = 8
LOCAL_SHARE = 0.35
REDRAW_SHARE = 0.3
PEAK_LOW, PEAK_HIGH = 0.1, 0.5
LABELS = ("sampling", "local search", "genetic")
"""What found a schedule, by code; codes from ``len(LABELS)`` on are the caller's lists."""


@_kernel
def _weight(starts: Ints, problem: tuple[Any, ...]) -> int:
    """Priority-weighted delay: the tie-break between schedules of one makespan."""
    early, priority = problem[3], problem[4]
    total = 0
    for j in range(starts.shape[0]):
        total += priority[j] * (starts[j] - early[j])
    return total


@_kernel
def _list_hash(order: Ints) -> int:
    h = 0x011C9DC5
    for j in order:
        h = ((h ^ j) * 16777619) & 0x7FFFFFFF
    return h


@_kernel
def _consider(
    starts: Ints,
    span: int,
    label: int,
    problem: tuple[Any, ...],
    state: Ints,
    best: Ints,
    population: tuple[Ints, Ints, Ints, Ints],
) -> None:
    """Keep ``starts`` if it is the best so far, and in the population if good enough.

    ``population`` holds per entry its list, its starts, its (makespan, weight) score and a
    hash of its list.
    """
    pop_order, pop_starts, pop_score, pop_hash = population
    weight = _weight(starts, problem)
    better = (
        state[_BEST_SPAN] < 0
        or span < state[_BEST_SPAN]
        or (span == state[_BEST_SPAN] and weight < state[_BEST_WEIGHT])
    )
    if better:
        best[:] = starts
        state[_BEST_SPAN], state[_BEST_WEIGHT], state[_BEST_LABEL] = span, weight, label
        state[_STALLED] = 0
    else:
        state[_STALLED] += 1
    order = np.empty(starts.shape[0], dtype=np.int64)
    order_by_start(starts, problem, order)
    h = _list_hash(order)
    size = pop_score.shape[0]
    filled = state[_FILLED]
    if filled < size:
        slot = filled
        state[_FILLED] = filled + 1
    else:
        slot = 0
        for x in range(1, size):
            if pop_score[x, 0] > pop_score[slot, 0] or (
                pop_score[x, 0] == pop_score[slot, 0] and pop_score[x, 1] > pop_score[slot, 1]
            ):
                slot = x
        if span > pop_score[slot, 0] or (
            span == pop_score[slot, 0] and weight >= pop_score[slot, 1]
        ):
            return
        for x in range(size):
            if pop_hash[x] == h:
                return
    pop_order[slot] = order
    pop_starts[slot] = starts
    pop_score[slot, 0], pop_score[slot, 1] = span, weight
    pop_hash[slot] = h


@_kernel
def _peak_child(
    mother: Ints, father: Ints, father_starts: Ints, problem: tuple[Any, ...], state: Ints
) -> Ints:
    """The peak crossover (see :func:`.heuristic.peak_crossover`), before mutation."""
    duration, demand, scale = problem[0], problem[12], problem[14]
    n = mother.shape[0]
    span = 0
    for j in range(n):
        span = max(span, father_starts[j] + duration[j])
    delta = np.zeros(span + 1, dtype=np.float64)
    for j in range(n):
        load = 0.0
        for k in range(demand.shape[1]):
            load += demand[j, k] * scale[k]
        if load > 0.0 and duration[j] > 0:
            delta[father_starts[j]] += load
            delta[father_starts[j] + duration[j]] -= load
    prefix = np.zeros(span + 1, dtype=np.float64)
    level = 0.0
    for t in range(span):
        level += delta[t]
        prefix[t + 1] = prefix[t] + level
    width = max(1, min(span, int(span * (PEAK_LOW + (PEAK_HIGH - PEAK_LOW) * _random(state)))))
    first, most = 0, -1.0
    for t in range(max(1, span - width + 1)):
        value = prefix[min(span, t + width)] - prefix[t]
        if value > most:
            first, most = t, value
    at_mother = np.empty(n, dtype=np.int64)
    at_father = np.empty(n, dtype=np.int64)
    for pos in range(n):
        at_mother[mother[pos]] = pos
        at_father[father[pos]] = pos
    key = np.empty(n, dtype=np.float64)
    for j in range(n):
        s = father_starts[j]
        if s < first:
            key[j] = at_mother[j]
        elif s < first + width:
            key[j] = n + at_father[j]
        else:
            key[j] = 2 * n + at_mother[j]
    child = np.empty(n, dtype=np.int64)
    eligible_order(key, problem[5], problem[8], problem[9], child)
    return child


@_kernel
def _mutate(order: Ints, problem: tuple[Any, ...], state: Ints) -> None:
    """Swap a few neighbours that are not linked (keeps the list precedence-feasible)."""
    pred_ptr, pred_idx = problem[5], problem[6]
    n = order.shape[0]
    if n < 2:
        return
    for _ in range(max(1, n // 30)):
        pos = _below(state, n - 1)
        a, b = order[pos], order[pos + 1]
        linked = False
        for e in range(pred_ptr[b], pred_ptr[b + 1]):
            if pred_idx[e] == a:
                linked = True
                break
        if not linked:
            order[pos], order[pos + 1] = b, a


@_kernel
def _tournament(state: Ints, pop_score: Ints) -> int:
    filled = state[_FILLED]
    a = _below(state, filled)
    b = _below(state, filled - 1)
    if b >= a:
        b += 1
    if pop_score[b, 0] < pop_score[a, 0] or (
        pop_score[b, 0] == pop_score[a, 0] and pop_score[b, 1] < pop_score[a, 1]
    ):
        return b
    return a


@_kernel
def _redrawn_window(best: Ints, problem: tuple[Any, ...], state: Ints) -> Ints:
    """The best list with one window of ``REDRAW_SHARE`` of its positions drawn anew."""
    n = best.shape[0]
    order = np.empty(n, dtype=np.int64)
    order_by_start(best, problem, order)
    width = max(2, int(REDRAW_SHARE * n))
    first = _below(state, max(1, n - width + 1))
    key = np.empty(n, dtype=np.float64)
    for pos in range(n):
        bump = _random(state) * width if first <= pos < first + width else 0.0
        key[order[pos]] = pos + bump
    child = np.empty(n, dtype=np.int64)
    eligible_order(key, problem[5], problem[8], problem[9], child)
    return child


@_kernel
def _sampled(lft: Floats, spread: float, problem: tuple[Any, ...], state: Ints) -> Ints:
    n = lft.shape[0]
    key = np.empty(n, dtype=np.float64)
    for j in range(n):
        key[j] = lft[j] + _random(state) * spread
    order = np.empty(n, dtype=np.int64)
    eligible_order(key, problem[5], problem[8], problem[9], order)
    return order


@_kernel
def run_candidates(
    count: int,
    bound: int,
    rounds: int,
    lft: Floats,
    spread: float,
    problem: tuple[Any, ...],
    free: Ints,
    state: Ints,
    best: Ints,
    population: tuple[Ints, Ints, Ints, Ints],
    parallel_share: float,
) -> None:
    """Up to ``count`` more candidates; stops early when the best makespan reaches ``bound``.

    Each candidate takes the parallel scheme with probability ``parallel_share``, else the
    serial one.
    """
    pop_order, pop_starts, pop_score, pop_hash = population
    n = lft.shape[0]
    size = pop_score.shape[0]
    starts = np.empty(n, dtype=np.int64)
    for _ in range(count):
        if 0 <= state[_BEST_SPAN] <= bound:
            return
        it = state[_CANDIDATES]
        state[_CANDIDATES] = it + 1
        if state[_STALLED] >= STALL and size > 1:
            # Converged: draw the population anew around the best schedule.
            state[_FILLED] = 1
            pop_starts[0] = best
            order_by_start(best, problem, pop_order[0])
            pop_score[0, 0], pop_score[0, 1] = state[_BEST_SPAN], state[_BEST_WEIGHT]
            pop_hash[0] = _list_hash(pop_order[0])
            state[_STALLED] = 0
        if state[_FILLED] < size or it % SAMPLING_EVERY == 0 or state[_FILLED] < 2:
            order, label = _sampled(lft, spread, problem, state), 0
        elif _random(state) < LOCAL_SHARE:
            order, label = _redrawn_window(best, problem, state), 1
        else:
            mother = _tournament(state, pop_score)
            father = _tournament(state, pop_score)
            order = _peak_child(
                pop_order[mother], pop_order[father], pop_starts[father], problem, state
            )
            _mutate(order, problem, state)
            label = 2
        if parallel_share >= 1.0 or (parallel_share > 0.0 and _random(state) < parallel_share):
            span = parallel(order, problem, state, starts)
            span = justify(starts, span, problem, free, state, rounds)
        else:
            span = decode(order, problem, free, state, rounds, starts)
        _consider(starts, span, label, problem, state, best, population)


# ---------------------------------------------------------------------------------------------


class CompiledSearch:
    """One compiled search: its arrays, population and state, run in slices of candidates."""

    def __init__(
        self, arrays: Arrays, population: int, seed: int, rounds: int, parallel_share: float = 0.0
    ) -> None:
        self.arrays = arrays
        self.parallel_share = parallel_share
        self.problem = arrays.packed()
        n, resources = arrays.duration.shape[0], arrays.demand.shape[1]
        self.rounds = rounds
        self.free = np.zeros((resources, self.arrays.horizon), dtype=np.int64)
        self.state = np.zeros(_STATE_SIZE, dtype=np.int64)
        self.state[_BEST_SPAN] = -1
        self.state[_RNG] = (seed * 2654435761 + 88172645) % 0xFFFFFFFF or 1
        self.state[_MARK] = self.arrays.horizon
        self.best = np.zeros(n, dtype=np.int64)
        self.population = (
            np.zeros((population, n), dtype=np.int64),
            np.zeros((population, n), dtype=np.int64),
            np.zeros((population, 2), dtype=np.int64),
            np.zeros(population, dtype=np.int64),
        )

    def add_list(self, order: Sequence[int], label: int) -> None:
        """Decode a precedence-feasible list (a priority rule's) and consider it.

        The parallel scheme decodes it when every candidate takes that scheme, else the serial.
        """
        starts = np.zeros(len(order), dtype=np.int64)
        listed = np.array(order, dtype=np.int64)
        if self.parallel_share >= 1.0:
            span = parallel(listed, self.problem, self.state, starts)
            span = justify(starts, span, self.problem, self.free, self.state, self.rounds)
        else:
            span = decode(listed, self.problem, self.free, self.state, self.rounds, starts)
        _consider(
            starts,
            span,
            label,
            self.problem,
            self.state,
            self.best,
            self.population,
        )

    def run(self, count: int, bound: int, lft: Sequence[float], spread: float) -> None:
        """Up to ``count`` more candidates (fewer once the best reaches ``bound``)."""
        run_candidates(
            count,
            bound,
            self.rounds,
            np.asarray(lft, dtype=np.float64),
            spread,
            self.problem,
            self.free,
            self.state,
            self.best,
            self.population,
            self.parallel_share,
        )

    @property
    def candidates(self) -> int:
        return int(self.state[_CANDIDATES])

    @property
    def schedules(self) -> int:
        return int(self.state[_SCHEDULES])

    @property
    def makespan(self) -> int:
        return int(self.state[_BEST_SPAN])

    @property
    def label(self) -> int:
        return int(self.state[_BEST_LABEL])

    def best_starts(self) -> list[int]:
        return [int(v) for v in self.best]


def warm_up() -> float:
    """Compile the kernels (or load them from numba's cache) now; returns the seconds taken.

    The first search in a process otherwise pays for it: about ten seconds to compile on a
    fresh installation, a fraction of a second to load once cached. Time-limited searches
    (the warm start of ``level(method="cpsat")``) should not spend their share on it.
    """
    began = time.perf_counter()
    duration = np.array([1, 2], dtype=np.int64)
    zero, one = np.zeros(1, dtype=np.int64), np.ones(1, dtype=np.int64)
    problem = Arrays(
        duration=duration,
        release=np.zeros(2, dtype=np.int64),
        rank=np.array([0, 1], dtype=np.int64),
        early_start=np.zeros(2, dtype=np.int64),
        priority=np.full(2, 500, dtype=np.int64),
        pred_ptr=np.zeros(3, dtype=np.int64),
        pred_idx=zero[:0],
        pred_dist=zero[:0],
        succ_ptr=np.zeros(3, dtype=np.int64),
        succ_idx=zero[:0],
        succ_dist=zero[:0],
        mirror_dist=zero[:0],
        demand=np.ones((2, 1), dtype=np.int64),
        capacity=one,
        scale=np.ones(1, dtype=np.float64),
        horizon=4,
    )
    search = CompiledSearch(problem, population=2, seed=0, rounds=1, parallel_share=0.5)
    search.add_list([1, 0], len(LABELS))
    search.run(8, 0, [1.0, 2.0], 1.0)
    return time.perf_counter() - began
