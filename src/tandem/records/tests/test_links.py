"""Records linked to objects of other apps: tasks, meetings, risks."""

import datetime as dt

import pytest
from django.test import Client

from tandem.core.errors import NotFound
from tandem.meetings.actions import do_create_meeting
from tandem.planning.actions import do_create_task
from tandem.records import actions, queries
from tandem.records.models import Comment, Decision
from tandem.risks.models import Issue
from tandem.testing.factories import make_project
from tandem.testing.factories_records import make_status_update
from tandem.testing.factories_risks import make_issue, make_risk

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _meeting(world, project=None):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    return do_create_meeting(
        project or world.project,
        acting_user=world.coordinator if project is None else world.manager,
        title="Steering",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )


def test_comment_on_a_task_follows_the_task_policy(world, api_client):
    task = do_create_task(world.project, acting_user=world.manager, name="Install racks")
    resp = api_client.as_user(world.member).post(
        "/api/comments", {"target_type": "planning.task", "target_id": task.pk, "body": "Done?"}
    )
    assert resp.status_code == 201, resp.content
    comment = Comment.objects.get()
    assert (comment.target, comment.project_id) == (task, world.project.pk)
    with pytest.raises(NotFound):
        queries.list_comments(world.stakeholder, "planning.task", task.pk)


def test_decision_links_a_meeting_of_the_same_project(world):
    meeting = _meeting(world)
    decision = actions.do_create_decision(
        world.project, acting_user=world.coordinator, title="Go live", meeting_id=meeting.pk
    )
    assert Decision.objects.get(pk=decision.pk).meeting == meeting


def test_decision_page_offers_only_this_projects_meetings(world):
    mine = _meeting(world)
    other = make_project(world.admin, manager=world.manager)
    foreign = _meeting(world, other)
    resp = _client(world.coordinator).get(f"/projects/{world.project.pk}/decisions/")
    choices = list(resp.context["form"].fields["meeting"].queryset)
    assert choices == [mine]
    resp = _client(world.coordinator).post(
        f"/projects/{world.project.pk}/decisions/",
        {"title": "Sneaky", "status": "proposed", "meeting": str(foreign.pk)},
    )
    assert resp.status_code == 422
    assert "meeting" in resp.context["form"].errors
    assert not Decision.objects.exists()


def test_issue_page_links_risks(world):
    risk = make_risk(world)
    issue = make_issue(world)
    resp = _client(world.coordinator).post(
        f"/issues/{issue.pk}/",
        {
            "version": "1",
            "title": issue.title,
            "severity": "high",
            "priority": "medium",
            "status": "open",
            "risks": [str(risk.pk)],
        },
    )
    assert resp.status_code == 302
    assert list(Issue.objects.get(pk=issue.pk).risks.all()) == [risk]


def test_status_updates_carry_their_own_comment_blocks(world):
    a = make_status_update(world, summary="Week 1")
    b = make_status_update(world, summary="Week 2")
    actions.do_add_comment(a, acting_user=world.member, body="Nice week")
    html = _client(world.member).get(f"/projects/{world.project.pk}/status/").content.decode()
    assert f'id="comments-records-statusupdate-{a.pk}"' in html
    assert f'id="comments-records-statusupdate-{b.pk}"' in html
    assert html.count("<p>Nice week</p>") == 1
