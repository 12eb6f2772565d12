"""Overdue action items remind their owners once per item per day, in the owner's own day."""

import datetime as dt

import pytest
from django.conf import settings

from tandem.comms.models import Notification
from tandem.coordination import jobs
from tandem.coordination.models import ActionItemReminder
from tandem.coordination.reminders import remind_overdue_action_items
from tandem.meetings import actions as meeting_actions
from tandem.meetings.models import ActionItemStatus
from tandem.testing.factories_meetings import make_action_item, make_meeting

pytestmark = pytest.mark.django_db

# 02:00 UTC on Saturday 7 March: already the 7th in Paris, still the 6th in New York.
NOW = dt.datetime(2026, 3, 7, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def item(world):
    meeting = make_meeting(world)
    return make_action_item(world, meeting, description="Send the draft plan",
                            due_date=dt.date(2026, 3, 5))  # fmt: skip


def _reminders():
    return list(Notification.objects.filter(kind="action_item.overdue"))


def test_an_overdue_item_reminds_its_owner_once_a_day(world, item):
    assert remind_overdue_action_items(NOW) == 1
    notes = _reminders()
    assert [(n.recipient, n.subject) for n in notes] == [
        (world.member, "Overdue by 2 days: Send the draft plan")
    ]
    assert notes[0].url == f"/meetings/{item.meeting_id}/#action-item-{item.pk}"
    # the job runs every hour: the same day sends nothing more
    assert remind_overdue_action_items(NOW + dt.timedelta(hours=5)) == 0
    assert len(_reminders()) == 1
    # the next day, one more
    assert remind_overdue_action_items(NOW + dt.timedelta(days=1)) == 1
    assert [r.day for r in ActionItemReminder.objects.order_by("day")] == [
        dt.date(2026, 3, 7),
        dt.date(2026, 3, 8),
    ]


def test_the_owners_own_day_decides(world, item):
    meeting_actions.do_update_action_item(
        item, acting_user=world.coordinator, version=item.version,
        changes={"due_date": dt.date(2026, 3, 6)},
    )  # fmt: skip
    world.member.time_zone = "America/New_York"
    world.member.save(update_fields=["time_zone"])
    # still the 6th in New York: due today is not overdue
    assert remind_overdue_action_items(NOW) == 0
    world.member.time_zone = "Europe/Paris"
    world.member.save(update_fields=["time_zone"])
    assert remind_overdue_action_items(NOW) == 1
    assert _reminders()[0].subject == "Overdue by 1 day: Send the draft plan"


def test_done_items_and_items_without_owner_are_left_alone(world, item):
    meeting_actions.do_update_action_item(
        item, acting_user=world.coordinator, version=item.version,
        changes={"status": ActionItemStatus.DONE},
    )  # fmt: skip
    make_action_item(world, item.meeting, description="Nobody's", owner=None,
                     due_date=dt.date(2026, 3, 1))  # fmt: skip
    assert remind_overdue_action_items(NOW) == 0
    assert _reminders() == []


def test_the_periodic_job_is_scheduled_and_runs(world, item):
    entry = settings.CELERY_BEAT_SCHEDULE["remind-overdue-action-items"]
    assert entry["task"] == "tandem.coordination.remind_overdue_action_items"
    assert entry["schedule"] == 60 * 60
    # the job uses the clock: the item is months overdue by now
    assert jobs.remind_overdue_action_items.apply().get() == 1
    assert jobs.remind_overdue_action_items.apply().get() == 0
    assert len(_reminders()) == 1


def test_the_reminder_writes_the_due_date_in_the_owners_locale(world, item):
    world.member.locale = "de-DE"
    world.member.save(update_fields=["locale"])
    assert remind_overdue_action_items(NOW) == 1
    assert _reminders()[0].body.startswith("Due 05.03.2026, from the meeting")
