"""Progress: actual dates, percent complete, remaining duration, status date, retained logic."""

from __future__ import annotations

from tandem.engine.scheduling import Duration, ScheduleOptions, schedule_project

from .helpers import DAY, at, fs, project, task


def test_completed_task_keeps_actual_dates_and_drives_successor() -> None:
    tasks = [
        task("A", 2 * DAY, actual_start=at(8), actual_finish=at(8, 17), percent_complete=100.0),
        task("B"),
    ]
    s = schedule_project(project(tasks, [fs("A", "B")]))
    assert (s.tasks["A"].start, s.tasks["A"].finish) == (at(8), at(8, 17))
    assert s.tasks["B"].start == at(9)
    assert s.tasks["A"].critical is False
    assert s.tasks["A"].total_float_minutes == 0


def test_in_progress_without_status_date_continues_from_actual_start() -> None:
    tasks = [task("A", 4 * DAY, actual_start=at(9), percent_complete=50.0)]
    s = schedule_project(project(tasks))
    assert (s.tasks["A"].start, s.tasks["A"].finish) == (at(9), at(12, 17))
    assert s.tasks["A"].remaining_duration_minutes == 2 * DAY


def test_remaining_duration_wins_over_percent_complete() -> None:
    a = task(
        "A",
        4 * DAY,
        actual_start=at(8),
        percent_complete=50.0,
        remaining_duration=Duration(3 * DAY),
    )
    s = schedule_project(project([a]))
    assert s.tasks["A"].finish == at(11, 17)  # one day done + three remaining


def test_status_date_moves_remaining_and_unstarted_work_after_it() -> None:
    tasks = [task("A", 4 * DAY, actual_start=at(8), percent_complete=50.0), task("B"), task("C")]
    s = schedule_project(project(tasks, [fs("A", "B")], status_date=at(11)))
    assert s.tasks["A"].start == at(8)
    assert s.tasks["A"].finish == at(12, 17)
    assert s.tasks["B"].start == at(15)
    assert s.tasks["C"].start == at(11)


def test_retained_logic_holds_remaining_work_behind_unfinished_predecessor() -> None:
    tasks = [task("P", 3 * DAY), task("A", 2 * DAY, actual_start=at(8), percent_complete=50.0)]
    s = schedule_project(project(tasks, [fs("P", "A")], status_date=at(9)))
    # P has not started: it runs Tuesday-Thursday from the status date; A's last day follows it.
    assert s.tasks["P"].start == at(9)
    assert s.tasks["A"].start == at(8)
    assert s.tasks["A"].finish == at(12, 17)


def test_progress_override_ignores_unfinished_predecessor() -> None:
    tasks = [task("P", 3 * DAY), task("A", 2 * DAY, actual_start=at(8), percent_complete=50.0)]
    options = ScheduleOptions(retained_logic=False)
    s = schedule_project(project(tasks, [fs("P", "A")], status_date=at(9), options=options))
    assert s.tasks["A"].finish == at(9, 17)
