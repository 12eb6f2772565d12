"""Monte Carlo results against closed-form answers.

Every tolerance is derived from the iteration count N: a sample mean is within 5 standard errors
(sigma / sqrt(N)) of its expectation; a sample variance within 5 * sigma^2 * sqrt(2 / N) (its
standard error for a normal sum; sums of bounded, platykurtic durations have a smaller one); a
sample proportion within 5 * sqrt(p (1 - p) / N). With a fixed seed the tests are deterministic;
the bounds say that any seed would pass with probability above 0.9999.
"""

import math

import numpy as np
import pytest

from tandem.engine.risk import (
    DurationDistribution,
    RiskEvent,
    RiskLink,
    RiskNetwork,
    RiskTask,
    ThreePointEstimate,
    simulate_schedule_risk,
)

N = 40_000
Z = 5.0
TRI = DurationDistribution.TRIANGULAR
PERT = DurationDistribution.PERT


def triangular_cdf(x, a, m, b):
    if x <= a:
        return 0.0
    if x >= b:
        return 1.0
    if x <= m:
        return (x - a) ** 2 / ((b - a) * (m - a))
    return 1.0 - (b - x) ** 2 / ((b - a) * (b - m))


def proportion_tolerance(p):
    return Z * math.sqrt(max(p * (1 - p), 1e-12) / N)


def chain(estimates, lags=None):
    tasks = tuple(RiskTask(f"t{k}", e) for k, e in enumerate(estimates))
    lags = lags or [0.0] * (len(estimates) - 1)
    links = tuple(RiskLink(f"t{k}", f"t{k + 1}", lag=lag) for k, lag in enumerate(lags))
    return RiskNetwork(tasks, links)


@pytest.mark.parametrize("shape", [TRI, PERT])
def test_chain_finish_is_a_sum_of_durations(shape):
    estimates = [ThreePointEstimate(2 + k, 4 + 2 * k, 9 + 3 * k, shape) for k in range(8)]
    lags = [1.0, -0.5, 0.0, 2.0, 0.0, 0.0, 0.5]
    result = simulate_schedule_risk(chain(estimates, lags), iterations=N, seed=11)
    mean = sum(e.mean for e in estimates) + sum(lags)
    variance = sum(e.variance for e in estimates)
    sigma = math.sqrt(variance)
    assert result.finish.mean == pytest.approx(mean, abs=Z * sigma / math.sqrt(N))
    assert result.finish.std**2 == pytest.approx(variance, abs=Z * variance * math.sqrt(2 / N))
    # Every task of a chain is always critical.
    assert set(result.criticality.values()) == {1.0}


@pytest.mark.parametrize(("a", "m", "b"), [(1.0, 2.0, 10.0), (5.0, 5.0, 8.0), (3.0, 7.0, 7.0)])
def test_single_pert_task_matches_the_beta_moments(a, m, b):
    estimate = ThreePointEstimate(a, m, b, PERT)
    result = simulate_schedule_risk(RiskNetwork((RiskTask("x", estimate),)), iterations=N, seed=3)
    assert estimate.mean == pytest.approx((a + 4 * m + b) / 6)
    sigma = math.sqrt(estimate.variance)
    assert result.finish.mean == pytest.approx(estimate.mean, abs=Z * sigma / math.sqrt(N))
    assert result.finish.std**2 == pytest.approx(
        estimate.variance, abs=Z * estimate.variance * math.sqrt(2 / N)
    )
    assert a <= result.finish.minimum
    assert result.finish.maximum <= b


def test_parallel_paths_finish_is_the_maximum():
    first = (2.0, 6.0, 12.0)
    second = (4.0, 5.0, 10.0)
    network = RiskNetwork(
        (
            RiskTask("p1", ThreePointEstimate(*first, TRI)),
            RiskTask("p2", ThreePointEstimate(*second, TRI)),
            RiskTask("end", 0.0, milestone=True),
        ),
        (RiskLink("p1", "end"), RiskLink("p2", "end")),
    )
    result = simulate_schedule_risk(network, iterations=N, seed=5)
    for t in (4.0, 5.5, 7.0, 8.5, 10.0, 11.0):
        expected = triangular_cdf(t, *first) * triangular_cdf(t, *second)
        assert result.probability_finish_by(t) == pytest.approx(
            expected, abs=proportion_tolerance(expected)
        )
    assert result.milestones["end"].p50 == result.finish.p50


def test_criticality_of_parallel_paths_is_the_chance_each_is_longer():
    # p1 fixed at 6: it is critical exactly when the triangular p2 finishes by 6.
    network = RiskNetwork(
        (
            RiskTask("p1", 6.0),
            RiskTask("p2", ThreePointEstimate(2, 5, 10, TRI)),
            RiskTask("end", 0.0),
        ),
        (RiskLink("p1", "end"), RiskLink("p2", "end")),
    )
    result = simulate_schedule_risk(network, iterations=N, seed=8)
    expected = triangular_cdf(6.0, 2, 5, 10)
    assert result.criticality["p1"] == pytest.approx(expected, abs=proportion_tolerance(expected))
    assert result.criticality["p2"] == pytest.approx(
        1 - expected, abs=proportion_tolerance(expected)
    )
    assert result.criticality["end"] == 1.0


@pytest.mark.parametrize("p", [0.05, 0.3, 0.8])
def test_risk_event_occurs_in_its_share_of_iterations(p):
    network = RiskNetwork(
        (RiskTask("a", 10.0), RiskTask("b", 5.0)),
        (RiskLink("a", "b"),),
        (RiskEvent("late-permit", p, ("a",), delay=4.0, cost=1000.0),),
    )
    result = simulate_schedule_risk(network, iterations=N, seed=21)
    impact = result.event_impacts["late-permit"]
    assert impact.occurrence_rate == pytest.approx(p, abs=proportion_tolerance(p))
    # Fixed durations: the finish is 15, or 19 when the event strikes.
    assert result.probability_finish_by(15.0) == pytest.approx(
        1 - impact.occurrence_rate, abs=1e-12
    )
    assert impact.mean_finish_if_occurred == 19.0
    assert impact.mean_finish_if_not == 15.0
    assert impact.finish_delta == 4.0
    assert impact.finish_rank_correlation == pytest.approx(1.0)
    assert result.cost.mean == pytest.approx(1000.0 * impact.occurrence_rate)


def test_event_delay_drawn_from_an_estimate_adds_its_mean_times_probability():
    delay = ThreePointEstimate(1.0, 2.0, 9.0, TRI)
    network = RiskNetwork(
        (RiskTask("a", 10.0),), events=(RiskEvent("storm", 0.5, ("a",), delay=delay),)
    )
    result = simulate_schedule_risk(network, iterations=N, seed=4)
    # Finish = 10 + B * D with B ~ Bernoulli(p), D ~ delay: mean p E[D], variance p E[D^2] - (p E[D])^2.
    p = 0.5
    second_moment = delay.variance + delay.mean**2
    variance = p * second_moment - (p * delay.mean) ** 2
    assert result.finish.mean == pytest.approx(10 + p * delay.mean, abs=Z * math.sqrt(variance / N))


def test_cost_is_fixed_plus_rate_times_duration():
    estimate = ThreePointEstimate(4.0, 6.0, 11.0, PERT)
    network = RiskNetwork((RiskTask("a", estimate, fixed_cost=500.0, cost_per_unit=100.0),))
    result = simulate_schedule_risk(network, iterations=N, seed=9)
    sigma = 100.0 * math.sqrt(estimate.variance)
    assert result.cost.mean == pytest.approx(
        500.0 + 100.0 * estimate.mean, abs=Z * sigma / math.sqrt(N)
    )
    assert np.allclose(result.cost.samples, 500.0 + 100.0 * result.finish.samples)


def test_no_costs_means_no_cost_distribution():
    result = simulate_schedule_risk(
        chain([ThreePointEstimate(1, 2, 3)] * 2), iterations=100, seed=1
    )
    assert result.cost is None


def test_milestone_mid_chain_has_the_distribution_of_its_predecessors_sum():
    first, second = ThreePointEstimate(3, 5, 10, TRI), ThreePointEstimate(1, 2, 6, PERT)
    network = RiskNetwork(
        (
            RiskTask("a", first),
            RiskTask("b", second),
            RiskTask("gate", 0.0, milestone=True),
            RiskTask("c", ThreePointEstimate(4, 4, 20)),
        ),
        (RiskLink("a", "b"), RiskLink("b", "gate"), RiskLink("gate", "c")),
    )
    result = simulate_schedule_risk(network, iterations=N, seed=17)
    gate = result.milestones["gate"]
    variance = first.variance + second.variance
    assert gate.mean == pytest.approx(first.mean + second.mean, abs=Z * math.sqrt(variance / N))
    assert gate.std**2 == pytest.approx(variance, abs=Z * variance * math.sqrt(2 / N))
    assert np.all(result.finish.samples >= gate.samples + 4)


def test_an_event_that_never_occurs_has_undefined_conditional_figures():
    network = RiskNetwork(
        (RiskTask("a", ThreePointEstimate(1, 2, 3)),),
        events=(RiskEvent("never", 0.0, ("a",), delay=5.0),),
    )
    impact = simulate_schedule_risk(network, iterations=500, seed=1).event_impacts["never"]
    assert impact.occurrence_rate == 0.0
    assert impact.mean_finish_if_occurred is None
    assert impact.finish_delta is None
    assert impact.finish_rank_correlation is None
    assert impact.mean_finish_if_not is not None
