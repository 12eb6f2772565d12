"""The incremental rescheduler's cache gives the dates a full schedule gives, and never answers
for a plan changed behind its back."""

import datetime as dt
import random
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.db.models import F

from tandem.core.errors import PreconditionFailed, ValidationFailed
from tandem.planning import actions, schedule_cache
from tandem.planning.models import Dependency, Task
from tandem.planning.scheduling import compute_schedule
from tandem.testing.factories_planning import make_link, make_task


@pytest.fixture(autouse=True)
def _empty_cache():
    schedule_cache.forget()
    yield
    schedule_cache.forget()


@pytest.fixture
def builds(monkeypatch):
    """How many times the plan was read and scheduled in full."""
    count = {"n": 0}
    real = schedule_cache.build

    def counting(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(schedule_cache, "build", counting)
    return count


def _plan(world):
    """Two summaries of four chained tasks each, the second phase after the first."""
    tasks = []
    for phase in ("Build", "Ship"):
        summary = make_task(world.project, phase)
        before = None
        for step in range(4):
            task = make_task(world.project, f"{phase} {step}", parent=summary, estimate=step + 1)
            if before is not None:
                make_link(before, task)
            before = task
            tasks.append(task)
    make_link(tasks[3], tasks[4])
    return tasks


@pytest.fixture
def plan(world, builds):
    tasks = _plan(world)
    builds["n"] = 0  # building the plan outside a committed transaction kept nothing
    return tasks


def _assert_dates_match_a_full_schedule(project):
    expected = {
        r.task.pk: (r.start, r.finish)
        for r in compute_schedule(project).rows
        if not r.task.manually_scheduled
    }
    stored = {
        t.pk: (t.start_date, t.finish_date)
        for t in Task.objects.filter(project=project, manually_scheduled=False)
    }
    assert stored == expected


def _fresh(task):
    return Task.objects.get(pk=task.pk)


def _random_change(rng, world, tasks):
    task = _fresh(rng.choice(tasks))
    kind = rng.choice(["estimate", "estimate", "link", "lag", "unlink", "actual", "constraint"])
    if kind == "estimate":
        return {"task": task, "changes": {"estimate": Decimal(rng.randint(1, 6))}}
    links = list(Dependency.objects.filter(project=world.project))
    if kind in ("lag", "unlink") and links:
        return {"link": rng.choice(links), "kind": kind, "lag": Decimal(rng.randint(-1, 3))}
    if kind == "actual":
        day = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 20))
        return {"task": task, "changes": {"actual_start": day, "status": "in_progress"}}
    if kind == "constraint":
        day = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 30))
        return {"task": task, "changes": {"start_date": day}}
    other = _fresh(rng.choice(tasks))
    return {"pred": task, "succ": other}


def _apply(world, change):
    user = world.manager
    if "changes" in change:
        task = change["task"]
        actions.do_update_task(
            task, acting_user=user, version=task.version, changes=change["changes"]
        )
    elif "link" in change:
        link = change["link"]
        if change["kind"] == "lag":
            actions.do_update_dependency(
                link, acting_user=user, version=link.version, changes={"lag": change["lag"]}
            )
        else:
            actions.do_remove_dependency(link, acting_user=user, version=link.version)
    else:
        actions.do_add_dependency(
            acting_user=user, predecessor=change["pred"], successor=change["succ"]
        )


def test_incremental_changes_give_the_full_schedule(
    world, plan, builds, django_capture_on_commit_callbacks
):
    tasks = plan
    rng = random.Random(11)  # noqa: S311 - reproducible test data
    applied = 0
    for _ in range(40):
        change = _random_change(rng, world, tasks)
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    _apply(world, change)
            except ValidationFailed:
                continue  # a link refused (cycle, duplicate, summary): nothing changed
        applied += 1
        _assert_dates_match_a_full_schedule(world.project)
    assert applied >= 30
    # The first change built the scheduler; the others updated it in place.
    assert builds["n"] == 1


def test_a_plan_changed_by_another_process_is_read_again(
    world, plan, builds, django_capture_on_commit_callbacks
):
    tasks = plan
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_update_task(
            _fresh(tasks[0]), acting_user=world.manager, version=1, changes={"estimate": 2}
        )
    assert builds["n"] == 1
    # Another process lengthens a task (a write bumps the version) without this cache knowing.
    Task.objects.filter(pk=tasks[5].pk).update(estimate=Decimal(9), version=F("version") + 1)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = actions.PlanOutcome()
        actions.do_update_task(
            _fresh(tasks[1]),
            acting_user=world.manager,
            version=_fresh(tasks[1]).version,
            changes={"estimate": 3},
            outcome=outcome,
        )
    assert builds["n"] == 2
    _assert_dates_match_a_full_schedule(world.project)
    assert tasks[6].pk in {m.id for m in outcome.rescheduled}


def test_a_rolled_back_change_leaves_no_schedule_behind(
    world, plan, builds, django_capture_on_commit_callbacks
):
    tasks = plan
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_update_task(
            _fresh(tasks[0]), acting_user=world.manager, version=1, changes={"estimate": 2}
        )

    @transaction.atomic
    def failing_request():
        actions.do_update_task(
            _fresh(tasks[0]), acting_user=world.manager, version=2, changes={"estimate": 5}
        )
        raise RuntimeError("the request failed after the change")

    with pytest.raises(RuntimeError, match="failed after the change"):
        failing_request()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_update_task(
            _fresh(tasks[2]), acting_user=world.manager, version=_fresh(tasks[2]).version,
            changes={"estimate": 1},
        )  # fmt: skip
    # The rolled back change updated the cached scheduler and took it with it: the next
    # change read the plan again (the first build, then this one).
    assert builds["n"] == 2
    _assert_dates_match_a_full_schedule(world.project)


def test_a_calendar_change_rebuilds(world, plan, builds, django_capture_on_commit_callbacks):
    tasks = plan
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_update_task(
            _fresh(tasks[0]), acting_user=world.manager, version=1, changes={"estimate": 2}
        )
        actions.do_update_plan_settings(
            world.project,
            acting_user=world.manager,
            version=1,
            changes={"hours_per_day": Decimal(4)},
        )
    assert builds["n"] == 2
    _assert_dates_match_a_full_schedule(world.project)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent transactions (PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_changes_racing_on_one_plan_both_reschedule_without_deadlock(world):
    # Each change moves the task the other one writes: taken after their own writes, the plan
    # lock would let them deadlock.
    a = make_task(world.project, "A", estimate=2)
    b = make_task(world.project, "B", estimate=2)
    make_link(a, b)
    make_link(b, make_task(world.project, "C", estimate=1))
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def run(i, task, estimate):
        try:
            barrier.wait(timeout=10)
            fresh = Task.objects.get(pk=task.pk)
            results[i] = actions.do_update_task(
                fresh, acting_user=world.manager, version=fresh.version,
                changes={"estimate": Decimal(estimate)},
            )  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread raised
            results[i] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(0, a, 4)),
        threading.Thread(target=run, args=(1, b, 3)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Both changes were made (the second one after the first, reading its dates), or the one
    # whose task the other moved meanwhile was refused as stale: never a deadlock.
    assert all(isinstance(r, Task | PreconditionFailed) for r in results), results
    assert any(isinstance(r, Task) for r in results), results
    _assert_dates_match_a_full_schedule(world.project)


def test_a_schedule_built_to_be_read_is_updated_and_compared_in_full(
    world, plan, builds, django_capture_on_commit_callbacks
):
    tasks = plan
    # Dates out of step with the schedule, as a plan scheduled manually until now would have.
    Task.objects.filter(pk=tasks[0].pk).update(start_date=None, finish_date=None)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_cache.current(world.project)
    assert builds["n"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        outcome = actions.PlanOutcome()
        actions.do_update_task(
            _fresh(tasks[7]), acting_user=world.manager, version=_fresh(tasks[7]).version,
            changes={"estimate": 2},
            outcome=outcome,
        )  # fmt: skip
    # No second build, and the first task, which the last one's change does not reach, got its
    # dates all the same.
    assert builds["n"] == 1
    assert tasks[0].pk in {m.id for m in outcome.rescheduled}
    _assert_dates_match_a_full_schedule(world.project)
