import pytest
from django.test import Client

from tandem.projects.models import ProjectMembership
from tandem.resources.models import BudgetLine, Resource, TimeEntry
from tandem.testing.factories import ROLES
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource

WORK_PAGE = {
    "anonymous": 302,
    "stranger": 404,
    "outsider": 404,
    "stakeholder": 403,
    "member": 200,
    "coordinator": 200,
    "manager": 200,
}


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["team", "time", "budget"])
def test_project_pages_per_role(world, role, page):
    response = _client(world.user(role)).get(f"/projects/{world.project.pk}/{page}/")
    assert response.status_code == WORK_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_resource_page_per_role(world, role):
    make_resource(world.admin, "<b>Crane</b>")
    response = _client(world.user(role)).get("/resources/")
    assert response.status_code == (302 if role == "anonymous" else 200)
    body = response.content.decode()
    if role in ("stranger", "anonymous"):
        assert "Crane" not in body
    else:
        assert "&lt;b&gt;Crane&lt;/b&gt;" in body


def test_admin_adds_resource_page_and_others_refused(world):
    data = {
        "name": "Van",
        "kind": "equipment",
        "standard_rate": "10",
        "overtime_rate": "0",
        "cost_per_use": "5",
        "currency": "EUR",
        "max_units": "100",
    }
    assert _client(world.manager).post("/resources/", data).status_code == 403
    assert not Resource.objects.exists()
    assert _client(world.admin).post("/resources/", data).status_code == 302
    bad = _client(world.admin).post("/resources/", {**data, "currency": "euro"})
    assert bad.status_code == 422
    assert Resource.objects.get().name == "Van"


def test_manager_changes_role_on_team_page(world):
    m = ProjectMembership.objects.get(user=world.member)
    assert (
        _client(world.coordinator)
        .post(f"/memberships/{m.pk}/role/", {"version": m.version, "role": "coordinator"})
        .status_code
        == 403
    )
    response = _client(world.manager).post(
        f"/memberships/{m.pk}/role/", {"version": m.version, "role": "coordinator"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.role == "coordinator"


def test_member_logs_time_on_page(world):
    task = make_task(world.project, "Build")
    client = _client(world.member)
    url = f"/projects/{world.project.pk}/time/"
    bad = client.post(url, {"task": task.pk, "date": "2026-02-03", "hours": "25"})
    assert bad.status_code == 422
    assert not TimeEntry.objects.exists()
    ok = client.post(url, {"task": task.pk, "date": "2026-02-03", "hours": "2"})
    assert ok.status_code == 302
    assert TimeEntry.objects.get().person == world.member


def test_budget_page_manager_only_writes(world):
    url = f"/projects/{world.project.pk}/budget/"
    data = {"line-category": "travel", "line-amount": "300", "line-description": "Trips"}
    assert _client(world.coordinator).post(url, data).status_code == 403
    assert _client(world.manager).post(url, data).status_code == 302
    assert BudgetLine.objects.get().description == "Trips"
    page = _client(world.manager).get(url)
    assert "Budget €300.00 · actual €0.00 · remaining €300.00" in page.content.decode()


def test_admin_edits_resource_page(world):
    crane = make_resource(world.admin, "Crane")
    data = {
        "version": "1",
        "name": "Crane",
        "kind": "equipment",
        "standard_rate": "65",
        "overtime_rate": "0",
        "cost_per_use": "0",
        "currency": "EUR",
        "max_units": "100",
        "active": "on",
    }
    response = _client(world.admin).post(f"/resources/{crane.pk}/", data)
    assert response.status_code == 302
    crane.refresh_from_db()
    assert (crane.standard_rate, crane.version) == (65, 2)
    stale = _client(world.admin).post(f"/resources/{crane.pk}/", {**data, "standard_rate": "70"})
    assert stale.status_code == 412
    crane.refresh_from_db()
    assert crane.standard_rate == 65


def test_delete_own_time_entry_on_page(world):
    from tandem.testing.factories_resources import make_time_entry

    task = make_task(world.project, "Build")
    mine = make_time_entry(task, world.member)
    theirs = make_time_entry(task, world.coordinator)
    client = _client(world.member)
    page = client.get(f"/projects/{world.project.pk}/time/").content.decode()
    assert f"/time-entries/{mine.pk}/remove/" in page
    assert f"/time-entries/{theirs.pk}/remove/" not in page
    assert client.post(f"/time-entries/{theirs.pk}/remove/", {"version": 1}).status_code == 404
    assert client.post(f"/time-entries/{mine.pk}/remove/", {"version": 1}).status_code == 302
    assert list(TimeEntry.objects.values_list("pk", flat=True)) == [theirs.pk]
