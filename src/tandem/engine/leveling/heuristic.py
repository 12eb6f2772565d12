"""Fast leveling heuristic: priority-rule passes, sampling and forward-backward improvement.

Each candidate is an activity list turned into a schedule by the serial (or parallel) schedule
generation scheme, then justified forward and backward. Candidates come from classic priority
rules (LFT, LST, MTS, GRPW, MSLK), from LFT with random noise (biased sampling), and from noisy
copies of the best list found so far (a small local search). The search stops at the iteration
budget, the time budget, or as soon as a schedule meets the lower bound.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from .network import CompiledProblem
from .sgs import Justifier, makespan_of, place_parallel

POPULATION = 16
RULES = ("LFT", "LST", "MTS", "GRPW", "MSLK")
SCHEMES = ("serial", "parallel")


@dataclass(frozen=True, slots=True)
class HeuristicRun:
    """Outcome of :func:`search`: the best starts and how many schedules were built."""

    starts: list[int]
    makespan: int
    schedules: int
    rule: str
    meets_pins: bool


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


def _crossover(mother: list[int], father: list[int], rng: random.Random) -> list[int]:
    """Two-point crossover of activity lists; precedence-feasible when both parents are."""
    n = len(mother)
    q1, q2 = sorted(rng.randrange(n + 1) for _ in range(2))
    head = mother[:q1]
    taken = set(head)
    middle = [j for j in father if j not in taken][: q2 - q1]
    taken.update(middle)
    return head + middle + [j for j in mother if j not in taken]


def _mutate(order: list[int], linked: set[tuple[int, int]], rng: random.Random) -> list[int]:
    """Swap a few neighbours that are not linked (keeps the list precedence-feasible)."""
    for _ in range(max(1, len(order) // 30)):
        pos = rng.randrange(len(order) - 1) if len(order) > 1 else 0
        if len(order) > 1 and (order[pos], order[pos + 1]) not in linked:
            order[pos], order[pos + 1] = order[pos + 1], order[pos]
    return order


def search(
    cp: CompiledProblem,
    *,
    iterations: int = 60,
    time_limit: float | None = None,
    seed: int = 0,
    scheme: str = "serial",
) -> HeuristicRun:
    """Best schedule found within ``iterations`` candidates and ``time_limit`` seconds.

    The rule passes always run (so the result is never worse than the best classic rule);
    sampling stops early when a schedule reaches the lower bound. Schedules in which a pinned
    activity's predecessors finish too late for it rank last (``meets_pins`` False if no
    candidate avoided that). Deterministic for a given
    ``seed`` when ``time_limit`` is None. Ties on makespan go to the schedule that delays
    high-priority activities least.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose from {', '.join(SCHEMES)}")
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    just = Justifier(cp)
    bound = cp.lower_bound()
    keys = rule_keys(cp)
    priority = cp.priority

    def decode(order: list[int]) -> list[int]:
        if scheme == "parallel":
            return just.improve(place_parallel(cp, order))
        return just.improve(just.forward(order))

    pins = any(p is not None for p in cp.pinned)
    population: list[tuple[tuple[int, int, int], list[int]]] = []
    best: list[int] = []
    best_score = (1, 0, 0)
    best_rule = ""

    def consider(starts: list[int], label: str) -> None:
        nonlocal best, best_score, best_rule
        score = _score(cp, starts, pins)
        if not best or score < best_score:
            best, best_score, best_rule = starts, score, label
        entry = (score, just.order_by_start(starts))
        if len(population) < POPULATION:
            population.append(entry)
            return
        worst = max(range(len(population)), key=lambda x: population[x][0])
        if score < population[worst][0] and all(o != entry[1] for _, o in population):
            population[worst] = entry

    for name in RULES:
        values = keys[name]
        consider(decode(cp.eligible_order(lambda j, v=values: (-priority[j], v[j]))), name)  # type: ignore[misc]
    rng = random.Random(seed)  # noqa: S311 - search sampling, not security
    lft = keys["LFT"]
    spread = max(1.0, 0.1 * max(lft, default=1.0))
    linked = {(i, j) for j in range(cp.n) for i, _ in cp.preds[j]}
    for it in range(iterations):
        if (best_score[0] == 0 and best_score[1] <= bound) or (
            deadline is not None and time.perf_counter() > deadline
        ):
            break
        if it < POPULATION or it % 8 == 0:
            noisy = [v + rng.random() * spread for v in lft]
            order = cp.eligible_order(lambda j, v=noisy: (v[j], 0.0))  # type: ignore[misc]
            consider(decode(order), "sampling")
            continue
        if it % 2:
            mother, father = (min(rng.sample(population, 2))[1] for _ in range(2))
            consider(decode(_mutate(_crossover(mother, father, rng), linked, rng)), "genetic")
            continue
        position = [0.0] * cp.n
        for pos, j in enumerate(just.order_by_start(best)):
            position[j] = pos + rng.gauss(0.0, 2.0)
        order = cp.eligible_order(lambda j, v=position: (v[j], 0.0))  # type: ignore[misc]
        consider(decode(order), "local search")
    return HeuristicRun(best, best_score[1], just.schedules, best_rule, best_score[0] == 0)
