"""The board: tasks by status; a card moves through the task API with the version it was drawn
with, and only for people who may update the task's progress."""

import re

import pytest

from tandem.core.models import AuditEvent
from tandem.planning.actions import do_update_task
from tandem.planning.models import Task
from tandem.planning.task_filters import TaskFilter
from tandem.testing.factories_planning import make_task
from tandem.worklists.board import project_board

pytestmark = pytest.mark.django_db


def _columns(user, project, flt=None):
    return {
        c.status: [(card.task.name, card.movable) for card in c.cards]
        for c in project_board(user, project, flt or TaskFilter())
    }


def _plan(world):
    phase = make_task(world.project, "Phase")
    mine = make_task(
        world.project, "Mine", parent=phase, estimate=2, assignee_ids=[world.member.pk]
    )
    theirs = make_task(world.project, "Theirs", parent=phase, estimate=2)
    gate = make_task(world.project, "Gate", is_milestone=True)
    return phase, mine, theirs, gate


def test_the_board_shows_leaf_tasks_by_status_and_who_may_move_them(world):
    _, mine, theirs, _ = _plan(world)
    theirs = Task.objects.get(pk=theirs.pk)
    theirs.status = "blocked"
    theirs.save()
    # The member moves only their own card; the summary "Phase" is not a card.
    assert _columns(world.member, world.project) == {
        "not_started": [("Mine", True), ("Gate", False)],
        "in_progress": [],
        "done": [],
        "blocked": [("Theirs", False)],
        "cancelled": [],
    }
    # A coordinator moves every card.
    lead = _columns(world.coordinator, world.project)
    assert lead["not_started"] == [("Mine", True), ("Gate", True)]
    assert lead["blocked"] == [("Theirs", True)]


def test_a_card_move_changes_the_status_with_the_version_it_was_drawn_with(world, api_client):
    _, mine, _, _ = _plan(world)
    mine = Task.objects.get(pk=mine.pk)
    api = api_client.as_user(world.member)
    answer = api.patch(f"/api/tasks/{mine.pk}", {"status": "in_progress"}, if_match=mine.version)
    assert answer.status_code == 200
    moved = Task.objects.get(pk=mine.pk)
    assert (moved.status, moved.version) == ("in_progress", answer.json()["version"])
    assert answer.json()["version"] > mine.version


def test_a_stale_card_is_refused_and_nothing_changes(world, api_client):
    _, mine, _, _ = _plan(world)
    drawn = Task.objects.get(pk=mine.pk).version
    # Someone else changes the task after the board was drawn.
    current = Task.objects.get(pk=mine.pk)
    do_update_task(
        current, acting_user=world.manager, version=drawn, changes={"percent_complete": 30}
    )
    before = Task.objects.get(pk=mine.pk)
    audit = AuditEvent.objects.count()
    answer = api_client.as_user(world.member).patch(
        f"/api/tasks/{mine.pk}", {"status": "done"}, if_match=drawn
    )
    assert answer.status_code == 412
    after = Task.objects.get(pk=mine.pk)
    assert (after.status, after.version, after.percent_complete) == (
        before.status,
        before.version,
        30,
    )
    assert AuditEvent.objects.count() == audit


def test_a_member_cannot_move_a_card_they_may_not_progress(world, api_client):
    _, _, theirs, _ = _plan(world)
    theirs = Task.objects.get(pk=theirs.pk)
    answer = api_client.as_user(world.member).patch(
        f"/api/tasks/{theirs.pk}", {"status": "done"}, if_match=theirs.version
    )
    assert answer.status_code == 403
    assert Task.objects.get(pk=theirs.pk).status == "not_started"


def test_the_board_page_draws_movable_cards_with_their_versions(client, world):
    _, mine, theirs, _ = _plan(world)
    client.force_login(world.member)
    page = client.get(f"/projects/{world.project.pk}/board/").content.decode()
    movable = re.findall(r'data-task="(\d+)" data-version="(\d+)"[^>]*data-movable', page)
    mine = Task.objects.get(pk=mine.pk)
    assert movable == [(str(mine.pk), str(mine.version))]
    assert f'id="card-{theirs.pk}"' in page
    assert 'src="/static/worklists/board.js"' in page
    assert "<script>" not in page
