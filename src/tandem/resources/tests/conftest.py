"""Fixtures of the resources tests: a small plan with a baseline, progress and costs."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.planning.actions import do_add_dependency, do_assign, do_update_task
from tandem.planning.baseline_actions import do_save_baseline
from tandem.planning.models import Task
from tandem.resources.actions import do_add_rate_change
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_cost_entry, make_resource, make_time_entry

D = dt.date


def set_progress(task, percent, manager):
    task = Task.objects.get(pk=task.pk)
    do_update_task(
        task, acting_user=manager, version=task.version, changes={"percent_complete": percent}
    )


@pytest.fixture
def plan(world):
    """Phase > A (5 days, the member full time at 50 an hour: 2000) -> B (2 days, the member
    half time: 400), baseline saved; then A is 60 % done, the member logged 8 h on A on Monday
    and 8 h on Tuesday at 60 an hour (their rate from Tuesday), and 150 was spent on the
    project, not on a task."""
    member = make_resource(
        world.admin, "Member", kind="person", user=world.member, standard_rate=Decimal(50)
    )
    phase = make_task(world.project, "Phase")
    a = make_task(world.project, "A", parent=phase, estimate=5, assignee_ids=[world.member.pk])
    b = make_task(world.project, "B", parent=phase, estimate=2)
    do_assign(b, acting_user=world.manager, person=world.member, units=Decimal(50))
    do_add_dependency(acting_user=world.manager, predecessor=a, successor=b)
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    do_add_rate_change(
        member, acting_user=world.admin, effective_from=D(2026, 1, 6), standard_rate=Decimal(60)
    )
    set_progress(a, 60, world.manager)
    make_time_entry(a, world.member, hours="8", date=D(2026, 1, 5))
    make_time_entry(a, world.member, hours="8", date=D(2026, 1, 6))
    make_cost_entry(world.project, world.manager, amount="150.00", date=D(2026, 1, 6))
    return baseline, phase, a, b
