"""The weekly timesheet: only open leaf tasks assigned to the person, totals per day, task and
week, saving the grid in one go, submitting (read-only afterwards), and the manager's approval
or return with a note."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tandem.comms.models import Notification
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_assign, do_update_task
from tandem.resources.actions import do_log_time
from tandem.resources.models import TimeEntry, TimesheetStatus, TimesheetWeek
from tandem.resources.timesheet_actions import (
    do_approve_timesheet_week,
    do_return_timesheet_week,
    do_save_timesheet,
    do_submit_timesheet_week,
)
from tandem.resources.timesheets import build_grid, week_of
from tandem.testing.factories_planning import make_task

MONDAY = dt.date(2026, 3, 2)
D = Decimal


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def work(world):
    """Design (open, assigned), Build (open, assigned), Phase (a summary with Build under it),
    Ship (done), Review (open, someone else's) and a milestone, all assigned to the member
    except Review."""
    manager, member = world.manager, world.member
    phase = make_task(world.project, "Phase")
    design = make_task(world.project, "Design")
    build = make_task(world.project, "Build", parent=phase)
    ship = make_task(world.project, "Ship")
    review = make_task(world.project, "Review")
    launch = make_task(world.project, "Launch", is_milestone=True)
    for task in (phase, design, build, ship, launch):
        do_assign(task, acting_user=manager, person=member)
    do_assign(review, acting_user=manager, person=world.coordinator)
    ship.refresh_from_db()
    do_update_task(
        ship,
        acting_user=manager,
        version=ship.version,
        changes={"status": "done", "percent_complete": 100},
    )
    return {"phase": phase, "design": design, "build": build, "ship": ship, "review": review}


def test_the_grid_offers_only_open_leaf_tasks_assigned_to_the_person(world, work):
    grid = build_grid(world.project, world.member.pk, MONDAY)
    assert [(row.task.wbs_code, row.task.name) for row in grid.rows] == [
        ("1.1", "Build"),
        ("2", "Design"),
    ]
    assert grid.days[0] == MONDAY
    assert grid.days[-1] == dt.date(2026, 3, 8)


def test_totals_per_day_task_and_week(world, work):
    member = world.member
    do_log_time(work["design"], acting_user=member, date=MONDAY, hours=D("3"))
    do_log_time(work["design"], acting_user=member, date=MONDAY, hours=D("1.5"))
    do_log_time(work["build"], acting_user=member, date=MONDAY, hours=D("2"))
    do_log_time(work["build"], acting_user=member, date=MONDAY + dt.timedelta(days=2), hours=D(4))
    # Outside the week and someone else's time do not count.
    do_log_time(work["build"], acting_user=member, date=MONDAY - dt.timedelta(days=1), hours=D(8))
    do_log_time(work["review"], acting_user=world.coordinator, date=MONDAY, hours=D(5))
    grid = build_grid(world.project, member.pk, MONDAY)
    totals = {row.task.name: row.total for row in grid.rows}
    assert totals == {"Design": D("4.5"), "Build": D("6")}
    assert grid.day_totals == [D("6.5"), D(0), D(4), D(0), D(0), D(0), D(0)]
    assert grid.total == D("10.5")


def test_a_closed_task_with_time_this_week_is_shown_but_not_offered(world, work):
    do_log_time(work["design"], acting_user=world.member, date=MONDAY, hours=D(2))
    design = work["design"]
    design.refresh_from_db()
    do_update_task(
        design, acting_user=world.manager, version=design.version, changes={"status": "done"}
    )
    grid = build_grid(world.project, world.member.pk, MONDAY)
    assert [(row.task.name, row.open, row.total) for row in grid.rows] == [
        ("Build", True, D(0)),
        ("Design", False, D(2)),
    ]
    with pytest.raises(ValidationFailed, match="closed or not assigned"):
        do_save_timesheet(
            world.project,
            acting_user=world.member,
            week_start=MONDAY,
            hours={(design.pk, MONDAY): D(3)},
        )


def test_saving_the_grid_sets_each_cell_and_refuses_all_on_one_bad_cell(world, work):
    member, build, design = world.member, work["build"], work["design"]
    do_log_time(design, acting_user=member, date=MONDAY, hours=D(1), note="kickoff")
    response = _client(member).post(
        f"/projects/{world.project.pk}/timesheet/",
        {
            "week": "2026-03-04",
            f"h-{design.pk}-2026-03-02": "2.5",
            f"h-{build.pk}-2026-03-03": "7,5",
            f"h-{build.pk}-2026-03-04": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?week=2026-03-02")
    rows = sorted(TimeEntry.objects.values_list("task__name", "date", "hours", "note"))
    assert rows == [
        ("Build", dt.date(2026, 3, 3), D("7.5"), ""),
        ("Design", dt.date(2026, 3, 2), D("2.5"), "kickoff"),
    ]
    before = list(TimeEntry.objects.values_list("pk", "hours"))
    refused = _client(member).post(
        f"/projects/{world.project.pk}/timesheet/",
        {
            "week": "2026-03-02",
            f"h-{design.pk}-2026-03-02": "0",
            f"h-{build.pk}-2026-03-05": "25",
        },
    )
    assert refused.status_code == 422
    assert "hours are between 0 and 24" in refused.content.decode()
    assert list(TimeEntry.objects.values_list("pk", "hours")) == before


def test_a_task_of_someone_else_cannot_be_filled_in(world, work):
    with pytest.raises(ValidationFailed, match="closed or not assigned"):
        do_save_timesheet(
            world.project,
            acting_user=world.member,
            week_start=MONDAY,
            hours={(work["review"].pk, MONDAY): D(1)},
        )
    assert not TimeEntry.objects.exists()


def test_the_page_defaults_to_this_week_and_marks_today(world, work):
    response = _client(world.member).get(f"/projects/{world.project.pk}/timesheet/")
    assert response.status_code == 200
    today = response.context["today"]
    assert response.context["grid"].week_start == week_of(today)
    assert 'aria-current="date"' in response.content.decode()


def test_a_stakeholder_has_no_timesheet(world):
    response = _client(world.stakeholder).get(f"/projects/{world.project.pk}/timesheet/")
    assert response.status_code == 403


def _submitted(world, work):
    do_log_time(work["design"], acting_user=world.member, date=MONDAY, hours=D(6))
    return do_submit_timesheet_week(world.project, acting_user=world.member, week_start=MONDAY)


def test_submitting_locks_the_week_for_the_person_and_tells_the_manager(world, work):
    record = _submitted(world, work)
    assert (record.status, record.hours, record.week_start) == ("submitted", D(6), MONDAY)
    note = Notification.objects.get(kind="timesheet.submitted")
    assert note.recipient == world.manager
    with pytest.raises(Conflict, match="submitted"):
        do_log_time(work["build"], acting_user=world.member, date=MONDAY, hours=D(1))
    with pytest.raises(Conflict, match="submitted"):
        do_save_timesheet(
            world.project,
            acting_user=world.member,
            week_start=MONDAY,
            hours={(work["build"].pk, MONDAY): D(1)},
        )
    with pytest.raises(Conflict):
        do_submit_timesheet_week(world.project, acting_user=world.member, week_start=MONDAY)
    page = _client(world.member).get(f"/projects/{world.project.pk}/timesheet/?week=2026-03-02")
    assert f'name="h-{work["build"].pk}-2026-03-02"' not in page.content.decode()
    # The next week is open.
    do_log_time(work["build"], acting_user=world.member, date=dt.date(2026, 3, 9), hours=D(1))


def test_only_the_project_manager_decides_and_never_on_their_own_week(world, work):
    record = _submitted(world, work)
    for person in (world.member, world.coordinator):
        with pytest.raises(Forbidden, match="Only the project manager"):
            do_approve_timesheet_week(record, acting_user=person, version=record.version)
    do_log_time(
        work["review"], acting_user=world.manager, person=world.coordinator, date=MONDAY, hours=D(1)
    )
    manager_task = make_task(world.project, "Plan")
    do_assign(manager_task, acting_user=world.manager, person=world.manager)
    own = do_submit_timesheet_week(world.project, acting_user=world.manager, week_start=MONDAY)
    with pytest.raises(Forbidden, match="their own"):
        do_approve_timesheet_week(own, acting_user=world.manager, version=own.version)
    approved = do_approve_timesheet_week(record, acting_user=world.manager, version=record.version)
    assert (approved.status, approved.decided_by) == (TimesheetStatus.APPROVED, world.manager)
    assert AuditEvent.objects.filter(action="timesheet.approved").count() == 1
    with pytest.raises(Conflict, match="approved"):
        do_log_time(work["build"], acting_user=world.member, date=MONDAY, hours=D(1))
    with pytest.raises(Conflict, match="not waiting"):
        do_return_timesheet_week(
            approved, acting_user=world.manager, version=approved.version, note="late"
        )


def test_a_returned_week_needs_a_note_and_opens_again(world, work):
    record = _submitted(world, work)
    with pytest.raises(ValidationFailed, match="needs a note"):
        do_return_timesheet_week(
            record, acting_user=world.manager, version=record.version, note="  "
        )
    response = _client(world.manager).post(
        f"/timesheets/{record.pk}/return/", {"version": record.version, "note": ""}
    )
    assert response.status_code == 422
    assert TimesheetWeek.objects.get(pk=record.pk).status == "submitted"
    response = _client(world.manager).post(
        f"/timesheets/{record.pk}/return/",
        {"version": record.version, "note": "Split Monday between Design and Build"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.note) == ("returned", "Split Monday between Design and Build")
    assert Notification.objects.get(kind="timesheet.returned").recipient == world.member
    do_log_time(work["build"], acting_user=world.member, date=MONDAY, hours=D(1))
    again = do_submit_timesheet_week(world.project, acting_user=world.member, week_start=MONDAY)
    assert (again.pk, again.status, again.hours, again.note) == (record.pk, "submitted", D(7), "")


def test_the_approvals_page_lists_waiting_weeks_for_the_manager_only(world, work):
    _submitted(world, work)
    page = _client(world.manager).get(f"/projects/{world.project.pk}/timesheets/")
    assert page.status_code == 200
    assert "member: week of 2 Mar 2026 — 6 h" in page.content.decode()
    assert (
        _client(world.coordinator).get(f"/projects/{world.project.pk}/timesheets/").status_code
        == 403
    )
