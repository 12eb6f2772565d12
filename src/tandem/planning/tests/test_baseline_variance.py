"""Baselines record work and cost; the variance compares start, finish, duration, work and cost
per task, per summary and for the project (project on Monday-Friday, 8-hour days, from Monday
2026-01-05, scheduled automatically)."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.planning.actions import (
    do_add_dependency,
    do_assign,
    do_delete_task,
    do_save_baseline,
    do_update_task,
)
from tandem.planning.baseline_variance import baseline_variance
from tandem.planning.models import BaselineTask, Task
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource

D = dt.date


@pytest.fixture
def plan(world):
    """Phase > A (5 days, the member full time) -> B (2 days, the member half time and a crane
    at 20 an hour plus 100 per use); the member costs 50 an hour."""
    make_resource(world.admin, "Member", kind="person", user=world.member, standard_rate=50)
    crane = make_resource(world.admin, "Crane", standard_rate=Decimal(20), cost_per_use=100)
    phase = make_task(world.project, "Phase")
    a = make_task(world.project, "A", parent=phase, estimate=5, assignee_ids=[world.member.pk])
    b = make_task(world.project, "B", parent=phase, estimate=2)
    do_assign(b, acting_user=world.manager, person=world.member, units=Decimal(50))
    do_assign(b, acting_user=world.manager, resource=crane)
    do_add_dependency(acting_user=world.manager, predecessor=a, successor=b)
    return phase, a, b


def _fresh(task):
    return Task.objects.get(pk=task.pk)


def test_saving_a_baseline_records_work_and_cost_of_tasks_and_summaries(world, plan):
    phase, a, b = plan
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    saved = {
        e.name: (e.start_date, e.finish_date, e.duration_days, e.work_hours, e.cost)
        for e in BaselineTask.objects.filter(baseline=baseline)
    }
    assert saved == {
        "Phase": (D(2026, 1, 5), D(2026, 1, 13), Decimal(7), Decimal(64), Decimal(2820)),
        "A": (D(2026, 1, 5), D(2026, 1, 9), Decimal(5), Decimal(40), Decimal(2000)),
        "B": (D(2026, 1, 12), D(2026, 1, 13), Decimal(2), Decimal(24), Decimal(820)),
    }


def test_variance_per_task_summary_and_project_names_the_tasks(world, plan):
    # given a baseline, then A takes a day longer, C is added and B2 is deleted
    phase, a, b = plan
    b2 = make_task(world.project, "B2", parent=phase, estimate=1)
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    a = _fresh(a)
    do_update_task(a, acting_user=world.manager, version=a.version, changes={"estimate": 6})
    make_task(world.project, "C", estimate=1)
    b2 = _fresh(b2)
    do_delete_task(b2, acting_user=world.manager, version=b2.version)
    # when the manager compares
    found = baseline_variance(world.manager, baseline)
    rows = {r.name: r for r in found.tasks}
    # then A ends a day later with 8 h and 400 more, B moves a day, the phase rolls both up
    assert _variance(rows["A"]) == ("changed", 0, 1, Decimal(1), Decimal(8), Decimal(400))
    assert _variance(rows["B"]) == ("changed", 1, 1, Decimal(0), Decimal(0), Decimal(0))
    assert _variance(rows["Phase"]) == ("changed", 0, 1, Decimal(1), Decimal(8), Decimal(400))
    assert (rows["Phase"].summary, rows["Phase"].level, rows["A"].level) == (True, 1, 2)
    assert (rows["Phase"].baseline_work_hours, rows["Phase"].current_work_hours) == (
        Decimal(64),
        Decimal(72),
    )
    assert (rows["C"].status, rows["C"].baseline_start, rows["C"].current_start) == (
        "added",
        None,
        D(2026, 1, 5),
    )
    assert (rows["B2"].status, rows["B2"].task_id, rows["B2"].current_finish) == (
        "removed",
        None,
        None,
    )
    assert [r.name for r in found.tasks] == ["Phase", "A", "B", "C", "B2"]
    # and the project row: a day later, 8 h more (C has no work), 400 more
    assert _variance(found.project) == ("changed", 0, 1, Decimal(1), Decimal(8), Decimal(400))
    assert found.project.name == "Acme launch"


def test_unchanged_plan_has_no_variance(world, plan):
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    found = baseline_variance(world.manager, baseline)
    assert {r.name: r.status for r in found.tasks} == {
        "Phase": "unchanged",
        "A": "unchanged",
        "B": "unchanged",
    }
    assert _variance(found.project) == ("unchanged", 0, 0, Decimal(0), Decimal(0), Decimal(0))


def test_people_who_may_not_see_rates_get_no_cost(world, plan):
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    found = baseline_variance(world.coordinator, baseline)
    assert found.shows_cost is False
    assert {(r.baseline_cost, r.current_cost, r.cost_variance) for r in found.tasks} == {
        (None, None, None)
    }
    assert found.tasks[1].baseline_work_hours == Decimal(40)


def test_variance_endpoint_shapes_the_same_rows(world, plan, api_client):
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    response = api_client.as_user(world.manager).get(f"/api/baselines/{baseline.pk}/variance")
    assert response.status_code == 200
    body = response.json()
    assert (body["baseline_name"], body["currency"], body["shows_cost"]) == (
        "Approved",
        "EUR",
        True,
    )
    assert body["project"]["baseline_cost"] == "2820.00"
    assert [(t["wbs_code"], t["name"], t["summary"]) for t in body["tasks"]] == [
        ("1", "Phase", True),
        ("1.1", "A", False),
        ("1.2", "B", False),
    ]
    assert body["tasks"][2]["baseline_work_hours"] == "24.00"


def _variance(row):
    return (
        row.status,
        row.start_variance_days,
        row.finish_variance_days,
        row.duration_variance_days,
        row.work_variance_hours,
        row.cost_variance,
    )


pytestmark = pytest.mark.django_db
