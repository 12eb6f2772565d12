"""The budget is shown by right, the same right on the page and in the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from tandem.projects import actions
from tandem.projects.policies import can_see_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(world):
    project = world.project
    return actions.do_update_project(
        project,
        acting_user=world.manager,
        version=project.version,
        changes={"budget": Decimal("48250.00")},
    )


@pytest.mark.parametrize(
    ("role", "visible"),
    [("stakeholder", False), ("member", True), ("coordinator", True), ("manager", True)],
)
def test_project_budget_in_the_api_follows_the_budget_right(
    world, api_client, funded, role, visible
):
    client = api_client.as_user(getattr(world, role))
    detail = client.get(f"/api/projects/{funded.pk}")
    listed = client.get("/api/projects")
    assert detail.status_code == 200
    assert listed.status_code == 200
    expected = "48250.00" if visible else None
    assert detail.json()["budget"] == expected
    assert [p["budget"] for p in listed.json()["items"]] == [expected]
    assert ("48250" in detail.content.decode()) is visible


@pytest.mark.parametrize(
    ("role", "visible"),
    [("stakeholder", False), ("member", True), ("coordinator", True), ("manager", True)],
)
def test_project_budget_on_the_overview_follows_the_same_right(world, funded, role, visible):
    user = getattr(world, role)
    client = Client()
    client.force_login(user)
    response = client.get(f"/projects/{funded.pk}/")
    assert response.status_code == 200
    assert (
        "48,250.00" in response.content.decode() or "48250.00" in response.content.decode()
    ) is (visible)
    assert can_see_budget(user, funded) is visible


def test_stakeholder_cannot_read_budget_lines_or_costs(world, api_client, funded):
    client = api_client.as_user(world.stakeholder)
    assert client.get(f"/api/projects/{funded.pk}/budget-lines").status_code == 403
    assert client.get(f"/api/projects/{funded.pk}/cost-entries").status_code == 403
