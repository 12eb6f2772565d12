"""Resource leveling of a plan: preview, apply, clear, and the refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.engine.leveling import (
    LevelingActivity,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
    level,
)
from tandem.planning import actions as plan_actions
from tandem.planning import leveling_actions as actions
from tandem.planning.gantt import gantt_data
from tandem.planning.models import LevelingRun, Task
from tandem.planning.scheduling import compute_schedule
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 1, 5)  # the test project's start (Monday 5 January 2026)


def _day(working_days_after_monday: int) -> dt.date:
    """The n-th working day (Monday to Friday) from the project start."""
    weeks, days = divmod(working_days_after_monday, 5)
    return MONDAY + dt.timedelta(weeks=weeks, days=days)


def _plan(world):
    """The member on Design (3 days) and Build (2 days) at once; the coordinator on Review
    (2 days, after Design) and Docs (4 days) at once; Launch after Build."""
    member, coordinator = world.member.pk, world.coordinator.pk
    design = make_task(world.project, "Design", estimate=Decimal(3), assignee_ids=[member])
    build = make_task(world.project, "Build", estimate=Decimal(2), assignee_ids=[member])
    review = make_task(world.project, "Review", estimate=Decimal(2), assignee_ids=[coordinator])
    docs = make_task(world.project, "Docs", estimate=Decimal(4), assignee_ids=[coordinator])
    launch = make_task(world.project, "Launch", estimate=Decimal(1))
    make_link(design, review)
    make_link(build, launch)
    return design, build, review, docs, launch


def test_the_app_levels_as_the_engine_does_on_the_same_data(world) -> None:
    # Given the plan, and the same problem written out by hand in working days
    design, build, review, docs, launch = _plan(world)
    member, coordinator = "person a", "person b"
    problem = LevelingProblem(
        activities=(
            LevelingActivity(str(design.pk), 3, {member: 100}),
            LevelingActivity(str(build.pk), 2, {member: 100}),
            LevelingActivity(str(review.pk), 2, {coordinator: 100}, release=3),
            LevelingActivity(str(docs.pk), 4, {coordinator: 100}),
            LevelingActivity(str(launch.pk), 1, release=2),
        ),
        resources=(LevelingResource(member, 100), LevelingResource(coordinator, 100)),
        precedences=(
            LevelingPrecedence(str(design.pk), str(review.pk)),
            LevelingPrecedence(str(build.pk), str(launch.pk)),
        ),
    )
    expected = level(problem)

    # When the manager previews the leveling
    run = actions.do_preview_leveling(world.project, acting_user=world.manager)

    # Then every task starts on the working day the engine chose
    moves = {m["task_id"]: m for m in run.result["moves"]}
    for task in (design, build, review, docs, launch):
        task.refresh_from_db()
        start = moves[task.pk]["new_start"] if task.pk in moves else task.start_date.isoformat()
        assert start == _day(expected.starts[str(task.pk)]).isoformat(), task.name
    assert run.result["over_allocations_after"] == 0
    assert run.result["over_allocations_before"] == 2
    assert run.result["new_finish"] == _day(expected.makespan - 1).isoformat()


def test_the_preview_says_why_a_task_moved_and_changes_nothing(world) -> None:
    design, build, *_ = _plan(world)
    before = {t.pk: (t.start_date, t.version) for t in Task.objects.filter(project=world.project)}

    run = actions.do_preview_leveling(world.project, acting_user=world.manager)

    moved = {m["name"]: m for m in run.result["moves"]}
    first, second = ("Build", "Design") if "Build" in moved else ("Design", "Build")
    reason = moved[first]["reasons"][0]
    assert reason["resource"] == str(world.member)
    assert [c["label"] for c in reason["competing"]] == [
        f"{'1' if second == 'Design' else '2'} {second}"
    ]
    assert moved[first]["delay_days"] > 0
    after = {t.pk: (t.start_date, t.version) for t in Task.objects.filter(project=world.project)}
    assert after == before
    assert not AuditEvent.objects.filter(action="plan.leveled").exists()


def test_apply_stores_delays_in_one_audited_action_and_moves_the_dates(world) -> None:
    _plan(world)
    run = actions.do_preview_leveling(world.project, acting_user=world.manager)
    moves = run.result["moves"]

    changed = actions.do_apply_leveling(run, acting_user=world.manager)

    assert changed == len([m for m in moves if m["delay_days"]])
    for m in moves:
        task = Task.objects.get(pk=m["task_id"])
        assert task.leveling_delay_days == m["delay_days"]
        assert (task.start_date.isoformat(), task.finish_date.isoformat()) == (
            m["new_start"],
            m["new_finish"],
        )
    event = AuditEvent.objects.get(action="plan.leveled", project_id=world.project.pk)
    assert event.actor_id == world.manager.pk
    assert sorted(v[1] for v in event.changes.values()) == sorted(
        m["delay_days"] for m in moves if m["delay_days"]
    )
    assert AuditEvent.objects.filter(action="plan.rescheduled").exists()
    run.refresh_from_db()
    assert run.status == "applied"
    # Every page reading the schedule shows the leveled dates
    schedule = {r.task.pk: r for r in compute_schedule(world.project).rows}
    for m in moves:
        assert schedule[m["task_id"]].start.isoformat() == m["new_start"]
    data = gantt_data(world.manager, world.project)
    gantt = {row[0]: dict(zip(data["task_fields"], row, strict=True)) for row in data["tasks"]}
    delayed = next(m for m in moves if m["delay_days"])
    shown = gantt[delayed["task_id"]]
    assert shown["leveling_delay_days"] == delayed["delay_days"]
    assert shown["start"] == delayed["new_start"]
    assert shown["leveled_from"] == delayed["old_start"]


def test_clear_removes_every_delay_and_restores_the_dates(world) -> None:
    design, build, *_ = _plan(world)
    original = {
        t.pk: (t.start_date, t.finish_date) for t in Task.objects.filter(project=world.project)
    }
    run = actions.do_preview_leveling(world.project, acting_user=world.manager)
    actions.do_apply_leveling(run, acting_user=world.manager)

    cleared = actions.do_clear_leveling(world.project, acting_user=world.manager)

    assert cleared == len([m for m in run.result["moves"] if m["delay_days"]])
    now = {t.pk: (t.start_date, t.finish_date) for t in Task.objects.filter(project=world.project)}
    assert now == original
    assert not Task.objects.filter(project=world.project, leveling_delay_days__gt=0).exists()
    assert AuditEvent.objects.filter(action="plan.leveling_cleared").count() == 1


def test_nothing_to_level_is_refused_and_stores_nothing(world) -> None:
    # Given people on tasks that never overlap
    first = make_task(world.project, "First", estimate=Decimal(2), assignee_ids=[world.member.pk])
    second = make_task(world.project, "Second", estimate=Decimal(2), assignee_ids=[world.member.pk])
    make_link(first, second)

    with pytest.raises(ValidationFailed) as refused:
        actions.do_preview_leveling(world.project, acting_user=world.manager)

    assert "Nothing to level" in refused.value.message
    assert not LevelingRun.objects.exists()
    with pytest.raises(ValidationFailed):
        actions.do_clear_leveling(world.project, acting_user=world.manager)


def test_a_preview_of_a_plan_changed_since_is_refused_and_changes_nothing(world) -> None:
    design, *_ = _plan(world)
    run = actions.do_preview_leveling(world.project, acting_user=world.manager)
    plan_actions.do_update_task(
        design, acting_user=world.manager, version=design.version, changes={"estimate": Decimal(4)}
    )

    with pytest.raises(Conflict) as refused:
        actions.do_apply_leveling(run, acting_user=world.manager)

    assert "changed since this preview" in refused.value.message
    assert not Task.objects.filter(project=world.project, leveling_delay_days__gt=0).exists()
    assert not AuditEvent.objects.filter(action="plan.leveled").exists()


def test_only_the_manager_levels(world) -> None:
    _plan(world)
    with pytest.raises(Forbidden):
        actions.do_preview_leveling(world.project, acting_user=world.coordinator)


def test_do_not_level_tasks_stay_put(world) -> None:
    # Given Design may not be leveled
    design, build, *_ = _plan(world)
    plan_actions.do_update_task(
        design, acting_user=world.manager, version=design.version, changes={"do_not_level": True}
    )

    run = actions.do_preview_leveling(world.project, acting_user=world.manager)

    # Then Build moves after it, and Design keeps its dates
    moved = {m["task_id"]: m for m in run.result["moves"]}
    assert design.pk not in moved
    assert moved[build.pk]["new_start"] == _day(3).isoformat()


def test_the_background_solver_gives_a_valid_proposal(
    world, django_capture_on_commit_callbacks
) -> None:
    _plan(world)

    with django_capture_on_commit_callbacks(execute=True):
        run = actions.do_preview_leveling(
            world.project, acting_user=world.manager, method="cpsat", time_limit=1
        )
        run.refresh_from_db()
        assert run.status == "queued"

    run.refresh_from_db()
    assert run.status == "done"
    assert run.progress == 100
    assert run.result["over_allocations_after"] == 0
    assert run.result["method"] == "cpsat"
