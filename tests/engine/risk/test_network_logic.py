"""Link logic, float and criticality on fixed durations, checked against hand results and an
independent fixed-point reference."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.risk import (
    RiskLink,
    RiskLinkType,
    RiskNetwork,
    RiskTask,
    simulate_schedule_risk,
)

FS, SS, FF, SF = RiskLinkType.FS, RiskLinkType.SS, RiskLinkType.FF, RiskLinkType.SF


def run(tasks, links):
    network = RiskNetwork(
        tuple(RiskTask(task_id, float(d), milestone=True) for task_id, d in tasks.items()),
        tuple(RiskLink(p, s, t, float(lag)) for p, s, t, lag in links),
    )
    return simulate_schedule_risk(network, iterations=2, seed=0)


@pytest.mark.parametrize(
    ("link", "b_finish", "finish", "critical"),
    [
        # A lasts 5, B lasts 3.
        ((FS, 2), 10, 10, {"A", "B"}),
        ((SS, 1), 4, 5, {"A"}),
        ((SS, 4), 7, 7, {"A", "B"}),
        ((FF, 2), 7, 7, {"A", "B"}),
        ((FF, -4), 1, 5, {"A"}),  # B starts at -2: a linked task follows its links
        ((SF, 6), 6, 6, {"A", "B"}),
        ((FS, -3), 5, 5, {"A", "B"}),
    ],
)
def test_each_link_type_with_lag(link, b_finish, finish, critical):
    kind, lag = link
    result = run({"A": 5, "B": 3}, [("A", "B", kind, lag)])
    assert result.milestones["B"].mean == b_finish
    assert result.finish.mean == finish
    assert result.deterministic_finish == finish
    assert {t for t, c in result.criticality.items() if c == 1.0} == critical
    assert all(c in (0.0, 1.0) for c in result.criticality.values())


def test_lag_as_percent_of_the_predecessor_duration():
    network = RiskNetwork(
        (RiskTask("A", 8.0), RiskTask("B", 2.0, milestone=True)),
        (RiskLink("A", "B", SS, lag=1.0, lag_percent=50.0),),
    )
    result = simulate_schedule_risk(network, iterations=2, seed=0)
    assert result.milestones["B"].mean == 1.0 + 4.0 + 2.0


def _reference(durations, links):
    """Early and late dates by repeated relaxation (Bellman-Ford style), independent of order."""
    # The project start (0) places tasks without predecessors; linked tasks follow their links.
    linked = {s for _p, s, _kind, _lag in links}
    start = {t: -math.inf if t in linked else 0.0 for t in durations}
    for _ in range(len(durations) + 1):
        for p, s, kind, lag in links:
            dp, ds = durations[p], durations[s]
            bound = {
                FS: start[p] + dp + lag,
                SS: start[p] + lag,
                FF: start[p] + dp + lag - ds,
                SF: start[p] + lag - ds,
            }[kind]
            start[s] = max(start[s], bound)
    finish = max(start[t] + durations[t] for t in durations)
    late_finish = dict.fromkeys(durations, finish)
    for _ in range(len(durations) + 1):
        for p, s, kind, lag in links:
            dp, ds = durations[p], durations[s]
            bound = {
                FS: late_finish[s] - ds - lag,
                SS: late_finish[s] - ds - lag + dp,
                FF: late_finish[s] - lag,
                SF: late_finish[s] - lag + dp,
            }[kind]
            late_finish[p] = min(late_finish[p], bound)
    critical = {t for t in durations if late_finish[t] - (start[t] + durations[t]) <= 1e-9}
    return start, finish, critical


@st.composite
def dags(draw):
    count = draw(st.integers(2, 9))
    durations = {f"t{k}": float(draw(st.integers(0, 9))) for k in range(count)}
    links = []
    for s in range(1, count):
        for p in draw(st.sets(st.integers(0, s - 1), max_size=3)):
            kind = draw(st.sampled_from([FS, SS, FF, SF]))
            links.append((f"t{p}", f"t{s}", kind, float(draw(st.integers(-3, 4)))))
    order = draw(st.permutations(list(durations)))
    return {t: durations[t] for t in order}, links


@settings(max_examples=150, deadline=None)
@given(dags())
def test_forward_and_backward_passes_match_the_reference(dag):
    durations, links = dag
    start, finish, critical = _reference(durations, links)
    result = run(durations, links)
    assert result.finish.mean == pytest.approx(finish)
    for task_id, d in durations.items():
        assert result.milestones[task_id].mean == pytest.approx(start[task_id] + d)
    assert {t for t, c in result.criticality.items() if c == 1.0} == critical
