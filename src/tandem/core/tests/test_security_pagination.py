"""Every list endpoint bounds its page: a huge limit or offset is a 422, never a 500."""

from __future__ import annotations

import pytest

from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/projects",
    "/api/projects/{pid}/risks",
    "/api/projects/{pid}/issues",
    "/api/projects/{pid}/documents",
    "/api/projects/{pid}/decisions",
    "/api/projects/{pid}/status-updates",
    "/api/projects/{pid}/audit",
    "/api/meetings",
    "/api/action-items",
    "/api/notifications",
    "/api/people",
    "/api/departments",
    "/api/teams",
]


@pytest.mark.parametrize("url", LISTS)
def test_offset_beyond_any_integer_column_is_422(world, api_client, url):
    # given a manager of the project
    client = api_client.as_user(world.manager)
    # when an offset larger than a 64-bit integer is asked for
    response = client.get(url.format(pid=world.project.pk) + "?offset=99999999999999999999999")
    # then the request is refused with the one error format naming the parameter
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_failed"
    assert list(response.json()["error"]["fields"]) == ["offset"]


@pytest.mark.parametrize("url", LISTS)
def test_page_size_above_the_maximum_is_422(world, api_client, url):
    client = api_client.as_user(world.manager)
    response = client.get(url.format(pid=world.project.pk) + "?limit=100000000")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["limit"]


def test_largest_page_size_is_served(world, api_client):
    make_risk(world)
    client = api_client.as_user(world.manager)
    response = client.get(f"/api/projects/{world.project.pk}/risks?limit=500&offset=0")
    assert response.status_code == 200
    assert response.json()["count"] == 1
