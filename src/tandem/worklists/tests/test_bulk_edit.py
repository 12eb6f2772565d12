"""Bulk edit of the plan list: every selected task changes, or none does."""

import pytest

from tandem.accounts.actions import do_create_team
from tandem.core.errors import PreconditionFailed, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_update_task
from tandem.planning.models import Assignment, Task
from tandem.testing.factories_planning import make_task
from tandem.worklists.actions import BulkChanges, do_bulk_update_tasks

pytestmark = pytest.mark.django_db


def _five(world):
    phase = make_task(world.project, "Phase")
    return [
        make_task(
            world.project,
            f"Step {n}",
            parent=phase,
            estimate=2,
            assignee_ids=[world.coordinator.pk],
        )
        for n in range(1, 6)
    ]


def _state(tasks):
    rows = Task.objects.filter(pk__in=[t.pk for t in tasks]).order_by("pk")
    people = Assignment.objects.filter(task__in=tasks).order_by("task_id", "person_id")
    return (
        [(t.version, t.status, t.priority, t.team_id, t.start_date, t.finish_date) for t in rows],
        [(a.task_id, a.person_id) for a in people],
    )


def _picks(tasks):
    return {t.pk: Task.objects.get(pk=t.pk).version for t in tasks}


def test_a_manager_changes_five_tasks_at_once(world):
    tasks = _five(world)
    team = do_create_team(acting_user=world.admin, name="Backend")
    starts = {t.pk: Task.objects.get(pk=t.pk).start_date for t in tasks}
    audit = AuditEvent.objects.count()
    changes = BulkChanges(
        status="in_progress", assignee=world.member, team=team, priority=800, shift_days=3
    )
    done = do_bulk_update_tasks(
        world.project, acting_user=world.manager, picks=_picks(tasks), changes=changes
    )
    assert len(done) == 5
    for task in Task.objects.filter(pk__in=starts):
        assert (task.status, task.priority, task.team_id) == ("in_progress", 800, team.pk)
        # Three working days later: a start-no-earlier-than on an automatically scheduled plan.
        assert task.constraint_type == "SNET"
        assert task.start_date > starts[task.pk]
        assert list(task.assignments.values_list("person_id", flat=True)) == [world.member.pk]
    bulk = AuditEvent.objects.get(action="tasks.bulk_updated")
    assert sorted(bulk.changes["tasks"]) == sorted(starts)
    assert AuditEvent.objects.filter(action="task.updated").count() >= 5
    assert AuditEvent.objects.count() > audit


def test_one_stale_task_and_nothing_changes(world):
    tasks = _five(world)
    picks = _picks(tasks)
    # Someone else edits the fourth task after the list was loaded.
    fourth = Task.objects.get(pk=tasks[3].pk)
    do_update_task(
        fourth, acting_user=world.coordinator, version=fourth.version, changes={"name": "Renamed"}
    )
    before = _state(tasks)
    audit = AuditEvent.objects.count()
    with pytest.raises(PreconditionFailed) as refused:
        do_bulk_update_tasks(
            world.project,
            acting_user=world.manager,
            picks=picks,
            changes=BulkChanges(status="done", assignee=world.member, priority=1),
        )
    assert "Renamed" in refused.value.message
    assert refused.value.fields == {"task": [str(fourth.pk)]}
    assert _state(tasks) == before
    assert AuditEvent.objects.count() == audit


def test_a_task_refused_halfway_undoes_the_ones_before_it(world):
    tasks = _five(world)
    # A manually scheduled task without dates cannot be shifted; it comes last in the list.
    undated = make_task(world.project, "Undated", manually_scheduled=True)
    Task.objects.filter(pk=undated.pk).update(start_date=None, finish_date=None)
    everything = [*tasks, undated]
    before = _state(everything)
    audit = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        do_bulk_update_tasks(
            world.project,
            acting_user=world.manager,
            picks=_picks(everything),
            changes=BulkChanges(shift_days=2, status="in_progress"),
        )
    assert "Undated" in refused.value.message
    assert _state(everything) == before
    assert AuditEvent.objects.count() == audit


def test_members_cannot_bulk_edit(world, client):
    tasks = _five(world)
    before = _state(tasks)
    client.force_login(world.member)
    answer = client.post(
        f"/projects/{world.project.pk}/plan/bulk-edit/",
        {
            "task": [f"{t.pk}:{v}" for t, v in zip(tasks, _picks(tasks).values(), strict=True)],
            "status": "done",
        },
    )
    assert answer.status_code == 403
    assert _state(tasks) == before


def test_the_plan_page_applies_a_bulk_edit_and_says_what_changed(world, client):
    tasks = _five(world)
    client.force_login(world.manager)
    picks = [f"{pk}:{version}" for pk, version in _picks(tasks).items()]
    answer = client.post(
        f"/projects/{world.project.pk}/plan/bulk-edit/?assignee=coordinator",
        {"task": picks, "status": "blocked", "priority": "", "shift_days": ""},
        follow=True,
    )
    assert answer.redirect_chain == [
        (f"/projects/{world.project.pk}/plan/?assignee=coordinator", 302)
    ]
    assert "Changed 5 tasks: status Blocked." in answer.content.decode()
    assert set(
        Task.objects.filter(pk__in=[t.pk for t in tasks]).values_list("status", flat=True)
    ) == {"blocked"}


def test_a_refused_bulk_edit_shows_why_next_to_the_form(world, client):
    tasks = _five(world)
    picks = _picks(tasks)
    stale = Task.objects.get(pk=tasks[0].pk)
    do_update_task(
        stale, acting_user=world.manager, version=stale.version, changes={"priority": 10}
    )
    before = _state(tasks)
    client.force_login(world.manager)
    answer = client.post(
        f"/projects/{world.project.pk}/plan/bulk-edit/",
        {"task": [f"{pk}:{v}" for pk, v in picks.items()], "status": "done", "priority": "2000"},
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "Ensure this value is less than or equal to 1000." in page
    answer = client.post(
        f"/projects/{world.project.pk}/plan/bulk-edit/",
        {"task": [f"{pk}:{v}" for pk, v in picks.items()], "status": "done"},
    )
    assert answer.status_code == 412
    page = answer.content.decode()
    assert 'id="bulk-edit-errors"' in page
    assert "Nothing was changed: Someone else changed" in page
    # The selection stays, so the person can reload and try again.
    assert page.count('form="bulk-edit" aria-label="Select 1.1 Step 1" checked') == 1
    assert _state(tasks) == before


def test_nothing_selected_or_nothing_chosen_is_said_on_the_form(world, client):
    tasks = _five(world)
    client.force_login(world.manager)
    answer = client.post(f"/projects/{world.project.pk}/plan/bulk-edit/", {"status": "done"})
    assert answer.status_code == 422
    assert "Select the tasks to change" in answer.content.decode()
    pick = f"{tasks[0].pk}:{Task.objects.get(pk=tasks[0].pk).version}"
    answer = client.post(f"/projects/{world.project.pk}/plan/bulk-edit/", {"task": [pick]})
    assert answer.status_code == 422
    assert "Choose at least one change to make." in answer.content.decode()
