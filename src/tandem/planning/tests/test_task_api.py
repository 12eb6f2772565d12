import pytest

from tandem.core.models import AuditEvent
from tandem.planning.models import Dependency, Task
from tandem.testing.factories import ROLES
from tandem.testing.factories_planning import make_link, make_task


def _assign(world, task, user):
    from tandem.planning.actions import do_assign

    return do_assign(task, acting_user=world.manager, person=user)


LIST_EXPECT = {
    "anonymous": 401,
    "stranger": 404,
    "outsider": 404,
    "stakeholder": 403,
    "member": 200,
    "coordinator": 200,
    "manager": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_list_tasks_per_role(world, api_client, role):
    make_task(world.project, "Design")
    response = api_client.as_user(world.user(role)).get(f"/api/projects/{world.project.pk}/tasks")
    assert response.status_code == LIST_EXPECT[role]
    if response.status_code == 200:
        body = response.json()
        assert body["count"] == 1
        assert body["items"][0]["name"] == "Design"
        assert body["items"][0]["wbs_code"] == "1"


@pytest.mark.parametrize("role", ROLES)
def test_get_task_per_role(world, api_client, role):
    task = make_task(world.project, "Design")
    expect = {**LIST_EXPECT, "stakeholder": 404}
    response = api_client.as_user(world.user(role)).get(f"/api/tasks/{task.pk}")
    assert response.status_code == expect[role]
    if response.status_code == 200:
        assert response["ETag"] == '"1"'


@pytest.mark.parametrize("role", ROLES)
def test_milestones_per_role(world, api_client, role):
    make_task(world.project, "Kickoff", is_milestone=True)
    make_task(world.project, "Work")
    expect = {**LIST_EXPECT, "stakeholder": 200}
    response = api_client.as_user(world.user(role)).get(
        f"/api/projects/{world.project.pk}/milestones"
    )
    assert response.status_code == expect[role]
    if response.status_code == 200:
        assert [m["name"] for m in response.json()] == ["Kickoff"]


@pytest.mark.parametrize("role", ROLES)
def test_create_task_per_role(world, api_client, role):
    expect = {**LIST_EXPECT, "member": 403, "coordinator": 201, "manager": 201}
    response = api_client.as_user(world.user(role)).post(
        f"/api/projects/{world.project.pk}/tasks", {"name": "New", "estimate": "2"}
    )
    assert response.status_code == expect[role]
    assert Task.objects.filter(name="New").count() == (1 if expect[role] == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_patch_task_name_per_role(world, api_client, role):
    task = make_task(world.project, "Old")
    _assign(world, task, world.member)
    expect = {**LIST_EXPECT, "stakeholder": 404, "member": 403}
    response = api_client.as_user(world.user(role)).patch(
        f"/api/tasks/{task.pk}", {"name": "Renamed"}, if_match=1
    )
    assert response.status_code == expect[role]
    task.refresh_from_db()
    assert task.name == ("Renamed" if expect[role] == 200 else "Old")
    assert task.version == (2 if expect[role] == 200 else 1)


def test_member_updates_progress_of_assigned_task_only(world, api_client):
    mine = make_task(world.project, "Mine")
    other = make_task(world.project, "Other")
    _assign(world, mine, world.member)
    client = api_client.as_user(world.member)
    ok = client.patch(
        f"/api/tasks/{mine.pk}", {"status": "in_progress", "percent_complete": 40}, if_match=1
    )
    refused = client.patch(f"/api/tasks/{other.pk}", {"percent_complete": 40}, if_match=1)
    assert ok.status_code == 200
    assert (ok.json()["status"], ok.json()["percent_complete"]) == ("in_progress", 40)
    assert refused.status_code == 403
    other.refresh_from_db()
    assert (other.percent_complete, other.version) == (0, 1)
    event = AuditEvent.objects.get(action="task.updated", object_id=str(mine.pk))
    assert event.changes == {"status": ["not_started", "in_progress"], "percent_complete": [0, 40]}
    assert event.actor == world.member


def test_patch_needs_version_and_refuses_stale(world, api_client):
    task = make_task(world.project, "T")
    client = api_client.as_user(world.manager)
    missing = client.patch(f"/api/tasks/{task.pk}", {"name": "X"})
    first = client.patch(f"/api/tasks/{task.pk}", {"name": "A"}, if_match=1)
    stale = client.patch(f"/api/tasks/{task.pk}", {"name": "B"}, if_match=1)
    assert (missing.status_code, first.status_code, stale.status_code) == (428, 200, 412)
    task.refresh_from_db()
    assert (task.name, task.version) == ("A", 2)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"percent_complete": 101}, "percent_complete"),
        ({"start_date": "2026-03-05", "finish_date": "2026-03-01"}, "__all__"),
        ({"parent_id": 999999}, "parent_id"),
        ({"status": "finished"}, "status"),
        ({"constraint_type": "SNET"}, "constraint_date"),
    ],
)
def test_patch_task_bad_input_is_422_and_changes_nothing(world, api_client, body, field):
    task = make_task(world.project, "T")
    response = api_client.as_user(world.manager).patch(f"/api/tasks/{task.pk}", body, if_match=1)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    task.refresh_from_db()
    assert task.version == 1
    assert not AuditEvent.objects.filter(action="task.updated").exists()


def test_move_task_renumbers_wbs(world, api_client):
    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    a1 = make_task(world.project, "A1", parent=a)
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{b.pk}", {"parent_id": a.pk, "position": 1}, if_match=1
    )
    assert response.status_code == 200
    assert dict(Task.objects.values_list("name", "wbs_code")) == {
        "A": "1",
        "B": "1.1",
        "A1": "1.2",
    }
    assert a1.pk  # still there
    loop = api_client.as_user(world.manager).patch(
        f"/api/tasks/{a.pk}", {"parent_id": b.pk}, if_match=1
    )
    assert loop.status_code == 422


def test_delete_task_renumbers_removes_links_and_reschedules(world, api_client):
    a = make_task(world.project, "A", estimate=2)
    b = make_task(world.project, "B", estimate=1)
    c = make_task(world.project, "C")
    make_link(a, b)
    response = api_client.as_user(world.manager).delete(f"/api/tasks/{a.pk}", if_match=1)
    assert response.status_code == 200
    # B no longer waits for A (Monday-Tuesday): it moves from Wednesday to Monday.
    assert response.json() == {
        "rescheduled": [
            {
                "id": b.pk,
                "name": "B",
                "wbs_code": "1",
                "start": "2026-01-05",
                "finish": "2026-01-05",
                "previous_start": "2026-01-07",
                "previous_finish": "2026-01-07",
                "version": 3,
            }
        ]
    }
    assert dict(Task.objects.values_list("name", "wbs_code")) == {"B": "1", "C": "2"}
    assert not Dependency.objects.exists()
    assert AuditEvent.objects.filter(action="dependency.deleted").count() == 1
    assert c.pk


def test_cycle_is_refused_and_named(world, api_client):
    a = make_task(world.project, "Design")
    b = make_task(world.project, "Build")
    c = make_task(world.project, "Test")
    make_link(a, b)
    make_link(b, c)
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/dependencies",
        {"predecessor_id": c.pk, "successor_id": a.pk},
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        "This dependency would create a cycle: 3 Test -> 1 Design -> 2 Build -> 3 Test"
    )
    assert Dependency.objects.count() == 2


@pytest.mark.parametrize("case", ["self", "duplicate", "unknown"])
def test_bad_links_refused(world, api_client, case):
    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    make_link(a, b)
    pred = {"self": b.pk, "duplicate": a.pk, "unknown": 987654}[case]
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/dependencies",
        {"predecessor_id": pred, "successor_id": b.pk, "type": "SS", "lag": -2},
    )
    assert response.status_code == 422
    assert Dependency.objects.count() == 1
