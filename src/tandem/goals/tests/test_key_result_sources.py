"""Key results: progress from linked tasks (weighted by duration) or milestones, the direction
respected (lower is better), linking tasks and editing or deleting goals from the pages."""

from decimal import Decimal

import pytest
from django.test import Client

from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.goals.models import Goal, KeyResult
from tandem.goals.queries import key_result_progress, key_result_text
from tandem.planning.actions import do_update_task
from tandem.testing.factories_goals import make_goal, make_key_result
from tandem.testing.factories_planning import make_task


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _progress(task, by, percent, **more):
    task.refresh_from_db()
    return do_update_task(
        task, acting_user=by, version=task.version, changes={"percent_complete": percent, **more}
    )


def test_lower_is_better_reads_and_counts_the_right_way(world):
    goal = make_goal(world.project, "Faster pages")
    kr = make_key_result(
        goal, "Load time", metric="seconds", unit="s", baseline=35, target=5, current=11
    )
    assert kr.direction == "lower"
    assert key_result_progress(kr) == Decimal("0.8")
    assert key_result_text(kr) == "11 s, target 5 s or less (from 35 s)"
    worse = make_key_result(goal, "Errors", unit="%", baseline=4, target=1, current=6)
    assert key_result_progress(worse) == Decimal(0)
    overview = _client(world.member).get(f"/projects/{world.project.pk}/").content.decode()
    assert "Load time: 11 s, target 5 s or less (from 35 s)" in overview
    assert "11 of 5" not in overview


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused(world):
    goal = make_goal(world.project)
    with pytest.raises(ValidationFailed, match="target must be above the baseline"):
        make_key_result(goal, baseline=10, target=5, direction="higher")
    kr = make_key_result(goal, baseline=0, target=100)
    response = _client(world.manager).post(
        f"/key-results/{kr.pk}/edit/",
        {
            "version": kr.version,
            "name": "KR",
            "metric": "count",
            "direction": "lower",
            "source": "manual",
            "baseline": "0",
            "target": "100",
            "current": "0",
        },
    )
    assert response.status_code == 422
    assert "must be below the baseline" in response.content.decode()
    assert KeyResult.objects.get(pk=kr.pk).direction == "higher"


def test_progress_from_linked_tasks_is_weighted_by_duration(world):
    short = make_task(world.project, "Short", estimate=1)
    long = make_task(world.project, "Long", estimate=3)
    _progress(short, world.manager, 100, status="done")
    _progress(long, world.manager, 50, status="in_progress")
    goal = make_goal(world.project)
    kr = make_key_result(goal, "Delivery", source="tasks", task_ids=[short.pk, long.pk])
    # (1 x 100% + 3 x 50%) / 4 working days
    assert key_result_progress(kr) == Decimal("0.625")
    assert key_result_text(kr) == "62% of the linked work done"


def test_progress_from_milestones_counts_those_done(world):
    first = make_task(world.project, "Beta", is_milestone=True)
    second = make_task(world.project, "Launch", is_milestone=True)
    plain = make_task(world.project, "Work", estimate=2)
    _progress(first, world.manager, 100, status="done")
    goal = make_goal(world.project)
    kr = make_key_result(
        goal, "Milestones", source="milestones", task_ids=[first.pk, second.pk, plain.pk]
    )
    assert key_result_progress(kr) == Decimal("0.5")
    assert key_result_text(kr) == "1 of 2 linked milestones done"
    nothing = make_key_result(goal, "None yet", source="milestones")
    assert key_result_progress(nothing) == Decimal(0)


def test_the_manager_links_tasks_from_the_key_result_page(world):
    beta = make_task(world.project, "Beta", is_milestone=True)
    goal = make_goal(world.project)
    kr = make_key_result(goal, "Milestones", target=1)
    response = _client(world.manager).post(
        f"/key-results/{kr.pk}/edit/",
        {
            "version": kr.version,
            "name": "Milestones",
            "metric": "count",
            "direction": "higher",
            "source": "milestones",
            "baseline": "0",
            "target": "1",
            "current": "0",
            "tasks": [beta.pk],
        },
    )
    assert response.status_code == 302
    kr.refresh_from_db()
    assert (kr.source, list(kr.tasks.values_list("pk", flat=True))) == ("milestones", [beta.pk])
    event = AuditEvent.objects.filter(action="key_result.updated").get()
    assert event.changes == {"source": ["manual", "milestones"], "tasks": [[], [beta.pk]]}
    assert _client(world.coordinator).get(f"/key-results/{kr.pk}/edit/").status_code == 403


def test_goal_editing_and_deletion_from_the_pages(world):
    goal = make_goal(world.project, "Grow")
    client = _client(world.manager)
    response = client.post(
        f"/goals/{goal.pk}/edit/",
        {
            "version": goal.version,
            "name": "Grow faster",
            "owner": world.coordinator.pk,
            "due_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.name, goal.owner, str(goal.due_date)) == (
        "Grow faster",
        world.coordinator,
        "2026-12-31",
    )
    kr = make_key_result(goal)
    refused = client.post(f"/goals/{goal.pk}/delete/", {"version": goal.version})
    assert refused.status_code == 422
    assert "delete them first" in refused.content.decode()
    client.post(f"/key-results/{kr.pk}/delete/", {"version": kr.version})
    assert client.post(f"/goals/{goal.pk}/delete/", {"version": goal.version}).status_code == 302
    assert not Goal.objects.exists()
