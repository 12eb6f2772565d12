"""The benchmark runs end to end on a small size (its timings are not checked here)."""

import pytest

from tandem.bench import meetings as bench

pytestmark = pytest.mark.benchdata


def test_benchmark_runs_and_checks_its_slots(benchdata, capsys):
    status = bench.main(["--people", "5", "--repeat", "1", "--benchdata", str(benchdata)])
    out = capsys.readouterr().out
    assert status == 0
    assert "parse: 8 feeds" in out
    assert "5 people, best 10, 5 required" in out
    assert "BUSY OVERLAPS" not in out
