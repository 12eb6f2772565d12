"""``tandem bench load`` without a server: its options, percentiles, report and lost-write check."""

import math

import pytest

from tandem.bench import load
from tandem.bench.load import Outcome, lost_writes, parse_args, percentile, report
from tandem.cli.bench import PARTS


def test_load_is_a_part_of_make_bench():
    assert PARTS["load"] == "tandem.bench.load"


def test_options_default_to_50_users_for_three_minutes():
    args = parse_args([])
    assert (args.users, args.seconds, args.think, args.seed) == (50, 180, 0.5, 7)


def test_options_are_read():
    args = parse_args(["--users", "10", "--seconds", "20", "--think", "0", "--seed", "3"])
    assert (args.users, args.seconds, args.think, args.seed) == (10, 20, 0.0, 3)


@pytest.mark.parametrize("option", ["--users", "--seconds"])
def test_a_count_below_one_is_refused(option, capsys):
    with pytest.raises(SystemExit) as stop:
        parse_args([option, "0"])
    assert stop.value.code == 2
    assert "must be 1 or more, not 0" in capsys.readouterr().err


def test_a_negative_pause_is_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        parse_args(["--think", "-1"])
    assert stop.value.code == 2
    assert "must be 0 or more, not -1" in capsys.readouterr().err


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(100, 0, -1)]
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert percentile([7.0], 0.99) == 7.0
    assert math.isnan(percentile([], 0.5))


def _outcome(api_ms, page_ms, errors=None):
    outcome = Outcome(seconds=10.0, errors=errors or {}, refused=2)
    outcome.samples = {"api": [api_ms] * 60, "page": [page_ms] * 20, "write": [50.0] * 18}
    outcome.writes = [{"kind": "comment", "id": 1, "value": "x"}] * 18
    return outcome


def test_report_passes_figures_under_their_targets():
    lines = report(_outcome(120.0, 400.0), [], users=50)
    assert lines == [
        "  50 users, 10 s: 98 requests, 9.8 req/s",
        "  api    n=60     p50     120 ms  p95     120 ms  p99     120 ms",
        "  page   n=20     p50     400 ms  p95     400 ms  p99     400 ms",
        "  write  n=18     p50      50 ms  p95      50 ms  p99      50 ms",
        "  errors 0",
        "  refused writes (412 on a racing If-Match) 2",
        "  acknowledged writes 18, lost 0",
        "  api p95 120 ms [target < 300 ms: PASS]",
        "  page p95 400 ms [target < 1000 ms: PASS]",
        "  errors 0 [target 0: PASS]",
        "  lost writes 0 [target 0: PASS]",
    ]


def test_report_misses_slow_answers_errors_and_lost_writes():
    errors = {"GET /api/tasks/{id}: 500": 1, "GET /projects/{id}/: ReadTimeout": 2}
    outcome = _outcome(300.0, 1200.0, errors)
    outcome.by_label = {
        "GET /api/projects": [10.0, 20.0],
        "GET /projects/{id}/gantt/": [900.0, 1500.0],
        "GET /api/projects/{id}/gantt": [300.0],
        "POST /api/comments": [40.0],
    }
    lines = report(outcome, ["comment 4 (x)"], users=5)
    assert lines[0] == "  5 users, 10 s: 101 requests, 10.1 req/s"
    assert lines[4:8] == [
        "    slowest: GET /projects/{id}/gantt/ p95 1500 ms (n=2)",
        "    slowest: GET /api/projects/{id}/gantt p95 300 ms (n=1)",
        "    slowest: POST /api/comments p95 40 ms (n=1)",
        "  errors 3 (GET /api/tasks/{id}: 500: 1, GET /projects/{id}/: ReadTimeout: 2)",
    ]
    assert lines[9:] == [
        "  acknowledged writes 18, lost 1",
        "    lost: comment 4 (x)",
        "  api p95 300 ms [target < 300 ms: MISS]",
        "  page p95 1200 ms [target < 1000 ms: MISS]",
        "  errors 3 [target 0: MISS]",
        "  lost writes 1 [target 0: MISS]",
    ]


class _Rows:
    """A stand-in for a model's manager holding fixed rows."""

    def __init__(self, rows):
        self.rows = rows
        self.objects = self

    def filter(self, **match):
        self.found = [r for r in self.rows if all(r.get(k) == v for k, v in match.items())]
        return self

    def exists(self):
        return bool(self.found)

    def values(self, *names):
        return self

    def first(self):
        return self.found[0] if self.found else None


def test_the_latest_acknowledged_task_change_and_every_created_row_must_be_there():
    tasks = _Rows([{"pk": 1, "description": "b", "version": 3}])
    comments = _Rows([{"pk": 10, "body": "c"}])
    risks = _Rows([{"pk": 20, "title": "r"}])
    writes = [
        {"kind": "task", "id": 1, "value": "a", "version": 2},
        {"kind": "task", "id": 1, "value": "b", "version": 3},
        {"kind": "comment", "id": 10, "value": "c"},
        {"kind": "risk", "id": 20, "value": "r"},
    ]
    assert lost_writes(writes, tasks, comments, risks) == []
    writes += [
        {"kind": "task", "id": 1, "value": "a2", "version": 2},
        {"kind": "comment", "id": 11, "value": "gone"},
        {"kind": "risk", "id": 20, "value": "other"},
    ]
    assert lost_writes(writes, tasks, comments, risks) == [
        "task 1 version 2 acknowledged twice",
        "comment 11 (gone)",
        "risk 20 (other)",
    ]
    tasks.rows[0]["description"] = "a"
    assert lost_writes(writes[:2], tasks, comments, risks) == [
        "task 1 description b (holds {'pk': 1, 'description': 'a', 'version': 3})"
    ]


def test_an_unreachable_postgresql_is_named(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/x")
    assert load.main(["--seconds", "1"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("PostgreSQL does not answer at postgres://nobody@127.0.0.1:1/x: ")
    assert out.endswith("Set DATABASE_URL to a server where this user may create databases.\n")
