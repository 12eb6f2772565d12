"""Deleting a project: audited, its stored files removed after commit, no row left behind."""

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models

from tandem.core.models import AuditEvent
from tandem.planning.models import Task
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


def test_manager_deletes_a_full_project_leaving_no_rows_and_no_files(
    world, api_client, django_capture_on_commit_callbacks
):
    files = _fill(world)
    pk = world.project.pk
    history = AuditEvent.objects.filter(project_id=pk).count()
    assert _rows_left(pk) != {}
    assert [default_storage.exists(n) for n in files] == [True, True]

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.as_user(world.manager).delete(f"/api/projects/{pk}", if_match=1)

    assert response.status_code == 204
    assert Project.objects.filter(pk=pk).exists() is False
    assert _rows_left(pk) == {}
    assert Comment.objects.count() == 0
    assert (Task.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert [default_storage.exists(n) for n in files] == [False, False]
    # the history stays, and says who deleted it
    event = AuditEvent.objects.get(action="project.deleted")
    assert (event.project_id, event.object_id, event.actor) == (pk, str(pk), world.manager)
    assert event.changes["code"] == ["ACME", None]
    assert AuditEvent.objects.filter(project_id=pk).count() == history + 1


def test_organization_admin_who_is_not_a_member_deletes_a_project(
    world, api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.as_user(world.admin).delete(
            f"/api/projects/{world.project.pk}", if_match=1
        )
    assert response.status_code == 204
    assert AuditEvent.objects.get(action="project.deleted").actor == world.admin


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
    assert Project.objects.filter(pk=world.project.pk).exists() is True
    assert [default_storage.exists(n) for n in files] == [True, True]
    assert AuditEvent.objects.count() == audit_before
    assert Comment.objects.count() == 5
    assert Decision.objects.get(title="PostgreSQL").supersedes.title == "SQLite"
