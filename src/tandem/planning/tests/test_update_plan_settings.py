import datetime as dt
from decimal import Decimal

import pytest

from tandem.core.errors import Forbidden, PreconditionFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_update_plan_settings
from tandem.planning.models import PlanSettings
from tandem.planning.scheduling import compute_schedule
from tandem.resources.actions import do_create_calendar
from tandem.testing.factories_planning import make_task


def test_first_write_stores_settings_and_changes_the_schedule(world):
    make_task(world.project, "A", estimate=2)
    before = compute_schedule(world.project).rows[0]
    cal = do_create_calendar(
        acting_user=world.admin,
        name="Mon-Thu",
        working_hours={str(d): [["08:00", "18:00"]] for d in range(1, 5)},
    )
    settings = do_update_plan_settings(
        world.project,
        acting_user=world.manager,
        version=1,
        changes={"calendar": cal, "hours_per_day": Decimal(10)},
    )
    assert (settings.calendar, settings.version) == (cal, 1)
    assert AuditEvent.objects.get(action="plan_settings.created").changes["calendar"] == [
        None,
        cal.pk,
    ]
    # 2 days of 10 h starting Thursday 2026-01-08 (project start) on a Mon-Thu calendar.
    world.project.start_date = dt.date(2026, 1, 8)
    world.project.save()
    after = compute_schedule(world.project).rows[0]
    assert (after.start, after.finish) == (dt.date(2026, 1, 8), dt.date(2026, 1, 12))
    assert (before.start, before.finish) == (dt.date(2026, 1, 5), dt.date(2026, 1, 6))


def test_stale_version_and_roles(world):
    do_update_plan_settings(
        world.project, acting_user=world.manager, version=1, changes={"hours_per_day": 7}
    )
    with pytest.raises(PreconditionFailed):
        do_update_plan_settings(
            world.project, acting_user=world.manager, version=5, changes={"hours_per_day": 6}
        )
    with pytest.raises(Forbidden):
        do_update_plan_settings(
            world.project, acting_user=world.coordinator, version=1, changes={"hours_per_day": 6}
        )
    assert PlanSettings.objects.get().hours_per_day == Decimal(7)


def test_plan_settings_api(world, api_client):
    url = f"/api/projects/{world.project.pk}/plan-settings"
    got = api_client.as_user(world.member).get(url)
    assert got.json() == {
        "project_id": world.project.pk,
        "version": 1,
        "calendar_id": None,
        "calendar_name": "Standard",
        "hours_per_day": "8",
        "auto_schedule": True,
        "status_date": None,
        "compare_baseline_id": None,
        "compare_baseline_name": None,
        "rescheduled": [],
    }
    bad = api_client.as_user(world.manager).patch(url, {"calendar_id": 98765}, if_match=1)
    assert bad.status_code == 422
    assert not PlanSettings.objects.exists()
    ok = api_client.as_user(world.manager).patch(url, {"hours_per_day": "7.5"}, if_match=1)
    assert ok.status_code == 200
    assert ok.json()["hours_per_day"] == "7.50"
