"""``level()``: one entry point for both levelers."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .analysis import OverAllocation, TaskDelay, explain_delays, find_over_allocations
from .cpsat import CpsatRun, solve_cpsat
from .heuristic import HeuristicRun, runs_compiled, search
from .lns import improve_by_neighbourhoods
from .network import CompiledProblem, compile_problem
from .problem import LevelingInfeasibleError, LevelingProblem
from .sgs import Justifier, makespan_of

__all__ = [
    "BOUND_SEARCH_MAX_ACTIVITIES",
    "COMPILED_HEURISTIC_SHARE",
    "HEURISTIC_SHARE",
    "LEVELING_METHODS",
    "RESTART_AFTER",
    "SIDE_SOLVER_LEAN",
    "LevelingResult",
    "level",
]

LEVELING_METHODS = ("heuristic", "cpsat")
BOUND_SEARCH_MAX_ACTIVITIES = 40
"""Up to this many activities ``level`` lets a CP-SAT worker search the lower bound by default
(PSPLIB j30: more proofs in 10 s; j60/j120: better makespans without it)."""
HEURISTIC_SHARE = 0.4
"""Share of the CP-SAT time limit the heuristic warm start may use on problems above
``BOUND_SEARCH_MAX_ACTIVITIES`` activities when its search runs interpreted. On those, with two
cores, the solver's own search improves a poor start slowly; a longer genetic search gives it a
much better one (PSPLIB j120, every 10th instance, 10 s: 2.96% instead of 3.66% above the best
known makespans). Around 0.4 the result is flat: on one machine, one run each, shares 0.25, 0.4
and 0.55 gave 2.59%, 2.42% and 2.47%."""
COMPILED_HEURISTIC_SHARE = 0.9
"""The same share when the search runs compiled (:mod:`.compiled`): twenty times more
candidates make the genetic search worth more than the neighbourhood search after it. PSPLIB,
10 s: j120 every 10th instance 1.85% above the best known makespans at 0.4, 1.81% at 0.7; the 27
closed j60 instances missed at 0.4 in a full run, run again: 2 hit at 0.4, 4 at 0.7, 5 at 0.95.
The one-worker CP-SAT run beside the search keeps the second core busy meanwhile."""
SIDE_SOLVER_LEAN = True
"""Whether the one-worker CP-SAT run beside the warm start's search solves a lean model: no linear
relaxation (CP-SAT's ``linearization_level`` 0) and no redundant no-overlap cliques
(:func:`.cpsat.build_model`). Both strengthen bounds and slow each branch; beside a genetic
search the worker's job is to find schedules, and the lean one finds far more. PSPLIB j60, full
set, 10 s each, two runs: 89.8% and 90.0% at the best known makespan, 85.4% proved optimal,
against 88.3% and 83.3% with the relaxation off but the cliques kept, and 88.1-88.3% and
80.6-81.0% before (both kept, a quarter of the warm start, a second search). Seeds 0 and 1: on
the 25 closed instances that full runs missed, 12 and 10 reach the best known makespan (0.82%
and 0.84% above it on average), against 4 (seed 0, 1.2%) with the relaxation off but the cliques
kept. On 22 of them, with both kept: 2 and 3 (1.57%, 1.46%); with both kept and the solver cut
to a quarter of the warm start, a second search after it: 1 (seed 0, 1.44%). Fed the best known
makespan as its bound, one lean worker found a schedule for 7 of 10 such instances in 10 s, one
with the cliques 4."""


RESTART_AFTER = 1.0
"""Seconds the side solver runs at least before it is started again from a shorter schedule
of the search beside it (see :class:`_SideSolver`). On the 25 closed PSPLIB j60 instances that
full runs had missed (10 s each, seed 0 / seed 1; at the best known makespan, average above it):
no restarts 13 / 11 (0.70% / 0.73%), after 1 s 15 / 11 (0.70% / 0.78%), after 2.5 s 12 / 11
(0.82% / 0.95%), after 0.5 s 14 (seed 0, 0.66%); before the two shared schedules at all, 12 / 10
(0.82% / 0.84%). Runs of one setting differ by about two instances."""
MIN_SOLVER_RUN = 0.2
"""A restart that would leave the side solver less than this many seconds is not made."""


@dataclass(frozen=True, slots=True)
class LevelingResult:
    """A leveled schedule, in periods.

    ``status`` is "optimal" when ``makespan`` equals ``lower_bound`` (a proven lower bound:
    critical path, resource work, or the solver's proof), else "feasible". ``delays`` lists every
    activity starting after its early start. ``over_allocations`` is empty unless pinned
    activities alone overload a resource (leveling never moves them).
    """

    starts: Mapping[str, int]
    finishes: Mapping[str, int]
    makespan: int
    method: str
    status: str
    lower_bound: int
    critical_path_bound: int
    heuristic_makespan: int
    delays: Mapping[str, TaskDelay]
    over_allocations: tuple[OverAllocation, ...]
    seconds: float
    schedules_built: int


def level(
    problem: LevelingProblem,
    method: str = "heuristic",
    *,
    time_limit: float | None = None,
    iterations: int = 150,
    num_workers: int = 8,
    seed: int = 0,
    scheme: str = "mixed",
    bound_search: bool | None = None,
    heuristic_share: float | None = None,
    set_times: bool = True,
    neighbourhoods: bool | None = None,
) -> LevelingResult:
    """Level ``problem``: start periods that respect links and capacities, finishing early.

    ``method`` "heuristic" runs priority rules, sampling and forward-backward improvement
    (``iterations`` candidates, capped by ``time_limit`` seconds when given; ``scheme``
    "serial", "parallel" or "mixed", the default: each candidate takes either, see
    :data:`.heuristic.PARALLEL_SHARE`). "cpsat" runs that heuristic, then OR-Tools CP-SAT
    warm-started from it for ``time_limit`` seconds (default 10) on ``num_workers`` threads;
    ``bound_search`` gives one of them to raising the lower bound (proofs) instead of finding
    schedules (default: only for problems of at most ``BOUND_SEARCH_MAX_ACTIVITIES`` activities,
    where proofs are within reach; on larger ones the workers do better improving the schedule).
    ``heuristic_share`` of the time limit goes to the heuristic warm start, searching beyond
    ``iterations`` until that time is up (default: ``COMPILED_HEURISTIC_SHARE`` or
    ``HEURISTIC_SHARE``, as the search runs compiled or not, above
    ``BOUND_SEARCH_MAX_ACTIVITIES`` activities, else none: just ``iterations`` candidates).
    ``set_times`` gives the solver's fixed-search worker the earliest-start branching (see
    :func:`.cpsat.solve_cpsat`). While the heuristic takes its share, a one-worker CP-SAT run
    improves the best rule schedule on another thread, the two sharing their schedules (see
    :func:`_search_beside_solver`).
    ``neighbourhoods`` spends the time after the warm start on a large-neighbourhood search
    (:mod:`.lns`: CP-SAT re-solving parts of the schedule on every core, up to ``num_workers``
    threads) instead of one CP-SAT portfolio run (default: above ``BOUND_SEARCH_MAX_ACTIVITIES``
    activities, where it ends closer to the best known PSPLIB j60/j120 makespans;
    ``bound_search`` and ``set_times`` apply to the portfolio run only). Without a schedule that
    keeps the pinned starts there is nothing to improve, and the portfolio run searches for one.
    The heuristic is deterministic for a given ``seed`` unless a time limit cuts it short;
    CP-SAT with several workers is not, nor is the neighbourhood search.

    Raises :class:`LevelingInputError` / :class:`LevelingCycleError` for bad input and
    :class:`LevelingInfeasibleError` when pinned starts cannot all be met.
    """
    if method not in LEVELING_METHODS:
        raise ValueError(f"unknown leveling method {method!r}; choose from {LEVELING_METHODS}")
    began = time.perf_counter()
    cp = compile_problem(problem)
    limit = 10.0 if time_limit is None else time_limit
    heuristic_limit = time_limit if method == "heuristic" else None
    budget = iterations
    if method == "cpsat":
        if heuristic_share is None:
            heuristic_share = _default_share(cp)
        if not 0.0 <= heuristic_share < 1.0:
            raise ValueError(f"heuristic_share must be in [0, 1), not {heuristic_share}")
        if heuristic_share > 0:
            heuristic_limit, budget = heuristic_share * limit, max(iterations, 10**9)
    side: CpsatRun | None = None
    if method == "cpsat" and heuristic_limit is not None:
        run, side = _search_beside_solver(cp, heuristic_limit, budget, seed, scheme)
    else:
        run = search(cp, iterations=budget, time_limit=heuristic_limit, seed=seed, scheme=scheme)
    starts, status, bound = run.starts, "feasible", cp.lower_bound()
    if side is not None and side.status == "optimal":
        starts, bound = _left_justified(cp, side.starts), side.lower_bound
        return _result(cp, starts, method, "optimal", bound, run.makespan, run.schedules, began)
    if side is not None and run.meets_pins and side.makespan < run.makespan:
        starts = side.starts
    if method == "heuristic":
        if not run.meets_pins:
            raise _pin_error(cp, starts)
        status = "optimal" if run.makespan <= bound else "feasible"
    elif run.meets_pins and (
        cp.n > BOUND_SEARCH_MAX_ACTIVITIES if neighbourhoods is None else neighbourhoods
    ):
        if side is not None:
            bound = max(bound, side.lower_bound)
        improved = improve_by_neighbourhoods(
            cp,
            starts,
            seconds=max(0.05, limit - (time.perf_counter() - began)),
            threads=max(1, min(num_workers, os.cpu_count() or 1)),
            seed=seed,
            lower_bound=bound,
        )
        starts, bound = _left_justified(cp, improved.starts), improved.lower_bound
        status = "optimal" if improved.proven else "feasible"
    else:
        hint = starts if run.meets_pins else None
        remaining = max(0.05, limit - (time.perf_counter() - began))
        exact = solve_cpsat(
            cp,
            hint,
            time_limit=remaining,
            num_workers=num_workers,
            seed=seed,
            bound_search=cp.n <= BOUND_SEARCH_MAX_ACTIVITIES
            if bound_search is None
            else bound_search,
            set_times=set_times,
        )
        starts, status, bound = _left_justified(cp, exact.starts), exact.status, exact.lower_bound
    return _result(cp, starts, method, status, bound, run.makespan, run.schedules, began)


def _default_share(cp: CompiledProblem) -> float:
    """The warm start's share of the time limit when the caller gives none."""
    if cp.n <= BOUND_SEARCH_MAX_ACTIVITIES:
        return 0.0
    return COMPILED_HEURISTIC_SHARE if runs_compiled(cp) else HEURISTIC_SHARE


def _search_beside_solver(
    cp: CompiledProblem, seconds: float, iterations: int, seed: int, scheme: str
) -> tuple[HeuristicRun, CpsatRun | None]:
    """The heuristic search for ``seconds``, with a one-worker CP-SAT run on another thread.

    The heuristic uses one core; the solver (which releases the interpreter lock, as does the
    compiled search) improves the best priority-rule schedule on the other meanwhile, on the
    lean model when :data:`SIDE_SOLVER_LEAN` says so. The two share their schedules (see
    :class:`_SideSolver`). Both stop early when the solver proves its schedule optimal or the
    search reaches the lower bound. Returns the search's run and the solver's (None, without a
    solver run, when the rule passes already reach the lower bound, or could not meet the pinned
    starts: the heuristic alone then searches for a schedule that does).
    """
    began = time.perf_counter()
    rules = search(cp, iterations=0, seed=seed, scheme=scheme)
    bound = cp.lower_bound()
    if rules.meets_pins and rules.makespan <= bound:
        return rules, None
    left = max(0.0, seconds - (time.perf_counter() - began))
    if not rules.meets_pins:
        # No schedule to hint yet: the heuristic looks for one that keeps the pinned starts.
        return search(cp, iterations=iterations, time_limit=left, seed=seed, scheme=scheme), None
    side = _SideSolver(cp, rules, began + seconds, seed)
    thread = threading.Thread(target=side.solve, name="tandem-leveling-side", daemon=True)
    thread.start()
    try:
        run = search(
            cp,
            iterations=iterations,
            time_limit=left,
            seed=seed,
            scheme=scheme,
            stop=side.proved,
            exchange=side,
        )
    finally:
        # The search may end early (it reached the lower bound, or failed): so does the solver.
        while thread.is_alive():
            side.stop()
            thread.join(0.01)
    return run, side.result()


class _SideSolver:
    """The one-worker CP-SAT run beside the warm start's search, and what the two share.

    Each schedule the solver finds goes into the search's population (:meth:`incoming`), where
    crossover and local search work on it. When the search holds a shorter schedule than any the
    solver has, and the solver has run :data:`RESTART_AFTER` seconds since it started, the solver
    is stopped and started again from the search's schedule (:meth:`outgoing`): a running CP-SAT
    search takes no new hint. Lower bounds proven by any of its runs hold for the problem (a
    shorter schedule would meet each run's bound) and are kept. The two searches win on
    different instances (on 25 hard PSPLIB j60 instances, in one run before they shared, the
    solver ended shorter on 14, the search on 8). Sharing took the full j60 set (10 s each) from
    89.8% and 90.0% at the best known makespan in two runs to 90.2%, 90.8%, 90.6% and 90.0% in
    four.
    """

    def __init__(self, cp: CompiledProblem, rules: HeuristicRun, deadline: float, seed: int):
        self.cp, self.deadline, self.seed = cp, deadline, seed
        self.lock = threading.Lock()
        self.hint, self.best = rules.starts, rules.makespan
        self.inbox: list[list[int]] = []
        self.restart = False
        self.started = time.perf_counter()
        self.solver: cp_model.CpSolver | None = None
        self.lower = cp.lower_bound()
        self.runs: list[CpsatRun] = []
        self.error: BaseException | None = None
        self.stopped = False

    def incoming(self) -> list[list[int]]:
        with self.lock:
            found, self.inbox = self.inbox, []
        return found

    def outgoing(self, makespan: int, starts: Callable[[], list[int]]) -> None:
        with self.lock:
            if (
                makespan >= self.best
                or self.restart
                or time.perf_counter() - self.started < RESTART_AFTER
            ):
                return
            self.hint, self.best, self.restart = starts(), makespan, True
            solver = self.solver
        if solver is not None:
            solver.stop_search()

    def proved(self) -> bool:
        """Whether a run proved its schedule optimal (the search may stop)."""
        return bool(self.runs) and self.runs[-1].status == "optimal"

    def stop(self) -> None:
        """Ends the runs. A solver about to start misses it: the caller repeats until done."""
        with self.lock:
            self.stopped = True
            solver = self.solver
        if solver is not None:
            solver.stop_search()

    def solve(self) -> None:
        """Runs until the deadline, an optimum, or :meth:`stop`; restarts when asked to."""
        try:
            while True:
                with self.lock:
                    hint, self.restart, self.started = self.hint, False, time.perf_counter()
                run = solve_cpsat(
                    self.cp,
                    hint,
                    time_limit=max(0.01, self.deadline - time.perf_counter()),
                    num_workers=1,
                    seed=self.seed,
                    bound_search=False,
                    set_times=False,
                    lp=not SIDE_SOLVER_LEAN,
                    cliques=not SIDE_SOLVER_LEAN,
                    started=self._started,
                    found=self._found,
                )
                self.lower = max(self.lower, run.lower_bound)
                self.runs.append(run)
                with self.lock:
                    again = self.restart and not self.stopped and run.status != "optimal"
                    self.solver = None
                if not again or self.deadline - time.perf_counter() < MIN_SOLVER_RUN:
                    return
        except BaseException as exc:  # noqa: BLE001 - re-raised on the calling thread
            self.error = exc

    def result(self) -> CpsatRun:
        """The last run, with the best lower bound of all (re-raises the solver's error)."""
        if self.error is not None:
            raise self.error
        run = self.runs[-1]
        lower = min(self.lower, run.makespan)
        status = "optimal" if lower >= run.makespan else run.status
        return CpsatRun(run.starts, run.makespan, status, lower, run.seconds)

    def _started(self, solver: cp_model.CpSolver) -> None:
        with self.lock:
            self.solver = solver

    def _found(self, starts: list[int]) -> None:
        span = makespan_of(starts, self.cp.duration)
        with self.lock:
            self.inbox.append(starts)
            self.best = min(self.best, span)


def _pin_error(cp: CompiledProblem, starts: list[int]) -> LevelingInfeasibleError:
    broken = cp.pin_violations(starts)
    involved = [cp.ids[j] for j in broken]
    for j in broken:
        involved += [cp.ids[i] for i, dist in cp.preds[j] if starts[i] + dist > (cp.pinned[j] or 0)]
    return LevelingInfeasibleError(
        "the heuristic found no schedule in which these pinned activities keep their start "
        "after their predecessors (try method='cpsat'): " + ", ".join(involved),
        tuple(involved),
    )


def _left_justified(cp: CompiledProblem, starts: list[int]) -> list[int]:
    """Each activity as early as the others allow, keeping the order (never later)."""
    just = Justifier(cp)
    shifted = just.forward(just.order_by_start(starts))
    if all(a <= b for a, b in zip(shifted, starts, strict=True)) and not cp.pin_violations(shifted):
        return shifted
    return starts


def _result(
    cp: CompiledProblem,
    starts: list[int],
    method: str,
    status: str,
    bound: int,
    heuristic_makespan: int,
    schedules: int,
    began: float,
) -> LevelingResult:
    by_id = dict(zip(cp.ids, starts, strict=True))
    problem = cp.problem
    return LevelingResult(
        starts=by_id,
        finishes={cp.ids[j]: starts[j] + cp.duration[j] for j in range(cp.n)},
        makespan=makespan_of(starts, cp.duration),
        method=method,
        status=status,
        lower_bound=bound,
        critical_path_bound=cp.critical_path_bound(),
        heuristic_makespan=heuristic_makespan,
        delays=explain_delays(problem, by_id, cp),
        over_allocations=find_over_allocations(problem, by_id),
        seconds=time.perf_counter() - began,
        schedules_built=schedules,
    )
