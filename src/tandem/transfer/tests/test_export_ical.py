"""Milestones and meetings as iCalendar: milestones on their scheduled dates for everyone in
the project, meetings only for those who may see them, as the meeting page writes them."""

from __future__ import annotations

import icalendar
import pytest
from django.utils import timezone

from tandem.meetings.actions import do_cancel_meeting
from tandem.planning.scheduling import compute_schedule
from tandem.testing.factories_meetings import make_meeting
from tandem.testing.factories_planning import make_link, make_task
from tandem.transfer.export_ical import milestone_uid
from tandem.transfer.exporting import ExportFormat, export_project

pytestmark = pytest.mark.django_db


def _events(user, project):
    content = export_project(user, project.pk, ExportFormat.ICS, now=timezone.now()).content
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def plan(world):
    build = make_task(world.project, "Build", estimate=4)
    launch = make_task(world.project, "Launch", is_milestone=True)
    make_link(build, launch)
    meeting = make_meeting(world, title="Launch review")
    cancelled = make_meeting(world, title="Old sync")
    do_cancel_meeting(cancelled, acting_user=world.coordinator, version=cancelled.version)
    return world, launch, meeting


def test_milestones_fall_on_their_scheduled_date_and_meetings_keep_their_uid(plan):
    world, launch, meeting = plan
    scheduled = {row.task.pk: row for row in compute_schedule(world.project).rows}

    events = _events(world.member, world.project)

    assert set(events) == {milestone_uid(launch.pk), meeting.ical_uid}
    milestone = events[milestone_uid(launch.pk)]
    assert str(milestone["SUMMARY"]) == "Launch"
    assert milestone.decoded("DTSTART") == scheduled[launch.pk].start
    assert str(milestone["TRANSP"]) == "TRANSPARENT"
    review = events[meeting.ical_uid]
    assert str(review["SUMMARY"]) == "Launch review"
    assert review.decoded("DTSTART") == meeting.starts_at


def test_stakeholders_get_the_milestones_only(plan):
    world, launch, _ = plan
    assert set(_events(world.stakeholder, world.project)) == {milestone_uid(launch.pk)}
