"""CPI and SPI against the project's thresholds, through the app's earned value."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.models import Alert, AlertKind, WatchSettings
from tandem.planning.actions import do_update_task
from tandem.planning.baseline_actions import do_save_baseline
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource, make_time_entry

pytestmark = pytest.mark.django_db

WEDNESDAY_EVENING = dt.datetime(2026, 1, 7, 18, tzinfo=dt.UTC)


@pytest.fixture
def overspent(world):
    """A is 5 days of the member at 50 an hour (2000 budgeted); by Wednesday evening 60 % was
    planned (PV 1200), 20 % is done (EV 400) and 24 hours were logged (AC 1200)."""
    make_resource(world.admin, "Crew", kind="person", user=world.member, standard_rate=Decimal(50))
    task = make_task(world.project, "A", estimate=5, assignee_ids=[world.member.pk])
    do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    task.refresh_from_db()
    do_update_task(
        task, acting_user=world.manager, version=task.version, changes={"percent_complete": 20}
    )
    for day in (5, 6, 7):
        make_time_entry(task, world.member, hours="8", date=dt.date(2026, 1, day))
    return task


def test_cpi_and_spi_under_their_thresholds_raise_red_alerts_for_budget_readers(world, overspent):
    evaluate_project(world.project, now=WEDNESDAY_EVENING)
    cpi = Alert.objects.get(kind=AlertKind.COST_PERFORMANCE)
    spi = Alert.objects.get(kind=AlertKind.SCHEDULE_PERFORMANCE)
    assert (cpi.evidence["value"], spi.evidence["value"]) == ("0.33", "0.33")
    assert (cpi.severity, cpi.step, cpi.right) == ("red", 2, "budget.view")
    assert cpi.title == "CPI is 0.33 (under 0.90)"


def test_thresholds_are_per_project(world, overspent):
    WatchSettings.objects.create(
        project=world.project, cpi_threshold=Decimal("0.30"), spi_threshold=Decimal("0.40")
    )
    evaluate_project(world.project, now=WEDNESDAY_EVENING)
    assert not Alert.objects.filter(kind=AlertKind.COST_PERFORMANCE).exists()
    spi = Alert.objects.get(kind=AlertKind.SCHEDULE_PERFORMANCE)
    assert (spi.severity, spi.step) == ("amber", 1)  # 0.33 is under 0.40, not under 0.30
