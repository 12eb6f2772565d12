"""Large-neighbourhood search with CP-SAT: improve a schedule by re-solving parts of it.

Each step frees a neighbourhood of activities (a run of consecutive starts, or a run of
consecutive users of one resource). The other activities keep the order they have in the
current schedule wherever they share a resource and do not overlap (the schedule's partial
order), as extra links, and may move only earlier: a neighbourhood that finishes sooner lets
the whole tail move forward. CP-SAT then re-solves the full model under those links for a fraction
of a second, with the current schedule as its hint and the current makespan as its bound. A
shorter schedule replaces the current one, and so does another schedule of the same makespan
(a move along the plateau); each schedule found goes through forward-backward improvement
first (:meth:`.sgs.Justifier.improve`). A neighbourhood grows by one activity after a step the
solver closed (nothing better exists there) and shrinks by one after a step its time limit cut
short, so each problem finds the size the solver can still search; a closed step that freed
every activity is a proof of optimality. Steps run on several threads at once: the solver
releases the interpreter lock while it searches.

Why not leave this to CP-SAT's own neighbourhoods: with two cores and a portfolio of full-search
workers, its neighbourhoods get a small share of the time (a few runs each in 10 s on PSPLIB
j120); here every core searches neighbourhoods. After the same 4 s warm start, 6 s of this
search ended 2.8-3.3% above the best known makespans on 15 hard PSPLIB j60/j120 instances
(depending on the settings below), one CP-SAT portfolio run of 8 workers 3.89%.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .cpsat import build_model
from .network import CompiledProblem
from .sgs import Justifier, makespan_of

__all__ = ["LnsRun", "improve_by_neighbourhoods"]

MIN_NEIGHBOURHOOD = 5
WINDOW_SHARE = 0.7
"""Share of the steps that free a run of consecutive starts; the others free a run of one
resource's users. Windows alone (1.0) made no difference: PSPLIB j120, every 10th instance, 10 s,
2.45% against 2.42% above the best known makespans."""
STEP_SECONDS = 0.5
"""Time limit of one step. On 15 hard PSPLIB j60/j120 instances (4 s warm start, 6 s search):
0.3 s 2.90%, 0.5 s 2.82%, 0.8 s 3.16% above the best known makespans; runs of the same setting
differ by about 0.3 points."""


@dataclass(frozen=True, slots=True)
class LnsRun:
    """Outcome of :func:`improve_by_neighbourhoods`: the best schedule and what was tried."""

    starts: list[int]
    makespan: int
    lower_bound: int
    steps: int
    improvements: int
    neighbourhood: int

    @property
    def proven(self) -> bool:
        """Whether the makespan is the optimum (it meets a proven lower bound)."""
        return self.makespan <= self.lower_bound


class _Shared:
    """The current schedule and the search's counters, shared by the step threads."""

    def __init__(self, cp: CompiledProblem, starts: list[int], bound: int) -> None:
        self.lock = threading.Lock()
        self.bound = bound
        self.starts = list(starts)
        self.makespan = makespan_of(starts, cp.duration)
        self.size = min(cp.n, max(MIN_NEIGHBOURHOOD, cp.n // 5))
        self.steps = 0
        self.improvements = 0
        self.error: BaseException | None = None

    def snapshot(self) -> tuple[list[int], int, int]:
        with self.lock:
            return list(self.starts), self.makespan, self.size

    def offer(self, found: list[int], span: int) -> None:
        """Take ``found`` if it is no longer than the current schedule."""
        with self.lock:
            if span < self.makespan:
                self.improvements += 1
                self.starts, self.makespan = found, span
            elif span == self.makespan:
                self.starts = found

    def proved(self, optimum: int) -> None:
        with self.lock:
            self.bound = max(self.bound, optimum)

    def adapt(self, closed: bool, n: int) -> None:
        """One step more; a closed neighbourhood grows the next ones, a cut-short one shrinks them."""
        with self.lock:
            self.steps += 1
            grown = self.size + 1 if closed else self.size - 1
            self.size = min(n, max(MIN_NEIGHBOURHOOD, grown))


def resource_users(cp: CompiledProblem) -> list[list[int]]:
    """Per resource, the activities with a demand on it."""
    users: list[list[int]] = [[] for _ in cp.resource_ids]
    for j in range(cp.n):
        for k, _ in cp.demands[j]:
            users[k].append(j)
    return users


def order_links(
    cp: CompiledProblem, starts: list[int], freed: set[int], users: list[list[int]]
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)`` of kept activities on a common resource where ``i`` ends before ``j``."""
    links: set[tuple[int, int]] = set()
    duration = cp.duration
    for group in users:
        kept = sorted((j for j in group if j not in freed), key=starts.__getitem__)
        ends = [starts[j] + duration[j] for j in kept]
        for pos, j in enumerate(kept):
            start = starts[j]
            for other in range(pos):
                if ends[other] <= start:
                    links.add((kept[other], j))
    return links


def choose_neighbourhood(
    cp: CompiledProblem,
    starts: list[int],
    size: int,
    users: list[list[int]],
    rng: random.Random,
) -> set[int]:
    """``size`` activities to free: a run of consecutive starts, or of one resource's users.

    Runs of consecutive starts are drawn 70% of the time. (A third kind, random sets, improved
    the schedule in 1 step of 300 on hard PSPLIB instances, runs of starts in 1 of 17 to 30,
    runs of a resource's users in 1 of 40 to 60: random sets are left out.)
    """
    if rng.random() < WINDOW_SHARE or not users:
        ordered = sorted(range(cp.n), key=starts.__getitem__)
    else:
        ordered = sorted(users[rng.randrange(len(users))], key=starts.__getitem__)
    first = rng.randrange(max(1, len(ordered) - size + 1))
    return set(ordered[first : first + size])


def improve_by_neighbourhoods(
    cp: CompiledProblem,
    starts: list[int],
    *,
    seconds: float,
    threads: int = 2,
    step_seconds: float = STEP_SECONDS,
    seed: int = 0,
    lower_bound: int | None = None,
    stop: Callable[[], bool] | None = None,
) -> LnsRun:
    """Improve the feasible schedule ``starts`` for ``seconds`` on ``threads`` threads.

    Stops early when the makespan reaches ``lower_bound`` (default: the critical-path and
    resource bound) or when ``stop`` returns True (asked before each step). Never returns a
    longer schedule than ``starts``; pinned activities keep their starts (the model fixes them).
    Not deterministic: which step finishes first depends on timing.
    """
    began = time.perf_counter()
    shared = _Shared(cp, starts, cp.lower_bound() if lower_bound is None else lower_bound)
    if shared.makespan <= shared.bound or cp.n == 0:
        return _run(shared)
    built = build_model(cp, shared.makespan, shared.bound)
    users = resource_users(cp)

    def running() -> bool:
        return (
            shared.error is None
            and time.perf_counter() - began < seconds
            and shared.makespan > shared.bound
            and not (stop is not None and stop())
        )

    def search(rng: random.Random) -> None:
        just = Justifier(cp)
        try:
            while running():
                current, span, size = shared.snapshot()
                freed = choose_neighbourhood(cp, current, size, users, rng)
                left = seconds - (time.perf_counter() - began)
                found, closed = _step(
                    cp, built, current, span, freed, users, rng, left, step_seconds
                )
                if found is not None:
                    found = just.improve(found)
                    shared.offer(found, makespan_of(found, cp.duration))
                    if closed and len(freed) == cp.n:
                        # Nothing kept in order: the solver proved the optimum of the problem.
                        shared.proved(makespan_of(found, cp.duration))
                shared.adapt(closed, cp.n)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the calling thread
            shared.error = exc

    workers = [
        threading.Thread(
            target=search,
            args=(random.Random(seed * 7919 + w),),  # noqa: S311 - search sampling
            name=f"tandem-lns-{w}",
            daemon=True,
        )
        for w in range(max(1, threads))
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if shared.error is not None:
        raise shared.error
    return _run(shared)


def _run(shared: _Shared) -> LnsRun:
    return LnsRun(
        shared.starts,
        shared.makespan,
        min(shared.bound, shared.makespan),
        shared.steps,
        shared.improvements,
        shared.size,
    )


def _step(
    cp: CompiledProblem,
    built: tuple[cp_model.CpModel, list[cp_model.IntVar], cp_model.IntVar],
    current: list[int],
    span: int,
    freed: set[int],
    users: list[list[int]],
    rng: random.Random,
    left: float,
    step_seconds: float,
) -> tuple[list[int] | None, bool]:
    """One neighbourhood solve: the schedule found (None if none) and whether it was proven."""
    base, variables, makespan = built
    model = base.clone()
    starts = [model.get_int_var_from_proto_index(v.index) for v in variables]
    end = model.get_int_var_from_proto_index(makespan.index)
    model.add(end <= span)
    for i, j in order_links(cp, current, freed, users):
        model.add(starts[j] >= starts[i] + cp.duration[i])
    for j, var in enumerate(starts):
        if j not in freed:
            model.add(var <= current[j])
    for var, value in zip(starts, current, strict=True):
        model.add_hint(var, value)
    model.add_hint(end, span)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = rng.randrange(1 << 30)
    solver.parameters.max_time_in_seconds = max(0.01, min(step_seconds, left))
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    return [int(solver.value(v)) for v in starts], status == cp_model.OPTIMAL
