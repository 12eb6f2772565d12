"""CPM on the Standard calendar: link types, lags, milestones, summaries, task calendars.

The project starts Monday 8 January 2024 08:00; the Standard calendar works 08:00-12:00 and
13:00-17:00 Monday to Friday (480 minutes a day).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tandem.engine.scheduling import (
    Assignment,
    Calendar,
    CalendarError,
    CalendarException,
    DependencyCycleError,
    Duration,
    LagCalendar,
    LinkType,
    Resource,
    Task,
    UnknownTaskError,
    schedule_project,
    standard_calendar,
    twenty_four_hour_calendar,
)

from .helpers import DAY, at, fs, project, task


def _dates(schedule, task_id):  # type: ignore[no-untyped-def]
    entry = schedule.tasks[task_id]
    return entry.start, entry.finish


def test_finish_to_start_successor_starts_next_working_morning() -> None:
    s = schedule_project(project([task("A"), task("B", 2 * DAY)], [fs("A", "B")]))
    assert _dates(s, "A") == (at(8), at(8, 17))
    assert _dates(s, "B") == (at(9), at(10, 17))
    assert s.project_finish == at(10, 17)
    assert s.critical_path == ("A", "B")


def test_finish_on_friday_pushes_successor_over_the_weekend() -> None:
    s = schedule_project(project([task("A", 5 * DAY), task("B")], [fs("A", "B")]))
    assert _dates(s, "A") == (at(8), at(12, 17))
    assert _dates(s, "B") == (at(15), at(15, 17))


def test_milestone_sits_at_its_predecessors_finish() -> None:
    tasks = [task("A", 5 * DAY), task("M", 0, milestone=True), task("B")]
    s = schedule_project(project(tasks, [fs("A", "M"), fs("M", "B")]))
    assert _dates(s, "M") == (at(12, 17), at(12, 17))
    assert _dates(s, "B") == (at(15), at(15, 17))
    assert s.tasks["M"].milestone is True
    assert s.tasks["M"].total_float_minutes == 0


def test_start_to_start_with_lag() -> None:
    s = schedule_project(
        project([task("A", 3 * DAY), task("B")], [fs("A", "B", LinkType.SS, minutes=DAY)])
    )
    assert _dates(s, "B") == (at(9), at(9, 17))


def test_finish_to_finish() -> None:
    s = schedule_project(project([task("A", 3 * DAY), task("B")], [fs("A", "B", LinkType.FF)]))
    assert _dates(s, "B") == (at(10), at(10, 17))
    assert s.tasks["B"].total_float_minutes == 0


def test_start_to_finish() -> None:
    a = task("A", DAY, constraint="SNET", constraint_date=at(10))
    s = schedule_project(project([a, task("B")], [fs("A", "B", LinkType.SF)]))
    assert _dates(s, "A") == (at(10), at(10, 17))
    # As MS Project shows it: B works Tuesday and its finish sits at A's start.
    assert _dates(s, "B") == (at(9), at(10))
    assert s.tasks["B"].late_finish == at(10, 17)
    assert s.tasks["B"].total_float_minutes == DAY


def test_lead_moves_successor_before_predecessor_finish() -> None:
    s = schedule_project(project([task("A", 3 * DAY), task("B")], [fs("A", "B", minutes=-DAY)]))
    assert _dates(s, "B") == (at(10), at(10, 17))


def test_working_and_elapsed_lag_in_hours() -> None:
    tasks = [task("A", 3 * DAY + 240), task("W"), task("E")]
    links = [fs("A", "W", minutes=120), fs("A", "E", minutes=120, elapsed=True)]
    s = schedule_project(project(tasks, links))
    assert s.tasks["A"].finish == at(11, 12)
    assert s.tasks["W"].start == at(11, 15)  # 12:00 + 2 working hours across lunch
    assert s.tasks["E"].start == at(11, 14)  # 12:00 + 2 wall-clock hours


def test_percentage_lag_of_predecessor_duration() -> None:
    s = schedule_project(project([task("A", 2 * DAY), task("B")], [fs("A", "B", percent=50.0)]))
    assert s.tasks["B"].start == at(11)


@pytest.mark.parametrize(
    ("lag_calendar", "expected_start"),
    [
        (LagCalendar.PREDECESSOR, at(16)),  # Fri 17:00 + 1 Standard day = Mon 17:00
        (LagCalendar.SUCCESSOR, at(14)),  # + 1 seven-day day = Sat 17:00 -> Sun 08:00
        (LagCalendar.TWENTY_FOUR_HOUR, at(13)),  # + 8 hours = Sat 01:00 -> Sat 08:00
        (LagCalendar.PROJECT, at(16)),
    ],
)
def test_lag_calendar_choice(lag_calendar: LagCalendar, expected_start: object) -> None:
    std = standard_calendar("std")
    seven = Calendar("seven", "Seven days", (std.week[0],) * 7)
    a = task("A", DAY, constraint="SNET", constraint_date=at(12))
    b = task("B", DAY, calendar_id="seven")
    link = fs("A", "B", minutes=DAY, calendar=lag_calendar)
    s = schedule_project(project([a, b], [link], calendars=(std, seven)))
    assert s.tasks["A"].finish == at(12, 17)
    assert s.tasks["B"].start == expected_start


def test_task_calendar_decides_working_time() -> None:
    std = standard_calendar("std")
    weekend = Calendar("weekend", "Weekend", ((),) * 5 + (std.week[0], std.week[0]))
    tasks = [task("A"), task("B", DAY, calendar_id="weekend"), task("C")]
    s = schedule_project(project(tasks, [fs("A", "B"), fs("B", "C")], calendars=(std, weekend)))
    assert _dates(s, "B") == (at(13), at(13, 17))
    assert _dates(s, "C") == (at(15), at(15, 17))


def test_elapsed_duration_ignores_the_calendar() -> None:
    tasks = [task("A", 5 * DAY), Task("E", duration=Duration(2 * 1440, elapsed=True)), task("C")]
    s = schedule_project(project(tasks, [fs("A", "E"), fs("E", "C")]))
    assert _dates(s, "E") == (at(12, 17), at(14, 17))
    assert s.tasks["C"].start == at(15)


def test_summary_rolls_up_and_links_on_summary_apply_to_children() -> None:
    tasks = [
        task("X"),
        Task("S", name="phase"),
        task("C1", DAY, parent_id="S"),
        task("C2", 2 * DAY, parent_id="S"),
        task("Y"),
    ]
    s = schedule_project(project(tasks, [fs("X", "S"), fs("S", "Y")]))
    assert _dates(s, "C1") == (at(9), at(9, 17))
    assert _dates(s, "C2") == (at(9), at(10, 17))
    assert _dates(s, "S") == (at(9), at(10, 17))
    assert s.tasks["S"].summary is True
    assert s.tasks["S"].duration_minutes == 2 * DAY
    assert _dates(s, "Y") == (at(11), at(11, 17))
    # C1 may slip one day before the summary's successor moves.
    assert s.tasks["C1"].total_float_minutes == DAY
    assert s.tasks["C2"].total_float_minutes == 0
    assert "S" not in s.critical_path
    assert s.critical_path == ("X", "C2", "Y")


def test_total_and_free_float() -> None:
    tasks = [task("X"), task("Y", 3 * DAY), task("Z"), task("W")]
    s = schedule_project(project(tasks, [fs("X", "Z"), fs("Y", "Z")]))
    assert s.tasks["X"].total_float_minutes == 2 * DAY
    assert s.tasks["X"].free_float_minutes == 2 * DAY
    assert s.tasks["X"].late_start == at(10)
    # W has no successor: its float is measured against the project finish (Thursday 17:00).
    assert s.tasks["W"].total_float_minutes == 3 * DAY
    assert s.tasks["W"].free_float_minutes == 3 * DAY
    assert s.tasks["Z"].critical
    assert s.tasks["Y"].critical
    assert not s.tasks["X"].critical


def test_free_float_is_zero_when_successor_is_driven_but_total_float_is_not() -> None:
    tasks = [task("A"), task("B"), task("C", 3 * DAY)]
    s = schedule_project(project(tasks, [fs("A", "B")]))
    assert s.tasks["A"].free_float_minutes == 0
    assert s.tasks["A"].total_float_minutes == DAY


def test_cycle_error_lists_the_cycle_in_order() -> None:
    tasks = [task("A"), task("B"), task("C"), task("D")]
    links = [fs("D", "A"), fs("A", "B"), fs("B", "C"), fs("C", "A")]
    with pytest.raises(DependencyCycleError) as info:
        schedule_project(project(tasks, links))
    cycle = info.value.cycle
    assert sorted(cycle) == ["A", "B", "C"]
    linked = {("A", "B"), ("B", "C"), ("C", "A")}
    assert all((cycle[k], cycle[(k + 1) % 3]) in linked for k in range(3))
    assert " -> ".join([*cycle, cycle[0]]) in str(info.value)


def test_link_from_summary_to_its_own_child_is_a_cycle() -> None:
    tasks = [Task("S"), task("C", parent_id="S")]
    with pytest.raises(DependencyCycleError) as info:
        schedule_project(project(tasks, [fs("S", "C")]))
    assert set(info.value.cycle) == {"S", "C"}


def test_link_to_missing_task_names_it() -> None:
    with pytest.raises(UnknownTaskError) as info:
        schedule_project(project([task("A")], [fs("A", "nope")]))
    assert info.value.task_id == "nope"
    assert "'A' -> 'nope'" in info.value.referenced_by


def test_unknown_task_calendar_names_the_task() -> None:
    with pytest.raises(
        CalendarError, match="unknown calendar 'night' \\(referenced by task 'A'\\)"
    ):
        schedule_project(project([task("A", calendar_id="night")]))


def test_calendar_with_no_working_time_is_reported() -> None:
    idle = Calendar("idle", "Idle", ((),) * 7)
    with pytest.raises(CalendarError, match="'idle' has no working time"):
        schedule_project(
            project([task("A", calendar_id="idle")], calendars=(standard_calendar("std"), idle))
        )


def test_twenty_four_hour_project_calendar() -> None:
    tasks = [task("A", 1440), task("B", 720)]
    s = schedule_project(
        project(
            tasks,
            [fs("A", "B")],
            start=at(13, 0),
            calendar_id="24h",
            calendars=(twenty_four_hour_calendar("24h"),),
        )
    )
    assert _dates(s, "B") == (at(14, 0), at(14, 12))


def test_holiday_in_project_calendar() -> None:
    std = standard_calendar("std")
    cal = Calendar("std", "Std", std.week, (CalendarException(date(2024, 1, 9), date(2024, 1, 9)),))
    s = schedule_project(project([task("A", 2 * DAY)], calendars=(cal,)))
    assert _dates(s, "A") == (at(8), at(10, 17))


def test_task_without_calendar_works_on_its_resources_calendar() -> None:
    std = standard_calendar("std")
    weekend = Calendar("weekend", "Weekend", ((),) * 5 + (std.week[0], std.week[0]))
    tasks = [task("A"), task("B")]
    base = project(tasks, [fs("A", "B")], calendars=(std, weekend))
    staffed = replace(
        base,
        resources=(
            Resource("R", "Weekender", calendar_id="weekend"),
            Resource("M", kind="material"),
        ),
        assignments=(Assignment("B", "R"), Assignment("B", "M")),
    )
    s = schedule_project(staffed)
    assert _dates(s, "B") == (at(13), at(13, 17))
    mixed = replace(
        staffed,
        resources=(*staffed.resources, Resource("Q", "Weekday")),
        assignments=(*staffed.assignments, Assignment("B", "Q")),
    )
    # Resources on different calendars: the task stays on the project calendar.
    assert _dates(schedule_project(mixed), "B") == (at(9), at(9, 17))


def test_parent_loop_is_reported_as_a_cycle() -> None:
    tasks = [Task("A", parent_id="B"), Task("B", parent_id="A"), task("C")]
    with pytest.raises(DependencyCycleError) as info:
        schedule_project(project(tasks, [fs("C", "A")]))
    assert set(info.value.cycle) == {"A", "B"}
