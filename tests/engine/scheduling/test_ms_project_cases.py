"""Cases rebuilt from MS Project files (MPXJ's task-links test project), checked against the
Start, Finish and TotalSlack MS Project stored for them: dates as in the 2019 copy (which starts
on the dates below), slack of auto-scheduled tasks as in the 2013 copy (same network, all tasks
auto-scheduled), slack of manually scheduled tasks as in the 2016 and 2019 copies.

The project starts Thursday 18 October 2018 08:00 on the Standard calendar; every task lasts one
day; each pair is "Task 1" -> "Task 2" with the link below, and the project finishes Friday
2 November 2018 17:00 (a separate pair with a two-week lag sets that finish). Total slack is
in working minutes (MS Project stores tenths of minutes).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tandem.engine.scheduling import (
    Duration,
    Lag,
    LagCalendar,
    Link,
    LinkType,
    Task,
    schedule_project,
)

from .helpers import DAY, project, task

START = datetime(2018, 10, 18, 8, tzinfo=UTC)


def _at(day: int, hour: int, month: int = 10) -> datetime:
    return datetime(2018, month, day, hour, tzinfo=UTC)


def _pair_project(kind: LinkType, lag_days: int, manual: bool):  # type: ignore[no-untyped-def]
    def lagged(pred: str, succ: str, link_type: LinkType, days: int) -> Link:
        return Link(pred, succ, link_type, Lag(minutes=days * DAY, calendar=LagCalendar.PROJECT))

    fields = {"manual": True, "manual_start": None} if manual else {}
    tasks = [task("P1", **fields), task("P2", **fields), task("X1", **fields), task("X2", **fields)]
    links = [lagged("P1", "P2", kind, lag_days), lagged("X1", "X2", LinkType.FS, 10)]
    return project(tasks, links, start=START)


@pytest.mark.parametrize(
    ("kind", "lag_days", "p2_start", "p1_slack", "p2_slack"),
    [
        (LinkType.FS, 0, _at(19, 8), 10 * DAY, 10 * DAY),
        (LinkType.FS, 1, _at(22, 8), 9 * DAY, 9 * DAY),
        (LinkType.FS, 2, _at(23, 8), 8 * DAY, 8 * DAY),
        (LinkType.SF, 2, _at(19, 8), 10 * DAY, 10 * DAY),
        (LinkType.SS, 2, _at(22, 8), 9 * DAY, 9 * DAY),
        (LinkType.FF, 2, _at(22, 8), 9 * DAY, 9 * DAY),
    ],
)
def test_auto_scheduled_pairs_match_ms_project_2013(
    kind: LinkType, lag_days: int, p2_start: datetime, p1_slack: int, p2_slack: int
) -> None:
    s = schedule_project(_pair_project(kind, lag_days, manual=False))
    assert s.project_finish == _at(2, 17, month=11)
    assert s.tasks["P2"].start == p2_start
    assert s.tasks["P2"].finish == p2_start.replace(hour=17)
    assert s.tasks["P1"].total_float_minutes == p1_slack
    assert s.tasks["P2"].total_float_minutes == p2_slack


@pytest.mark.parametrize(("kind", "p1_slack"), [(LinkType.SS, 11 * DAY), (LinkType.SF, 11 * DAY)])
def test_manual_predecessor_of_start_links_keeps_project_finish_slack(
    kind: LinkType, p1_slack: int
) -> None:
    # MS Project 2016/2019 stores 11 days of slack for a manually scheduled predecessor of an
    # SS or SF link: only the project finish bounds its late dates.
    s = schedule_project(_pair_project(kind, 2, manual=True))
    assert s.tasks["P1"].total_float_minutes == p1_slack


def test_unlinked_manual_task_with_estimated_duration_is_never_critical() -> None:
    # task-flags-project2016: manually scheduled "1 day?" tasks without links finish at the
    # project finish with zero slack and Critical 0; assignment-flags-project2016 (firm
    # durations) and task-links-project2016 (linked) mark the same zero slack critical.
    estimated = Duration(DAY, estimated=True)
    fields = {"manual": True, "manual_start": START}
    tasks = [
        Task(id="placeholder", duration=estimated, **fields),  # type: ignore[arg-type]
        Task(id="firm", duration=Duration(DAY), **fields),  # type: ignore[arg-type]
        Task(id="linked", duration=estimated, **fields),  # type: ignore[arg-type]
        Task(id="next", duration=estimated, **fields),  # type: ignore[arg-type]
        Task(id="auto", duration=estimated),
    ]
    links = [Link("linked", "next", LinkType.SS)]
    s = schedule_project(project(tasks, links, start=START))
    assert {k: (v.total_float_minutes, v.critical) for k, v in s.tasks.items()} == {
        "placeholder": (0, False),
        "firm": (0, True),
        "linked": (0, True),
        "next": (0, True),
        "auto": (0, True),
    }
    assert s.critical_path == ("firm", "linked", "next", "auto")
