"""The one-worker CP-SAT run beside the warm start's search, and the schedules the two share."""

import threading
import time
from pathlib import Path

import pytest

from tandem.engine.formats.psplib import read_psplib
from tandem.engine.leveling import api, check_leveled_schedule, heuristic
from tandem.engine.leveling.network import compile_problem
from tandem.engine.leveling.sgs import makespan_of


def _hard(benchdata: Path, name: str = "j6025_8"):
    # A hard PSPLIB j60 instance: neither the rules nor a few seconds of CP-SAT settle it.
    problem = read_psplib(benchdata / "psplib" / "j60" / f"{name}.sm").problem
    return problem, compile_problem(problem)


def _valid(problem, cp, starts) -> bool:
    return check_leveled_schedule(problem, dict(zip(cp.ids, starts, strict=True))) == ()


def _recording(monkeypatch) -> list[dict]:
    """Records each side-solver call's arguments, hint makespan and linearization level."""
    calls: list[dict] = []
    real = api.solve_cpsat

    def recorded(cp, hint, **kwargs):
        started = kwargs["started"]

        def seen(solver):
            level = solver.parameters.linearization_level
            calls.append({**kwargs, "hint": list(hint), "level": level})
            started(solver)

        return real(cp, hint, **{**kwargs, "started": seen})

    monkeypatch.setattr(api, "solve_cpsat", recorded)
    return calls


@pytest.mark.benchdata
def test_the_side_solver_runs_lean_for_the_whole_warm_start(benchdata: Path, monkeypatch):
    problem, cp = _hard(benchdata)
    calls = _recording(monkeypatch)
    monkeypatch.setattr(api, "RESTART_AFTER", 60.0)  # no restart: one run, the whole second
    rules = heuristic.search(cp, iterations=0, seed=3)
    run, solver = api._search_beside_solver(cp, 1.0, 10**9, 3, "mixed")
    assert len(calls) == 1
    call = calls[0]
    lean = api.SIDE_SOLVER_LEAN
    assert call["num_workers"] == 1
    assert 0.9 < call["time_limit"] <= 1.0
    assert call["hint"] == rules.starts
    assert (call["lp"], call["cliques"]) == (not lean, not lean)
    assert call["level"] == (0 if lean else 1)
    assert solver is not None
    assert solver.status == "feasible"
    assert solver.makespan <= rules.makespan
    assert run.makespan < rules.makespan
    assert _valid(problem, cp, run.starts)
    assert _valid(problem, cp, solver.starts)


@pytest.mark.benchdata
def test_the_side_solver_restarts_from_a_shorter_schedule_of_the_search(
    benchdata: Path, monkeypatch
):
    problem, cp = _hard(benchdata)
    rules = heuristic.search(cp, iterations=0, seed=0)
    better = heuristic.search(cp, iterations=20_000, seed=0)
    assert better.makespan < rules.makespan - 1
    calls = _recording(monkeypatch)
    monkeypatch.setattr(api, "RESTART_AFTER", 0.3)
    side = api._SideSolver(cp, rules, time.perf_counter() + 2.0, seed=0)
    thread = threading.Thread(target=side.solve)
    thread.start()
    # Not shorter than what the solver has: no restart. Too early: no restart either.
    side.outgoing(rules.makespan, lambda: pytest.fail("a longer schedule is never taken"))
    side.outgoing(better.makespan, lambda: pytest.fail("the solver has not run long enough"))
    time.sleep(0.5)
    side.outgoing(better.makespan, lambda: list(better.starts))
    thread.join()
    result = side.result()
    assert len(calls) >= 2
    assert calls[0]["hint"] == rules.starts
    assert calls[1]["hint"] == better.starts
    assert calls[1]["time_limit"] < 1.6
    assert all(c["num_workers"] == 1 for c in calls)
    assert result.makespan <= better.makespan
    assert result.lower_bound >= cp.lower_bound()
    assert _valid(problem, cp, result.starts)
    # Every schedule the solver found went to the search's inbox, feasible and never longer
    # than the hint of the run that found it.
    shared = side.incoming()
    assert shared
    assert all(_valid(problem, cp, starts) for starts in shared)
    assert min(makespan_of(s, cp.duration) for s in shared) == result.makespan
    assert side.incoming() == []


class _Handing:
    """An exchange that hands one schedule in at its first chance and records the outgoing."""

    def __init__(self, cp, starts: list[int]) -> None:
        self.cp = cp
        self.starts: list[int] | None = starts
        self.heard: list[int] = []

    def incoming(self) -> list[list[int]]:
        handed, self.starts = self.starts, None
        return [handed] if handed is not None else []

    def outgoing(self, makespan, starts) -> None:
        assert makespan_of(starts(), self.cp.duration) == makespan
        self.heard.append(makespan)


@pytest.mark.benchdata
@pytest.mark.parametrize("compiled_search", [True, False], ids=["compiled", "interpreted"])
def test_a_schedule_handed_in_becomes_the_search_best(
    benchdata: Path, monkeypatch, compiled_search: bool
):
    problem, cp = _hard(benchdata)
    if not compiled_search:
        monkeypatch.setattr(heuristic, "runs_compiled", lambda cp: False)
    # The solver's schedule: better than anything a short search finds on its own.
    solved = api.solve_cpsat(cp, heuristic.search(cp, iterations=5000).starts, time_limit=3)
    alone = heuristic.search(cp, iterations=40, seed=1)
    assert solved.makespan < alone.makespan
    exchange = _Handing(cp, solved.starts)
    run = heuristic.search(cp, iterations=40, seed=1, exchange=exchange)
    assert run.makespan <= solved.makespan
    assert run.rule == heuristic.SOLVER_RULE or run.makespan < solved.makespan
    assert _valid(problem, cp, run.starts)
    assert exchange.heard
    assert exchange.heard[-1] == run.makespan
