"""Incremental rescheduling equals a full recompute after each kind of change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.scheduling import (
    DependencyCycleError,
    IncrementalScheduler,
    Link,
    LinkType,
    Project,
    Schedule,
    Task,
    schedule_project,
)

from .helpers import DAY, MONDAY, at, fs, project, task
from .test_properties import networks


def assert_same(got: Schedule, expected: Schedule) -> None:
    assert got.project_start == expected.project_start
    assert got.project_finish == expected.project_finish
    assert dict(got.tasks) == dict(expected.tasks)
    assert got.critical_path == expected.critical_path
    assert got.warnings == expected.warnings


def _with_summaries(p: Project) -> Project:
    """Group every third task under a summary, to exercise rollups."""
    if len(p.tasks) < 3:
        return p
    tasks = [Task("S", name="summary")]
    for k, t in enumerate(p.tasks):
        tasks.append(
            Task(
                **{
                    **{f: getattr(t, f) for f in t.__slots__},
                    "parent_id": "S" if k % 3 == 0 else None,
                }
            )
        )
    return Project(**{**{f: getattr(p, f) for f in p.__slots__}, "tasks": tuple(tasks)})


@settings(max_examples=80, deadline=None)
@given(networks(), st.data())
def test_incremental_changes_equal_a_full_recompute(base: Project, data: st.DataObject) -> None:
    if data.draw(st.booleans()):
        base = _with_summaries(base)
    _check_changes(base, data)


@settings(max_examples=80, deadline=None)
@given(networks(constraints=False, one_calendar=True), st.data())
def test_bulk_re_solved_changes_equal_a_full_recompute(base: Project, data: st.DataObject) -> None:
    scheduler = IncrementalScheduler(base)
    assert scheduler._vector is not None  # these changes exercise the bulk re-solve
    _check_changes(base, data)


def _check_changes(base: Project, data: st.DataObject) -> None:
    scheduler = IncrementalScheduler(base)
    assert_same(scheduler.schedule, schedule_project(base))
    leaf_ids = [t.id for t in base.tasks if t.id != "S"]
    for _ in range(data.draw(st.integers(1, 4))):
        change = data.draw(st.sampled_from(["duration", "add", "remove", "actual"]))
        task_id = data.draw(st.sampled_from(leaf_ids))
        if change == "duration":
            got = scheduler.set_duration(task_id, data.draw(st.sampled_from([0, 60, 480, 2400])))
        elif change == "add":
            other = data.draw(st.sampled_from(leaf_ids))
            link = Link(task_id, other, data.draw(st.sampled_from(list(LinkType))))
            try:
                got = scheduler.add_link(link)
            except DependencyCycleError:
                got = scheduler.schedule
        elif change == "remove" and scheduler.project.links:
            link = data.draw(st.sampled_from(scheduler.project.links))
            got = scheduler.remove_link(link.predecessor_id, link.successor_id, link.type)
        else:
            start = MONDAY + timedelta(minutes=data.draw(st.integers(0, 10 * 1440)))
            finish = (
                start + timedelta(hours=data.draw(st.integers(1, 60)))
                if data.draw(st.booleans())
                else None
            )
            got = scheduler.set_actual_dates(task_id, start, finish)
        assert_same(got, schedule_project(scheduler.project))


def test_duration_change_moves_successors_and_keeps_old_schedule() -> None:
    scheduler = IncrementalScheduler(project([task("A"), task("B"), task("C")], [fs("A", "B")]))
    before = scheduler.schedule
    after = scheduler.set_duration("A", 2 * DAY)
    assert after.tasks["B"].start == at(10)
    assert before.tasks["B"].start == at(9)
    assert after.tasks["C"].total_float_minutes == 2 * DAY


def test_adding_a_cycle_is_refused_and_changes_nothing() -> None:
    scheduler = IncrementalScheduler(project([task("A"), task("B")], [fs("A", "B")]))
    with pytest.raises(DependencyCycleError) as info:
        scheduler.add_link(fs("B", "A"))
    assert set(info.value.cycle) == {"A", "B"}
    assert scheduler.project.links == (fs("A", "B"),)
    assert_same(scheduler.set_duration("A", DAY), schedule_project(scheduler.project))
