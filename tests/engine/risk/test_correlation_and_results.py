"""Correlation, sensitivity, reproducibility, date mapping and input errors."""

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from tandem.engine.risk import (
    CorrelationGroup,
    CorrelationMatrix,
    DurationDistribution,
    RiskEvent,
    RiskLink,
    RiskModelError,
    RiskNetwork,
    RiskNetworkCycleError,
    RiskTask,
    RiskUnknownTaskError,
    ThreePointEstimate,
    simulate_schedule_risk,
)
from tandem.engine.risk import simulation as risk_simulation
from tandem.engine.risk.statistics import average_ranks, spearman_rows

N = 20_000
TRI = DurationDistribution.TRIANGULAR
PERT = DurationDistribution.PERT


def expected_rank_correlation(rho):
    # Spearman correlation of a bivariate normal with Pearson correlation rho.
    return 6 / math.pi * math.asin(rho / 2)


def parallel(estimates, correlations=()):
    tasks = tuple(RiskTask(f"t{k}", e, milestone=True) for k, e in enumerate(estimates))
    return RiskNetwork(tasks, correlations=tuple(correlations))


def sample_rank_correlation(result, a, b):
    return spearman_rows(result.milestones[a].samples.reshape(1, -1), result.milestones[b].samples)[
        0
    ]


# Spearman's standard error is at most about 1 / sqrt(N - 1); 5 of them bound the check.
RHO_TOLERANCE = 5 / math.sqrt(N - 1)


@pytest.mark.parametrize("shape", [TRI, PERT])
def test_group_correlation_gives_the_copula_rank_correlation(shape):
    estimates = [
        ThreePointEstimate(1, 3, 8, shape),
        ThreePointEstimate(2, 2.5, 9, shape),
        ThreePointEstimate(0, 4, 5, shape),
    ]
    result = simulate_schedule_risk(
        parallel(estimates, [CorrelationGroup(("t0", "t1", "t2"), 0.6)]), iterations=N, seed=12
    )
    for a, b in (("t0", "t1"), ("t0", "t2"), ("t1", "t2")):
        assert sample_rank_correlation(result, a, b) == pytest.approx(
            expected_rank_correlation(0.6), abs=RHO_TOLERANCE
        )
    # Marginals are unchanged by the copula.
    for k, e in enumerate(estimates):
        sigma = math.sqrt(e.variance)
        assert result.milestones[f"t{k}"].mean == pytest.approx(
            e.mean, abs=5 * sigma / math.sqrt(N)
        )


def test_correlation_matrix_including_a_negative_pair():
    matrix = ((1.0, 0.8, -0.3), (0.8, 1.0, 0.0), (-0.3, 0.0, 1.0))
    estimates = [ThreePointEstimate(1, 3, 8, TRI)] * 2 + [ThreePointEstimate(1, 3, 8, PERT)]
    result = simulate_schedule_risk(
        parallel(estimates, [CorrelationMatrix(("t0", "t1", "t2"), matrix)]), iterations=N, seed=13
    )
    for (a, b), rho in {("t0", "t1"): 0.8, ("t0", "t2"): -0.3, ("t1", "t2"): 0.0}.items():
        assert sample_rank_correlation(result, a, b) == pytest.approx(
            expected_rank_correlation(rho), abs=RHO_TOLERANCE
        )


def test_uncorrelated_tasks_are_independent():
    estimates = [ThreePointEstimate(1, 3, 8, TRI), ThreePointEstimate(1, 3, 8, PERT)]
    result = simulate_schedule_risk(parallel(estimates), iterations=N, seed=14)
    assert sample_rank_correlation(result, "t0", "t1") == pytest.approx(0.0, abs=RHO_TOLERANCE)


def test_sensitivity_ranks_the_driving_task():
    network = RiskNetwork(
        (
            RiskTask("big", ThreePointEstimate(5, 10, 30)),
            RiskTask("small", ThreePointEstimate(1, 2, 3)),
            RiskTask("fixed", 4.0),
        ),
        (RiskLink("big", "small"), RiskLink("small", "fixed")),
    )
    result = simulate_schedule_risk(network, iterations=5_000, seed=2)
    sensitivity = result.duration_sensitivity
    assert sensitivity["fixed"] is None
    assert sensitivity["big"] > 0.9
    assert 0 < sensitivity["small"] < sensitivity["big"]


def test_sensitivity_of_the_only_varying_task_is_one():
    network = RiskNetwork(
        (RiskTask("a", ThreePointEstimate(1, 2, 6)), RiskTask("b", 3.0)), (RiskLink("a", "b"),)
    )
    result = simulate_schedule_risk(network, iterations=1_000, seed=2)
    assert result.duration_sensitivity["a"] == pytest.approx(1.0)


def test_average_ranks_share_ties():
    ranks = average_ranks(
        np.array([[3.0, 1.0, 2.0, 2.0, 5.0, 1.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]])
    )
    assert ranks.tolist() == [[5.0, 1.5, 3.5, 3.5, 6.0, 1.5], [3.5] * 6]


def _network_with_everything():
    return RiskNetwork(
        (
            RiskTask("a", ThreePointEstimate(1, 2, 5, TRI), cost_per_unit=10.0),
            RiskTask("b", ThreePointEstimate(2, 3, 9)),
            RiskTask("m", 0.0, milestone=True),
        ),
        (RiskLink("a", "m"), RiskLink("b", "m")),
        (RiskEvent("e", 0.2, ("b",), delay=ThreePointEstimate(1, 2, 3), cost=5.0),),
        (CorrelationGroup(("a", "b"), 0.4),),
    )


def test_same_seed_same_results_other_seed_other_results():
    first = simulate_schedule_risk(_network_with_everything(), iterations=3_000, seed=77)
    again = simulate_schedule_risk(_network_with_everything(), iterations=3_000, seed=77)
    other = simulate_schedule_risk(_network_with_everything(), iterations=3_000, seed=78)
    assert np.array_equal(first.finish.samples, again.finish.samples)
    assert np.array_equal(first.cost.samples, again.cost.samples)
    assert first.criticality == again.criticality
    assert not np.array_equal(first.finish.samples, other.finish.samples)


def test_summary_fields_are_consistent():
    result = simulate_schedule_risk(
        _network_with_everything(), iterations=3_000, seed=1, histogram_bins=20
    )
    f = result.finish
    assert f.minimum <= f.p10 <= f.p50 <= f.p80 <= f.p90 <= f.maximum
    assert f.p80 == pytest.approx(np.percentile(f.samples, 80))
    assert f.percentile(80) == f.p80
    assert len(f.histogram_edges) == 21
    assert sum(f.histogram_counts) == 3_000
    assert f.mean == pytest.approx(f.samples.mean())
    assert result.iterations == 3_000
    assert result.seed == 1
    with pytest.raises(ValueError, match="read-only"):
        f.samples[0] = 0.0


def test_finish_maps_to_dates_and_target_dates():
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)

    def to_datetime(days):
        return start + timedelta(days=days)

    result = simulate_schedule_risk(
        _network_with_everything(), iterations=2_000, seed=5, to_datetime=to_datetime
    )
    assert result.finish_dates["p80"] == to_datetime(result.finish.p80)
    assert result.milestone_dates["m"]["p50"] == to_datetime(result.milestones["m"].p50)
    for days in (3.0, 5.0, 7.5, 20.0):
        assert result.probability_finish_by(to_datetime(days)) == result.probability_finish_by(days)
    milestone_p80 = to_datetime(result.milestones["m"].p80)
    assert result.probability_finish_by(milestone_p80, milestone="m") == pytest.approx(
        0.8, abs=1e-3
    )
    with pytest.raises(RiskModelError, match="unknown milestone 'a'"):
        result.probability_finish_by(3.0, milestone="a")
    without = simulate_schedule_risk(_network_with_everything(), iterations=100, seed=5)
    assert without.finish_dates == {}
    with pytest.raises(RiskModelError, match="to_datetime"):
        without.probability_finish_by(start)


def test_errors_name_the_offending_items():
    a, b = RiskTask("a", 1.0), RiskTask("b", 1.0)
    with pytest.raises(RiskNetworkCycleError, match="a -> b -> a|b -> a -> b") as cycle:
        simulate_schedule_risk(RiskNetwork((a, b), (RiskLink("a", "b"), RiskLink("b", "a"))))
    assert set(cycle.value.cycle) == {"a", "b"}
    with pytest.raises(RiskUnknownTaskError, match="'zz'.*link 'a' -> 'zz'"):
        simulate_schedule_risk(RiskNetwork((a,), (RiskLink("a", "zz"),)))
    with pytest.raises(RiskUnknownTaskError, match="risk event 'r'"):
        simulate_schedule_risk(RiskNetwork((a,), events=(RiskEvent("r", 0.5, ("q",)),)))
    with pytest.raises(RiskModelError, match="task 'x' duration.*optimistic <= most likely"):
        simulate_schedule_risk(RiskNetwork((RiskTask("x", ThreePointEstimate(5, 3, 9)),)))
    with pytest.raises(RiskModelError, match="duplicate task ids: a"):
        simulate_schedule_risk(RiskNetwork((a, a)))
    with pytest.raises(RiskModelError, match="'r'.*probability"):
        simulate_schedule_risk(RiskNetwork((a,), events=(RiskEvent("r", 1.5, ("a",)),)))
    bad = ((1.0, 0.9, -0.9), (0.9, 1.0, 0.9), (-0.9, 0.9, 1.0))
    with pytest.raises(RiskModelError, match="not positive definite"):
        simulate_schedule_risk(
            parallel([1.0, 2.0, 3.0], [CorrelationMatrix(("t0", "t1", "t2"), bad)])
        )
    with pytest.raises(RiskModelError, match="task 't0' is in correlations #1 and #2"):
        simulate_schedule_risk(
            parallel(
                [1.0, 2.0], [CorrelationGroup(("t0", "t1"), 0.2), CorrelationGroup(("t0",), 0.3)]
            )
        )
    with pytest.raises(RiskModelError, match="iterations"):
        simulate_schedule_risk(RiskNetwork((a,)), iterations=1)


def test_negative_delay_never_makes_a_duration_negative():
    network = RiskNetwork(
        (RiskTask("a", 2.0),), events=(RiskEvent("shortcut", 1.0, ("a",), delay=-5.0),)
    )
    result = simulate_schedule_risk(network, iterations=10, seed=0)
    assert result.finish.maximum == 0.0


def test_unknown_distribution_or_link_type_is_a_risk_model_error():
    with pytest.raises(RiskModelError, match="task 'x' duration: unknown distribution 'lognormal'"):
        simulate_schedule_risk(
            RiskNetwork((RiskTask("x", ThreePointEstimate(1, 2, 3, "lognormal")),))
        )
    tasks = (RiskTask("a", 1.0), RiskTask("b", 1.0))
    with pytest.raises(RiskModelError, match="link 'a' -> 'b': unknown link type 'XX'"):
        simulate_schedule_risk(RiskNetwork(tasks, (RiskLink("a", "b", "XX"),)))


def test_progress_is_reported_per_batch_and_changes_nothing(monkeypatch):
    # Batches of 100 iterations for the three-task network.
    monkeypatch.setattr(risk_simulation, "_BATCH_ELEMENTS", 300)
    network = _network_with_everything()
    assert len(network.tasks) == 3
    seen: list[tuple[int, int]] = []
    quiet = simulate_schedule_risk(network, iterations=250, seed=5)
    told = simulate_schedule_risk(
        network, iterations=250, seed=5, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(100, 250), (200, 250), (250, 250)]
    assert np.array_equal(quiet.finish.samples, told.finish.samples)
