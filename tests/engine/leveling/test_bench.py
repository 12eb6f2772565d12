"""The leveling benchmark command runs and reports on a small sample."""

from pathlib import Path

import pytest

from tandem.bench.leveling import main


@pytest.mark.benchdata
def test_bench_reports_both_levelers(benchdata: Path, capsys):
    argv = ["--data", str(benchdata), "--set", "j30", "--every", "40", "--limit", "2"]
    status = main([*argv, "--time-limit", "5", "--workers", "2", "--verbose"])
    out = capsys.readouterr().out
    assert status == 0
    assert "j30: 2 instances (every 40)" in out
    assert "j30 heuristic: 2 instances" in out
    assert "j30 cpsat: 2 instances" in out
    assert "infeasible/invalid 0" in out
    assert "j301_1 cpsat: makespan 43 (optimal, bound 43), best known 43" in out


def test_bench_without_data_fails_clearly(tmp_path: Path, capsys):
    assert main(["--data", str(tmp_path)]) == 1
    assert "PSPLIB data not found" in capsys.readouterr().err
