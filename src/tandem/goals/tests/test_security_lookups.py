"""People the caller may not see are refused as goal owners without naming them."""

from __future__ import annotations

import pytest

from tandem.core.models import AuditEvent
from tandem.goals.models import Goal
from tandem.testing.factories_goals import make_goal

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
