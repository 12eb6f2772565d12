"""Leveling on hand-made problems: exact starts, delay reasons, errors, pinned activities."""

import pytest

from tandem.engine.leveling import (
    LevelingActivity,
    LevelingCycleError,
    LevelingInfeasibleError,
    LevelingInputError,
    LevelingLinkType,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
    check_leveled_schedule,
    find_over_allocations,
    level,
)
from tandem.engine.leveling.sgs import earliest_fit

A = LevelingActivity
L = LevelingPrecedence
R = LevelingResource


def crew_problem() -> LevelingProblem:
    # a and b both need the single crew; c follows b.
    return LevelingProblem(
        activities=(A("a", 3, {"crew": 1}, priority=900), A("b", 2, {"crew": 1}), A("c", 4)),
        resources=(R("crew", 1),),
        precedences=(L("b", "c"),),
    )


@pytest.mark.parametrize("method", ["heuristic", "cpsat"])
def test_two_tasks_on_one_crew_run_one_after_the_other(method):
    result = level(crew_problem(), method, time_limit=5)
    # b first lets c start at 2: makespan 6 instead of 9.
    assert dict(result.starts) == {"b": 0, "a": 2, "c": 2}
    assert result.makespan == 6
    assert result.status == "optimal"
    assert result.lower_bound == 6
    assert result.critical_path_bound == 6
    assert check_leveled_schedule(crew_problem(), result.starts) == ()


def test_delay_names_resource_periods_and_competing_task():
    result = level(crew_problem())
    assert set(result.delays) == {"a"}
    delay = result.delays["a"]
    assert (delay.early_start, delay.start, delay.delay) == (0, 2, 2)
    assert (delay.precedence_delay, delay.resource_delay) == (0, 2)
    assert delay.driving_predecessor_ids == ()
    [conflict] = delay.conflicts
    assert conflict.resource_id == "crew"
    assert conflict.periods == (0, 1)
    assert conflict.competing_task_ids == ("b",)


def test_delay_through_a_predecessor_names_the_driver():
    problem = LevelingProblem(
        activities=(A("a", 2, {"r": 1}), A("b", 3, {"r": 1}), A("c", 1)),
        resources=(R("r", 1),),
        precedences=(L("a", "c", 1),),
    )
    # A fixed start keeps b first, so a is delayed by the resource and c by a.
    pinned = LevelingProblem(
        (problem.activities[0], A("b", 3, {"r": 1}, fixed_start=0), problem.activities[2]),
        problem.resources,
        problem.precedences,
    )
    result = level(pinned)
    assert dict(result.starts) == {"a": 3, "b": 0, "c": 6}
    c = result.delays["c"]
    assert (c.early_start, c.delay, c.precedence_delay, c.resource_delay) == (3, 3, 3, 0)
    assert c.driving_predecessor_ids == ("a",)
    assert c.conflicts == ()


@pytest.mark.parametrize(
    ("link_type", "lag", "successor_start"),
    [
        (LevelingLinkType.FS, 1, 5),  # after a's finish (4) + 1
        (LevelingLinkType.SS, 2, 2),
        (LevelingLinkType.FF, 0, 2),  # b (2 long) finishes with a at 4
        (LevelingLinkType.SF, 3, 1),  # b finishes 3 after a starts
        (LevelingLinkType.FS, -2, 2),  # lead of 2 periods
    ],
)
def test_link_types_and_lags_without_resource_limits(link_type, lag, successor_start):
    problem = LevelingProblem(
        activities=(A("a", 4), A("b", 2)),
        precedences=(L("a", "b", lag, link_type),),
    )
    for method in ("heuristic", "cpsat"):
        result = level(problem, method)
        assert dict(result.starts) == {"a": 0, "b": successor_start}
        assert result.delays == {}


def test_capacity_profile_moves_work_around_a_day_off():
    problem = LevelingProblem(
        activities=(A("a", 2, {"r": 2}), A("b", 1, {"r": 1})),
        resources=(R("r", 2, capacity_profile=(2, 0, 1)),),
    )
    result = level(problem)
    # a needs 2 units for 2 periods: period 1 has none, period 2 only 1 -> a starts at 3.
    assert result.starts["a"] == 3
    assert result.starts["b"] == 0
    assert check_leveled_schedule(problem, result.starts) == ()
    exact = level(problem, "cpsat")
    assert exact.makespan == 5
    assert exact.status == "optimal"


def test_release_date_is_honoured():
    problem = LevelingProblem(
        activities=(A("a", 2, release=4), A("b", 1)), precedences=(L("a", "b"),)
    )
    result = level(problem)
    assert dict(result.starts) == {"a": 4, "b": 6}
    assert result.delays == {}


def test_do_not_level_task_stays_and_its_overload_is_reported():
    problem = LevelingProblem(
        activities=(
            A("p", 2, {"r": 1}, do_not_level=True),
            A("q", 2, {"r": 1}, fixed_start=1),
            A("x", 1, {"r": 1}),
        ),
        resources=(R("r", 1),),
    )
    result = level(problem)
    assert result.starts["p"] == 0
    assert result.starts["q"] == 1
    assert result.starts["x"] == 3
    [over] = result.over_allocations
    assert (over.resource_id, over.start, over.end, over.load, over.capacity) == ("r", 1, 2, 2, 1)
    assert over.task_ids == ("p", "q")


def test_pinned_successor_forces_its_predecessor_first():
    problem = LevelingProblem(
        activities=(A("other", 3, {"r": 1}), A("pre", 2, {"r": 1}), A("pinned", 1, fixed_start=2)),
        resources=(R("r", 1),),
        precedences=(L("pre", "pinned"),),
    )
    for method in ("heuristic", "cpsat"):
        result = level(problem, method)
        assert dict(result.starts) == {"other": 2, "pre": 0, "pinned": 2}


def test_pins_that_cannot_all_hold_raise():
    problem = LevelingProblem(
        activities=(
            A("blocker", 3, {"r": 1}, fixed_start=0),
            A("pre", 2, {"r": 1}),
            A("pinned", 1, fixed_start=2),
        ),
        resources=(R("r", 1),),
        precedences=(L("pre", "pinned"),),
    )
    with pytest.raises(LevelingInfeasibleError) as err:
        level(problem)
    assert "pinned" in err.value.activity_ids
    assert "pre" in err.value.activity_ids
    with pytest.raises(LevelingInfeasibleError):
        level(problem, "cpsat", time_limit=2)


def test_fixed_start_before_predecessor_raises():
    problem = LevelingProblem(
        activities=(A("a", 3), A("b", 1, fixed_start=1)), precedences=(L("a", "b"),)
    )
    with pytest.raises(LevelingInfeasibleError) as err:
        level(problem)
    assert err.value.activity_ids == ("b", "a")


def test_cycle_is_named():
    problem = LevelingProblem(
        activities=(A("a", 1), A("b", 1), A("c", 1), A("d", 1)),
        precedences=(L("a", "b"), L("b", "c"), L("c", "a"), L("c", "d")),
    )
    with pytest.raises(LevelingCycleError) as err:
        level(problem)
    assert set(err.value.cycle) == {"a", "b", "c"}
    cycle = err.value.cycle
    # consecutive entries are linked, and the last links back to the first
    links = {(p.predecessor_id, p.successor_id) for p in problem.precedences}
    assert all((cycle[i], cycle[(i + 1) % 3]) in links for i in range(3))


@pytest.mark.parametrize(
    ("problem", "items", "words"),
    [
        (LevelingProblem((A("a", 1), A("a", 2))), ("a",), "duplicate activity"),
        (LevelingProblem((A("a", 1, {"zz": 1}),)), ("a", "zz"), "unknown resource"),
        (LevelingProblem((A("a", -1),)), ("a",), "negative duration"),
        (LevelingProblem((A("a", 1, {"r": 3}),), (R("r", 2),)), ("a", "r"), "never has more"),
        (LevelingProblem((A("a", 1),), (), (L("a", "nope"),)), ("nope",), "unknown activity"),
        (LevelingProblem((A("a", 1, {"r": -1}),), (R("r", 2),)), ("a", "r"), "negative demand"),
    ],
)
def test_bad_input_names_the_items(problem, items, words):
    with pytest.raises(LevelingInputError, match=words) as err:
        level(problem)
    assert err.value.items == items


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown leveling method"):
        level(crew_problem(), "magic")


def test_over_allocations_group_runs_of_periods():
    problem = crew_problem()
    runs = find_over_allocations(problem, {"a": 0, "b": 1, "c": 3})
    assert len(runs) == 1
    run = runs[0]
    assert (run.resource_id, run.start, run.end, run.load, run.capacity) == ("crew", 1, 3, 2, 1)
    assert run.task_ids == ("a", "b")


def test_checker_reports_each_broken_rule():
    problem = LevelingProblem(
        activities=(A("a", 2, {"r": 1}), A("b", 2, {"r": 1}, release=1), A("c", 1, fixed_start=5)),
        resources=(R("r", 1),),
        precedences=(L("a", "b", 0, LevelingLinkType.SS),),
    )
    kinds = sorted(v.kind for v in check_leveled_schedule(problem, {"a": 1, "b": 0, "c": 4}))
    assert kinds == ["capacity", "fixed_start", "precedence", "release"]
    assert check_leveled_schedule(problem, {"a": 0, "b": 2, "c": 5}) == ()


def test_checker_needs_every_start():
    with pytest.raises(LevelingInputError) as err:
        check_leveled_schedule(crew_problem(), {"a": 0})
    assert err.value.items == ("b", "c")


def test_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="unknown scheme 'zigzag'"):
        level(crew_problem(), scheme="zigzag")


@pytest.mark.parametrize("scheme", ["serial", "parallel", "mixed"])
def test_every_scheme_levels_the_crew_problem(scheme):
    result = level(crew_problem(), scheme=scheme)
    assert result.makespan == 6
    assert check_leveled_schedule(crew_problem(), result.starts) == ()


def test_earliest_fit_extends_rows_past_their_end():
    # One resource, capacity 2, rows only 4 periods long and full in the last one.
    rows = [[2, 2, 2, 0]]
    assert earliest_fit(rows, [(0, 1)], 1, 3, [2]) == 4
    assert len(rows[0]) >= 7
    assert rows[0][4:7] == [2, 2, 2]


@pytest.mark.parametrize("share", [-0.1, 1.0, 2.0])
def test_heuristic_share_outside_zero_to_one_is_refused(share):
    with pytest.raises(ValueError, match="heuristic_share must be in"):
        level(crew_problem(), "cpsat", time_limit=1, heuristic_share=share)


@pytest.mark.parametrize("set_times", [True, False])
def test_cpsat_with_and_without_set_times_branching(set_times):
    result = level(crew_problem(), "cpsat", time_limit=5, set_times=set_times)
    assert result.makespan == 6
    assert result.status == "optimal"


def pairs_never_fit() -> LevelingProblem:
    # Any two of the three need 4 of 3 units: the optimum is 6, the work bound only 4.
    return LevelingProblem(
        activities=tuple(A(x, 2, {"rig": 2}) for x in "abc"),
        resources=(R("rig", 3),),
    )


def test_solver_beside_the_heuristic_proves_the_optimum():
    result = level(pairs_never_fit(), "cpsat", time_limit=5, heuristic_share=0.5)
    assert result.makespan == 6
    assert result.status == "optimal"
    assert result.lower_bound == 6
    assert check_leveled_schedule(pairs_never_fit(), result.starts) == ()


def test_solver_error_beside_the_heuristic_reaches_the_caller(monkeypatch):
    import tandem.engine.leveling.api as api

    def broken(*args, **kwargs):
        raise LevelingInfeasibleError("solver failed", ("a",))

    monkeypatch.setattr(api, "solve_cpsat", broken)
    with pytest.raises(LevelingInfeasibleError, match="solver failed"):
        level(pairs_never_fit(), "cpsat", time_limit=2, heuristic_share=0.5)


def pinned_successor_problem() -> LevelingProblem:
    return LevelingProblem(
        activities=(A("other", 3, {"r": 1}), A("pre", 2, {"r": 1}), A("pinned", 1, fixed_start=2)),
        resources=(R("r", 1),),
        precedences=(L("pre", "pinned"),),
    )


def test_pinned_starts_hold_with_a_heuristic_share():
    result = level(pinned_successor_problem(), "cpsat", time_limit=2, heuristic_share=0.5)
    assert dict(result.starts) == {"other": 2, "pre": 0, "pinned": 2}


def test_rules_missing_the_pins_leave_the_search_to_the_heuristic(monkeypatch):
    # When no rule schedule keeps the pins, there is nothing to hint: the heuristic searches
    # on (with the time share) and no solver runs beside it.
    from dataclasses import replace

    import tandem.engine.leveling.api as api

    real_search = api.search
    calls: list[tuple[int, float | None]] = []

    def rules_miss_the_pins(cp, *, iterations, time_limit=None, **kwargs):
        calls.append((iterations, time_limit))
        run = real_search(cp, iterations=iterations, time_limit=time_limit, **kwargs)
        return replace(run, meets_pins=False) if iterations == 0 else run

    def no_side_solver(*args, started=None, **kwargs):
        assert started is None, "no solver may run beside the heuristic without a hint"
        return api_solve(*args, **kwargs)

    api_solve = api.solve_cpsat
    monkeypatch.setattr(api, "search", rules_miss_the_pins)
    monkeypatch.setattr(api, "solve_cpsat", no_side_solver)
    result = level(pinned_successor_problem(), "cpsat", time_limit=2, heuristic_share=0.5)
    assert dict(result.starts) == {"other": 2, "pre": 0, "pinned": 2}
    assert calls[0] == (0, None)
    iterations, seconds = calls[1]
    assert iterations > 150
    assert seconds is not None
    assert seconds <= 1.0
