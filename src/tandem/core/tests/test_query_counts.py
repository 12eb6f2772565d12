"""Main pages and list endpoints keep the same number of queries as the project grows.

Each check reads a page as the manager, adds twice as much of everything (tasks with assignees
and links, goals, people, meetings, risks, records, time and cost), and reads it again: a count that
grows with the data is an N+1 query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.planning.actions import do_assign
from tandem.planning.baseline_actions import do_save_baseline
from tandem.projects import actions as project_actions
from tandem.testing.factories import World, make_user, make_world
from tandem.testing.factories_goals import make_goal, make_key_result
from tandem.testing.factories_meetings import (
    DEFAULT_START,
    make_action_item,
    make_agenda_item,
    make_meeting,
    make_meeting_decision,
)
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_records import (
    make_comment,
    make_decision,
    make_document,
    make_status_update,
    make_version,
)
from tandem.testing.factories_resources import (
    make_budget_line,
    make_cost_entry,
    make_time_entry,
)
from tandem.testing.factories_risks import make_issue, make_mitigation, make_risk

pytestmark = pytest.mark.django_db

PAGES = [
    "project-overview",
    "project-gantt",
    "task-list",
    "milestone-list",
    "goal-list",
    "project-schedule",
    "baseline-list",
    "project-team",
    "time-entry-list",
    "project-budget",
    "risk-list",
    "issue-list",
    "meeting-list",
    "document-list",
    "decision-list",
    "status-list",
    "project-audit",
]

HISTORY_QUERY_CAP = 30

API_LISTS = [
    "/api/projects/{id}/tasks",
    "/api/projects/{id}/dependencies",
    "/api/projects/{id}/risks",
    "/api/meetings?project={id}",
    "/api/projects/{id}/documents",
]


def _add_people(world: World, start: int, count: int) -> None:
    for i in range(start, start + count):
        person = make_user(world.org, f"worker{i}")
        project_actions.do_add_member(
            world.project, acting_user=world.manager, user=person, role="member"
        )


def _add_plan(world: World, start: int, count: int) -> None:
    previous = None
    for i in range(start, start + count):
        task = make_task(world.project, f"Task {i}", assignee_ids=[world.member.pk])
        do_assign(task, acting_user=world.manager, person=world.coordinator, units=50)
        make_time_entry(task, world.member, hours="1.5")
        goal = make_goal(world.project, f"Goal {i}", task_ids=[task.pk], owner=world.coordinator)
        make_key_result(goal, f"Key result {i}")
        if previous is not None:
            make_link(previous, task)
        previous = task
    make_task(world.project, f"Milestone {start}", estimate=0, due_date=dt.date(2026, 5, 1))


def _add_registers(world: World, start: int, count: int) -> None:
    for i in range(start, start + count):
        risk = make_risk(world, title=f"Risk {i}", owner_id=world.coordinator.pk)
        make_mitigation(world, risk, title=f"Mitigation {i}")
        make_issue(world, title=f"Issue {i}", owner_id=world.coordinator.pk)
        document = make_document(world, title=f"Document {i}")
        make_version(world, document, name=f"doc{i}.pdf")
        make_comment(world, document)
        make_decision(world, title=f"Decision {i}")
        make_status_update(world, publish=True, summary=f"Update {i}")
        make_budget_line(world.project, world.manager, category="labour")
        make_cost_entry(world.project, world.manager, amount="10.00")


def _add_meetings(world: World, start: int, count: int) -> None:
    for i in range(start, start + count):
        meeting = make_meeting(
            world,
            title=f"Meeting {i}",
            starts_at=DEFAULT_START + dt.timedelta(days=i),
            participants=[
                {"user_id": world.member.pk, "required": True},
                {"user_id": world.manager.pk, "required": False},
            ],
        )
        make_agenda_item(world, meeting, title=f"Item {i}")
        make_meeting_decision(world, meeting, title=f"Meeting decision {i}")
        make_action_item(world, meeting, description=f"Action {i}")


def _grow(world: World, start: int, count: int) -> None:
    _add_people(world, start, count)
    _add_plan(world, start, count)
    _add_registers(world, start, count)
    _add_meetings(world, start, count)
    do_save_baseline(world.project, acting_user=world.manager, name=f"Baseline {start}")


def _count(client: Client, url: str) -> tuple[int, int]:
    client.get(url)  # the first read may fill per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured.captured_queries)


def _counts(world: World, urls: dict[str, str]) -> dict[str, tuple[int, int]]:
    client = Client()
    client.force_login(world.manager)
    return {name: _count(client, url) for name, url in urls.items()}


def _grown_counts(urls_for: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    world = make_world()
    urls = urls_for(world)
    _grow(world, 0, 2)
    small = _counts(world, urls)
    _grow(world, 2, 4)
    return small, _counts(world, urls)


def test_main_pages_read_with_as_many_queries_for_three_times_the_data() -> None:
    small, large = _grown_counts(
        lambda world: {
            name: reverse(name, kwargs={"project_id": world.project.pk}) for name in PAGES
        }
    )
    assert {name: status for name, (status, _) in small.items()} == dict.fromkeys(PAGES, 200)
    # The history names what its rows point at with one query per kind of object on the page
    # (tasks, people, meetings...): bounded by the kinds of objects, not by the rows, but the
    # newest fifty rows of a larger project may name a kind or two more.
    audit_small, audit_large = small.pop("project-audit"), large.pop("project-audit")
    assert audit_small[0] == audit_large[0] == 200
    assert max(audit_small[1], audit_large[1]) <= HISTORY_QUERY_CAP
    assert large == small


def test_api_lists_read_with_as_many_queries_for_three_times_the_data() -> None:
    small, large = _grown_counts(
        lambda world: {url: url.format(id=world.project.pk) for url in API_LISTS}
    )
    assert {url: status for url, (status, _) in small.items()} == dict.fromkeys(API_LISTS, 200)
    assert large == small
