from decimal import Decimal

import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.goals.actions import do_update_goal, do_update_key_result
from tandem.goals.models import Goal
from tandem.goals.queries import goal_progress, goal_task_progress, key_result_progress
from tandem.planning.actions import do_update_task
from tandem.testing.factories_goals import make_goal, make_key_result
from tandem.testing.factories_planning import make_task


def test_key_result_progress_is_clamped_and_handles_falling_targets(world):
    goal = make_goal(world.project)
    rising = make_key_result(goal, "Users", baseline=100, target=200, current=150)
    falling = make_key_result(goal, "Defects", baseline=40, target=10, current=25)
    beyond = make_key_result(goal, "Beyond", baseline=0, target=10, current=15)
    behind = make_key_result(goal, "Behind", baseline=0, target=10, current=-5)
    assert key_result_progress(rising) == Decimal("0.5")
    assert key_result_progress(falling) == Decimal("0.5")
    assert key_result_progress(beyond) == Decimal(1)
    assert key_result_progress(behind) == Decimal(0)
    assert goal_progress(goal) == Decimal("0.5")


def test_goal_without_key_results_has_no_progress(world):
    assert goal_progress(make_goal(world.project)) is None


def test_task_rollup_is_weighted_by_estimate(world):
    small = make_task(world.project, "Small", estimate=1)
    big = make_task(world.project, "Big", estimate=3)
    cancelled = make_task(world.project, "Dropped", estimate=10, status="cancelled")
    goal = make_goal(world.project, task_ids=[small.pk, cancelled.pk])
    make_key_result(goal, task_ids=[big.pk])
    do_update_task(big, acting_user=world.manager, version=1, changes={"percent_complete": 50})
    # (1 * 0 + 3 * 0.5) / 4, the cancelled task left out
    assert goal_task_progress(goal) == Decimal("0.375")


def test_target_equal_to_baseline_refused(world):
    goal = make_goal(world.project)
    with pytest.raises(ValidationFailed, match="target must differ"):
        make_key_result(goal, baseline=5, target=5)


def test_only_manager_edits_goals(world):
    goal = make_goal(world.project, "Grow")
    with pytest.raises(Forbidden):
        do_update_goal(goal, acting_user=world.coordinator, version=1, changes={"name": "X"})
    assert Goal.objects.get().name == "Grow"


def test_update_key_result_audit_includes_linked_tasks(world):
    task = make_task(world.project, "Ship")
    kr = make_key_result(make_goal(world.project), current=1)
    do_update_key_result(
        kr, acting_user=world.manager, version=1, changes={"current": 4}, task_ids=[task.pk]
    )
    event = AuditEvent.objects.get(action="key_result.updated")
    assert event.changes == {"current": ["1.0000", "4.0000"], "tasks": [[], [task.pk]]}


def test_unknown_task_ids_refused(world):
    goal = make_goal(world.project)
    with pytest.raises(ValidationFailed, match=r"\[424242\]"):
        do_update_goal(goal, acting_user=world.manager, version=1, changes={}, task_ids=[424242])
    goal.refresh_from_db()
    assert goal.version == 1
