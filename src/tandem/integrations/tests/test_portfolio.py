"""The portfolio: only the viewer's projects, the computed health and the next milestone's slip,
money only for the budget's readers, and the people two projects over-allocate."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.integrations.portfolio import portfolio_for
from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.models import HealthAssessment
from tandem.planning import actions as planning
from tandem.planning.baseline_actions import do_save_baseline
from tandem.projects.models import ProjectMembership, Role
from tandem.testing.factories import make_project, make_user
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 1, 5)
EVALUATED = dt.datetime(2026, 1, 5, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def slipped(world):
    """Build then Gate, baselined; Build then takes 2 more days, so Gate slips 2 working days."""
    build = make_task(world.project, "Build", estimate=5)
    gate = make_task(world.project, "Gate", is_milestone=True)
    make_link(build, gate)
    do_save_baseline(world.project, acting_user=world.manager, name="Plan of record")
    build.refresh_from_db()
    planning.do_update_task(
        build, acting_user=world.manager, version=build.version, changes={"estimate": Decimal(7)}
    )
    evaluate_project(world.project, now=EVALUATED)
    return gate


def test_the_manager_sees_health_slip_money_and_alerts(world, slipped):
    found = portfolio_for(world.manager, today=MONDAY)
    [line] = found.projects
    assessment = HealthAssessment.objects.get(project=world.project)
    assert line.code == "ACME"
    assert line.computed_health == assessment.suggested
    assert line.computed_health != "green"  # the slip raised an alert
    assert line.next_milestone is not None
    assert line.next_milestone.name == "Gate"
    assert line.next_milestone.slip_days == 2
    assert line.shows_money is True
    assert line.open_alerts >= 1
    assert line.worst_alert in ("amber", "red")


def test_a_stakeholder_sees_the_milestone_but_no_money_and_no_computed_health(
    world, slipped, client
):
    [line] = portfolio_for(world.stakeholder, today=MONDAY).projects
    assert line.next_milestone.slip_days == 2
    assert (line.shows_money, line.spi, line.cpi) == (False, None, None)
    assert line.computed_health is None
    client.force_login(world.stakeholder)
    page = client.get("/portfolio/").content.decode()
    assert "Gate" in page
    assert "SPI" not in page
    assert "CPI" not in page
    client.force_login(world.manager)
    assert "SPI" in client.get("/portfolio/").content.decode()


def test_only_the_viewers_projects_are_listed(world, api_client):
    other_manager = make_user(world.org, "other-manager")
    make_project(world.admin, manager=other_manager, code="HID", name="Hidden")
    make_project(world.admin, manager=world.manager, code="SIDE", name="Side")
    codes = [
        p["code"]
        for p in api_client.as_user(world.manager).get("/api/portfolio").json()["projects"]
    ]
    assert codes == ["ACME", "SIDE"]
    assert api_client.as_user(world.outsider).get("/api/portfolio").json()["projects"] == []
    assert [p.code for p in portfolio_for(other_manager, today=MONDAY).projects] == ["HID"]


def test_people_two_projects_overbook_are_named_with_those_projects(world):
    side = make_project(world.admin, manager=world.manager, code="SIDE", name="Side")
    ProjectMembership.objects.create(project=side, user=world.member, role=Role.MEMBER)
    make_task(world.project, "Wiring", estimate=5, assignee_ids=[world.member.pk])
    make_task(side, "Audit", estimate=5, assignee_ids=[world.member.pk])
    make_task(world.project, "Solo", estimate=5, assignee_ids=[world.coordinator.pk])

    found = portfolio_for(world.manager, today=MONDAY)
    [person] = found.shared_people  # the coordinator works on one project only
    assert person.name == str(world.member)
    assert person.projects == ["ACME", "SIDE"]
    assert person.over_weeks >= 1
    assert person.over_by == ["ACME", "SIDE"]
