"""The scheduling-model adapter, and both levelers on real PSPLIB instances."""

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tandem.engine.formats.psplib import read_psplib
from tandem.engine.leveling import (
    LevelingInfeasibleError,
    LevelingInputError,
    LevelingLinkType,
    check_leveled_schedule,
    level,
    leveling_problem_from_project,
)
from tandem.engine.scheduling import (
    Assignment,
    Calendar,
    Duration,
    Lag,
    Link,
    LinkType,
    Project,
    Resource,
    Task,
)

DAY = 480
WEEK = tuple(((480, 720), (780, 1020)) if d < 5 else () for d in range(7))


def project(**changes):
    fields = dict(
        name="Office move",
        start=datetime(2026, 3, 2, 8, tzinfo=UTC),
        calendar_id="std",
        calendars=(Calendar("std", "Standard", WEEK),),
        tasks=(
            Task("phase", "Packing"),
            Task("pack", "Pack", Duration(2 * DAY), parent_id="phase"),
            Task("label", "Label", Duration(DAY + 60), parent_id="phase", priority=800),
            Task("move", "Move", Duration(DAY), do_not_level=True),
            Task("done", "Done", Duration(0), milestone=True),
        ),
        links=(
            Link("phase", "move", LinkType.FS, Lag(DAY)),
            Link("pack", "label", LinkType.SS, Lag(percent=50.0)),
            Link("move", "done"),
        ),
        resources=(Resource("crew", "Crew", max_units=1.0), Resource("boxes", kind="material")),
        assignments=(
            Assignment("pack", "crew", 1.0),
            Assignment("label", "crew", 0.5),
            Assignment("pack", "boxes", 30),
        ),
    )
    fields.update(changes)
    return Project(**fields)


def test_adapter_builds_periods_units_and_leaf_links():
    problem = leveling_problem_from_project(project(), release_periods={"pack": 1})
    acts = {a.id: a for a in problem.activities}
    assert list(acts) == ["pack", "label", "move", "done"]
    assert [acts[t].duration for t in acts] == [2, 2, 1, 0]
    assert acts["pack"].demands == {"crew": 100}
    assert acts["label"].demands == {"crew": 50}
    assert acts["label"].priority == 800
    assert acts["move"].do_not_level is True
    assert acts["pack"].release == 1
    assert [(r.id, r.capacity) for r in problem.resources] == [("crew", 100)]
    links = {(p.predecessor_id, p.successor_id): (p.lag, p.type) for p in problem.precedences}
    assert links == {
        ("pack", "move"): (1, LevelingLinkType.FS),
        ("label", "move"): (1, LevelingLinkType.FS),
        ("pack", "label"): (1, LevelingLinkType.SS),
        ("move", "done"): (0, LevelingLinkType.FS),
    }


def test_adapted_project_levels():
    tasks = tuple(Task(t.id, t.name, t.duration, t.parent_id) for t in project().tasks)
    problem = leveling_problem_from_project(
        project(tasks=tasks), capacity_profiles={"crew": (1.0, 0.5)}
    )
    result = level(problem)
    assert check_leveled_schedule(problem, result.starts) == ()
    # period 1 has half a crew, so pack (100) starts at 2; label (50) never fits beside pack and
    # follows it (4-5); move waits one period after label (7).
    assert dict(result.starts) == {"pack": 2, "label": 4, "move": 7, "done": 8}


def test_do_not_level_task_whose_predecessors_are_delayed_is_reported():
    # "move" would keep its unleveled start (4), but leveling pushes "label" to finish at 4.
    problem = leveling_problem_from_project(project())
    with pytest.raises(LevelingInfeasibleError) as err:
        level(problem)
    assert set(err.value.activity_ids) == {"move", "label"}


def test_adapter_names_unknown_assignment_items():
    bad = project(assignments=(Assignment("pack", "nobody"),))
    with pytest.raises(LevelingInputError) as err:
        leveling_problem_from_project(bad)
    assert err.value.items == ("pack", "nobody")


def _reference(benchdata: Path) -> dict[str, int]:
    with (benchdata / "psplib" / "reference_bounds.csv").open() as f:
        return {r["instance"]: int(r["best_ub"]) for r in csv.DictReader(f)}


@pytest.mark.benchdata
def test_heuristic_on_j30_is_feasible_and_never_beats_the_optimum(benchdata: Path):
    optimum = _reference(benchdata)
    files = sorted((benchdata / "psplib" / "j30").glob("j301_*.sm"))
    assert len(files) == 10
    for file in files:
        inst = read_psplib(file)
        result = level(inst.problem, iterations=30)
        assert check_leveled_schedule(inst.problem, result.starts) == (), file
        assert result.lower_bound <= optimum[inst.name] <= result.makespan, file


@pytest.mark.benchdata
@pytest.mark.parametrize("name", ["j301_1", "j3021_1"])
def test_cpsat_reaches_the_j30_optimum(benchdata: Path, name):
    inst = read_psplib(benchdata / "psplib" / "j30" / f"{name}.sm")
    result = level(inst.problem, "cpsat", time_limit=60, num_workers=2)
    assert result.status == "optimal"
    assert result.makespan == _reference(benchdata)[name]
    assert result.lower_bound == result.makespan
    assert check_leveled_schedule(inst.problem, result.starts) == ()


@pytest.mark.benchdata
def test_heuristic_share_lets_the_warm_start_search_past_its_iterations(benchdata: Path):
    # j6013_1's lower bound is far below any schedule, so the heuristic never stops early.
    inst = read_psplib(benchdata / "psplib" / "j60" / "j6013_1.sm")
    runs = {
        share: level(
            inst.problem, "cpsat", time_limit=2, iterations=1, num_workers=2, heuristic_share=share
        )
        for share in (0.0, 0.5)
    }
    # Without a share: the five rule passes and one candidate (a few justifications each).
    assert runs[0.0].schedules_built < 60
    assert runs[0.5].schedules_built > runs[0.0].schedules_built
    for result in runs.values():
        assert check_leveled_schedule(inst.problem, result.starts) == ()
        assert result.makespan >= _reference(benchdata)["j6013_1"]


@pytest.mark.benchdata
def test_heuristic_failure_stops_the_solver_beside_it(benchdata: Path, monkeypatch):
    # j3029_6 keeps CP-SAT busy for minutes: the side run ends only through stop_search().
    import threading

    import tandem.engine.leveling.api as api

    inst = read_psplib(benchdata / "psplib" / "j30" / "j3029_6.sm")
    real_search, real_solve = api.search, api.solve_cpsat
    stopped: list[bool] = []

    class Watched:
        def __init__(self, solver):
            self.solver = solver

        def stop_search(self):
            stopped.append(True)
            self.solver.stop_search()

    def failing_after_the_rules(cp, *, iterations, **kwargs):
        if iterations == 0:
            return real_search(cp, iterations=0, **kwargs)
        raise RuntimeError("heuristic failed")

    def watched_solve(*args, started, **kwargs):
        return real_solve(*args, started=lambda solver: started(Watched(solver)), **kwargs)

    monkeypatch.setattr(api, "search", failing_after_the_rules)
    monkeypatch.setattr(api, "solve_cpsat", watched_solve)
    with pytest.raises(RuntimeError, match="heuristic failed"):
        level(inst.problem, "cpsat", time_limit=600, heuristic_share=0.9)
    assert stopped
    assert not any(t.name == "tandem-leveling-cpsat" for t in threading.enumerate())


def test_an_elapsed_lag_counts_its_share_of_working_time_not_every_minute():
    """7 elapsed days on a 5 x 8 h week are 5 working days (not 21: 7 x 1440 / 480)."""
    week_elapsed = Lag(7 * 1440, elapsed=True)
    problem = leveling_problem_from_project(
        project(
            links=(
                Link("phase", "move", LinkType.FS, week_elapsed),
                Link("move", "done"),
            )
        )
    )
    lags = {(p.predecessor_id, p.successor_id): p.lag for p in problem.precedences}
    assert lags[("pack", "move")] == lags[("label", "move")] == 5
