"""The leveling benchmark command runs and reports on a small sample."""

import re
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
    assert re.search(r"machine speed: [\d,]+ serial schedules/s on j301_1", out)
    assert re.search(r"heuristic schedules median [1-9]\d*", out)
    assert "j30 heuristic: 2 instances" in out
    assert "j30 cpsat: 2 instances" in out
    assert "infeasible/invalid 0" in out
    assert "j301_1 cpsat: makespan 43 (optimal, bound 43), best known 43" in out


def test_bench_without_data_fails_clearly(tmp_path: Path, capsys):
    assert main(["--data", str(tmp_path)]) == 1
    assert "PSPLIB data not found" in capsys.readouterr().err


@pytest.mark.benchdata
def test_bench_runs_named_instances_only(benchdata: Path, capsys):
    argv = ["--data", str(benchdata), "--instance", "j301_1", "--instance", "j601_1"]
    status = main([*argv, "--method", "heuristic", "--verbose"])
    out = capsys.readouterr().out
    assert status == 0
    assert "j30: 1 instances" in out
    assert "j60: 1 instances" in out
    assert "j120" not in out
    assert "serial schedules/s on j301_1" in out
    assert "serial schedules/s on j601_1" in out
    assert "j301_1 heuristic: makespan 43" in out


@pytest.mark.benchdata
def test_bench_refuses_an_unknown_instance(benchdata: Path, capsys):
    status = main(["--data", str(benchdata), "--instance", "j3099_1", "--method", "heuristic"])
    assert status == 1
    assert "unknown instance j3099_1" in capsys.readouterr().err


@pytest.mark.benchdata
@pytest.mark.parametrize("choice", ["on", "off"])
def test_bench_runs_the_neighbourhood_search_or_one_portfolio_run(benchdata: Path, capsys, choice):
    argv = ["--data", str(benchdata), "--instance", "j6013_1", "--method", "cpsat"]
    status = main([*argv, "--time-limit", "2", "--neighbourhoods", choice, "--verbose"])
    out = capsys.readouterr().out
    assert status == 0
    assert f"neighbourhoods {choice}" in out
    assert "j60 cpsat: 1 instances" in out
    assert "infeasible/invalid 0" in out
