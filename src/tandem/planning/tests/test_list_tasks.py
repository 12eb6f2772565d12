import pytest

from tandem.core.errors import Conflict
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_delete_task
from tandem.planning.models import Task
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_time_entry


@pytest.fixture
def plan(world):
    phase = make_task(world.project, "Phase")
    design = make_task(world.project, "Design spec", parent=phase, assignee_ids=[world.member.pk])
    build = make_task(world.project, "Build", parent=phase, status="in_progress")
    gate = make_task(world.project, "Gate", is_milestone=True)
    return phase, design, build, gate


def _names(api_client, world, query):
    response = api_client.as_user(world.manager).get(
        f"/api/projects/{world.project.pk}/tasks{query}"
    )
    assert response.status_code == 200
    return [t["name"] for t in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Phase", "Design spec", "Build", "Gate"]),
        ("?status=in_progress", ["Build"]),
        ("?milestone=true", ["Gate"]),
        ("?parent=0", ["Phase", "Gate"]),
        ("?q=spec", ["Design spec"]),
        ("?q=1.2", ["Build"]),
        ("?limit=2&offset=1", ["Design spec", "Build"]),
    ],
)
def test_list_filters(world, api_client, plan, query, expected):
    assert _names(api_client, world, query) == expected


def test_filter_by_assignee_and_parent(world, api_client, plan):
    phase = plan[0]
    assert _names(api_client, world, f"?assignee={world.member.pk}") == ["Design spec"]
    assert _names(api_client, world, f"?parent={phase.pk}") == ["Design spec", "Build"]


def test_unknown_status_filter_is_422(world, api_client, plan):
    response = api_client.as_user(world.manager).get(
        f"/api/projects/{world.project.pk}/tasks?status=finished"
    )
    assert response.status_code == 422
    assert "status" in response.json()["error"]["fields"]


def test_task_with_subtasks_cannot_be_deleted(world, plan):
    phase = plan[0]
    with pytest.raises(Conflict, match="has 2 subtask"):
        do_delete_task(phase, acting_user=world.manager, version=1)
    assert Task.objects.count() == 4
    assert not AuditEvent.objects.filter(action="task.deleted").exists()


def test_task_with_logged_time_cannot_be_deleted(world, api_client, plan):
    build = plan[2]
    make_time_entry(build, world.member)
    response = api_client.as_user(world.manager).delete(f"/api/tasks/{build.pk}", if_match=1)
    assert response.status_code == 409
    assert Task.objects.filter(pk=build.pk).exists()
