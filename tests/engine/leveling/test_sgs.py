"""Schedule generation: the parallel scheme's two implementations build the same schedules."""

import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.engine.formats.psplib import read_psplib
from tandem.engine.leveling import (
    LevelingActivity,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
    check_leveled_schedule,
    sgs,
)
from tandem.engine.leveling.network import compile_problem

from .test_properties import problems


def _random_list(cp, rng: random.Random) -> list[int]:
    keys = [rng.random() for _ in range(cp.n)]
    return cp.eligible_order(lambda j: (keys[j], 0.0))


def _constant(problem: LevelingProblem) -> LevelingProblem:
    """The same problem with every resource at its plain capacity (no calendar profile)."""
    return replace(
        problem, resources=tuple(replace(r, capacity_profile=()) for r in problem.resources)
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_activities=9), st.integers(0, 2**32 - 1))
def test_constant_capacity_scheme_matches_the_per_period_scheme(problem, seed):
    # Releases, lags (negative too), every link type, activities of no duration with demands.
    cp = compile_problem(_constant(problem))
    order = _random_list(cp, random.Random(seed))
    fast = sgs._parallel_constant(cp, order)
    assert sgs.place_parallel(cp, order) == fast
    assert fast == sgs._parallel_by_period(cp, order)
    assert check_leveled_schedule(cp.problem, dict(zip(cp.ids, fast, strict=True))) == ()


def test_calendars_and_pins_take_the_per_period_scheme():
    # Capacity 2 except periods 1-2 (0): "b" cannot start at 1 although it fits then in the
    # constant view; the per-period scheme sees the gap.
    problem = LevelingProblem(
        (
            LevelingActivity("a", 1, {"r": 2}),
            LevelingActivity("b", 2, {"r": 1}),
        ),
        (LevelingResource("r", 2, (2, 0, 0)),),
        (LevelingPrecedence("a", "b"),),
    )
    cp = compile_problem(problem)
    starts = sgs.place_parallel(cp, [0, 1])
    assert starts == [0, 3]
    assert check_leveled_schedule(problem, dict(zip(cp.ids, starts, strict=True))) == ()


@pytest.mark.benchdata
def test_both_schemes_agree_on_psplib_instances(benchdata: Path):
    rng = random.Random(11)
    paths = sorted((benchdata / "psplib").glob("j*/*.sm"))
    for path in rng.sample(paths, 30):
        cp = compile_problem(read_psplib(path).problem)
        for _ in range(3):
            order = _random_list(cp, rng)
            assert sgs.place_parallel(cp, order) == sgs._parallel_by_period(cp, order), path.name
