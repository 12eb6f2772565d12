"""Under P6's rules (``ScheduleOptions.p6_rules``) incremental rescheduling still equals a full
recompute, and the vectorised path declines such projects."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.scheduling import ConstraintType, Project, ScheduleOptions
from tandem.engine.scheduling.fastpath import fast_schedule

from .helpers import MONDAY
from .test_incremental import _check_changes, _with_summaries
from .test_properties import networks

CONSTRAINTS = [
    ConstraintType.ASAP,
    ConstraintType.ASAP,
    ConstraintType.ALAP,
    ConstraintType.START_ON,
    ConstraintType.FINISH_ON,
    ConstraintType.MSO,
]


def p6_variant(base: Project, data: st.DataObject) -> Project:
    tasks = []
    for t in base.tasks:
        constraint = data.draw(st.sampled_from(CONSTRAINTS))
        dated = constraint not in (ConstraintType.ASAP, ConstraintType.ALAP)
        when = MONDAY + timedelta(minutes=data.draw(st.integers(0, 15 * 1440))) if dated else None
        milestone = t.duration.minutes == 0 and data.draw(st.booleans())
        tasks.append(
            replace(
                t,
                constraint=constraint,
                constraint_date=when,
                milestone=milestone,
                finish_milestone=milestone and data.draw(st.booleans()),
                level_of_effort=data.draw(st.integers(0, 5)) == 0,
            )
        )
    status = (
        MONDAY + timedelta(minutes=data.draw(st.integers(0, 5 * 1440)))
        if data.draw(st.booleans())
        else None
    )
    return replace(
        base,
        tasks=tuple(tasks),
        status_date=status,
        options=ScheduleOptions(p6_rules=True),
    )


@settings(max_examples=80, deadline=None)
@given(networks(), st.data())
def test_incremental_changes_under_p6_rules_equal_a_full_recompute(
    base: Project, data: st.DataObject
) -> None:
    project = p6_variant(base, data)
    if data.draw(st.booleans()):
        project = _with_summaries(project)
    _check_changes(project, data)


@settings(max_examples=20, deadline=None)
@given(networks(constraints=False, one_calendar=True))
def test_fast_path_declines_p6_rules(base: Project) -> None:
    assert fast_schedule(replace(base, options=ScheduleOptions(p6_rules=True))) is None
