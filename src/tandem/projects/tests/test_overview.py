import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tandem.goals import actions as goal_actions
from tandem.planning import actions as planning_actions
from tandem.records import actions as records_actions
from tandem.risks import actions as risks_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def dashboard(world):
    p = world.project
    milestone = planning_actions.do_create_task(
        p,
        acting_user=world.manager,
        name="Pilot go-live",
        is_milestone=True,
        start_date=dt.date(2026, 3, 2),
        finish_date=dt.date(2026, 3, 2),
    )
    goal = goal_actions.do_create_goal(p, acting_user=world.manager, name="Faster routes")
    goal_actions.do_create_key_result(
        goal,
        acting_user=world.manager,
        name="Route time",
        metric="average route time",
        unit="min",
        baseline=Decimal(100),
        target=Decimal(80),
        current=Decimal(90),
    )
    risks_actions.do_create_risk(
        p,
        acting_user=world.manager,
        title="Vendor <b>late</b>",
        probability=4,
        impact=4,
    )
    published = records_actions.do_create_status_update(
        p,
        acting_user=world.coordinator,
        period_start=dt.date(2026, 2, 2),
        period_end=dt.date(2026, 2, 6),
        rag="amber",
        summary="Pilot slipping a week",
        audience="stakeholders",
    )
    records_actions.do_publish_status_update(published, acting_user=world.coordinator, version=1)
    records_actions.do_create_status_update(
        p,
        acting_user=world.coordinator,
        period_start=dt.date(2026, 2, 9),
        period_end=dt.date(2026, 2, 13),
        summary="Draft: internal only",
        audience="team",
    )
    return milestone


def _page(user, project):
    client = Client()
    client.force_login(user)
    response = client.get(f"/projects/{project.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_manager_overview_shows_goals_progress_risks_and_latest_published_status(world, dashboard):
    html = _page(world.manager, world.project)
    assert "Faster routes" in html
    assert "Route time: 90 min, target 80 min or less (from 100 min) " in html
    assert "(50%)" in html  # (90 - 100) / (80 - 100)
    assert "Pilot go-live" in html
    assert "Vendor &lt;b&gt;late&lt;/b&gt;" in html
    assert "Pilot slipping a week" in html


def test_stakeholder_overview_has_milestones_and_status_but_no_work_details(world, dashboard):
    html = _page(world.stakeholder, world.project)
    assert "Pilot go-live" in html
    assert "Pilot slipping a week" in html
    assert "Draft: internal only" not in html
    assert "Vendor" not in html
    assert "Faster routes" not in html
    assert 'name="health"' not in html
