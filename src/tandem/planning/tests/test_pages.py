import pytest
from django.test import Client

from tandem.planning.models import Dependency, Task
from tandem.testing.factories import ROLES
from tandem.testing.factories_planning import make_link, make_task

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
@pytest.mark.parametrize("page", ["task-list", "project-schedule", "baseline-list"])
def test_project_work_pages_per_role(world, role, page):
    make_task(world.project, "<script>alert(1)</script>", estimate=1)
    from django.urls import reverse

    response = _client(world.user(role)).get(reverse(page, args=[world.project.pk]))
    assert response.status_code == WORK_PAGE[role]
    if response.status_code == 200 and page in ("task-list", "project-schedule"):
        body = response.content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<script>alert(1)" not in body


@pytest.mark.parametrize("role", ROLES)
def test_milestone_page_per_role(world, role):
    make_task(world.project, "Go live", is_milestone=True)
    make_task(world.project, "Secret work")
    response = _client(world.user(role)).get(f"/projects/{world.project.pk}/milestones/")
    expect = {**WORK_PAGE, "stakeholder": 200}
    assert response.status_code == expect[role]
    if response.status_code == 200:
        body = response.content.decode()
        assert "Go live" in body
        assert "Secret work" not in body


@pytest.mark.parametrize("role", ROLES)
def test_task_detail_page_per_role(world, role):
    task = make_task(world.project, "Design")
    expect = {**WORK_PAGE, "stakeholder": 404}
    response = _client(world.user(role)).get(f"/tasks/{task.pk}/")
    assert response.status_code == expect[role]


def test_create_task_through_page_shows_field_errors(world):
    client = _client(world.manager)
    url = f"/projects/{world.project.pk}/plan/"
    bad = client.post(url, {"name": "X", "estimate": "-2"})
    assert bad.status_code == 422
    assert "greater than or equal to 0" in bad.content.decode()
    assert not Task.objects.exists()
    good = client.post(url, {"name": "Design"})
    task = Task.objects.get()
    assert good.status_code == 302
    assert good["Location"] == f"/tasks/{task.pk}/"


def test_member_page_post_refused(world):
    response = _client(world.member).post(f"/projects/{world.project.pk}/plan/", {"name": "X"})
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_add_predecessor_with_htmx_names_cycle(world):
    a = make_task(world.project, "Design")
    b = make_task(world.project, "Build")
    make_link(a, b)
    client = _client(world.coordinator)
    response = client.post(
        f"/tasks/{a.pk}/predecessors/",
        {"predecessor": b.pk, "type": "FS", "lag": "0", "lag_unit": "days"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "cycle: 2 Build -&gt; 1 Design -&gt; 2 Build" in response.content.decode()
    assert Dependency.objects.count() == 1


def test_remove_predecessor_with_htmx(world):
    a = make_task(world.project, "Design")
    b = make_task(world.project, "Build")
    dep = make_link(a, b)
    response = _client(world.manager).post(
        f"/dependencies/{dep.pk}/remove/", {"version": 1}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "No predecessors." in response.content.decode()
    assert not Dependency.objects.exists()


def test_member_cannot_remove_predecessor(world):
    a = make_task(world.project, "Design")
    b = make_task(world.project, "Build")
    dep = make_link(a, b)
    response = _client(world.member).post(f"/dependencies/{dep.pk}/remove/", {"version": 1})
    assert response.status_code == 403
    assert Dependency.objects.count() == 1


def test_assignee_updates_progress_on_page(world):
    from tandem.planning.actions import do_assign

    task = make_task(world.project, "Build")
    do_assign(task, acting_user=world.manager, person=world.member)
    response = _client(world.member).post(
        f"/tasks/{task.pk}/",
        {"version": 1, "status": "in_progress", "percent_complete": 30},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.percent_complete, task.version) == ("in_progress", 30, 2)


def test_schedule_apply_on_page(world):
    from tandem.planning.models import PlanSettings

    PlanSettings.objects.create(project=world.project, auto_schedule=False)
    make_task(world.project, "A", estimate=2)
    response = _client(world.manager).post(f"/projects/{world.project.pk}/schedule/")
    assert response.status_code == 200
    assert "Planned dates updated on 1 task." in response.content.decode()
    refused = _client(world.member).post(f"/projects/{world.project.pk}/schedule/")
    assert refused.status_code == 403


def test_assign_and_unassign_with_htmx(world):
    from tandem.planning.models import Assignment
    from tandem.testing.factories_resources import make_resource

    task = make_task(world.project, "Lift")
    crane = make_resource(world.admin, "Crane")
    client = _client(world.coordinator)
    added = client.post(
        f"/tasks/{task.pk}/assignees/",
        {"resource": crane.pk, "units": "50"},
        headers={"HX-Request": "true"},
    )
    assert added.status_code == 200
    assignment = Assignment.objects.get()
    assert (assignment.resource, str(assignment.units)) == (crane, "50.00")
    both = client.post(
        f"/tasks/{task.pk}/assignees/",
        {"resource": crane.pk, "person": world.member.pk, "units": "50"},
        headers={"HX-Request": "true"},
    )
    assert "Choose either a person or a resource." in both.content.decode()
    stakeholder = client.post(
        f"/tasks/{task.pk}/assignees/", {"person": world.stakeholder.pk, "units": "100"}
    )
    assert stakeholder.status_code == 422
    assert Assignment.objects.count() == 1
    removed = client.post(
        f"/assignments/{assignment.pk}/remove/", {"version": 1}, headers={"HX-Request": "true"}
    )
    assert "Nobody is assigned." in removed.content.decode()
    assert not Assignment.objects.exists()


def test_member_cannot_assign(world):
    from tandem.planning.models import Assignment

    task = make_task(world.project, "Lift")
    response = _client(world.member).post(
        f"/tasks/{task.pk}/assignees/", {"person": world.member.pk, "units": "100"}
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_stale_edit_on_task_page_is_412_with_message(world):
    task = make_task(world.project, "T")
    client = _client(world.manager)
    form = {
        "version": "1",
        "name": "First",
        "estimate_mode": "single",
        "duration_unit": "days",
        "constraint_type": "ASAP",
        "priority": "500",
        "status": "not_started",
        "percent_complete": "0",
    }
    assert client.post(f"/tasks/{task.pk}/", form).status_code == 302
    stale = client.post(f"/tasks/{task.pk}/", {**form, "name": "Second"})
    assert stale.status_code == 412
    assert "changed by someone else" in stale.content.decode()
    task.refresh_from_db()
    assert (task.name, task.version) == ("First", 2)
