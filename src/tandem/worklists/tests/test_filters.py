"""One task filter on the plan, the board and the Gantt (page and API): the same tasks on each."""

import datetime as dt

import pytest

from tandem.accounts.actions import do_create_team
from tandem.planning.task_filters import TaskFilter, filter_tasks
from tandem.projects import actions as project_actions
from tandem.projects.models import Role
from tandem.testing.factories import make_user
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db


def _anna_world(world):
    anna = make_user(world.org, "aberg", first_name="Anna", last_name="Berg")
    bob = make_user(world.org, "bob", first_name="Bob", last_name="Hanna")
    for person in (anna, bob):
        project_actions.do_add_member(
            world.project, acting_user=world.manager, user=person, role=Role.MEMBER
        )
    team = do_create_team(acting_user=world.admin, name="Backend")
    # Due far ahead: only "Paperwork" is overdue, whatever day the tests run.
    ahead = dt.date(2099, 1, 1)
    phase = make_task(world.project, "Phase", deadline=ahead)
    spec = make_task(
        world.project, "Spec", parent=phase, estimate=2, assignee_ids=[anna.pk], deadline=ahead
    )
    build = make_task(
        world.project,
        "Build",
        parent=phase,
        estimate=5,
        assignee_ids=[anna.pk, bob.pk],
        team=team,
        deadline=ahead,
    )
    review = make_task(
        world.project, "Review", parent=phase, estimate=1, assignee_ids=[bob.pk], deadline=ahead
    )
    late = make_task(
        world.project,
        "Paperwork",
        estimate=1,
        assignee_ids=[world.member.pk],
        deadline=dt.date(2020, 1, 1),
    )
    make_link(spec, build)
    make_link(build, review)
    return {
        "anna": anna,
        "team": team,
        "spec": spec,
        "build": build,
        "review": review,
        "late": late,
    }


def _plan_ids(client, project, query):
    response = client.get(f"/projects/{project.pk}/plan/?{query}")
    assert response.status_code == 200
    return [row["task"].pk for row in response.context["rows"]]


def _board_ids(client, project, query):
    response = client.get(f"/projects/{project.pk}/board/?{query}")
    assert response.status_code == 200
    return sorted(card.task.pk for column in response.context["columns"] for card in column.cards)


def _gantt_page_ids(client, project, query):
    response = client.get(f"/projects/{project.pk}/gantt/?{query}")
    assert response.status_code == 200
    return [row[0] for row in response.context["gantt"]["tasks"]]


def _gantt_api_ids(client, project, query):
    response = client.get(f"/api/projects/{project.pk}/gantt?{query}")
    assert response.status_code == 200, response.content
    return [row[0] for row in response.json()["tasks"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("assignee=Anna", ["spec", "build", "review"]),  # Anna Berg, and Bob H-anna-h in part
        ("assignee=anna+berg", ["spec", "build"]),
        ("assignee=hanna", ["build", "review"]),
        ("team={team}", ["build"]),
        ("overdue=1", ["late"]),
        ("assignee=anna+berg&critical=1", ["spec", "build"]),
        ("assignee=hanna&milestone=0&status=not_started", ["build", "review"]),
        ("assignee=nobody-here", []),
    ],
)
def test_a_filter_finds_the_same_tasks_on_the_plan_the_board_and_the_gantt(
    client, world, query, expected
):
    made = _anna_world(world)
    query = query.format(team=made["team"].pk)
    want = sorted(made[name].pk for name in expected)
    client.force_login(world.coordinator)
    plan = _plan_ids(client, world.project, query)
    assert sorted(plan) == want
    assert _board_ids(client, world.project, query) == want
    assert sorted(_gantt_page_ids(client, world.project, query)) == want
    assert sorted(_gantt_api_ids(client, world.project, query)) == want


def test_anna_finds_annas_tasks(world):
    made = _anna_world(world)
    found = filter_tasks(world.manager, world.project, TaskFilter(assignee="Anna"))
    # "Anna" is Anna Berg's first name and part of Bob Hanna's last name.
    assert {t.name for t in found} == {"Spec", "Build", "Review"}
    found = filter_tasks(world.manager, world.project, TaskFilter(assignee="Anna Berg"))
    assert sorted(t.pk for t in found) == sorted([made["spec"].pk, made["build"].pk])


def test_the_filtered_gantt_keeps_only_links_between_kept_tasks(client, world):
    made = _anna_world(world)
    client.force_login(world.manager)
    data = client.get(f"/api/projects/{world.project.pk}/gantt?assignee=anna+berg").json()
    assert [(x["pred"], x["succ"]) for x in data["links"]] == [(made["spec"].pk, made["build"].pk)]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=finished", "status"),
        ("team=999999", "team"),
        ("team=99999999999999", "team"),
        ("critical=maybe", "critical"),
        ("assignee=an%00na", "__all__"),  # refused before any view reads it
        ("q=" + "x" * 201, "q"),
    ],
)
def test_the_gantt_api_refuses_a_filter_it_does_not_understand(client, world, query, field):
    _anna_world(world)
    client.force_login(world.manager)
    response = client.get(f"/api/projects/{world.project.pk}/gantt?{query}")
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


def test_a_page_shows_what_it_left_out_of_the_filter_next_to_the_field(client, world):
    _anna_world(world)
    client.force_login(world.manager)
    response = client.get(f"/projects/{world.project.pk}/plan/?team=999999&assignee=anna")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No such team in this organization." in page
    # The rest of the filter still applies.
    assert sorted(row["task"].name for row in response.context["rows"]) == [
        "Build",
        "Review",
        "Spec",
    ]


def test_stakeholders_keep_their_milestone_timeline_whatever_the_filter(client, world):
    _anna_world(world)
    gate = make_task(world.project, "Gate", is_milestone=True)
    client.force_login(world.stakeholder)
    data = client.get(f"/api/projects/{world.project.pk}/gantt?assignee=anna").json()
    assert [row[0] for row in data["tasks"]] == [gate.pk]
