"""Archiving a project: everyone still reads it, nobody changes it until it is restored."""

import pytest

from tandem.core import writes
from tandem.core.models import AuditEvent
from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.projects.policies import ProjectArchived
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db


def _archive(api_client, user, project, version=1):
    return api_client.as_user(user).post(
        f"/api/projects/{project.pk}/archive", {}, if_match=version
    )


def test_archived_project_reads_but_refuses_every_change_naming_the_archive(world, api_client):
    task = make_task(world.project, "Design", estimate=3)
    response = _archive(api_client, world.manager, world.project)
    assert response.status_code == 200, response.content
    assert response.json()["archived_at"] is not None
    audit_before = AuditEvent.objects.count()

    stakeholder_reads = api_client.as_user(world.stakeholder).get(
        f"/api/projects/{world.project.pk}"
    )
    assert stakeholder_reads.status_code == 200
    coordinator = api_client.as_user(world.coordinator)
    assert coordinator.get(f"/api/projects/{world.project.pk}/tasks").status_code == 200
    created = coordinator.post(f"/api/projects/{world.project.pk}/tasks", {"name": "More"})
    changed = coordinator.patch(f"/api/tasks/{task.pk}", {"name": "Renamed"}, if_match=task.version)
    # (as_user signs the one test client in as someone else: the coordinator's calls come first)
    edited = api_client.as_user(world.manager).patch(
        f"/api/projects/{world.project.pk}", {"name": "New"}, if_match=2
    )

    for response in (created, changed, edited):
        assert response.status_code == 409, response.content
        assert "ACME is archived" in response.json()["error"]["message"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Design"]
    assert Project.objects.get(pk=world.project.pk).name == "Acme launch"
    assert AuditEvent.objects.count() == audit_before


def test_restoring_from_the_archive_gives_the_rights_back(world, api_client):
    task = make_task(world.project, "Design", estimate=3)
    _archive(api_client, world.manager, world.project)
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/unarchive", {}, if_match=2
    )
    assert response.status_code == 200, response.content
    assert response.json()["archived_at"] is None
    renamed = api_client.as_user(world.coordinator).patch(
        f"/api/tasks/{task.pk}", {"name": "Renamed"}, if_match=task.version
    )
    assert renamed.status_code == 200
    actions = list(
        AuditEvent.objects.filter(object_type="projects.project")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["project.archived", "project.unarchived"]


def test_only_the_manager_or_an_admin_archives(world, api_client):
    assert _archive(api_client, world.coordinator, world.project).status_code == 403
    assert Project.objects.get(pk=world.project.pk).archived_at is None
    assert _archive(api_client, world.admin, world.project).status_code == 200


def test_archived_projects_are_listed_apart(world, api_client, client):
    _archive(api_client, world.manager, world.project)
    member = api_client.as_user(world.member)
    assert member.get("/api/projects?archived=false").json()["items"] == []
    assert [p["code"] for p in member.get("/api/projects?archived=true").json()["items"]] == [
        "ACME"
    ]
    client.force_login(world.member)
    home = client.get("/").content.decode()
    assert "Archived projects (1)" in home
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert "nobody can change it until it is restored" in page
    assert "Restore from archive" not in page  # a member may not restore it


def test_archiving_twice_is_a_clear_conflict(world, api_client):
    _archive(api_client, world.manager, world.project)
    again = _archive(api_client, world.manager, world.project, version=2)
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Project ACME is already archived."


def test_every_write_path_is_refused_in_an_archived_project(world, api_client):
    """The guard under every action: even a write that checks no right changes nothing."""
    _archive(api_client, world.manager, world.project)
    with pytest.raises(ProjectArchived, match="ACME is archived"):
        writes.create(
            Task(project=world.project, name="Sneaked in", wbs_code="9"),
            actor=world.manager,
            action="task.created",
        )
    assert Task.objects.count() == 0
