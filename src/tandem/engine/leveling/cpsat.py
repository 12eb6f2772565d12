"""Exact leveling with OR-Tools CP-SAT: interval variables, cumulative constraints, precedences.

Activities that can never share a period (their demands overload a resource) also get
no-overlap constraints, one per clique of that incompatibility graph (see :mod:`.redundant`).
The model is warm-started: the heuristic schedule is the solution hint and its makespan the
upper bound, the larger of the critical-path and resource bounds is the lower bound. Each
activity's start lies between its early start and its latest start for that upper bound.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .network import CompiledProblem
from .problem import LevelingInfeasibleError
from .redundant import clique_cover, incompatible_pairs
from .sgs import makespan_of


@dataclass(frozen=True, slots=True)
class CpsatRun:
    """Outcome of :func:`solve_cpsat`; ``status`` is "optimal" or "feasible"."""

    starts: list[int]
    makespan: int
    status: str
    lower_bound: int
    seconds: float


def _capacity_gaps(
    cp: CompiledProblem, k: int, horizon: int
) -> tuple[int, list[tuple[int, int, int]]]:
    """Peak capacity of resource ``k`` before ``horizon`` and runs (start, end, missing units)."""
    row = cp.capacity_rows(horizon)[k] if horizon > 0 else [cp.capacity_tail[k]]
    peak = max(row)
    runs: list[tuple[int, int, int]] = []
    for p, cap in enumerate(row):
        gap = peak - cap
        if runs and runs[-1][1] == p and runs[-1][2] == gap:
            runs[-1] = (runs[-1][0], p + 1, gap)
        elif gap > 0:
            runs.append((p, p + 1, gap))
    return peak, [r for r in runs if r[2] > 0]


def build_model(
    cp: CompiledProblem, upper: int, lower: int, cliques: bool = True
) -> tuple[cp_model.CpModel, list[cp_model.IntVar], cp_model.IntVar]:
    """The CP-SAT model of ``cp`` with makespan in ``[lower, upper]``.

    ``cliques`` adds the no-overlap constraints of :mod:`.redundant`: stronger bounds, slower
    branching.
    """
    model = cp_model.CpModel()
    late = cp.latest_starts(upper)
    starts: list[cp_model.IntVar] = []
    for j in range(cp.n):
        lo, hi = cp.early_start[j], late[j]
        if hi < lo:
            raise LevelingInfeasibleError(
                f"activity {cp.ids[j]!r} cannot start in [{lo}, {hi}] to finish by {upper}",
                (cp.ids[j],),
            )
        starts.append(model.new_int_var(lo, hi, f"s_{cp.ids[j]}"))
    makespan = model.new_int_var(lower, upper, "makespan")
    for j in range(cp.n):
        for i, dist in cp.preds[j]:
            model.add(starts[j] >= starts[i] + dist)
        if not any(dist >= cp.duration[j] for _, dist in cp.succs[j]):
            model.add(makespan >= starts[j] + cp.duration[j])
    intervals = [
        model.new_fixed_size_interval_var(starts[j], cp.duration[j], f"i_{cp.ids[j]}")
        if cp.demands[j]
        else None
        for j in range(cp.n)
    ]
    peaks = []
    for k in range(len(cp.resource_ids)):
        peak, gaps = _capacity_gaps(cp, k, upper)
        peaks.append(peak)
        users = [(intervals[j], a) for j in range(cp.n) for kk, a in cp.demands[j] if kk == k]
        if not users:
            continue
        bars = [(iv, a) for iv, a in users if iv is not None]
        bars += [
            (model.new_fixed_size_interval_var(s, e - s, f"gap_{k}_{s}"), g) for s, e, g in gaps
        ]
        model.add_cumulative([iv for iv, _ in bars], [a for _, a in bars], peak)
    for clique in clique_cover(incompatible_pairs(cp, peaks)) if cliques else []:
        model.add_no_overlap([iv for j in clique if (iv := intervals[j]) is not None])
    model.minimize(makespan)
    return model, starts, makespan


def _solver(
    time_limit: float, num_workers: int, seed: int, bound_search: bool, lp: bool
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = seed
    # Proving the bound is the hard part on RCPSP: one worker raising the objective's lower
    # bound (tight time windows per candidate makespan) closed far more gaps on hard j30
    # instances than the default portfolio at 2, 4 or 8 workers.
    solver.parameters.use_objective_lb_search = bound_search
    if not lp:
        solver.parameters.linearization_level = 0
    return solver


class _Relay(cp_model.CpSolverSolutionCallback):
    """Hands the starts of each schedule the solver finds to a function."""

    def __init__(self, starts: list[cp_model.IntVar], found: Callable[[list[int]], None]):
        super().__init__()
        self._starts, self._found = starts, found

    def on_solution_callback(self) -> None:
        self._found([int(self.value(v)) for v in self._starts])


def solve_cpsat(
    cp: CompiledProblem,
    hint: list[int] | None,
    *,
    time_limit: float = 10.0,
    num_workers: int = 8,
    seed: int = 0,
    bound_search: bool = True,
    set_times: bool = True,
    lp: bool = True,
    cliques: bool = True,
    started: Callable[[cp_model.CpSolver], None] | None = None,
    found: Callable[[list[int]], None] | None = None,
) -> CpsatRun:
    """Minimise the makespan starting from the feasible schedule ``hint``.

    Returns the hint itself as optimal when it meets the lower bound (no solver call). When the
    solver finds nothing better in ``time_limit`` seconds the hint is returned as "feasible",
    with the solver's proven lower bound. ``bound_search`` dedicates a worker to raising the
    lower bound (CP-SAT's objective lower-bound search). ``set_times`` gives the solver's
    fixed-search worker the classic scheduling search: start the activity that can start
    earliest, at that time. ``lp`` False turns off the linear relaxation (CP-SAT's
    ``linearization_level`` 0): propagation alone, many more branches per second. It is the
    better single worker for finding schedules on tightly constrained problems, and the weaker
    one for proving bounds (see :data:`.api.SIDE_SOLVER_LEAN`). ``cliques`` False leaves out the
    redundant no-overlap constraints (see :func:`build_model`), for the same reason.
    ``started`` receives the solver just before it runs (another thread may end the search
    early with its ``stop_search()``). ``found`` receives the starts of each schedule the
    solver finds, as it finds it, on the solver's thread. Without a hint (the heuristic could
    not meet the pinned starts) the makespan is bounded by a generous horizon, and
    :class:`LevelingInfeasibleError` is raised when the solver proves there is no schedule or
    finds none in time.
    """
    began = time.perf_counter()
    lower = cp.lower_bound()
    if hint is None:
        upper = cp.horizon + sum(max(0, dist) for arcs in cp.preds for _, dist in arcs)
    else:
        upper = makespan_of(hint, cp.duration)
        if upper <= lower:
            return CpsatRun(list(hint), upper, "optimal", upper, time.perf_counter() - began)
    model, starts, makespan = build_model(cp, upper, lower, cliques)
    if hint is not None:
        for var, value in zip(starts, hint, strict=True):
            model.add_hint(var, value)
        model.add_hint(makespan, upper)
    if set_times:
        model.add_decision_strategy(starts, cp_model.CHOOSE_LOWEST_MIN, cp_model.SELECT_MIN_VALUE)
    remaining = max(0.01, time_limit - (time.perf_counter() - began))
    solver = _solver(remaining, num_workers, seed, bound_search, lp)
    if started is not None:
        started(solver)
    status = solver.solve(model, None if found is None else _Relay(starts, found))
    seconds = time.perf_counter() - began
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        solved = [int(solver.value(v)) for v in starts]
        span = makespan_of(solved, cp.duration)
        if status == cp_model.OPTIMAL:
            return CpsatRun(solved, span, "optimal", span, seconds)
        proven = max(lower, int(solver.best_objective_bound))
        return CpsatRun(solved, span, "optimal" if proven >= span else "feasible", proven, seconds)
    if hint is None or status == cp_model.INFEASIBLE:
        pinned = tuple(cp.ids[j] for j, p in enumerate(cp.pinned) if p is not None)
        verdict = (
            "proved that no schedule exists"
            if status == cp_model.INFEASIBLE
            else (f"found no schedule in {time_limit:g} s")
        )
        raise LevelingInfeasibleError(
            f"the solver {verdict} meeting the pinned starts of: {', '.join(pinned)}", pinned
        )
    bound = max(lower, int(solver.best_objective_bound)) if status == cp_model.UNKNOWN else lower
    return CpsatRun(list(hint), upper, "feasible", min(bound, upper), seconds)
