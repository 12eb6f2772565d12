"""An action item becomes a task where the coordinator says: under the chosen summary, owned by
the chosen person, its due date a deadline or a finish constraint, scheduled at once, the owner
notified, and the meeting page names the task."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.comms.models import Notification
from tandem.core.models import AuditEvent
from tandem.meetings.models import ActionItem
from tandem.planning.models import ConstraintType, PlanSettings, Task
from tandem.testing.factories_meetings import make_action_item, make_meeting
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    """Design (5 days) then the Build phase: whatever goes under Build starts after Design."""
    design = make_task(world.project, "Design", estimate=5)
    build = make_task(world.project, "Build")
    make_task(world.project, "Code the API", parent=build, estimate=2)
    make_link(design, build)
    meeting = make_meeting(world)
    item = make_action_item(
        world, meeting, description="Write the import script", due_date=dt.date(2026, 3, 6)
    )
    return design, build, item


def test_the_task_goes_under_the_parent_with_a_deadline_and_is_scheduled(world, api_client, plan):
    design, build, item = plan
    # when the coordinator schedules the item under Build for the coordinator herself, 3 days
    resp = api_client.as_user(world.coordinator).post(
        f"/api/action-items/{item.pk}/schedule",
        {
            "parent_id": build.pk,
            "owner_id": world.member.pk,
            "due_date": "2026-03-06",
            "due_as": "deadline",
            "estimate_days": "3",
        },
    )
    # then the task sits under Build, after Design, with the due date as its deadline
    assert resp.status_code == 201, resp.content
    body = resp.json()
    task = Task.objects.get(pk=body["task_id"])
    assert task.parent_id == build.pk
    assert task.wbs_code == "2.2"
    assert task.name == "Write the import script"
    assert task.estimate == Decimal("3.00")
    assert task.deadline == dt.date(2026, 3, 6)
    assert task.constraint_type == ConstraintType.ASAP
    assert (task.start_date, task.finish_date) == (dt.date(2026, 1, 12), dt.date(2026, 1, 14))
    assert list(task.assignments.values_list("person_id", flat=True)) == [world.member.pk]
    assert body["task_name"] == "Write the import script"
    assert body["scheduled"] is True
    assert ActionItem.objects.get(pk=item.pk).task_id == task.pk


def test_a_finish_constraint_replaces_the_deadline(world, api_client, plan):
    _, build, item = plan
    resp = api_client.as_user(world.coordinator).post(
        f"/api/action-items/{item.pk}/schedule",
        {
            "parent_id": build.pk,
            "owner_id": world.member.pk,
            "due_date": "2026-01-13",
            "due_as": "finish_no_later_than",
            "estimate_days": "2",
        },
    )
    assert resp.status_code == 201, resp.content
    task = Task.objects.get(pk=resp.json()["task_id"])
    assert task.deadline is None
    assert (task.constraint_type, task.constraint_date) == (
        ConstraintType.FNLT,
        dt.date(2026, 1, 13),
    )
    assert task.finish_date == dt.date(2026, 1, 13)
    # the item took the due date given
    assert ActionItem.objects.get(pk=item.pk).due_date == dt.date(2026, 1, 13)


def test_the_owner_is_notified_with_the_task_and_its_dates(
    world, api_client, plan, django_capture_on_commit_callbacks
):
    _, build, item = plan
    with django_capture_on_commit_callbacks(execute=True):
        resp = api_client.as_user(world.coordinator).post(
            f"/api/action-items/{item.pk}/schedule",
            {"parent_id": build.pk, "owner_id": world.member.pk, "estimate_days": "3"},
        )
    assert resp.status_code == 201
    note = Notification.objects.get(kind="action_item.scheduled")
    assert note.recipient == world.member
    assert note.subject == "New task for you: Write the import script, 12 Jan to 14 Jan 2026"
    assert note.url == f"/tasks/{resp.json()['task_id']}/"


def test_changing_the_owner_moves_the_item_and_tells_the_new_owner(world, api_client, plan):
    _, _, item = plan
    resp = api_client.as_user(world.manager).post(
        f"/api/action-items/{item.pk}/schedule",
        {"owner_id": world.coordinator.pk, "estimate_days": "1"},
    )
    assert resp.status_code == 201
    item.refresh_from_db()
    assert item.owner == world.coordinator
    assert [n.recipient for n in Notification.objects.filter(kind="action_item.scheduled")] == [
        world.coordinator
    ]
    assert Task.objects.get(pk=resp.json()["task_id"]).parent_id is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"due_as": "whenever"}, "due_as"),
        ({"estimate_days": "0"}, "estimate_days"),
        ({"due_as": "finish_no_later_than", "due_date": None}, "due_date"),
        ({"owner_id": -1}, "owner"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_changes(
    world, api_client, plan, body, field
):
    _, build, item = plan
    tasks, events = Task.objects.count(), AuditEvent.objects.count()
    payload = {"parent_id": build.pk, "estimate_days": "1", **body}
    resp = api_client.as_user(world.coordinator).post(
        f"/api/action-items/{item.pk}/schedule", payload
    )
    assert resp.status_code == 422, resp.content
    assert field in resp.json()["error"]["fields"]
    assert (Task.objects.count(), AuditEvent.objects.count()) == (tasks, events)
    assert ActionItem.objects.get(pk=item.pk).task_id is None


def test_a_milestone_cannot_be_the_parent(world, api_client, plan):
    _, _, item = plan
    gate = make_task(world.project, "Go live", is_milestone=True)
    resp = api_client.as_user(world.coordinator).post(
        f"/api/action-items/{item.pk}/schedule", {"parent_id": gate.pk}
    )
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"] == {
        "parent_id": ["3 Go live is a milestone; a milestone holds no tasks."]
    }
    assert ActionItem.objects.get(pk=item.pk).task_id is None


def test_an_item_becomes_a_task_once(world, api_client, plan):
    _, _, item = plan
    client = api_client.as_user(world.coordinator)
    assert client.post(f"/api/action-items/{item.pk}/schedule", {}).status_code == 201
    again = client.post(f"/api/action-items/{item.pk}/schedule", {})
    assert again.status_code == 409
    assert "already the task" in again.json()["error"]["message"]
    assert Task.objects.filter(name="Write the import script").count() == 1


def test_a_manually_scheduled_plan_gets_the_task_without_dates(world, api_client, plan):
    _, _, item = plan
    PlanSettings.objects.update_or_create(project=world.project, defaults={"auto_schedule": False})
    resp = api_client.as_user(world.coordinator).post(f"/api/action-items/{item.pk}/schedule", {})
    assert resp.status_code == 201
    assert resp.json()["scheduled"] is False


def test_the_page_asks_where_and_the_meeting_shows_the_task_by_name(world, client, plan):
    _, build, item = plan
    client.force_login(world.coordinator)
    page = client.get(f"/action-items/{item.pk}/schedule/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{build.pk}">2 Build</option>' in html
    assert 'value="finish_no_later_than"' in html
    resp = client.post(
        f"/action-items/{item.pk}/schedule/",
        {
            "parent": str(build.pk),
            "owner": str(world.member.pk),
            "due_date": "2026-03-06",
            "due_as": "deadline",
            "estimate_days": "3",
        },
        follow=True,
    )
    assert resp.status_code == 200
    task = Task.objects.get(name="Write the import script")
    html = resp.content.decode()
    assert f'id="action-item-{item.pk}-task"' in html
    assert f'href="/tasks/{task.pk}/">2.2 Write the import script</a>' in html
    assert (
        "Task “2.2 Write the import script” created under 2 Build, scheduled 12 Jan to "
        "14 Jan 2026. member was notified." in html
    )


def test_the_page_shows_a_refusal_on_the_form(world, client, plan):
    _, _, item = plan
    client.force_login(world.coordinator)
    resp = client.post(
        f"/action-items/{item.pk}/schedule/",
        {"parent": "", "owner": "", "due_date": "", "due_as": "finish_no_later_than",
         "estimate_days": "1"},
    )  # fmt: skip
    assert resp.status_code == 422
    assert "A finish constraint needs the due date." in resp.content.decode()
    assert Task.objects.filter(name="Write the import script").count() == 0
