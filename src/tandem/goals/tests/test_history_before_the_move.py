"""Audit rows written while goals lived in ``planning`` carry ``planning.goal`` (the trail is
append-only): an object's history shows them with the rows written since."""

import pytest
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.testing.factories_goals import make_goal

pytestmark = pytest.mark.django_db


def _recorded_before_the_move(world, goal, object_type, action):
    return AuditEvent.objects.create(
        project_id=world.project.pk,
        actor=world.manager,
        actor_name=world.manager.username,
        action=action,
        object_type=object_type,
        object_id=str(goal.pk),
        object_repr="Grow before",
        changes={"name": ["Grow before", "Grow"]},
    )


@pytest.fixture
def goal_with_old_rows(world):
    goal = make_goal(world.project, "Grow")
    _recorded_before_the_move(world, goal, "planning.goal", "goal.updated")
    # a key result that happened to have the same id: another object, not in the goal's history
    _recorded_before_the_move(world, goal, "planning.keyresult", "key_result.updated")
    return goal


@pytest.mark.parametrize("label", ["goals.goal", "planning.goal"])
def test_goal_history_page_shows_rows_from_before_and_after_the_move(
    world, goal_with_old_rows, label
):
    client = Client()
    client.force_login(world.member)
    goal = goal_with_old_rows
    response = client.get(f"/projects/{world.project.pk}/history/{label}/{goal.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "History of goal “Grow”" in body
    assert body.count("added goal</strong>") == 1
    assert body.count("changed goal</strong>") == 1
    assert "key result" not in body


def test_project_history_names_the_goal_of_an_old_row_and_links_to_its_history(
    world, goal_with_old_rows
):
    client = Client()
    client.force_login(world.member)
    body = client.get(f"/projects/{world.project.pk}/history/").content.decode()
    link = f'/projects/{world.project.pk}/history/planning.goal/{goal_with_old_rows.pk}/">'
    assert f"{link}“Grow before”</a>" in body


def test_audit_api_filters_a_goal_by_its_current_label_and_finds_both(
    world, goal_with_old_rows, api_client
):
    response = api_client.as_user(world.member).get(
        f"/api/projects/{world.project.pk}/audit"
        f"?object_type=goals.goal&object_id={goal_with_old_rows.pk}"
    )
    assert response.status_code == 200
    rows = [(r["action"], r["object_type"]) for r in response.json()["items"]]
    assert rows == [("goal.updated", "planning.goal"), ("goal.created", "goals.goal")]
