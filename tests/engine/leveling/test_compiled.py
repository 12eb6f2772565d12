"""The compiled search's kernels build the same schedules as the interpreted code, list for list.

Without numba the kernels run interpreted, so these tests check them either way.
"""

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.engine.formats.psplib import read_psplib
from tandem.engine.leveling import (
    LevelingActivity,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
    api,
    check_leveled_schedule,
    compiled,
    heuristic,
    kernels,
)
from tandem.engine.leveling.network import compile_problem
from tandem.engine.leveling.sgs import Justifier, makespan_of, place_parallel

from .test_properties import problems
from .test_sgs import _constant, _random_list


def _search(cp, seed: int = 0) -> compiled.CompiledSearch:
    return compiled.CompiledSearch(compiled.arrays_of(cp), population=4, seed=seed, rounds=1)


def _forward(run: compiled.CompiledSearch, order: list[int]) -> list[int]:
    a = run.arrays
    starts = np.zeros(len(order), dtype=np.int64)
    compiled.serial(
        np.array(order, dtype=np.int64),
        a.duration,
        a.pred_ptr,
        a.pred_idx,
        a.pred_dist,
        a.release,
        a.demand,
        a.capacity,
        run.free,
        run.state,
        starts,
    )
    return starts.tolist()


def _justified(run: compiled.CompiledSearch, starts: list[int], rounds: int) -> list[int]:
    values = np.array(starts, dtype=np.int64)
    span = max((s + d for s, d in zip(starts, run.arrays.duration, strict=True)), default=0)
    compiled.justify(values, span, run.problem, run.free, run.state, rounds)
    return values.tolist()


def _parallel(run: compiled.CompiledSearch, order: list[int]) -> tuple[list[int], int]:
    starts = np.zeros(len(order), dtype=np.int64)
    span = compiled.parallel(np.array(order, dtype=np.int64), run.problem, run.state, starts)
    return starts.tolist(), span


def _assert_same_as_interpreted(cp, order: list[int]) -> None:
    run, just = _search(cp), Justifier(cp)
    forward = just.forward(order)
    assert _forward(run, order) == forward
    non_delay = place_parallel(cp, order)
    assert _parallel(run, order) == (non_delay, makespan_of(non_delay, cp.duration))
    assert max(s + d for s, d in zip(forward, cp.duration, strict=True)) < run.arrays.horizon
    for rounds in (1, 4):
        assert _justified(run, forward, rounds) == just.improve(forward, rounds)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_activities=9), st.integers(0, 2**32 - 1))
def test_schemes_and_justification_match_the_interpreted_ones(problem, seed):
    # Releases, lags (negative too, so sorted lists need the eligible rule), every link type.
    cp = compile_problem(_constant(problem))
    rng = random.Random(seed)
    _assert_same_as_interpreted(cp, _random_list(cp, rng))
    keys = [rng.random() for _ in range(cp.n)]
    order = np.zeros(cp.n, dtype=np.int64)
    a = compiled.arrays_of(cp)
    compiled.eligible_order(np.array(keys), a.pred_ptr, a.succ_ptr, a.succ_idx, order)
    assert order.tolist() == cp.eligible_order(lambda j: (keys[j], 0.0))


@pytest.mark.benchdata
def test_kernels_match_the_interpreted_code_on_psplib_instances(benchdata: Path):
    rng = random.Random(11)
    paths = sorted((benchdata / "psplib").glob("j*/*.sm"))
    for path in rng.sample(paths, 12):
        cp = compile_problem(read_psplib(path).problem)
        for _ in range(3):
            _assert_same_as_interpreted(cp, _random_list(cp, rng))


def _feasible_list(cp, order: np.ndarray) -> bool:
    position = {j: p for p, j in enumerate(order.tolist())}
    return sorted(position) == list(range(cp.n)) and all(
        position[i] < position[j] for j in range(cp.n) for i, _ in cp.preds[j]
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_activities=9), st.integers(0, 2**32 - 1))
def test_genetic_operators_give_precedence_feasible_lists(problem, seed):
    cp = compile_problem(_constant(problem))
    run = _search(cp, seed)
    mother = np.array(_random_list(cp, random.Random(seed)), dtype=np.int64)
    father = np.array(_random_list(cp, random.Random(seed + 1)), dtype=np.int64)
    father_starts = np.array(Justifier(cp).forward(father.tolist()), dtype=np.int64)
    child = compiled._peak_child(mother, father, father_starts, run.problem, run.state)
    assert _feasible_list(cp, child)
    compiled._mutate(child, run.problem, run.state)
    assert _feasible_list(cp, child)
    assert _feasible_list(cp, compiled._redrawn_window(father_starts, run.problem, run.state))


def test_peak_child_keeps_the_fathers_busiest_stretch_in_his_order():
    # Five independent unit activities on one resource of capacity 1: the father runs them
    # 4, 3, 2, 1, 0 (periods 0-4); any window keeps his order inside it, the mother's outside.
    problem = LevelingProblem(
        tuple(LevelingActivity(f"t{j}", 1, {"r": 1}) for j in range(5)),
        (LevelingResource("r", 1),),
    )
    cp = compile_problem(problem)
    run = _search(cp, seed=5)
    father = np.array([4, 3, 2, 1, 0], dtype=np.int64)
    father_starts = np.array([4, 3, 2, 1, 0], dtype=np.int64)
    # Flat utilisation: the first window wins, so the child starts with the father's order
    # over the window's periods, then the mother's order for the rest. The window is 10-50%
    # of the makespan of 5: one or two periods.
    expected = {
        w: [4, 3, 2, 1, 0][:w] + sorted(set(range(5)) - set([4, 3, 2, 1, 0][:w])) for w in (1, 2)
    }
    widths = set()
    for _ in range(40):
        child = compiled._peak_child(
            np.arange(5, dtype=np.int64), father, father_starts, run.problem, run.state
        ).tolist()
        widths.add(next(w for w, listed in expected.items() if listed == child))
    assert widths == {1, 2}


@pytest.mark.benchdata
def test_compiled_search_is_deterministic_per_seed_and_feasible(benchdata: Path):
    for name in ("j301_1", "j3013_1", "j6029_1"):
        folder = next(s for s in ("j120", "j60", "j30") if name.startswith(s))
        problem = read_psplib(benchdata / "psplib" / folder / f"{name}.sm").problem
        cp = compile_problem(problem)
        runs = [heuristic.search(cp, iterations=400, seed=seed) for seed in (7, 7, 8)]
        assert runs[0] == runs[1]
        assert runs[0].rule in (*compiled.LABELS, *heuristic.RULES)
        for run in runs:
            starts = dict(zip(cp.ids, run.starts, strict=True))
            assert check_leveled_schedule(problem, starts) == ()
            assert run.makespan == max(run.starts[j] + cp.duration[j] for j in range(cp.n))
            assert run.makespan >= cp.lower_bound()
            # Each candidate builds at least one forward and one justifying pair of schedules.
            assert run.schedules >= 400 or run.makespan == cp.lower_bound()


def test_problems_with_calendars_keep_the_interpreted_search():
    problem = LevelingProblem(
        (LevelingActivity("a", 2, {"r": 1}), LevelingActivity("b", 2, {"r": 1})),
        (LevelingResource("r", 1, (1, 0, 1)),),
    )
    cp = compile_problem(problem)
    with pytest.raises(ValueError, match="constant capacities"):
        compiled.arrays_of(cp)
    run = heuristic.search(cp, iterations=10)
    assert run.rule in heuristic.RULES or run.rule in ("sampling", "genetic", "local search")
    assert check_leveled_schedule(problem, dict(zip(cp.ids, run.starts, strict=True))) == ()


def test_the_warm_start_share_follows_where_the_search_runs():
    # Above 40 activities: the compiled search takes 90% of the time limit, the interpreted one
    # (calendars, or no numba) 40%; at most 40 activities none.
    def chain(n: int, profile: tuple[int, ...] = ()) -> LevelingProblem:
        return LevelingProblem(
            tuple(LevelingActivity(f"t{j}", 1, {"r": 1}) for j in range(n)),
            (LevelingResource("r", 1, profile),),
        )

    plain = compile_problem(chain(41))
    assert heuristic.runs_compiled(plain) is compiled.AVAILABLE
    assert api._default_share(plain) == (
        api.COMPILED_HEURISTIC_SHARE if compiled.AVAILABLE else api.HEURISTIC_SHARE
    )
    assert heuristic.runs_compiled(compile_problem(chain(41, (1, 0)))) is False
    assert api._default_share(compile_problem(chain(41, (1, 0)))) == api.HEURISTIC_SHARE
    assert api._default_share(compile_problem(chain(40))) == 0.0


def test_compiled_rule_lists_take_the_parallel_scheme_only_when_every_candidate_does():
    # Capacity 2. On the list t0, t1, t2, t3 the serial scheme keeps t3 (1 unit, 3 periods) out
    # of t1's way (makespan 4); the parallel scheme starts t3 at 0 beside t0, so t1 (2 units)
    # and its successor t2 wait for it (makespan 6).
    problem = LevelingProblem(
        (
            LevelingActivity("t0", 1, {"r": 1}),
            LevelingActivity("t1", 1, {"r": 2}),
            LevelingActivity("t2", 2, {"r": 1}),
            LevelingActivity("t3", 3, {"r": 1}),
        ),
        (LevelingResource("r", 2),),
        (LevelingPrecedence("t1", "t2"),),
    )
    cp = compile_problem(problem)
    order, just = [0, 1, 2, 3], Justifier(cp)
    expected = {
        0.0: just.improve(just.forward(order), 1),
        0.5: just.improve(just.forward(order), 1),
        1.0: just.improve(place_parallel(cp, order), 1),
    }
    assert [makespan_of(expected[share], cp.duration) for share in (0.0, 1.0)] == [4, 6]
    for share, starts in expected.items():
        run = compiled.CompiledSearch(
            compiled.arrays_of(cp), 4, seed=0, rounds=1, parallel_share=share
        )
        run.add_list(order, len(compiled.LABELS))
        assert run.best_starts() == starts


def test_cached_machine_code_is_dropped_when_either_kernel_source_changes(tmp_path: Path):
    # numba checks only a cached function's own file; the search in compiled.py inlines the
    # kernels of kernels.py, so a change to either must drop the cache of both.
    for name in kernels.CACHED_MODULES:
        (tmp_path / f"{name}.py").write_text(f"# {name}\n")
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    cached = [
        "kernels.serial-256.py311.nbi",
        "kernels.serial-256.py311.1.nbc",
        "compiled.run_candidates-290.py311.nbi",
        "compiled.run_candidates-290.py311.1.nbc",
    ]
    other = cache / "network.cpython-311.pyc"

    def fill() -> None:
        for name in cached:
            (cache / name).write_bytes(b"machine code")
        other.write_bytes(b"bytecode")

    fill()
    # No digest yet: what is cached comes from unknown sources.
    assert kernels.drop_stale_caches(tmp_path) is True
    assert sorted(p.name for p in cache.iterdir()) == [other.name, "tandem-kernels.digest"]
    fill()
    assert kernels.drop_stale_caches(tmp_path) is False
    assert all((cache / name).exists() for name in cached)
    (tmp_path / "kernels.py").write_text("# kernels, changed\n")
    assert kernels.drop_stale_caches(tmp_path) is True
    assert not any((cache / name).exists() for name in cached)
    assert other.exists()
    assert kernels.drop_stale_caches(tmp_path) is False
