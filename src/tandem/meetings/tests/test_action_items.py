import datetime as dt
import threading

import pytest
from django.db import connection

from tandem.core.errors import Conflict, Forbidden
from tandem.core.models import AuditEvent
from tandem.meetings import actions
from tandem.meetings.models import ActionItem
from tandem.planning.models import Assignment, Task
from tandem.testing.factories_meetings import make_action_item, make_meeting

pytestmark = pytest.mark.django_db


def test_coordinator_adds_action_item(world, meeting, as_coordinator):
    resp = as_coordinator.post(
        f"/api/meetings/{meeting.pk}/action-items",
        {"description": "Send plan", "owner_id": world.member.pk, "due_date": "2026-03-06"},
    )
    assert resp.status_code == 201, resp.content
    item = ActionItem.objects.get()
    assert (item.description, item.owner, item.due_date, item.status, item.task) == (
        "Send plan",
        world.member,
        dt.date(2026, 3, 6),
        "open",
        None,
    )
    event = AuditEvent.objects.get(action="action_item.created")
    assert event.changes["owner"] == [None, world.member.pk]
    assert event.changes["due_date"] == [None, "2026-03-06"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"description": "", "owner_id": None}, "description"),
        ({"description": "x", "status": "someday"}, "status"),
        ({"description": "x", "due_date": "tomorrow"}, "due_date"),
    ],
)
def test_bad_action_item_is_422(world, meeting, as_coordinator, body, field):
    resp = as_coordinator.post(f"/api/meetings/{meeting.pk}/action-items", body)
    assert resp.status_code == 422, resp.content
    assert field in resp.json()["error"]["fields"]
    assert ActionItem.objects.count() == 0


def test_stakeholder_cannot_own_an_action_item(world, meeting, as_coordinator):
    resp = as_coordinator.post(
        f"/api/meetings/{meeting.pk}/action-items",
        {"description": "x", "owner_id": world.stakeholder.pk},
    )
    assert resp.status_code == 422
    assert "owner" in resp.json()["error"]["fields"]


def test_owner_updates_status_of_own_item(world, meeting, api_client):
    item = make_action_item(world, meeting, owner=world.member)
    resp = api_client.as_user(world.member).patch(
        f"/api/action-items/{item.pk}", {"status": "done"}, if_match=1
    )
    assert resp.status_code == 200, resp.content
    item.refresh_from_db()
    assert item.status == "done"
    event = AuditEvent.objects.get(action="action_item.updated")
    assert (event.actor, event.changes) == (world.member, {"status": ["open", "done"]})


def test_owner_may_not_rewrite_the_item(world, meeting, api_client):
    item = make_action_item(world, meeting, owner=world.member)
    resp = api_client.as_user(world.member).patch(
        f"/api/action-items/{item.pk}", {"description": "Nothing", "status": "done"}, if_match=1
    )
    assert resp.status_code == 403
    item.refresh_from_db()
    assert (item.description, item.status, item.version) == ("Send the draft plan", "open", 1)


def test_member_may_not_update_someone_elses_item(world, meeting, api_client):
    item = make_action_item(world, meeting, owner=world.manager)
    resp = api_client.as_user(world.member).patch(
        f"/api/action-items/{item.pk}", {"status": "done"}, if_match=1
    )
    assert resp.status_code == 403
    assert ActionItem.objects.get(pk=item.pk).status == "open"


def test_convert_creates_exactly_one_task_linked_to_the_item(world, meeting, as_coordinator):
    # given
    item = make_action_item(world, meeting, description="Send the draft plan")
    tasks_before = Task.objects.count()
    # when
    resp = as_coordinator.post(f"/api/action-items/{item.pk}/convert-to-task")
    # then
    assert resp.status_code == 201, resp.content
    assert Task.objects.count() == tasks_before + 1
    task = Task.objects.get(pk=resp.json()["task_id"])
    assert task.project == world.project
    assert task.name == "Send the draft plan"
    assert task.deadline == dt.date(2026, 3, 6)
    assert "Weekly sync" in task.description
    assert list(Assignment.objects.filter(task=task).values_list("person", flat=True)) == [
        world.member.pk
    ]
    item.refresh_from_db()
    assert item.task == task
    assert resp.json()["action_item"]["task_id"] == task.pk
    converted = AuditEvent.objects.get(action="action_item.converted")
    assert (converted.actor, converted.object_id) == (world.coordinator, str(item.pk))
    assert converted.changes == {"task": [None, task.pk]}
    created = AuditEvent.objects.get(action="task.created", object_id=str(task.pk))
    assert created.actor == world.coordinator


def test_converting_twice_is_409_and_creates_no_second_task(world, meeting, as_coordinator):
    item = make_action_item(world, meeting)
    first = as_coordinator.post(f"/api/action-items/{item.pk}/convert-to-task")
    assert first.status_code == 201
    tasks, audits = Task.objects.count(), AuditEvent.objects.count()
    # when
    second = as_coordinator.post(f"/api/action-items/{item.pk}/convert-to-task")
    # then
    assert second.status_code == 409
    assert str(first.json()["task_id"]) in second.json()["error"]["message"]
    assert (Task.objects.count(), AuditEvent.objects.count()) == (tasks, audits)


def test_member_cannot_convert_even_own_item(world, meeting, api_client):
    item = make_action_item(world, meeting, owner=world.member)
    resp = api_client.as_user(world.member).post(f"/api/action-items/{item.pk}/convert-to-task")
    assert resp.status_code == 403
    assert Task.objects.count() == 0
    assert ActionItem.objects.get(pk=item.pk).task is None


def test_convert_without_owner_or_date_and_long_text(world, meeting):
    item = make_action_item(world, meeting, description="x" * 450, owner=None, due_date=None)
    task = actions.do_convert_action_item_to_task(item, acting_user=world.manager)
    assert len(task.name) == 200
    assert task.deadline is None
    assert not Assignment.objects.filter(task=task).exists()


def test_action_raises_named_errors(world, meeting):
    item = make_action_item(world, meeting)
    with pytest.raises(Forbidden):
        actions.do_convert_action_item_to_task(item, acting_user=world.member)
    actions.do_convert_action_item_to_task(item, acting_user=world.coordinator)
    with pytest.raises(Conflict):
        actions.do_convert_action_item_to_task(item, acting_user=world.coordinator)
    assert Task.objects.count() == 1


def test_converted_item_cannot_be_deleted(world, meeting, as_coordinator):
    item = make_action_item(world, meeting)
    actions.do_convert_action_item_to_task(item, acting_user=world.coordinator)
    resp = as_coordinator.delete(f"/api/action-items/{item.pk}", if_match=2)
    assert resp.status_code == 409
    assert ActionItem.objects.filter(pk=item.pk).exists()


def test_my_action_items(world, meeting, api_client):
    mine = make_action_item(world, meeting, owner=world.member)
    make_action_item(world, meeting, owner=world.manager)
    resp = api_client.as_user(world.member).get(f"/api/action-items?owner={world.member.pk}")
    assert resp.status_code == 200
    assert [i["id"] for i in resp.json()["items"]] == [mine.pk]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_conversions_make_exactly_one_task(world):
    """A double click: two requests convert the same item at the same moment."""
    meeting = make_meeting(world)
    item = make_action_item(world, meeting)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def convert() -> None:
        try:
            fresh = ActionItem.objects.get(pk=item.pk)
            barrier.wait(timeout=10)
            actions.do_convert_action_item_to_task(fresh, acting_user=world.coordinator)
            result = "converted"
        except Conflict:
            result = "409"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["409", "converted"]
    task = Task.objects.get()
    assert ActionItem.objects.get(pk=item.pk).task == task
    assert AuditEvent.objects.filter(action="action_item.converted").count() == 1
