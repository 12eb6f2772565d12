"""``tandem bench gantt`` without a browser: its options and the lines it prints."""

import pytest

from tandem.bench import gantt
from tandem.bench.gantt import Plan, parse_args, report
from tandem.cli.bench import PARTS


def test_gantt_is_a_part_of_make_bench():
    assert PARTS["gantt"] == "tandem.bench.gantt"


def test_options_default_to_a_5000_task_plan_and_seven_runs():
    args = parse_args([])
    assert (args.tasks, args.runs, args.seed) == (5000, 7, 7)


def test_options_are_read():
    args = parse_args(["--tasks", "300", "--runs", "3", "--seed", "11", "--chromium", "/x/chr"])
    assert (args.tasks, args.runs, args.seed, args.chromium) == (300, 3, 11, "/x/chr")


@pytest.mark.parametrize("option", ["--tasks", "--runs"])
def test_a_count_below_one_is_refused(option, capsys):
    with pytest.raises(SystemExit) as stop:
        parse_args([option, "0"])
    assert stop.value.code == 2
    assert "must be 1 or more, not 0" in capsys.readouterr().err


def test_a_missing_chromium_is_named_before_anything_starts(capsys):
    assert gantt.main(["--chromium", "/nonexistent/chromium"]) == 1
    assert capsys.readouterr().out == (
        "Chromium not found at /nonexistent/chromium (apt-get install chromium)\n"
    )


def _figures(ready, change, frames):
    load = {"ttfb": 200.0, "html": 250.0, "bytes": 3_800_000, "frame": ready + 40}
    load |= {"tasks": 4755, "links": 5100, "nodes": 997}
    return {
        "load": (1.0, 1.5, 2.0),
        "chromium": "156.0",
        "loads": [load | {"ready": ready}] * 3,
        "scroll": {"intervals": frames, "screen": 658, "rows": 4755, "maxNodes": 1046},
        "changes": [{"elapsed": change, "moved": 911}] * 3,
        "chart": [{"elapsed": 1500.0}] * 3,
    }


PLAN = Plan(project_id=1, task_id=2, tasks=4755, links=5100, vendor="sqlite", seconds=9.0)


def test_report_passes_figures_under_their_targets():
    lines = report(PLAN, _figures(ready=900.0, change=300.0, frames=[16.7] * 99 + [33.4]), 3)
    assert lines[4] == (
        "  navigation to gantt-ready       median    900 ms (min 900, max 900) "
        "[target < 1000 ms: PASS]"
    )
    assert lines[6].endswith(
        "frame interval median 16.7 ms, p95 16.7 ms, max 33.4 ms, 0 over 50 ms, "
        "at most 1046 elements drawn [target: no frame over 50 ms: PASS]"
    )
    assert lines[7] == (
        "  change moving 911 tasks (PATCH round trip from the page) "
        "median    300 ms (min 300, max 300) [target < 500 ms: PASS]"
    )


def test_report_misses_figures_at_or_over_their_targets():
    lines = report(PLAN, _figures(ready=1000.0, change=500.0, frames=[16.7, 66.8]), 3)
    assert lines[4].endswith("[target < 1000 ms: MISS]")
    assert lines[6].endswith(
        "1 over 50 ms, at most 1046 elements drawn [target: no frame over 50 ms: MISS]"
    )
    assert lines[7].endswith("[target < 500 ms: MISS]")
