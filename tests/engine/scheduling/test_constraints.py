"""Constraints, deadlines and ALAP on the Standard calendar (project start Monday 8 Jan 08:00)."""

from __future__ import annotations

from datetime import UTC, datetime

from tandem.engine.scheduling import ConstraintType, ScheduleOptions, schedule_project

from .helpers import DAY, MONDAY, at, fs, project, task


def _codes(schedule) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, set[str]] = {}
    for warning in schedule.warnings:
        for task_id in warning.task_ids:
            found.setdefault(warning.code, set()).add(task_id)
    return found


def test_start_no_earlier_than_mid_morning() -> None:
    s = schedule_project(project([task("A", constraint="SNET", constraint_date=at(10, 10))]))
    assert (s.tasks["A"].start, s.tasks["A"].finish) == (at(10, 10), at(11, 10))
    assert s.warnings == ()


def test_finish_no_earlier_than() -> None:
    s = schedule_project(project([task("A", constraint="FNET", constraint_date=at(10, 17))]))
    assert (s.tasks["A"].start, s.tasks["A"].finish) == (at(10), at(10, 17))


def test_honored_must_start_on_beats_logic_with_negative_float() -> None:
    tasks = [task("A", 2 * DAY), task("B", constraint="MSO", constraint_date=at(8))]
    s = schedule_project(project(tasks, [fs("A", "B")]))
    assert s.tasks["B"].start == at(8)
    assert s.tasks["A"].total_float_minutes == -2 * DAY
    # The constraint holds B two days before its predecessor allows: B's own slack is -2 days.
    assert s.tasks["B"].total_float_minutes == -2 * DAY
    codes = _codes(s)
    assert codes["constraint-overrides-logic"] == {"B"}
    assert codes["negative-float"] == {"A", "B"}


def test_unhonored_must_start_on_lets_logic_win_and_warns() -> None:
    tasks = [task("A", 2 * DAY), task("B", constraint="MSO", constraint_date=at(8))]
    options = ScheduleOptions(honor_constraints=False)
    s = schedule_project(project(tasks, [fs("A", "B")], options=options))
    assert s.tasks["B"].start == at(10)
    assert _codes(s)["constraint-unmet"] == {"B"}
    assert s.tasks["B"].total_float_minutes == -2 * DAY


def test_must_start_on_later_than_logic_fixes_the_date() -> None:
    tasks = [task("A"), task("B", constraint="MSO", constraint_date=at(12))]
    s = schedule_project(project(tasks, [fs("A", "B")]))
    assert s.tasks["B"].start == at(12)
    assert s.tasks["B"].total_float_minutes == 0
    assert s.tasks["A"].total_float_minutes == 3 * DAY


def test_finish_no_later_than_pulls_task_back_and_predecessor_float_goes_negative() -> None:
    tasks = [task("P", 2 * DAY), task("A", 2 * DAY, constraint="FNLT", constraint_date=at(10, 17))]
    s = schedule_project(project(tasks, [fs("P", "A")]))
    assert s.tasks["A"].finish == at(10, 17)
    assert s.tasks["P"].total_float_minutes == -DAY
    assert "A" in _codes(s)["constraint-overrides-logic"]


def test_start_no_later_than_met_leaves_dates_and_limits_float() -> None:
    tasks = [task("A"), task("B", 3 * DAY)]
    constrained = task("A", constraint="SNLT", constraint_date=at(9))
    s = schedule_project(project([constrained, tasks[1]]))
    assert s.tasks["A"].start == at(8)
    assert s.tasks["A"].total_float_minutes == DAY
    assert s.warnings == ()


def test_must_finish_on() -> None:
    s = schedule_project(
        project([task("A", 2 * DAY, constraint="MFO", constraint_date=at(12, 17))])
    )
    assert (s.tasks["A"].start, s.tasks["A"].finish) == (at(11), at(12, 17))


def test_deadline_reduces_float_without_moving_the_task() -> None:
    s = schedule_project(project([task("A", 3 * DAY, deadline=at(9, 17))]))
    assert s.tasks["A"].finish == at(10, 17)
    assert s.tasks["A"].total_float_minutes == -DAY
    assert _codes(s)["deadline-missed"] == {"A"}


def test_as_late_as_possible_task_sits_at_its_late_dates() -> None:
    tasks = [task("A", constraint="ALAP"), task("B", 3 * DAY)]
    s = schedule_project(project(tasks))
    a = s.tasks["A"]
    assert (a.start, a.finish) == (at(10), at(10, 17))
    assert a.early_start == at(8)
    assert a.total_float_minutes == 2 * DAY


def test_constraint_without_date_is_an_error() -> None:
    import pytest

    from tandem.engine.scheduling import SchedulingError

    with pytest.raises(SchedulingError, match="'A' has a SNET constraint without a date"):
        schedule_project(project([task("A", constraint="SNET")]))


def test_must_start_on_blocks_negative_float_from_flowing_back() -> None:
    # As MS Project computes it: the MSO task's late dates are its constraint dates, so the
    # deadline's negative float stops there; the task itself shows the lesser float.
    tasks = [
        task("T1"),
        task("T2", constraint="MSO", constraint_date=at(10)),
        task("T3", deadline=at(10, 17)),
    ]
    s = schedule_project(project(tasks, [fs("T1", "T2"), fs("T2", "T3")]))
    assert s.tasks["T2"].start == at(10)
    assert (s.tasks["T2"].late_start, s.tasks["T2"].late_finish) == (at(10), at(10, 17))
    assert s.tasks["T3"].total_float_minutes == -DAY
    assert s.tasks["T2"].total_float_minutes == -DAY
    assert s.tasks["T1"].total_float_minutes == DAY
    assert _codes(s)["negative-float"] == {"T2", "T3"}


def test_start_no_earlier_than_before_the_project_start_places_the_task_on_its_date() -> None:
    # MS Project (assignment-flags-project2003): SNET 2016-01-04 in a project starting
    # 2018-10-18 starts the task on 2016-01-04; an unconstrained task keeps the project start.
    early = datetime(2016, 1, 4, 8, tzinfo=UTC)
    tasks = [
        task("snet", 2 * DAY, constraint=ConstraintType.SNET, constraint_date=early),
        task("fnet", DAY, constraint=ConstraintType.FNET, constraint_date=early.replace(hour=17)),
        task("free", DAY),
        task("after", DAY),
    ]
    s = schedule_project(project(tasks, [fs("snet", "after")], start=MONDAY))
    assert s.tasks["snet"].start == early
    assert s.tasks["snet"].finish == datetime(2016, 1, 5, 17, tzinfo=UTC)
    assert s.tasks["fnet"].start == early
    assert s.tasks["free"].start == MONDAY
    # A linked task follows its predecessor, even to before the project start.
    assert s.tasks["after"].start == datetime(2016, 1, 6, 8, tzinfo=UTC)
    assert s.project_start == MONDAY
