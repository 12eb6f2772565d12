import pytest

from tandem.planning.models import Task

pytestmark = pytest.mark.django_db


def test_task_list_page_size_is_bounded(world, api_client):
    client = api_client.as_user(world.manager)
    url = f"/api/projects/{world.project.pk}/tasks"
    assert client.get(f"{url}?limit=500").status_code == 200
    too_many = client.get(f"{url}?limit=100000000")
    assert too_many.status_code == 422
    assert too_many.json()["error"]["code"] == "validation_failed"
    assert client.get(f"{url}?offset=99999999999999999999999").status_code == 422


def test_resource_lists_are_bounded(world, api_client):
    client = api_client.as_user(world.admin)
    assert client.get("/api/resources?limit=100000000").status_code == 422


def test_oversized_task_description_is_refused(world, api_client):
    resp = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/tasks",
        {"name": "Big", "description": "x" * 100_000},
    )
    assert resp.status_code == 422, resp.content
    assert "description" in resp.json()["error"]["fields"]
    assert not Task.objects.filter(name="Big").exists()
