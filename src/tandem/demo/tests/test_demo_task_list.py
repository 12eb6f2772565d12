"""GET /api/projects/{id}/tasks answers each task exactly as ``TaskOut`` reads it from the model,
page by page and with filters, on the demo project (summaries, milestones, people and resources
assigned)."""

import json
from typing import Any

import pytest
from django.test import Client
from ninja.responses import NinjaJSONEncoder

from tandem.accounts.models import User
from tandem.demo.seed import DEMO_SLUG, load_demo
from tandem.planning.api import TaskOut
from tandem.planning.models import Task
from tandem.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> Project:
    assert load_demo() is True
    return Project.objects.get(organization__slug=DEMO_SLUG, code="ROUTE")


def _from_model(task: Task) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        json.dumps(TaskOut.from_orm(task).dict(), cls=NinjaJSONEncoder)
    )
    return loaded


def _client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="maria", organization__slug=DEMO_SLUG))
    return client


@pytest.mark.parametrize(
    "query",
    ["limit=500", "limit=7&offset=5", "milestone=false&limit=500", "status=not_started&limit=3"],
)
def test_task_list_is_each_task_read_from_the_model(demo: Project, query: str) -> None:
    # given the demo project, whose plan has assignees on many tasks
    assert Task.objects.filter(project=demo, assignments__isnull=False).exists()

    # when its manager lists the tasks
    response = _client().get(f"/api/projects/{demo.pk}/tasks?{query}")

    # then every task on the page is what TaskOut makes of the model, in WBS order
    assert response.status_code == 200
    body = response.json()
    ids = [item["id"] for item in body["items"]]
    assert ids
    by_id = Task.objects.in_bulk(ids)
    assert body["items"] == [_from_model(by_id[pk]) for pk in ids]
    assert ids == list(
        Task.objects.filter(pk__in=ids).order_by("wbs_sort").values_list("pk", flat=True)
    )
