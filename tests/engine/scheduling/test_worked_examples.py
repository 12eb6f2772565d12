"""Published CPM answers (textbook networks, GLPK's example) reproduced exactly.

Time units of the sources are modelled as days on a 24-hour calendar (1 unit = 1440 minutes), so
unit arithmetic and calendar arithmetic coincide.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tandem.engine.scheduling import (
    Duration,
    Link,
    Project,
    Task,
    schedule_project,
    twenty_four_hour_calendar,
)

START = datetime(2024, 1, 1, tzinfo=UTC)
UNIT = 1440

pytestmark = pytest.mark.benchdata


def _examples(benchdata: Path) -> dict[str, dict[str, object]]:
    path = benchdata / "worked_examples" / "examples.json"
    if not path.is_file():
        pytest.skip(f"worked examples not found at {path}")
    data: dict[str, dict[str, object]] = json.loads(path.read_text())
    return data


def _units(value: datetime) -> float:
    return (value - START) / timedelta(minutes=UNIT)


def _project(tasks: list[Task], links: list[Link]) -> Project:
    return Project(
        name="example",
        start=START,
        calendar_id="24h",
        calendars=(twenty_four_hour_calendar("24h"),),
        tasks=tuple(tasks),
        links=tuple(links),
    )


def test_glpk_house_makespan(benchdata: Path) -> None:
    example = _examples(benchdata)["cpm_glpk_house"]
    activities: dict[str, list[object]] = example["activities"]  # type: ignore[assignment]
    tasks = [Task(id=a, duration=Duration(int(v[0]) * UNIT)) for a, v in activities.items()]  # type: ignore[call-overload]
    links = [Link(p, a) for a, v in activities.items() for p in v[1]]  # type: ignore[attr-defined]
    schedule = schedule_project(_project(tasks, links))
    answer: dict[str, int] = example["answer"]  # type: ignore[assignment]
    assert _units(schedule.project_finish) == answer["makespan"]
    for task_id in schedule.critical_path:
        assert schedule.tasks[task_id].total_float_minutes == 0


@pytest.mark.parametrize("key", ["cpm_taylor_ch8_net1", "cpm_taylor_ch8_net2"])
def test_taylor_activity_on_arrow_tables(benchdata: Path, key: str) -> None:
    example = _examples(benchdata)[key]
    rows: list[list[object]] = example["rows"]  # type: ignore[assignment]
    arcs = [(str(r[0]), *map(int, str(r[0]).split("-")), int(r[1])) for r in rows]  # type: ignore[call-overload]
    tasks = [Task(id=name, duration=Duration(time * UNIT)) for name, _i, _j, time in arcs]
    # Activity-on-arrow to activity-on-node: an arc follows every arc ending at its tail node.
    links = [Link(p, name) for name, i, _j, _t in arcs for p, _pi, pj, _pt in arcs if pj == i]
    schedule = schedule_project(_project(tasks, links))
    for row in rows:
        got = schedule.tasks[str(row[0])]
        computed = [
            _units(got.early_start),
            _units(got.early_finish),
            _units(got.late_start),
            _units(got.late_finish),
            got.total_float_minutes / UNIT,
        ]
        assert computed == row[2:], row[0]
    answer: dict[str, object] = example["answer"]  # type: ignore[assignment]
    assert _units(schedule.project_finish) == answer["duration"]
    critical = [name for name, *_ in arcs if schedule.tasks[name].critical]
    expected_nodes = [int(n) for n in str(answer["critical_path"]).split("-")]
    expected = [f"{a}-{b}" for a, b in zip(expected_nodes, expected_nodes[1:], strict=False)]
    assert critical == expected
