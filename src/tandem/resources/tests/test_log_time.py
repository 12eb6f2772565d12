import datetime as dt
from decimal import Decimal

import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.resources.actions import do_delete_time_entry, do_log_time, do_update_time_entry
from tandem.resources.models import TimeEntry
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_time_entry


def test_member_logs_own_time_with_audit_row(world):
    task = make_task(world.project, "Build")
    entry = do_log_time(
        task, acting_user=world.member, date=dt.date(2026, 2, 3), hours=Decimal("1.25")
    )
    assert (entry.person, entry.project_id, entry.hours) == (
        world.member,
        world.project.pk,
        Decimal("1.25"),
    )
    event = AuditEvent.objects.get(action="time_entry.created")
    assert event.changes["hours"] == [None, "1.25"]
    assert event.project_id == world.project.pk


def test_member_cannot_log_for_someone_else(world):
    task = make_task(world.project, "Build")
    with pytest.raises(Forbidden, match="only your own"):
        do_log_time(
            task,
            acting_user=world.member,
            person=world.coordinator,
            date=dt.date(2026, 2, 3),
            hours=Decimal(1),
        )
    assert not TimeEntry.objects.exists()


def test_lead_logs_for_a_worker_but_not_for_a_stakeholder(world):
    task = make_task(world.project, "Build")
    entry = do_log_time(
        task,
        acting_user=world.coordinator,
        person=world.member,
        date=dt.date(2026, 2, 3),
        hours=Decimal(2),
    )
    assert entry.person == world.member
    with pytest.raises(ValidationFailed, match="does not work on this project"):
        do_log_time(
            task,
            acting_user=world.coordinator,
            person=world.stakeholder,
            date=dt.date(2026, 2, 3),
            hours=Decimal(2),
        )


def test_stakeholder_cannot_log_time(world):
    task = make_task(world.project, "Build")
    with pytest.raises(Forbidden):
        do_log_time(task, acting_user=world.stakeholder, date=dt.date(2026, 2, 3), hours=1)


@pytest.mark.parametrize("hours", ["0", "-1", "24.5"])
def test_hours_out_of_range_refused(world, hours):
    task = make_task(world.project, "Build")
    with pytest.raises(ValidationFailed, match="hours"):
        do_log_time(task, acting_user=world.member, date=dt.date(2026, 2, 3), hours=Decimal(hours))
    assert not TimeEntry.objects.exists()


def test_update_keeps_day_total_under_24(world):
    task = make_task(world.project, "Build")
    make_time_entry(task, world.member, hours="10")
    entry = make_time_entry(task, world.member, hours="10")
    with pytest.raises(ValidationFailed, match="already logged 10.00 h"):
        do_update_time_entry(entry, acting_user=world.member, version=1, changes={"hours": 15})
    updated = do_update_time_entry(
        entry, acting_user=world.member, version=1, changes={"hours": Decimal(14)}
    )
    assert (updated.hours, updated.version) == (Decimal(14), 2)


def test_member_cannot_delete_others_entry_lead_can(world):
    task = make_task(world.project, "Build")
    entry = make_time_entry(task, world.coordinator)
    with pytest.raises(Forbidden):
        do_delete_time_entry(entry, acting_user=world.member, version=1)
    do_delete_time_entry(entry, acting_user=world.manager, version=1)
    assert not TimeEntry.objects.exists()
    assert AuditEvent.objects.get(action="time_entry.deleted").actor == world.manager
