"""Property-based checks of both levelers against the checker and an exhaustive search."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.engine.leveling import (
    LevelingActivity,
    LevelingLinkType,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
    check_leveled_schedule,
    level,
)


@st.composite
def problems(
    draw, max_activities=7, link_types=tuple(LevelingLinkType), lags=(-2, 3), releases=True
):
    n = draw(st.integers(1, max_activities))
    n_res = draw(st.integers(1, 2))
    resources = []
    for k in range(n_res):
        capacity = draw(st.integers(1, 4))
        profile = draw(st.lists(st.integers(0, capacity + 1), max_size=6)) if k == 1 else []
        resources.append(LevelingResource(f"r{k}", capacity, tuple(profile)))
    activities = []
    for j in range(n):
        demands = {r.id: draw(st.integers(0, r.capacity)) for r in resources if draw(st.booleans())}
        activities.append(
            LevelingActivity(
                f"t{j}",
                draw(st.integers(0 if releases else 1, 4)),
                demands,
                priority=draw(st.sampled_from([100, 500, 900])),
                release=draw(st.integers(0, 3)) if releases else 0,
            )
        )
    links = []
    for j in range(1, n):
        for i in draw(st.sets(st.integers(0, j - 1), max_size=2)):
            links.append(
                LevelingPrecedence(
                    f"t{i}",
                    f"t{j}",
                    draw(st.integers(*lags)),
                    draw(st.sampled_from(link_types)),
                )
            )
    return LevelingProblem(tuple(activities), tuple(resources), tuple(links))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.sampled_from(["serial", "parallel", "mixed"]))
def test_heuristic_schedule_is_feasible_and_not_below_the_bounds(problem, scheme):
    result = level(problem, scheme=scheme, iterations=20)
    assert check_leveled_schedule(problem, result.starts) == ()
    assert result.makespan >= result.critical_path_bound
    assert result.makespan >= result.lower_bound
    assert result.status == ("optimal" if result.makespan == result.lower_bound else "feasible")
    for task_id, delay in result.delays.items():
        assert delay.delay == result.starts[task_id] - delay.early_start > 0
        assert delay.precedence_delay + delay.resource_delay == delay.delay


def _finish(problem, starts):
    return max((starts[a.id] + a.duration for a in problem.activities), default=0)


def brute_force_makespan(problem):
    """Smallest makespan over every start vector, by depth-first search on start periods.

    Independent of the levelers: it tries every start in a window and asks the checker.
    """
    acts = problem.activities
    # Periods of reduced capacity (a profile) can push every start past them: the window covers
    # the longest profile too.
    profiles = max((len(r.capacity_profile) for r in problem.resources), default=0)
    horizon = (
        sum(a.duration for a in acts) + sum(abs(p.lag) for p in problem.precedences) + profiles + 4
    )
    best = [horizon + 1]
    starts: dict[str, int] = {}

    def partial_ok():
        sub = LevelingProblem(
            tuple(a for a in acts if a.id in starts),
            problem.resources,
            tuple(
                p
                for p in problem.precedences
                if p.predecessor_id in starts and p.successor_id in starts
            ),
        )
        return check_leveled_schedule(sub, starts) == ()

    def search(j):
        if j == len(acts):
            best[0] = min(best[0], _finish(problem, starts))
            return
        for s in range(0, best[0] - acts[j].duration):
            starts[acts[j].id] = s
            if partial_ok():
                search(j + 1)
            del starts[acts[j].id]

    search(0)
    return best[0]


tiny = problems(
    max_activities=4,
    link_types=(LevelingLinkType.FS, LevelingLinkType.SS),
    lags=(0, 1),
    releases=False,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny)
def test_heuristic_and_cpsat_match_the_exhaustive_optimum(problem):
    optimum = brute_force_makespan(problem)
    exact = level(problem, "cpsat", time_limit=5, num_workers=1)
    fast = level(problem, "heuristic")
    assert exact.status == "optimal"
    assert exact.makespan == optimum
    assert exact.lower_bound == optimum
    assert fast.makespan == optimum
    assert check_leveled_schedule(problem, exact.starts) == ()
