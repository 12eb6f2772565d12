"""Teams: the organization's pages (admins edit, everyone reads) and a project seen team by team,
with the cross-team dependencies, their dates and float, and the handoffs at risk."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.accounts import actions as account_actions
from tandem.accounts.models import Department, Team
from tandem.planning import actions as planning_actions
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(world):
    design = account_actions.do_create_team(
        acting_user=world.admin, name="Design", member_ids=[world.member.pk]
    )
    backend = account_actions.do_create_team(
        acting_user=world.admin, name="Backend", member_ids=[world.coordinator.pk, world.manager.pk]
    )
    return design, backend


@pytest.fixture
def plan(world, teams):
    """Design's mockups feed Backend's API (critical: no float); Design's icons feed Backend's
    docs, which have 7 working days of slack before the end."""
    design, backend = teams
    p = world.project
    ui = make_task(p, "UI", team=design)
    mockups = make_task(p, "Mockups", parent=ui, estimate=5)
    icons = make_task(p, "Icons", parent=ui, estimate=1)
    api = make_task(p, "API", team=backend, estimate=10)
    docs = make_task(p, "Docs", team=backend, estimate=2)
    make_link(mockups, api)
    make_link(icons, docs)
    return {"mockups": mockups, "icons": icons, "api": api, "docs": docs}


def test_the_teams_view_lists_cross_team_dependencies_with_dates_and_float(world, api_client, plan):
    resp = api_client.as_user(world.member).get(f"/api/projects/{world.project.pk}/teams-view")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    by_name = {t["name"]: t for t in body["teams"]}
    assert list(by_name) == ["Backend", "Design"]
    waits = by_name["Backend"]["waits_for"]
    assert [
        (
            w["predecessor"]["label"],
            w["predecessor"]["team"],
            w["predecessor"]["finish"],
            Decimal(str(w["predecessor"]["total_float_days"])),
            w["successor"]["label"],
            w["successor"]["start"],
            w["at_risk"],
        )
        for w in waits
    ] == [
        ("1.1 Mockups", "Design", "2026-01-09", Decimal(0), "2 API", "2026-01-12", True),
        ("1.2 Icons", "Design", "2026-01-05", Decimal(12), "3 Docs", "2026-01-06", False),
    ]
    assert [g["successor"]["label"] for g in by_name["Design"]["gives_to"]] == [
        "2 API",
        "3 Docs",
    ]
    assert by_name["Design"]["waits_for"] == []
    # load: open leaf tasks and the work left on them
    assert (
        by_name["Backend"]["open_tasks"],
        Decimal(str(by_name["Backend"]["remaining_days"])),
    ) == (
        2,
        Decimal(12),
    )
    assert [h["predecessor"]["label"] for h in body["at_risk"]] == ["1.1 Mockups"]


def test_the_threshold_decides_what_is_at_risk(world, api_client, plan):
    url = f"/api/projects/{world.project.pk}/teams-view?float_threshold=20"
    at_risk = api_client.as_user(world.member).get(url).json()["at_risk"]
    assert [h["predecessor"]["label"] for h in at_risk] == ["1.1 Mockups", "1.2 Icons"]
    bad = api_client.as_user(world.member).get(
        f"/api/projects/{world.project.pk}/teams-view?float_threshold=-1"
    )
    assert bad.status_code == 422


def test_a_finished_predecessor_is_no_risk(world, api_client, plan):
    mockups = plan["mockups"]
    mockups.refresh_from_db()
    planning_actions.do_update_task(
        mockups,
        acting_user=world.manager,
        version=mockups.version,
        changes={"status": "done", "percent_complete": 100, "actual_start": dt.date(2026, 1, 5),
                 "actual_finish": dt.date(2026, 1, 9)},
    )  # fmt: skip
    body = (
        api_client.as_user(world.member).get(f"/api/projects/{world.project.pk}/teams-view").json()
    )
    assert body["at_risk"] == []


def test_the_project_teams_page_shows_the_handoffs(world, client, plan):
    client.force_login(world.coordinator)
    resp = client.get(f"/projects/{world.project.pk}/teams/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'id="handoffs-at-risk"' in html
    assert "1.1 Mockups" in html
    assert 'class="at-risk">0</td>' in html
    assert (
        "Load.</strong> 2 open tasks, 12 working days of work left, 2 members (6 days each)" in html
    )


def test_the_project_teams_page_is_for_the_work_readers(world, client, plan):
    client.force_login(world.stakeholder)
    assert client.get(f"/projects/{world.project.pk}/teams/").status_code == 403


def test_everyone_in_the_organization_reads_the_teams_page(world, client, teams):
    client.force_login(world.outsider)
    resp = client.get("/organization/teams/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Backend" in html
    assert "coordinator, manager" in html
    assert 'id="add-team"' not in html
    client.force_login(world.stranger)
    assert "Backend" not in client.get("/organization/teams/").content.decode()


def test_an_admin_adds_edits_and_deletes_teams_and_departments(world, client, teams):
    design, _ = teams
    client.force_login(world.admin)
    resp = client.post("/organization/departments/", {"dept-name": "Engineering"})
    assert resp.status_code == 302
    dept = Department.objects.get(name="Engineering")
    resp = client.post(
        "/organization/teams/",
        {"team-name": "Data", "team-department": str(dept.pk), "team-lead": str(world.member.pk),
         "team-members": [str(world.member.pk)]},
    )  # fmt: skip
    assert resp.status_code == 302
    data = Team.objects.get(name="Data")
    assert (data.department, data.lead, list(data.members.all())) == (
        dept,
        world.member,
        [world.member],
    )
    resp = client.post(
        f"/organization/teams/{design.pk}/",
        {"version": str(design.version), "name": "Product design", "department": str(dept.pk),
         "lead": "", "members": [str(world.member.pk), str(world.coordinator.pk)]},
    )  # fmt: skip
    assert resp.status_code == 302
    design.refresh_from_db()
    assert design.name == "Product design"
    assert sorted(design.members.values_list("username", flat=True)) == ["coordinator", "member"]
    resp = client.post(f"/organization/teams/{data.pk}/delete/", {"version": str(data.version)})
    assert resp.status_code == 302
    assert not Team.objects.filter(pk=data.pk).exists()
    # a name is required: the form says so and nothing is added
    resp = client.post("/organization/teams/", {"team-name": ""})
    assert resp.status_code == 422
    assert "This field is required." in resp.content.decode()


def test_people_who_are_not_admins_cannot_change_teams(world, client, teams):
    design, _ = teams
    client.force_login(world.manager)
    resp = client.post(
        f"/organization/teams/{design.pk}/", {"version": str(design.version), "name": "Mine"}
    )
    assert resp.status_code == 403
    design.refresh_from_db()
    assert design.name == "Design"
