"""Ids the caller may not see are refused without naming what they point at."""

from __future__ import annotations

import pytest

from tandem.core.models import AuditEvent
from tandem.planning.models import Dependency
from tandem.testing.factories import make_project, make_user
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db


def test_dependency_on_a_task_of_a_project_the_caller_is_not_in_is_unnamed(world, api_client):
    # given a task with a recognisable name in another project of the same organization
    other_manager = make_user(world.org, "othermanager")
    other = make_project(world.admin, manager=other_manager, code="SECRET")
    hidden = make_task(other, "Acquire Globex quietly")
    mine = make_task(world.project, "Build")
    audit_before = AuditEvent.objects.count()
    # when the coordinator links their task to it
    response = api_client.as_user(world.coordinator).post(
        f"/api/projects/{world.project.pk}/dependencies",
        {"predecessor_id": hidden.pk, "successor_id": mine.pk},
    )
    # then it is an unknown task: neither its name nor its project's appear
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["message"] == f"No task {hidden.pk} in this project."
    assert body["fields"] == {"predecessor_id": [f"unknown task {hidden.pk}"]}
    text = response.content.decode()
    assert "Globex" not in text
    assert "SECRET" not in text
    assert Dependency.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_dependency_on_a_task_of_another_organization_is_unnamed(world, api_client):
    foreign = make_project(world.stranger, code="FOREIGN")
    hidden = make_task(foreign, "Initech merger", by=world.stranger)
    mine = make_task(world.project, "Build")
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/dependencies",
        {"predecessor_id": mine.pk, "successor_id": hidden.pk},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"successor_id": [f"unknown task {hidden.pk}"]}
    assert "Initech" not in response.content.decode()
    assert Dependency.objects.count() == 0
