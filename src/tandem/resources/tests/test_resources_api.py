import pytest

from tandem.core.models import AuditEvent
from tandem.resources.models import BudgetLine, CostEntry, Resource, TimeEntry
from tandem.testing.factories import ROLES
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import (
    make_budget_line,
    make_cost_entry,
    make_resource,
    make_time_entry,
)

PROJECT_READ = {
    "anonymous": 401,
    "stranger": 404,
    "outsider": 404,
    "stakeholder": 403,
    "member": 200,
    "coordinator": 200,
    "manager": 200,
}
MANAGER_WRITE = {**PROJECT_READ, "member": 403, "coordinator": 403, "manager": 201}


@pytest.mark.parametrize("role", ROLES)
def test_resource_detail_per_role(world, api_client, role):
    crane = make_resource(world.admin)
    expect = {**PROJECT_READ, "outsider": 200, "stakeholder": 200}
    response = api_client.as_user(world.user(role)).get(f"/api/resources/{crane.pk}")
    assert response.status_code == expect[role]
    if response.status_code == 200:
        # rates only for people who manage a project (or organization admins)
        rate = "50.00" if role == "manager" else None
        assert response.json()["standard_rate"] == rate


@pytest.mark.parametrize("role", ROLES)
def test_resource_update_only_by_org_admin(world, api_client, role):
    crane = make_resource(world.admin)
    expect = {**PROJECT_READ, "outsider": 403, "stakeholder": 403, "member": 403}
    expect.update({"coordinator": 403, "manager": 403})
    response = api_client.as_user(world.user(role)).patch(
        f"/api/resources/{crane.pk}", {"standard_rate": "60"}, if_match=1
    )
    assert response.status_code == expect[role]
    crane.refresh_from_db()
    assert (crane.standard_rate, crane.version) == (50, 1)


def test_org_admin_creates_and_updates_resource(world, api_client):
    client = api_client.as_user(world.admin)
    created = client.post(
        "/api/resources", {"name": "Ana", "kind": "person", "user_id": world.member.pk}
    )
    assert created.status_code == 201
    rid = created.json()["id"]
    updated = client.patch(f"/api/resources/{rid}", {"overtime_rate": "75.5"}, if_match=1)
    assert updated.status_code == 200
    assert updated.json()["overtime_rate"] == "75.50"
    event = AuditEvent.objects.get(action="resource.updated")
    assert event.changes == {"overtime_rate": ["0.00", "75.50"]}


def test_equipment_cannot_link_a_user(world, api_client):
    response = api_client.as_user(world.admin).post(
        "/api/resources", {"name": "Drill", "kind": "equipment", "user_id": world.member.pk}
    )
    assert response.status_code == 422
    assert not Resource.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_budget_line_create_per_role(world, api_client, role):
    response = api_client.as_user(world.user(role)).post(
        f"/api/projects/{world.project.pk}/budget-lines", {"category": "travel", "amount": "500"}
    )
    assert response.status_code == MANAGER_WRITE[role]
    assert BudgetLine.objects.count() == (1 if MANAGER_WRITE[role] == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_budget_line_list_per_role(world, api_client, role):
    make_budget_line(world.project, world.manager)
    response = api_client.as_user(world.user(role)).get(
        f"/api/projects/{world.project.pk}/budget-lines"
    )
    assert response.status_code == PROJECT_READ[role]


def test_budget_line_negative_amount_refused(world, api_client):
    line = make_budget_line(world.project, world.manager)
    response = api_client.as_user(world.manager).patch(
        f"/api/budget-lines/{line.pk}", {"amount": "-1"}, if_match=1
    )
    assert response.status_code == 422
    line.refresh_from_db()
    assert (str(line.amount), line.version) == ("1000.00", 1)


@pytest.mark.parametrize("role", ROLES)
def test_cost_entry_create_per_role(world, api_client, role):
    response = api_client.as_user(world.user(role)).post(
        f"/api/projects/{world.project.pk}/cost-entries",
        {"category": "labour", "date": "2026-02-02", "amount": "120.00"},
    )
    assert response.status_code == MANAGER_WRITE[role]
    assert CostEntry.objects.count() == (1 if MANAGER_WRITE[role] == 201 else 0)


def test_cost_entry_with_task_of_other_project_refused(world, api_client):
    from tandem.testing.factories import make_project

    other = make_project(world.admin, manager=world.manager)
    foreign = make_task(other, "Foreign")
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/cost-entries",
        {"category": "labour", "date": "2026-02-02", "amount": "1", "task_id": foreign.pk},
    )
    assert response.status_code == 422
    assert "task_id" in response.json()["error"]["fields"]
    assert not CostEntry.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_log_time_per_role(world, api_client, role):
    task = make_task(world.project, "Build")
    expect = {**PROJECT_READ, "member": 201, "coordinator": 201, "manager": 201}
    response = api_client.as_user(world.user(role)).post(
        f"/api/projects/{world.project.pk}/time-entries",
        {"task_id": task.pk, "date": "2026-02-03", "hours": "3.5", "note": "<b>x</b>"},
    )
    assert response.status_code == expect[role]
    if expect[role] == 201:
        entry = TimeEntry.objects.get()
        assert (entry.person, str(entry.hours), entry.note) == (
            world.user(role),
            "3.50",
            "<b>x</b>",
        )
    else:
        assert not TimeEntry.objects.exists()


def test_member_sees_own_time_lead_sees_all(world, api_client):
    task = make_task(world.project, "Build")
    mine = make_time_entry(task, world.member)
    theirs = make_time_entry(task, world.coordinator)
    url = f"/api/projects/{world.project.pk}/time-entries"
    member_ids = [e["id"] for e in api_client.as_user(world.member).get(url).json()["items"]]
    lead_ids = {e["id"] for e in api_client.as_user(world.manager).get(url).json()["items"]}
    assert member_ids == [mine.pk]
    assert lead_ids == {mine.pk, theirs.pk}
    assert api_client.as_user(world.member).get(f"/api/time-entries/{theirs.pk}").status_code == 404
    refused = api_client.as_user(world.member).patch(
        f"/api/time-entries/{theirs.pk}", {"hours": "1"}, if_match=1
    )
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.version == 1


def test_time_over_24_hours_a_day_refused(world, api_client):
    task = make_task(world.project, "Build")
    make_time_entry(task, world.member, hours="20")
    response = api_client.as_user(world.member).post(
        f"/api/projects/{world.project.pk}/time-entries",
        {"task_id": task.pk, "date": "2026-02-03", "hours": "5"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        "member already logged 20.00 h on 2026-02-03; 5.00 h more would exceed 24 h."
    )
    assert TimeEntry.objects.count() == 1


def test_cost_entry_patch_stale_version(world, api_client):
    entry = make_cost_entry(world.project, world.manager)
    client = api_client.as_user(world.manager)
    assert (
        client.patch(f"/api/cost-entries/{entry.pk}", {"amount": "300"}, if_match=1).status_code
        == 200
    )
    stale = client.patch(f"/api/cost-entries/{entry.pk}", {"amount": "400"}, if_match=1)
    assert stale.status_code == 412
    entry.refresh_from_db()
    assert str(entry.amount) == "300.00"
