"""Ids the caller may not see are refused without naming what they point at."""

from __future__ import annotations

import pytest

from tandem.core.models import AuditEvent
from tandem.planning.models import Dependency, Goal
from tandem.testing.factories import make_project, make_user
from tandem.testing.factories_planning import make_goal, make_task

pytestmark = pytest.mark.django_db


def test_goal_owner_from_another_organization_is_unknown_and_unnamed(world, api_client):
    # given a person of another organization with a recognisable name
    world.stranger.display_name = "Zebulon Quartermain"
    world.stranger.save(update_fields=["display_name"])
    client = api_client.as_user(world.manager)
    audit_before = AuditEvent.objects.count()
    # when the manager names them as a goal's owner
    response = client.post(
        f"/api/projects/{world.project.pk}/goals",
        {"name": "Ship", "owner_id": world.stranger.pk},
    )
    # then the answer is an unknown person, naming nobody, and nothing is stored
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["message"] == f"No person {world.stranger.pk} in this project."
    assert body["fields"] == {"owner_id": ["unknown person"]}
    assert "Zebulon" not in response.content.decode()
    assert "stranger" not in response.content.decode()
    assert Goal.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_goal_owner_of_the_organization_outside_the_project_is_unknown(world, api_client):
    client = api_client.as_user(world.manager)
    response = client.post(
        f"/api/projects/{world.project.pk}/goals",
        {"name": "Ship", "owner_id": world.outsider.pk},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"owner_id": ["unknown person"]}
    assert "outsider" not in response.content.decode()
    assert Goal.objects.count() == 0


def test_goal_owner_change_to_a_stranger_is_refused_unnamed(world, api_client):
    goal = make_goal(world.project, "Ship")
    response = api_client.as_user(world.manager).patch(
        f"/api/goals/{goal.pk}", {"owner_id": world.stranger.pk}, if_match=goal.version
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"owner_id": ["unknown person"]}
    assert "stranger" not in response.content.decode()
    goal.refresh_from_db()
    assert goal.owner_id is None


def test_goal_owner_in_the_project_is_accepted(world, api_client):
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/goals",
        {"name": "Ship", "owner_id": world.member.pk},
    )
    assert response.status_code == 201
    assert Goal.objects.get().owner_id == world.member.pk


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
