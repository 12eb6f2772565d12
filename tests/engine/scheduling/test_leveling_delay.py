"""Leveling delay (MS Project's LevelingDelay): time added before a task starts.

The project starts Monday 8 January 2024 08:00 on the Standard calendar (08:00-12:00,
13:00-17:00, Monday to Friday).
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.scheduling import (
    ConstraintType,
    Duration,
    DurationUnit,
    IncrementalScheduler,
    schedule_project,
)

from .helpers import DAY, at, fs, project, task

EDAY = 1440


def _elapsed(days: int) -> Duration:
    return Duration(days * EDAY, DurationUnit.DAY, elapsed=True)


def test_elapsed_delay_moves_the_start_by_calendar_days() -> None:
    # Given a one-day task delayed by 3 elapsed days
    plan = project([task("A", leveling_delay=_elapsed(3))])

    # When it is scheduled
    s = schedule_project(plan)

    # Then it starts Thursday 08:00 instead of Monday
    assert s.tasks["A"].start == at(11)
    assert s.tasks["A"].finish == at(11, 17)


def test_elapsed_delay_landing_on_a_weekend_starts_on_monday() -> None:
    # Friday 08:00 + 1 elapsed day is Saturday 08:00: the next working minute is Monday 08:00.
    plan = project([task("A", 4 * DAY), task("B", leveling_delay=_elapsed(1))], [fs("A", "B")])

    s = schedule_project(plan)

    assert s.tasks["B"].early_start == at(15)


def test_working_delay_counts_working_minutes() -> None:
    plan = project([task("A", leveling_delay=Duration(2 * DAY, DurationUnit.DAY))])

    s = schedule_project(plan)

    assert s.tasks["A"].start == at(10)


def test_successors_follow_and_the_chain_stays_critical() -> None:
    # Given A -> B -> C with B delayed by 2 elapsed days
    plan = project(
        [task("A"), task("B", leveling_delay=_elapsed(2)), task("C")],
        [fs("A", "B"), fs("B", "C")],
    )

    s = schedule_project(plan)

    # Then B starts Thursday (Tuesday + 2 days), C on Friday, and all three stay critical:
    # A slipping a day would move B's delayed start and the finish.
    assert s.tasks["B"].start == at(11)
    assert s.tasks["C"].start == at(12)
    assert [s.tasks[t].total_float_minutes for t in "ABC"] == [0, 0, 0]
    assert s.tasks["A"].free_float_minutes == 0


def test_a_delay_on_a_parallel_branch_uses_its_float() -> None:
    # Given A (5 days) alongside B (1 day, delayed 2 elapsed days), both before C
    plan = project(
        [task("A", 5 * DAY), task("B", leveling_delay=_elapsed(2)), task("C")],
        [fs("A", "C"), fs("B", "C")],
    )

    s = schedule_project(plan)

    # Then B runs Wednesday, keeps two days of float, and the finish does not move
    assert s.tasks["B"].start == at(10)
    assert s.tasks["B"].total_float_minutes == 2 * DAY
    assert s.tasks["C"].start == at(15)


def test_pinned_tasks_ignore_the_delay() -> None:
    delay = _elapsed(3)
    plan = project(
        [
            task("M", leveling_delay=delay, constraint=ConstraintType.MSO, constraint_date=at(9)),
            task("S", leveling_delay=delay, actual_start=at(8)),
            task("H", leveling_delay=delay, manual=True, manual_start=at(8)),
        ]
    )

    s = schedule_project(plan)

    assert s.tasks["M"].start == at(9)
    assert s.tasks["S"].start == at(8)
    assert s.tasks["H"].start == at(8)


def test_delay_after_a_start_no_earlier_than_date() -> None:
    plan = project(
        [
            task(
                "A",
                constraint=ConstraintType.SNET,
                constraint_date=at(9),
                leveling_delay=_elapsed(1),
            )
        ]
    )

    s = schedule_project(plan)

    assert s.tasks["A"].start == at(10)


def test_incremental_changes_keep_the_delay() -> None:
    # Given a scheduler on A -> B with B delayed
    plan = project([task("A"), task("B", leveling_delay=_elapsed(2))], [fs("A", "B")])
    scheduler = IncrementalScheduler(plan)

    # When A grows by a day
    s = scheduler.set_duration("A", 2 * DAY)

    # Then B starts two elapsed days after its new early start (Wednesday -> Friday)
    assert s.tasks["B"].start == at(12)
    full = schedule_project(scheduler.project)
    assert [s.tasks[t] for t in "AB"] == [full.tasks[t] for t in "AB"]


@settings(max_examples=60, deadline=None)
@given(
    durations=st.lists(st.integers(0, 3), min_size=2, max_size=6),
    delays=st.lists(st.integers(0, 4), min_size=6, max_size=6),
    chain=st.booleans(),
)
def test_delays_never_start_a_task_before_its_undelayed_start(
    durations: list[int], delays: list[int], chain: bool
) -> None:
    # A delay only ever moves tasks later, links still hold, and no float goes negative.
    ids = [f"T{k}" for k in range(len(durations))]
    tasks = [task(i, d * DAY) for i, d in zip(ids, durations, strict=True)]
    links = [fs(a, b) for a, b in zip(ids, ids[1:], strict=False)] if chain else []
    plain = schedule_project(project(tasks, links))
    delayed_tasks = [
        replace(t, leveling_delay=_elapsed(days)) for t, days in zip(tasks, delays, strict=False)
    ]
    delayed = schedule_project(project(delayed_tasks, links))
    for t in ids:
        assert delayed.tasks[t].start >= plain.tasks[t].start
        assert delayed.tasks[t].total_float_minutes >= 0
    for a, b in zip(ids, ids[1:], strict=False):
        if chain:
            assert delayed.tasks[b].start >= delayed.tasks[a].finish
