"""Fast leveling heuristic: priority-rule passes, sampling and forward-backward improvement.

Each candidate is an activity list turned into a schedule by the serial or the parallel schedule
generation scheme (or by either, drawn per candidate: "mixed"), then justified forward and
backward. Candidates come from classic priority rules (LFT, LST, MTS, GRPW, MSLK), from LFT with
random noise (biased sampling), from the peak crossover of good lists kept in a small population
(a genetic step that keeps the father's most crowded stretch; lists are taken back from the
justified schedules), and from copies of the best list with one window of it drawn anew (a local
search). The search stops at the iteration budget, the time budget, or as soon as a schedule
meets the lower bound.

On plain problems (constant capacities, no pinned activities), when numba is installed,
:mod:`.compiled` runs the same search compiled, with a larger population for long searches;
this module's interpreted search serves the rest and is its reference.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from . import compiled
from .network import CompiledProblem
from .sgs import Justifier, makespan_of, place_parallel

POPULATION = 16
"""Population of short searches; long ones keep one list per 40 candidates, up to
``MAX_POPULATION`` (PSPLIB j120, 3000 candidates: 6.5% instead of 8.0% above the best known
makespans on six hard instances, the larger population keeping the search from converging)."""
MAX_POPULATION = 64
REDRAW_SHARE = 0.3
"""Share of the best list's positions that a local-search step draws anew."""
LOCAL_SHARE = 0.35
"""Share of the non-sampling candidates that come from the local search (the rest are genetic
children)."""
SHORT_SEARCH = 1000
"""Searches of at most this many candidates justify each one until the makespan stops dropping
(up to four forward-backward rounds); longer ones, on problems with constant capacities and
no pinned activities, give each candidate one round and spend the time on more candidates.
PSPLIB j30 at 150 candidates: 0.54% above the optima with up to four rounds, 0.59% with one;
j120 (every 10th instance) at 5000 schedules: 32.28% above the critical-path bound with one
round, worse with up to four or with a forward-backward pair alone."""
PEAK_WINDOW = (0.1, 0.5)
"""Range of the peak crossover's window length, as shares of the father's makespan."""
SLICE_SECONDS = 0.01
"""Target length of one slice of compiled candidates: the clock and ``stop`` are checked
between slices."""
RULES = ("LFT", "LST", "MTS", "GRPW", "MSLK")
SOLVER_RULE = "solver"
"""The rule of a best schedule that came in through an :class:`Exchange`."""
SCHEMES = ("serial", "parallel", "mixed")
PARALLEL_SHARE = {"serial": 0.0, "parallel": 1.0, "mixed": 0.5}
"""Share of the search's candidates each scheme decodes with the parallel scheme (the rest take
the serial one). "mixed" draws the scheme per candidate: the serial scheme reaches every active
schedule (an optimal one among them), the parallel one only non-delay schedules, but these pack
tight resources densely and lead the search elsewhere. On the 23 closed PSPLIB j60 instances a
full run missed with the serial scheme (the compiled search alone, 10 s each), mixed reached the
optimum on 5 (another seed: 2), serial on none (4 after 60 s), parallel alone on none; parallel
shares of 0.25 and 0.75 reached 3 and 4. PSPLIB j30 at 150 candidates: 0.40% above the optima
mixed, 0.59% serial. Under ``level(method="cpsat")``, j60 full set at 10 s: 87.9% at the best
known makespan mixed, 87.7% serial."""


@dataclass(frozen=True, slots=True)
class HeuristicRun:
    """Outcome of :func:`search`: the best starts and how many schedules were built."""

    starts: list[int]
    makespan: int
    schedules: int
    rule: str
    meets_pins: bool


class Exchange(Protocol):
    """Schedules a search shares with another search running beside it (a solver's thread).

    The search asks :meth:`incoming` between slices of candidates and takes each schedule into
    its population (and as its best when it is); it tells :meth:`outgoing` its best makespan
    after each slice, with a function that returns the schedule (called only when wanted).
    Both are called on the search's thread; an implementation synchronises with its own.
    """

    def incoming(self) -> list[list[int]]:
        """Feasible schedules found elsewhere since the last call."""
        ...

    def outgoing(self, makespan: int, starts: Callable[[], list[int]]) -> None:
        """The search's best makespan so far; ``starts()`` gives its schedule."""
        ...


def _successor_counts(cp: CompiledProblem) -> list[int]:
    reach: list[set[int]] = [set() for _ in range(cp.n)]
    for j in reversed(cp.topo_order):
        for s, _ in cp.succs[j]:
            reach[j].add(s)
            reach[j] |= reach[s]
    return [len(r) for r in reach]


def rule_keys(cp: CompiledProblem) -> dict[str, list[float]]:
    """Priority value per rule and activity; smaller goes first."""
    late = cp.latest_starts(cp.critical_path_bound())
    lft = [ls + d for ls, d in zip(late, cp.duration, strict=True)]
    total = _successor_counts(cp)
    grpw = [cp.duration[j] + sum(cp.duration[s] for s, _ in cp.succs[j]) for j in range(cp.n)]
    return {
        "LFT": [float(v) for v in lft],
        "LST": [float(v) for v in late],
        "MTS": [-float(v) for v in total],
        "GRPW": [-float(v) for v in grpw],
        "MSLK": [float(ls - es) for ls, es in zip(late, cp.early_start, strict=True)],
    }


def _score(cp: CompiledProblem, starts: Sequence[int], pins: bool) -> tuple[int, int, int]:
    broken = len(cp.pin_violations(starts)) if pins else 0
    weighted = sum(
        p * (s - es) for p, s, es in zip(cp.priority, starts, cp.early_start, strict=True)
    )
    return (broken, makespan_of(starts, cp.duration), weighted)


def utilisation(cp: CompiledProblem, starts: Sequence[int]) -> list[float]:
    """Per period up to the makespan: the sum over resources of demand over capacity."""
    span = makespan_of(starts, cp.duration)
    delta = [0.0] * (span + 1)
    scale = [
        1.0 / max(1, cap, *profile)
        for cap, profile in zip(cp.capacity_tail, cp.capacity_profile, strict=True)
    ]
    for j, demand in enumerate(cp.demands):
        if not demand or not cp.duration[j]:
            continue
        load = sum(amount * scale[k] for k, amount in demand)
        delta[starts[j]] += load
        delta[starts[j] + cp.duration[j]] -= load
    return list(accumulate(delta[:span]))


def _positions(order: Sequence[int]) -> list[int]:
    """Position of each activity in ``order``."""
    position = [0] * len(order)
    for pos, j in enumerate(order):
        position[j] = pos
    return position


def peak_crossover(
    cp: CompiledProblem,
    mother: Sequence[int],
    father: Sequence[int],
    father_starts: Sequence[int],
    rng: random.Random,
) -> list[int]:
    """Child list that keeps the father's most crowded stretch and the mother's order elsewhere.

    A window of random length (``PEAK_WINDOW`` of the father's makespan) is put where the
    father's schedule uses the resources most. Activities the father starts before the window
    come first in the mother's relative order, then those he starts inside it in his order,
    then the rest in the mother's order (links with negative lags may reorder a few: the child
    is always precedence-feasible). With one justification round per candidate and the local
    search on 35% of them, against the two-point crossover: 32.28% instead of 33.01% above the
    critical-path bound at 5000 schedules, 2.85% instead of 3.13% above the best known at 4 s
    (PSPLIB j120, every 10th instance, the heuristic alone). Under ``level(method="cpsat")``
    at 10 s the neighbourhood search evens it out: j120 every 10th 2.54% (2.42% before),
    j60 every 5th 87.5% at the best known both ways.
    """
    profile = utilisation(cp, father_starts)
    span = len(profile)
    low, high = PEAK_WINDOW
    width = max(1, min(span, int(span * (low + (high - low) * rng.random()))))
    prefix = [0.0, *accumulate(profile)]
    first = max(
        range(max(1, span - width + 1)), key=lambda t: prefix[min(span, t + width)] - prefix[t]
    )
    end = first + width
    at_mother, at_father = _positions(mother), _positions(father)

    def key(j: int) -> tuple[int, int]:
        s = father_starts[j]
        if s < first:
            return (0, at_mother[j])
        if s < end:
            return (1, at_father[j])
        return (2, at_mother[j])

    return cp.eligible_order(key)


def _mutate(order: list[int], linked: set[tuple[int, int]], rng: random.Random) -> list[int]:
    """Swap a few neighbours that are not linked (keeps the list precedence-feasible)."""
    for _ in range(max(1, len(order) // 30)):
        pos = rng.randrange(len(order) - 1) if len(order) > 1 else 0
        if len(order) > 1 and (order[pos], order[pos + 1]) not in linked:
            order[pos], order[pos + 1] = order[pos + 1], order[pos]
    return order


_Entry = tuple[tuple[int, int, int], list[int], list[int]]
"""A population entry: score, activity list and starts."""


class _Search:
    """State of one heuristic run: the justifier, the population and the best schedule."""

    def __init__(
        self, cp: CompiledProblem, scheme: str, seed: int, size: int = POPULATION, rounds: int = 4
    ) -> None:
        self.cp = cp
        self.size = size
        self.scheme = scheme
        self.just = Justifier(cp)
        self.pins = any(p is not None for p in cp.pinned)
        self.population: list[_Entry] = []
        self.rounds = rounds
        self.best: list[int] = []
        self.best_score = (1, 0, 0)
        self.best_rule = ""
        self.rng = random.Random(seed)  # noqa: S311 - search sampling, not security
        self.linked = {(i, j) for j in range(cp.n) for i, _ in cp.preds[j]}

    def decode(self, order: list[int], rule: bool = False) -> list[int]:
        """Schedule ``order`` with the chosen scheme, then justify it.

        Under "mixed" a candidate takes the parallel scheme half the time, a rule's list
        (``rule``) the serial one.
        """
        share = PARALLEL_SHARE[self.scheme]
        if share >= 1.0 or (share > 0.0 and not rule and self.rng.random() < share):
            return self.just.improve(place_parallel(self.cp, order), self.rounds)
        return self.just.improve(self.just.forward(order), self.rounds)

    def consider(self, starts: list[int], label: str) -> None:
        """Keep ``starts`` if it is the best so far, and in the population if good enough."""
        score = _score(self.cp, starts, self.pins)
        if not self.best or score < self.best_score:
            self.best, self.best_score, self.best_rule = starts, score, label
        entry = (score, self.just.order_by_start(starts), starts)
        population = self.population
        if len(population) < self.size:
            population.append(entry)
            return
        worst = max(range(len(population)), key=lambda x: population[x][0])
        if score < population[worst][0] and all(o != entry[1] for _, o, _ in population):
            population[worst] = entry

    def noisy_list(self, values: Sequence[float], noise: Callable[[], float]) -> list[int]:
        """Precedence-feasible list by ``values`` plus independent noise."""
        noisy = [v + noise() for v in values]
        return self.cp.eligible_order(lambda j: (noisy[j], 0.0))

    def step(self, it: int, lft: list[float], spread: float) -> None:
        """One candidate: LFT sampling, a genetic child, or a perturbed copy of the best."""
        rng = self.rng
        if it < self.size or it % 8 == 0:
            self.consider(
                self.decode(self.noisy_list(lft, lambda: rng.random() * spread)), "sampling"
            )
        elif rng.random() < LOCAL_SHARE:
            self.consider(self.decode(self.reshuffled_window(rng)), "local search")
        else:
            mother, father = (self.tournament() for _ in range(2))
            child = peak_crossover(self.cp, mother[1], father[1], father[2], rng)
            self.consider(self.decode(_mutate(child, self.linked, rng)), "genetic")

    def tournament(self) -> _Entry:
        """The better of two population entries drawn at random."""
        a, b = self.rng.sample(range(len(self.population)), 2)
        return self.population[min(a, b, key=lambda x: self.population[x][0])]

    def reshuffled_window(self, rng: random.Random) -> list[int]:
        """The best list with one window of ``REDRAW_SHARE`` of its positions drawn anew.

        Activities in the window get random keys spread over it, the others keep their
        positions; the list is then rebuilt precedence-feasible. Against small noise on every
        position (Gaussian, sigma 2), this local search ended 6.21% instead of 6.73% above the
        best known makespans (10 hard PSPLIB j60/j120 instances, 4 s each, seeds 0-3), and
        PSPLIB j30 at 150 candidates 0.50% instead of 0.59%. Under ``level(method="cpsat")`` on
        j120 (every 10th instance, 10 s) it made no difference: 2.42% both ways.
        """
        order = self.just.order_by_start(self.best)
        n = len(order)
        width = max(2, int(REDRAW_SHARE * n))
        first = rng.randrange(max(1, n - width + 1))
        position = [0.0] * n
        for pos, j in enumerate(order):
            position[j] = pos + (rng.random() * width if first <= pos < first + width else 0.0)
        return self.cp.eligible_order(lambda j: (position[j], 0.0))


def search(
    cp: CompiledProblem,
    *,
    iterations: int = 150,
    time_limit: float | None = None,
    seed: int = 0,
    scheme: str = "mixed",
    stop: Callable[[], bool] | None = None,
    exchange: Exchange | None = None,
) -> HeuristicRun:
    """Best schedule found within ``iterations`` candidates and ``time_limit`` seconds.

    The rule passes always run (so the result is never worse than the best classic rule);
    the search stops early when a schedule reaches the lower bound. Schedules in which a pinned
    activity's predecessors finish too late for it rank last (``meets_pins`` False if no
    candidate avoided that). Deterministic for a given ``seed`` when ``time_limit`` is None.
    Ties on makespan go to the schedule that delays high-priority activities least. ``stop``,
    when given, is asked before each candidate and ends the search when it returns True.
    ``exchange``, when given, brings in schedules found elsewhere (they join the population and
    may become the best; its rule is then "solver") and hears of the search's best (see
    :class:`Exchange`).
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose from {', '.join(SCHEMES)}")
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    rounds = 1 if cp.plain and iterations > SHORT_SEARCH else 4
    if runs_compiled(cp):
        return _compiled_search(cp, iterations, deadline, seed, stop, rounds, scheme, exchange)
    size = max(POPULATION, min(MAX_POPULATION, iterations // 40))
    run = _Search(cp, scheme, seed, size, rounds)
    bound = cp.lower_bound()
    keys = rule_keys(cp)
    for name in RULES:
        run.consider(run.decode(_rule_order(cp, keys[name]), rule=True), name)
    lft = keys["LFT"]
    spread = _spread(lft)
    for it in range(iterations):
        if run.best_score[0] == 0 and run.best_score[1] <= bound:
            break
        if deadline is not None and time.perf_counter() > deadline:
            break
        if stop is not None and stop():
            break
        if exchange is not None:
            for starts in exchange.incoming():
                run.consider(starts, SOLVER_RULE)
        run.step(it, lft, spread)
        if exchange is not None and run.best_score[0] == 0:
            exchange.outgoing(run.best_score[1], lambda: list(run.best))
    score = run.best_score
    return HeuristicRun(run.best, score[1], run.just.schedules, run.best_rule, score[0] == 0)


def runs_compiled(cp: CompiledProblem) -> bool:
    """Whether :func:`search` runs compiled on ``cp`` (numba installed, a plain problem)."""
    return compiled.AVAILABLE and cp.plain and cp.n > 0


def _rule_order(cp: CompiledProblem, values: list[float]) -> list[int]:
    """The list of a priority rule: higher task priority first, then the rule's value."""
    return cp.eligible_order(lambda j: (-cp.priority[j], values[j]))


def _spread(lft: list[float]) -> float:
    """Width of the random noise added to LFT values by biased sampling."""
    return max(1.0, 0.1 * max(lft, default=1.0))


def _compiled_search(
    cp: CompiledProblem,
    iterations: int,
    deadline: float | None,
    seed: int,
    stop: Callable[[], bool] | None,
    rounds: int,
    scheme: str,
    exchange: Exchange | None,
) -> HeuristicRun:
    """:func:`search` by the compiled kernels (:mod:`.compiled`) on a plain problem."""
    size = max(POPULATION, min(compiled.MAX_POPULATION, iterations // 40))
    run = compiled.CompiledSearch(
        compiled.arrays_of(cp), size, seed, rounds, parallel_share=PARALLEL_SHARE[scheme]
    )
    bound = cp.lower_bound()
    keys = rule_keys(cp)
    for code, name in enumerate(RULES, start=len(compiled.LABELS)):
        run.add_list(_rule_order(cp, keys[name]), code)
    lft = keys["LFT"]
    spread = _spread(lft)
    step = 8
    names = (*compiled.LABELS, *RULES, SOLVER_RULE)
    just = Justifier(cp) if exchange is not None else None
    while run.candidates < iterations and run.makespan > bound:
        if deadline is not None and time.perf_counter() > deadline:
            break
        if stop is not None and stop():
            break
        if exchange is not None and just is not None:
            for starts in exchange.incoming():
                run.add_list(just.order_by_start(starts), len(names) - 1)
        began = time.perf_counter()
        run.run(min(step, iterations - run.candidates), bound, lft, spread)
        if time.perf_counter() - began < SLICE_SECONDS / 2:
            step = min(step * 2, 1 << 16)
        if exchange is not None:
            exchange.outgoing(run.makespan, run.best_starts)
    return HeuristicRun(run.best_starts(), run.makespan, run.schedules, names[run.label], True)
