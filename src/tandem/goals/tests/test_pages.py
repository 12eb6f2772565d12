"""The goals page: who sees it, and the manager adding goals and updating key results."""

import pytest
from django.test import Client
from django.urls import reverse

from tandem.goals.models import Goal, KeyResult
from tandem.testing.factories import ROLES
from tandem.testing.factories_goals import make_goal, make_key_result

GOALS_PAGE = {
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
def test_goals_page_per_role(world, role):
    make_goal(world.project, "<script>alert(1)</script>")
    response = _client(world.user(role)).get(reverse("goal-list", args=[world.project.pk]))
    assert response.status_code == GOALS_PAGE[role]
    if response.status_code == 200:
        body = response.content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<script>alert(1)" not in body


def test_goals_page_keeps_its_addresses():
    assert reverse("goal-list", args=[3]) == "/projects/3/goals/"
    assert reverse("key-result-add", args=[4]) == "/goals/4/key-results/"
    assert reverse("key-result-current", args=[5]) == "/key-results/5/current/"


def test_manager_adds_goal_and_updates_key_result(world):
    goal = make_goal(world.project, "Grow")
    kr = make_key_result(goal, "Users", baseline=100, target=200, current=100)
    client = _client(world.manager)
    response = client.post(f"/key-results/{kr.pk}/current/", {"version": 1, "current": "150"})
    assert response.status_code == 302
    page = client.get(f"/projects/{world.project.pk}/goals/")
    assert "Progress: 50%" in page.content.decode()
    coordinator = _client(world.coordinator).post(
        f"/projects/{world.project.pk}/goals/", {"name": "Mine"}
    )
    assert coordinator.status_code == 403
    assert list(Goal.objects.values_list("name", flat=True)) == ["Grow"]


def test_key_result_with_target_equal_to_baseline_is_refused_on_the_page(world):
    goal = make_goal(world.project, "Grow")
    response = _client(world.manager).post(
        f"/goals/{goal.pk}/key-results/",
        {f"g{goal.pk}-name": "NPS", f"g{goal.pk}-metric": "score", f"g{goal.pk}-baseline": "5",
         f"g{goal.pk}-target": "5", f"g{goal.pk}-current": "5"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "The target must differ from the baseline." in response.content.decode()
    assert KeyResult.objects.count() == 0


def test_measured_values_show_as_typed_without_trailing_zeros(world):
    goal = make_goal(world.project, "Faster")
    kr = make_key_result(goal, "Route time", baseline=214, target=188, current="90.5")
    page = _client(world.manager).get(reverse("goal-list", args=[world.project.pk]))
    body = page.content.decode()
    assert 'value="90.5"' in body
    assert "90.5000" not in body
    edit = _client(world.manager).get(f"/key-results/{kr.pk}/edit/")
    assert edit.status_code == 200
    form = edit.content.decode()
    assert 'value="214"' in form
    assert 'value="188"' in form
    assert "214.0000" not in form
