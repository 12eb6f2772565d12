"""The risk benchmark runs end to end in its quick mode (no timing is asserted)."""

from tandem.bench.risk import main, random_risk_network
from tandem.engine.risk import simulate_schedule_risk


def test_quick_benchmark_runs(capsys):
    assert main(["--quick", "--no-memory"]) == 0
    out = capsys.readouterr().out
    assert "100 tasks x  10000 iterations" in out
    assert "earned value:" in out


def test_random_network_is_reproducible_and_valid():
    first, second = random_risk_network(200, 7), random_risk_network(200, 7)
    assert first == second
    result = simulate_schedule_risk(first, iterations=50, seed=1)
    assert len(result.criticality) == 200
    assert result.finish.minimum > 0
