"""The plan settings name the baseline the Gantt and the plan compare against."""

import pytest

from tandem.planning.actions import do_delete_baseline, do_save_baseline
from tandem.planning.models import PlanSettings
from tandem.testing.factories import make_project


def test_manager_chooses_the_compared_baseline(world, api_client):
    first = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    do_save_baseline(world.project, acting_user=world.manager, name="Re-plan")
    url = f"/api/projects/{world.project.pk}/plan-settings"
    response = api_client.as_user(world.manager).patch(
        url, {"compare_baseline_id": first.pk}, if_match=1
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["compare_baseline_id"], body["compare_baseline_name"]) == (first.pk, "Approved")
    assert PlanSettings.objects.get(project=world.project).compare_baseline_id == first.pk
    assert api_client.get(url).json()["compare_baseline_name"] == "Approved"


def test_a_baseline_of_another_project_is_refused_and_nothing_changes(world, api_client):
    other = make_project(world.admin, manager=world.manager, code="OTHER")
    elsewhere = do_save_baseline(other, acting_user=world.manager, name="Theirs")
    response = api_client.as_user(world.manager).patch(
        f"/api/projects/{world.project.pk}/plan-settings",
        {"compare_baseline_id": elsewhere.pk},
        if_match=1,
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"compare_baseline_id": ["unknown baseline"]}
    assert not PlanSettings.objects.filter(project=world.project).exists()


def test_deleting_the_compared_baseline_clears_the_choice(world, api_client):
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    api_client.as_user(world.manager).patch(
        f"/api/projects/{world.project.pk}/plan-settings",
        {"compare_baseline_id": baseline.pk},
        if_match=1,
    )
    do_delete_baseline(baseline, acting_user=world.manager, version=1)
    assert PlanSettings.objects.get(project=world.project).compare_baseline_id is None


pytestmark = pytest.mark.django_db
