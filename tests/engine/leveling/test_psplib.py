"""PSPLIB reader: real files and malformed input."""

import csv
from pathlib import Path

import pytest

from tandem.engine.formats.psplib import (
    PsplibFormatError,
    parse_psplib,
    read_psplib,
    read_psplib_makespans,
)
from tandem.engine.scheduling import FileFormatError

SMALL = """\
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  4
horizon                       :  9
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      2      0        7        3        5
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    0
  3      1     5       1    1
  4      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    2    1
************************************************************************
"""


def test_parse_small_file_reads_jobs_links_and_resources():
    inst = parse_psplib(SMALL, source="small.sm", name="small")
    problem = inst.problem
    assert inst.horizon == 9
    assert inst.due_date == 7
    assert [a.id for a in problem.activities] == ["1", "2", "3", "4"]
    assert [a.duration for a in problem.activities] == [0, 3, 5, 0]
    assert problem.activities[2].demands == {"R1": 1, "R2": 1}
    assert problem.activities[0].demands == {}
    assert [(r.id, r.capacity) for r in problem.resources] == [("R1", 2), ("R2", 1)]
    links = [(p.predecessor_id, p.successor_id, p.lag) for p in problem.precedences]
    assert links == [("1", "2", 0), ("1", "3", 0), ("2", "4", 0), ("3", "4", 0)]


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        (
            "   2        1          1           4",
            "   2        1          2           4",
            16,
            "lists 1",
        ),
        (
            "   3        1          1           4",
            "   3        1          1           9",
            17,
            "unknown successor job 9",
        ),
        ("  3      1     5       1    1", "  3      1     5       1    x", 25, "whole numbers"),
        ("  3      1     5       1    1", "  3      1     5       1", 25, "expected job 3"),
        (
            "   2        1          1           4",
            "   2        2          1           4",
            16,
            "2 modes",
        ),
        ("    2    1\n", "    2    -1\n", 30, "availabilities"),
        (
            "  2      1     3       2    0",
            "  2      1     3       3    0",
            30,
            "job 2 needs 3 of R1",
        ),
    ],
)
def test_malformed_file_names_file_and_line(old, new, line, words):
    text = SMALL.replace(old, new)
    assert text != SMALL
    with pytest.raises(PsplibFormatError) as err:
        parse_psplib(text, source="bad.sm")
    assert err.value.path == "bad.sm"
    assert err.value.line == line
    assert str(err.value).startswith(f"bad.sm:{line}: ")
    assert words in str(err.value)


def test_missing_section_is_reported():
    text = SMALL[: SMALL.index("RESOURCEAVAILABILITIES")]
    with pytest.raises(PsplibFormatError, match="RESOURCEAVAILABILITIES"):
        parse_psplib(text, source="cut.sm")


def test_format_error_is_a_file_format_error_and_value_error():
    assert issubclass(PsplibFormatError, FileFormatError)
    assert issubclass(PsplibFormatError, ValueError)


def test_binary_file_is_rejected(tmp_path: Path):
    path = tmp_path / "junk.sm"
    path.write_bytes(b"\xff\xfe\x00jobs")
    with pytest.raises(PsplibFormatError, match="junk.sm"):
        read_psplib(path)


@pytest.mark.benchdata
def test_reads_every_psplib_instance(benchdata: Path):
    counts = {}
    for name in ("j30", "j60", "j120"):
        files = sorted((benchdata / "psplib" / name).glob("*.sm"))
        for file in files:
            inst = read_psplib(file)
            size = int(name[1:]) + 2
            assert len(inst.problem.activities) == size, file
            assert len(inst.problem.resources) == 4, file
        counts[name] = len(files)
    assert counts == {"j30": 480, "j60": 480, "j120": 600}


@pytest.mark.benchdata
def test_first_j30_instance_matches_the_file(benchdata: Path):
    inst = read_psplib(benchdata / "psplib" / "j30" / "j301_1.sm")
    problem = inst.problem
    assert inst.name == "j301_1"
    assert inst.horizon == 158
    assert [r.capacity for r in problem.resources] == [12, 13, 4, 12]
    job2 = problem.activities[1]
    assert (job2.duration, dict(job2.demands)) == (8, {"R1": 4})
    succ = [p.successor_id for p in problem.precedences if p.predecessor_id == "2"]
    assert succ == ["6", "11", "15"]


@pytest.mark.benchdata
def test_solution_table_agrees_with_reference_bounds(benchdata: Path):
    optima = read_psplib_makespans(benchdata / "psplib" / "solutions" / "j30opt.sm", "j30")
    assert len(optima) == 480
    with (benchdata / "psplib" / "reference_bounds.csv").open() as f:
        rows = [r for r in csv.DictReader(f) if r["set"] == "j30"]
    assert {r["instance"]: int(r["best_ub"]) for r in rows} == optima


def test_solution_table_without_rows_is_rejected(tmp_path: Path):
    path = tmp_path / "empty.sm"
    path.write_text("Paramter Instance Makespan\n-----\n")
    with pytest.raises(PsplibFormatError, match="no makespan rows"):
        read_psplib_makespans(path, "j30")


def test_solution_table_rows_are_read(tmp_path: Path):
    path = tmp_path / "opt.sm"
    path.write_text("header\n1       1         43       0.30\n13      2         62       9.1\n")
    assert read_psplib_makespans(path, "j30") == {"j301_1": 43, "j3013_2": 62}
