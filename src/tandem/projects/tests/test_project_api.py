import pytest

from tandem.core.models import AuditEvent
from tandem.projects.models import Project, ProjectMembership

pytestmark = pytest.mark.django_db


def test_manager_updates_project_with_current_version(world, api_client):
    # given
    url = f"/api/projects/{world.project.pk}"
    # when
    resp = api_client.as_user(world.manager).patch(
        url, {"health": "amber", "health_reason": "vendor late"}, if_match=1
    )
    # then
    assert resp.status_code == 200, resp.content
    assert resp.json()["version"] == 2
    world.project.refresh_from_db()
    assert world.project.health == "amber"
    event = AuditEvent.objects.get(action="project.updated")
    assert event.actor == world.manager
    assert event.changes == {"health": ["green", "amber"], "health_reason": ["", "vendor late"]}


def test_update_without_version_is_428_and_changes_nothing(world, api_client):
    resp = api_client.as_user(world.manager).patch(
        f"/api/projects/{world.project.pk}", {"name": "X"}
    )
    assert resp.status_code == 428
    assert resp.json()["error"]["code"] == "precondition_required"
    assert Project.objects.get(pk=world.project.pk).name == "Acme launch"


def test_stale_version_is_412_and_changes_nothing(world, api_client):
    client = api_client.as_user(world.manager)
    assert (
        client.patch(f"/api/projects/{world.project.pk}", {"name": "A", "version": 1}).status_code
        == 200
    )
    resp = client.patch(f"/api/projects/{world.project.pk}", {"name": "B", "version": 1})
    assert resp.status_code == 412
    assert Project.objects.get(pk=world.project.pk).name == "A"


def test_coordinator_may_not_change_budget(world, api_client):
    resp = api_client.as_user(world.coordinator).patch(
        f"/api/projects/{world.project.pk}", {"budget": "1000", "version": 1}
    )
    assert resp.status_code == 403
    assert Project.objects.get(pk=world.project.pk).budget == 0


def test_stranger_sees_no_project_even_by_id(world, api_client):
    client = api_client.as_user(world.stranger)
    assert client.get("/api/projects").json()["count"] == 0
    assert client.get(f"/api/projects/{world.project.pk}").status_code == 404


def test_last_manager_cannot_be_removed(world, api_client):
    membership = ProjectMembership.objects.get(project=world.project, user=world.manager)
    resp = api_client.as_user(world.manager).delete(f"/api/memberships/{membership.pk}", if_match=1)
    assert resp.status_code == 422
    assert ProjectMembership.objects.filter(pk=membership.pk).exists()


def test_invalid_dates_are_refused(world, api_client):
    resp = api_client.as_user(world.admin).post(
        "/api/projects",
        {"code": "BAD", "name": "Bad", "start_date": "2026-05-01", "target_date": "2026-01-01"},
    )
    assert resp.status_code == 422, resp.content
    assert not Project.objects.filter(code="BAD").exists()
