"""My work lists exactly the viewer's open items, in every project they work in, by due date."""

import datetime as dt

import pytest

from tandem.planning.actions import do_update_task
from tandem.projects import actions as project_actions
from tandem.projects.models import ProjectMembership, Role
from tandem.resources.timesheet_actions import do_return_timesheet_week, do_submit_timesheet_week
from tandem.testing.factories import make_project
from tandem.testing.factories_meetings import make_action_item, make_meeting
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_time_entry
from tandem.testing.factories_risks import make_issue, make_mitigation, make_risk
from tandem.worklists.my_work import group_of, my_work

pytestmark = pytest.mark.django_db

# A Wednesday morning; the week ends on Sunday 8 March.
NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def _titles(work):
    return {g.key: [(i.kind, i.title, i.project_code) for i in g.items] for g in work.groups}


def test_my_work_lists_the_viewers_items_across_projects_and_nothing_else(world):
    # Given the member works in two projects and used to work in a third
    member = world.member
    second = make_project(world.admin, manager=world.manager, code="SEC", name="Second")
    project_actions.do_add_member(second, acting_user=world.manager, user=member, role=Role.MEMBER)
    left = make_project(world.admin, manager=world.manager, code="OLD", name="Left")
    project_actions.do_add_member(left, acting_user=world.manager, user=member, role=Role.MEMBER)
    make_task(left, "Old work", assignee_ids=[member.pk], deadline=TODAY)
    gone = ProjectMembership.objects.get(project=left, user=member)
    project_actions.do_remove_member(gone, acting_user=world.manager, version=gone.version)
    # and has items of every kind, some finished, beside other people's
    make_task(
        world.project, "Write spec", assignee_ids=[member.pk], deadline=TODAY - dt.timedelta(days=2)
    )
    make_task(world.project, "Review", assignee_ids=[world.coordinator.pk], deadline=TODAY)
    done = make_task(world.project, "Finished", assignee_ids=[member.pk], deadline=TODAY)
    do_update_task(
        done, acting_user=world.manager, version=done.version, changes={"status": "done"}
    )
    make_task(second, "Build", assignee_ids=[member.pk], deadline=TODAY)
    make_task(second, "Test", assignee_ids=[member.pk], deadline=dt.date(2026, 3, 8))
    make_task(second, "Ship", assignee_ids=[member.pk], deadline=dt.date(2026, 3, 9))
    meeting = make_meeting(world, starts_at=dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC))
    make_meeting(
        world,
        title="Not invited",
        participants=[],
        starts_at=dt.datetime(2026, 3, 5, 11, 0, tzinfo=dt.UTC),
    )
    make_action_item(world, meeting, description="Send minutes", due_date=None)
    make_action_item(world, meeting, description="Theirs", owner=world.coordinator, due_date=None)
    make_issue(world, title="Printer on fire", owner_id=member.pk, due_date=TODAY)
    make_issue(world, title="Someone else's issue", owner_id=world.coordinator.pk, due_date=TODAY)
    make_mitigation(
        world,
        make_risk(world),
        title="Find a second vendor",
        owner_id=member.pk,
        due_date=dt.date(2026, 4, 1),
    )

    # When the member opens My work
    work = my_work(member, now=NOW)

    # Then exactly their open items show, each in its group
    assert _titles(work) == {
        "overdue": [("task", "Write spec", "ACME")],
        "today": [("issue", "Printer on fire", "ACME"), ("task", "Build", "SEC")],
        "week": [("meeting", "Weekly sync", "ACME"), ("task", "Test", "SEC")],
        "later": [("task", "Ship", "SEC"), ("risk response", "Find a second vendor", "ACME")],
        "none": [("action item", "Send minutes", "ACME")],
    }
    assert work.count == 8


def test_people_without_work_see_an_empty_list(world):
    make_task(world.project, "Build", assignee_ids=[world.member.pk], deadline=TODAY)
    for person in (world.stakeholder, world.outsider, world.stranger):
        assert my_work(person, now=NOW).count == 0


def test_an_archived_project_drops_out_of_my_work(world):
    make_task(world.project, "Build", assignee_ids=[world.member.pk], deadline=TODAY)
    assert my_work(world.member, now=NOW).count == 1
    project_actions.do_archive_project(
        world.project, acting_user=world.manager, version=world.project.version
    )
    assert my_work(world.member, now=NOW).count == 0


@pytest.mark.parametrize(
    ("due", "group"),
    [
        (None, "none"),
        (dt.date(2026, 3, 3), "overdue"),
        (dt.date(2026, 3, 4), "today"),
        (dt.date(2026, 3, 5), "week"),
        (dt.date(2026, 3, 8), "week"),
        (dt.date(2026, 3, 9), "later"),
    ],
)
def test_due_dates_group_by_overdue_today_this_week_later(due, group):
    assert group_of(due, TODAY) == group


def test_my_work_page_is_reachable_from_the_header(client, world):
    make_task(world.project, "Write spec", assignee_ids=[world.member.pk])
    client.force_login(world.member)
    home = client.get("/")
    assert b'href="/my-work/">My work</a>' in home.content
    page = client.get("/my-work/")
    assert page.status_code == 200
    assert "Write spec" in page.content.decode()


def test_timesheets_waiting_for_approval_and_returned_weeks(world):
    task = make_task(world.project, "Build", estimate=5, assignee_ids=[world.member.pk])
    make_time_entry(task, world.member, hours="4", date=dt.date(2026, 2, 23))
    make_time_entry(task, world.member, hours="2", date=dt.date(2026, 2, 16))
    waiting = do_submit_timesheet_week(
        world.project, acting_user=world.member, week_start=dt.date(2026, 2, 23)
    )
    back = do_submit_timesheet_week(
        world.project, acting_user=world.member, week_start=dt.date(2026, 2, 16)
    )
    do_return_timesheet_week(
        back, acting_user=world.manager, version=back.version, note="Tuesday is missing"
    )
    manager = [(i.kind, i.title) for g in my_work(world.manager, now=NOW).groups for i in g.items]
    assert manager == [("approval", "Timesheet of member, week of 23 Feb")]
    member = [
        (i.kind, i.title, i.context)
        for g in my_work(world.member, now=NOW).groups
        for i in g.items
        if i.kind != "task"
    ]
    assert member == [("timesheet", "Your week of 16 Feb was returned", "Tuesday is missing")]
    # The coordinator does not decide on timesheets.
    assert my_work(world.coordinator, now=NOW).count == 0
    assert waiting.status == "submitted"
