"""Deleting a project: gone for everyone at once, restorable exactly as it was for the grace
period, then purged by the periodic job: audited, its stored files removed after commit, no row
left behind."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from tandem.core.models import AuditEvent
from tandem.planning.models import Task
from tandem.projects import actions
from tandem.projects.jobs import purge_expired_projects
from tandem.projects.models import Project
from tandem.records.models import Comment, Decision, DocumentVersion
from tandem.testing.factories_goals import make_goal, make_key_result
from tandem.testing.factories_meetings import make_meeting_world
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_records import (
    make_comment,
    make_decision,
    make_document,
    make_status_update,
    make_version,
)
from tandem.testing.factories_resources import make_cost_entry, make_time_entry
from tandem.testing.factories_risks import make_issue, make_mitigation, make_risk

pytestmark = pytest.mark.django_db


def _fill(world):
    """Something of every kind in the project, files and comments included."""
    design = make_task(world.project, "Design", estimate=5)
    build = make_task(world.project, "Build", estimate=10)
    make_link(design, build)
    make_key_result(make_goal(world.project, "Ship", task_ids=[build.pk]))
    make_time_entry(build, world.member)
    make_cost_entry(world.project, world.manager)
    risk = make_risk(world)
    make_mitigation(world, risk)
    issue = make_issue(world, title="Vendor down")
    make_meeting_world(world)
    document = make_document(world)
    files = [make_version(world, document).file.name, make_version(world, document).file.name]
    old = make_decision(world, title="SQLite", status="accepted")
    make_decision(world, title="PostgreSQL", status="accepted", supersedes_id=old.pk)
    make_status_update(world, publish=True)
    for target in (build, risk, issue, document, old):
        make_comment(world, target)
    return files


def _rows_left(project_id):
    """Rows of any model that still point at the project (by foreign key or copied id)."""
    left = {}
    for model in apps.get_models():
        if model is AuditEvent:
            continue
        for field in model._meta.concrete_fields:
            points_at_project = isinstance(field, models.ForeignKey) and (
                field.related_model is Project
            )
            if points_at_project or (model is not Project and field.attname == "project_id"):
                count = model._default_manager.filter(**{field.attname: project_id}).count()
                if count:
                    left[f"{model._meta.label}.{field.name}"] = count
    return left


def _delete(api_client, user, project, version=1):
    return api_client.as_user(user).delete(f"/api/projects/{project.pk}", if_match=version)


def test_deleted_project_disappears_for_everyone_and_keeps_everything(world, api_client):
    files = _fill(world)
    pk = world.project.pk
    rows = _rows_left(pk)
    assert rows != {}

    response = _delete(api_client, world.manager, world.project)

    assert response.status_code == 204
    for user in (world.manager, world.member, world.stakeholder):
        client = api_client.as_user(user)
        assert client.get(f"/api/projects/{pk}").status_code == 404
        assert pk not in [p["id"] for p in client.get("/api/projects").json()["items"]]
        assert client.get(f"/api/projects/{pk}/tasks").status_code == 404
    assert _rows_left(pk) == rows
    assert [default_storage.exists(n) for n in files] == [True, True]
    event = AuditEvent.objects.get(action="project.deleted")
    assert (event.project_id, event.actor) == (pk, world.manager)
    assert event.changes["deleted_at"][0] is None


def test_manager_restores_a_deleted_project_exactly_as_it_was(world, api_client):
    files = _fill(world)
    pk = world.project.pk
    rows = _rows_left(pk)
    _delete(api_client, world.manager, world.project)

    listed = api_client.as_user(world.manager).get("/api/projects/deleted").json()
    assert [(p["id"], p["code"], p["deleted_by"]) for p in listed] == [(pk, "ACME", "manager")]
    purge_after = dt.datetime.fromisoformat(listed[0]["purge_after"])
    deleted_at = dt.datetime.fromisoformat(listed[0]["deleted_at"])
    assert purge_after - deleted_at == dt.timedelta(days=30)
    # the team does not see it among the deleted projects: only its manager and the admins
    assert api_client.as_user(world.member).get("/api/projects/deleted").json() == []
    assert [
        p["id"] for p in api_client.as_user(world.admin).get("/api/projects/deleted").json()
    ] == [pk]

    response = api_client.as_user(world.manager).post(
        f"/api/projects/{pk}/restore", {}, if_match=listed[0]["version"]
    )

    assert response.status_code == 200, response.content
    assert api_client.as_user(world.member).get(f"/api/projects/{pk}").status_code == 200
    assert _rows_left(pk) == rows
    assert [default_storage.exists(n) for n in files] == [True, True]
    assert AuditEvent.objects.filter(action="project.restored", project_id=pk).count() == 1


def test_purge_after_the_grace_period_leaves_no_rows_and_no_files(
    world, api_client, django_capture_on_commit_callbacks
):
    files = _fill(world)
    pk = world.project.pk
    history = AuditEvent.objects.filter(project_id=pk).count()
    _delete(api_client, world.manager, world.project)

    # within the grace period the periodic job leaves it alone
    assert purge_expired_projects() == 0
    assert Project.objects.filter(pk=pk).exists()

    later = timezone.now() + dt.timedelta(days=30, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.purge_expired_projects(now=later) == [pk]

    assert Project.objects.filter(pk=pk).exists() is False
    assert _rows_left(pk) == {}
    assert Comment.objects.count() == 0
    assert (Task.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert [default_storage.exists(n) for n in files] == [False, False]
    # the history stays, and says the project was purged by the system after its deletion
    event = AuditEvent.objects.get(action="project.purged")
    assert (event.project_id, event.object_id, event.actor, event.actor_name) == (
        pk,
        str(pk),
        None,
        "system",
    )
    assert event.changes["code"] == ["ACME", None]
    assert AuditEvent.objects.filter(project_id=pk).count() == history + 2


def test_purge_refuses_a_project_that_is_not_deleted(world):
    with pytest.raises(actions.Conflict):
        actions.do_purge_project(world.project)
    assert Project.objects.filter(pk=world.project.pk).exists()


def test_code_of_a_deleted_project_is_refused_with_how_to_restore_it(world, api_client):
    _delete(api_client, world.manager, world.project)
    response = api_client.as_user(world.admin).post(
        "/api/projects",
        {"code": "ACME", "name": "Again", "start_date": "2026-01-01", "target_date": "2026-02-01"},
    )
    assert response.status_code == 422
    assert "deleted project that can be restored until" in response.json()["error"]["message"]
    assert Project.objects.filter(code="ACME").count() == 1


def test_organization_admin_who_is_not_a_member_deletes_a_project(
    world, api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.as_user(world.admin).delete(
            f"/api/projects/{world.project.pk}", if_match=1
        )
    assert response.status_code == 204
    assert AuditEvent.objects.get(action="project.deleted").actor == world.admin
    assert Project.objects.get(pk=world.project.pk).deleted_by == world.admin


def test_stale_version_deletes_nothing_and_keeps_the_files(
    world, api_client, django_capture_on_commit_callbacks
):
    files = _fill(world)
    audit_before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.as_user(world.manager).delete(
            f"/api/projects/{world.project.pk}", if_match=7
        )
    assert response.status_code == 412
    assert Project.objects.get(pk=world.project.pk).deleted_at is None
    assert [default_storage.exists(n) for n in files] == [True, True]
    assert AuditEvent.objects.count() == audit_before
    assert Comment.objects.count() == 5
    assert Decision.objects.get(title="PostgreSQL").supersedes.title == "SQLite"


def test_delete_page_asks_for_the_code_then_deletes_and_says_until_when(world, client):
    _fill(world)
    client.force_login(world.manager)
    url = f"/projects/{world.project.pk}/delete/"
    page = client.get(url).content.decode()
    assert "restore it, exactly as it was" in page
    assert "with its 3 tasks, 1 risk, 1 issue, 1 meeting, 1 document." in page

    wrong = client.post(url, {"version": 1, "confirm_code": "acme"})
    assert wrong.status_code == 422
    assert "Type the project&#x27;s code, ACME, to confirm." in wrong.content.decode()
    assert Project.objects.get(pk=world.project.pk).deleted_at is None

    done = client.post(url, {"version": 1, "confirm_code": "ACME"}, follow=True)
    assert done.redirect_chain[-1][0] == "/"
    assert "is deleted. You can restore it from Deleted projects until" in done.content.decode()
    deleted = client.get("/projects/deleted/").content.decode()
    assert "Restore ACME" in deleted
