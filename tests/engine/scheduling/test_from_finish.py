"""Scheduling from the project finish."""

from __future__ import annotations

from tandem.engine.scheduling import ScheduleOptions, schedule_project

from .helpers import DAY, at, fs, project, task

BACKWARD = ScheduleOptions(schedule_from_start=False)


def test_tasks_sit_as_late_as_the_finish_allows() -> None:
    tasks = [task("A"), task("B", 2 * DAY), task("C")]
    s = schedule_project(project(tasks, [fs("A", "B")], finish=at(12, 17), options=BACKWARD))
    assert (s.tasks["B"].start, s.tasks["B"].finish) == (at(11), at(12, 17))
    assert (s.tasks["A"].start, s.tasks["A"].finish) == (at(10), at(10, 17))
    assert (s.tasks["C"].start, s.tasks["C"].finish) == (at(12), at(12, 17))
    assert s.project_start == at(10)
    assert s.project_finish == at(12, 17)
    assert s.tasks["A"].total_float_minutes == 0
    assert s.tasks["C"].total_float_minutes == 2 * DAY
    assert s.tasks["C"].early_start == at(10)
    assert s.critical_path == ("A", "B")


def test_finish_constraint_earlier_than_project_finish() -> None:
    tasks = [task("A", constraint="FNLT", constraint_date=at(11, 17)), task("B")]
    s = schedule_project(project(tasks, [fs("A", "B")], finish=at(12, 17), options=BACKWARD))
    assert s.tasks["A"].finish == at(11, 17)
    assert s.tasks["B"].finish == at(12, 17)


def test_missing_finish_date_is_an_error() -> None:
    import pytest

    from tandem.engine.scheduling import SchedulingError

    with pytest.raises(SchedulingError, match="scheduled from its finish but has no finish date"):
        schedule_project(project([task("A")], options=BACKWARD))
