"""The large-neighbourhood search: order links, neighbourhoods, improvement, proof and errors."""

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tandem.engine.leveling import (
    LevelingActivity,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
    check_leveled_schedule,
    level,
)
from tandem.engine.leveling import lns as lns_module
from tandem.engine.leveling.lns import (
    choose_neighbourhood,
    improve_by_neighbourhoods,
    order_links,
    resource_users,
)
from tandem.engine.leveling.network import compile_problem
from tandem.engine.leveling.sgs import Justifier, makespan_of

from .test_properties import brute_force_makespan, problems, tiny

A = LevelingActivity
L = LevelingPrecedence
R = LevelingResource


def chain_on_one_crew() -> LevelingProblem:
    # a, b, c all need the one crew; d needs nothing.
    return LevelingProblem(
        activities=(
            A("a", 2, {"crew": 1}),
            A("b", 1, {"crew": 1}),
            A("c", 3, {"crew": 1}),
            A("d", 2),
        ),
        resources=(R("crew", 1),),
    )


def test_order_links_keep_the_order_of_kept_activities_on_a_shared_resource():
    cp = compile_problem(chain_on_one_crew())
    starts = [0, 2, 3, 0]  # a, b, c one after the other; d uses no resource
    users = resource_users(cp)
    assert users == [[0, 1, 2]]
    assert order_links(cp, starts, set(), users) == {(0, 1), (0, 2), (1, 2)}
    # Freeing b drops every link that names it, and keeps a before c.
    assert order_links(cp, starts, {1}, users) == {(0, 2)}


def test_order_links_leave_overlapping_activities_unordered():
    problem = LevelingProblem(
        activities=(A("a", 2, {"r": 1}), A("b", 2, {"r": 1}), A("c", 1, {"r": 2})),
        resources=(R("r", 2),),
    )
    cp = compile_problem(problem)
    assert order_links(cp, [0, 1, 3], set(), resource_users(cp)) == {(0, 2), (1, 2)}


@pytest.mark.parametrize("seed", range(20))
def test_neighbourhoods_have_the_asked_size(seed):
    cp = compile_problem(chain_on_one_crew())
    freed = choose_neighbourhood(cp, [0, 2, 3, 0], 2, resource_users(cp), random.Random(seed))
    assert len(freed) == 2
    assert freed <= {0, 1, 2, 3}


def crew_of_two() -> LevelingProblem:
    # Eight jobs of lengths 1..4 on a crew of two: the work (20 crew-periods) fits in 10.
    lengths = [4, 4, 3, 3, 2, 2, 1, 1]
    return LevelingProblem(
        activities=tuple(A(f"t{j}", d, {"crew": 1}) for j, d in enumerate(lengths)),
        resources=(R("crew", 2),),
    )


def one_after_another(cp):
    """The worst schedule of ``crew_of_two``: every job alone, in list order."""
    starts, t = [], 0
    for d in cp.duration:
        starts.append(t)
        t += d
    return starts


def test_search_improves_a_poor_schedule_to_the_proven_optimum():
    problem = crew_of_two()
    cp = compile_problem(problem)
    poor = one_after_another(cp)
    assert makespan_of(poor, cp.duration) == 20
    # Only the rule that the makespan reached its bound ends this search early.
    run = improve_by_neighbourhoods(cp, poor, seconds=30, threads=2)
    assert run.makespan == 10
    assert run.proven
    assert run.improvements >= 1
    starts = dict(zip(cp.ids, run.starts, strict=True))
    assert check_leveled_schedule(problem, starts) == ()


def test_freeing_every_activity_proves_an_optimum_above_the_simple_bounds():
    # Any two of the three need 4 of 3 units: the optimum is 6, the work bound only 4.
    problem = LevelingProblem(
        activities=tuple(A(x, 2, {"rig": 2}) for x in "abc"), resources=(R("rig", 3),)
    )
    cp = compile_problem(problem)
    assert cp.lower_bound() == 4
    run = improve_by_neighbourhoods(cp, [0, 2, 4], seconds=30, threads=1)
    assert (run.makespan, run.lower_bound, run.proven) == (6, 6, True)


def test_a_stop_before_the_first_step_returns_the_given_schedule():
    cp = compile_problem(crew_of_two())
    poor = one_after_another(cp)
    run = improve_by_neighbourhoods(cp, poor, seconds=30, stop=lambda: True)
    assert (run.starts, run.makespan, run.steps, run.improvements) == (poor, 20, 0, 0)
    assert not run.proven


def test_a_schedule_at_its_bound_needs_no_step():
    cp = compile_problem(crew_of_two())
    run = improve_by_neighbourhoods(cp, [0, 0, 4, 4, 7, 7, 9, 9], seconds=30)
    assert (run.makespan, run.steps, run.proven) == (10, 0, True)


def test_pinned_activities_keep_their_starts():
    problem = LevelingProblem(
        activities=(
            *crew_of_two().activities,
            A("pinned", 2, {"crew": 2}, fixed_start=3),
        ),
        resources=(R("crew", 2),),
    )
    cp = compile_problem(problem)
    just = Justifier(cp)
    start = just.forward(cp.eligible_order(lambda j: float(j)))
    run = improve_by_neighbourhoods(cp, start, seconds=2, threads=2)
    starts = dict(zip(cp.ids, run.starts, strict=True))
    assert starts["pinned"] == 3
    assert check_leveled_schedule(problem, starts) == ()
    assert run.makespan <= makespan_of(start, cp.duration)


def test_an_error_in_a_step_reaches_the_caller(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("step failed")

    monkeypatch.setattr(lns_module, "_step", broken)
    cp = compile_problem(crew_of_two())
    with pytest.raises(RuntimeError, match="step failed"):
        improve_by_neighbourhoods(cp, one_after_another(cp), seconds=5, threads=2)


def test_level_passes_the_time_after_the_warm_start_to_the_search(monkeypatch):
    import tandem.engine.leveling.api as api

    seen: list[float] = []
    real = api.improve_by_neighbourhoods

    def spy(cp, starts, *, seconds, **kwargs):
        seen.append(seconds)
        return real(cp, starts, seconds=seconds, **kwargs)

    monkeypatch.setattr(api, "improve_by_neighbourhoods", spy)
    # Any two of the four need 4 of 3 units: the optimum is 8, the work bound only 6, so only
    # the search's proof makes the result optimal.
    problem = LevelingProblem(
        activities=tuple(A(x, 2, {"rig": 2}) for x in "abcd"), resources=(R("rig", 3),)
    )
    result = level(problem, "cpsat", time_limit=4, heuristic_share=0, neighbourhoods=True)
    assert (result.makespan, result.status, result.lower_bound) == (8, "optimal", 8)
    assert check_leveled_schedule(problem, result.starts) == ()
    assert len(seen) == 1
    assert 0 < seen[0] <= 4.0
    # neighbourhoods=False keeps the single CP-SAT run.
    seen.clear()
    result = level(problem, "cpsat", time_limit=4, heuristic_share=0, neighbourhoods=False)
    assert (result.makespan, result.status) == (8, "optimal")
    assert seen == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_search_keeps_every_rule_and_never_lengthens(problem):
    cp = compile_problem(problem)
    just = Justifier(cp)
    start = just.forward(cp.eligible_order(lambda j: float(-j)))
    if cp.pin_violations(start):
        return
    run = improve_by_neighbourhoods(cp, start, seconds=0.2, threads=2)
    starts = dict(zip(cp.ids, run.starts, strict=True))
    assert check_leveled_schedule(problem, starts) == ()
    assert run.makespan == makespan_of(run.starts, cp.duration)
    assert cp.lower_bound() <= run.lower_bound <= run.makespan <= makespan_of(start, cp.duration)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny)
def test_search_reaches_and_proves_the_exhaustive_optimum(problem):
    cp = compile_problem(problem)
    start = Justifier(cp).forward(cp.eligible_order(lambda j: float(-j)))
    run = improve_by_neighbourhoods(cp, start, seconds=30, threads=1)
    assert run.makespan == brute_force_makespan(problem)
    assert run.proven


@pytest.mark.benchdata
def test_search_on_a_psplib_instance_stays_feasible_and_never_lengthens(benchdata: Path):
    from tandem.engine.formats.psplib import read_psplib
    from tandem.engine.leveling.heuristic import search

    inst = read_psplib(benchdata / "psplib" / "j60" / "j6025_1.sm")
    cp = compile_problem(inst.problem)
    rules = search(cp, iterations=0)
    run = improve_by_neighbourhoods(cp, rules.starts, seconds=2, threads=2)
    starts = dict(zip(cp.ids, run.starts, strict=True))
    assert check_leveled_schedule(inst.problem, starts) == ()
    assert run.makespan <= rules.makespan
    assert run.steps > 0


def test_a_step_moves_kept_activities_only_earlier_and_keeps_their_order():
    cp = compile_problem(crew_of_two())
    current = one_after_another(cp)  # t0 at 0, t1 at 4, ... t7 at 19
    built = lns_module.build_model(cp, 20, cp.lower_bound())
    users = resource_users(cp)
    freed = {0, 1}
    found, closed = lns_module._step(
        cp, built, current, 20, freed, users, random.Random(0), 10.0, 10.0
    )
    assert closed
    kept = [j for j in range(cp.n) if j not in freed]
    assert all(found[j] <= current[j] for j in kept)
    # Kept jobs ran one after another and still do; the freed two fill in beside them.
    ends = sorted((found[j], found[j] + cp.duration[j]) for j in kept)
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))
    assert makespan_of(found, cp.duration) == 12  # 3+3+2+2+1+1 kept, 4 and 4 beside them


def test_without_a_schedule_keeping_the_pins_the_portfolio_run_searches(monkeypatch):
    from dataclasses import replace

    import tandem.engine.leveling.api as api

    real_search = api.search

    def pins_missed(cp, **kwargs):
        return replace(real_search(cp, **kwargs), meets_pins=False)

    def no_search(*args, **kwargs):
        raise AssertionError("nothing to improve without a schedule that keeps the pins")

    monkeypatch.setattr(api, "search", pins_missed)
    monkeypatch.setattr(api, "improve_by_neighbourhoods", no_search)
    problem = LevelingProblem(
        activities=(A("other", 3, {"r": 1}), A("pre", 2, {"r": 1}), A("pinned", 1, fixed_start=2)),
        resources=(R("r", 1),),
        precedences=(L("pre", "pinned"),),
    )
    result = level(problem, "cpsat", time_limit=2, heuristic_share=0, neighbourhoods=True)
    assert dict(result.starts) == {"other": 2, "pre": 0, "pinned": 2}
