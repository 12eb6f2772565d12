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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .network import CompiledProblem
from .sgs import Justifier, makespan_of, place_parallel

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

    def build(key: Callable[[int], tuple[float, float]]) -> list[int]:
        order = cp.eligible_order(key)
        if scheme == "parallel":
            return just.improve(place_parallel(cp, order))
        return just.improve(just.forward(order))

    best: list[int] | None = None
    best_score = (0, 0, 0)
    pins = any(p is not None for p in cp.pinned)
    best_rule = ""
    for name in RULES:
        values = keys[name]
        starts = build(lambda j, v=values: (-priority[j], v[j]))  # type: ignore[misc]
        score = _score(cp, starts, pins)
        if best is None or score < best_score:
            best, best_score, best_rule = starts, score, name
    assert best is not None  # noqa: S101 - RULES is not empty
    rng = random.Random(seed)  # noqa: S311 - search sampling, not security
    lft = keys["LFT"]
    spread = max(1.0, 0.1 * max(lft, default=1.0))
    for it in range(iterations):
        if (best_score[0] == 0 and best_score[1] <= bound) or (
            deadline is not None and time.perf_counter() > deadline
        ):
            break
        if it % 2 == 0:
            noisy = [v + rng.random() * spread for v in lft]
            label = "sampling"
        else:
            position = [0.0] * cp.n
            for pos, j in enumerate(just.order_by_start(best)):
                position[j] = pos + rng.gauss(0.0, 2.0)
            noisy = position
            label = "local search"
        starts = build(lambda j, v=noisy: (0.0, v[j]))  # type: ignore[misc]
        score = _score(cp, starts, pins)
        if score < best_score:
            best, best_score, best_rule = starts, score, label
    return HeuristicRun(best, best_score[1], just.schedules, best_rule, best_score[0] == 0)
