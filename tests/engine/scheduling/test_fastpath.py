"""The vectorised path gives exactly the general scheduler's results."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.bench.schedule import layered_project
from tandem.engine.scheduling import LagCalendar, LinkType, Project, ScheduleOptions
from tandem.engine.scheduling.cpm import compute_schedule
from tandem.engine.scheduling.fastpath import fast_schedule

from .helpers import at, fs, project, task
from .test_incremental import assert_same
from .test_properties import networks


@settings(max_examples=150, deadline=None)
@given(networks(constraints=False, one_calendar=True), st.data())
def test_fast_path_equals_general_scheduler(base: Project, data: st.DataObject) -> None:
    tasks = tuple(
        replace(t, constraint="ALAP") if data.draw(st.integers(0, 4)) == 0 else t  # type: ignore[arg-type]
        for t in base.tasks
    )
    links = tuple(
        replace(
            k,
            lag=replace(
                k.lag,
                calendar=data.draw(
                    st.sampled_from(
                        [LagCalendar.PREDECESSOR, LagCalendar.SUCCESSOR, LagCalendar.PROJECT]
                    )
                ),
            ),
        )
        for k in base.links
    )
    p = replace(base, tasks=tasks, links=links)
    fast = fast_schedule(p)
    assert fast is not None
    assert_same(fast, compute_schedule(p))


def test_projects_outside_the_fast_path_are_declined() -> None:
    plain = project([task("A"), task("B")], [fs("A", "B")])
    assert fast_schedule(plain) is not None
    assert (
        fast_schedule(
            replace(plain, tasks=(task("A", constraint="SNET", constraint_date=at(9)), task("B")))
        )
        is None
    )
    assert fast_schedule(replace(plain, tasks=(task("A", calendar_id="24h"), task("B")))) is None
    assert fast_schedule(replace(plain, links=(fs("A", "B", elapsed=True, minutes=60),))) is None
    assert fast_schedule(replace(plain, options=ScheduleOptions(schedule_from_start=False))) is None
    assert fast_schedule(replace(plain, links=(fs("A", "B"), fs("B", "A")))) is None


def test_milestone_after_start_to_start_sits_at_the_start() -> None:
    tasks = [task("A"), task("B"), task("M", 0), task("N", 0)]
    p = project(tasks, [fs("A", "B"), fs("B", "M", LinkType.SS), fs("B", "N")])
    fast = fast_schedule(p)
    assert fast is not None
    assert fast.tasks["M"].start == at(9)  # Tuesday 08:00, where B starts
    assert fast.tasks["N"].start == at(9, 17)  # Tuesday 17:00, where B finishes
    assert_same(fast, compute_schedule(p))


def test_layered_benchmark_network_matches_general_scheduler() -> None:
    p = layered_project(1500, seed=3)
    fast = fast_schedule(p)
    assert fast is not None
    assert_same(fast, compute_schedule(p))


def test_milestone_chain_keeps_the_start_form() -> None:
    tasks = [task("A"), task("B"), task("M1", 0), task("M2", 0), task("M3", 0)]
    links = [fs("A", "B"), fs("B", "M1", LinkType.SS), fs("M1", "M2"), fs("M2", "M3")]
    p = project(tasks, links)
    fast = fast_schedule(p)
    assert fast is not None
    assert fast.tasks["M3"].start == at(9)  # Tuesday 08:00, not Monday 17:00
    assert_same(fast, compute_schedule(p))
