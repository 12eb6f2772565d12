"""Every API error, even one the router gives by itself, comes in the one JSON error format."""

from __future__ import annotations

import pytest

from tandem.risks.models import Risk
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_a_json_404(world, api_client):
    response = api_client.as_user(world.manager).get("/api/no-such-thing/1")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "No such API endpoint.", "fields": {}}
    }


def test_method_not_served_is_a_json_405_and_changes_nothing(world, api_client):
    risk = make_risk(world)
    response = api_client.as_user(world.manager).put(
        f"/api/risks/{risk.pk}", {"title": "Renamed"}, if_match=1
    )
    assert response.status_code == 405
    body = response.json()["error"]
    assert body["code"] == "method_not_allowed"
    assert sorted(response["Allow"].replace(" ", "").split(",")) == ["DELETE", "GET", "PATCH"]
    assert Risk.objects.get(pk=risk.pk).title == "Vendor late"


def test_api_not_found_raised_by_a_view_keeps_its_message(world, api_client):
    response = api_client.as_user(world.stranger).get(f"/api/projects/{world.project.pk}/risks")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"No project {world.project.pk}."
