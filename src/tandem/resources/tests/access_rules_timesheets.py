"""The weekly timesheet's routes: workers fill in and submit their own week, the project
manager alone sees the approvals and decides (never on their own week)."""

import datetime as dt

from tandem.planning.actions import do_assign
from tandem.resources.models import TimeEntry, TimesheetWeek
from tandem.resources.timesheet_actions import do_submit_timesheet_week
from tandem.testing.factories_planning import make_task
from tandem.testing.roles import project_api, project_page

WORKERS_302 = project_page(stakeholder=403, member=302, coordinator=302, manager=302)
# The member's submitted week: the stakeholder and people outside never see it; the member and
# the coordinator see it and may not decide; the manager decides.
DECIDE = project_page(stakeholder=404, member=403, coordinator=403, manager=302)


# The API: a person's own week is for the people who log time; someone else's week is the
# project manager's to read, and to decide once it is submitted.
OWN_API = project_api(stakeholder=403, member=200, coordinator=200, manager=200)
DECIDE_API = project_api(stakeholder=404, member=403, coordinator=403, manager=200)


def timesheet_rules(world):
    return [*_page_rules(world), *_api_rules(world)]


def _api_rules(world):
    p = world.project.pk
    task = make_task(world.project, "Timesheet API work")
    do_assign(task, acting_user=world.manager, person=world.member)
    do_assign(task, acting_user=world.manager, person=world.coordinator)
    do_assign(task, acting_user=world.manager, person=world.manager)
    do_submit_timesheet_week(
        world.project, acting_user=world.member, week_start=dt.date(2027, 2, 1)
    )
    submitted = f"/api/projects/{p}/timesheets/2027-02-01"
    own = f"/api/projects/{p}/timesheets/2026-03-02"
    decision = {"person_id": world.member.pk}
    return [
        {"method": "GET", "url": own, "expect": OWN_API},
        {
            "method": "GET",
            "url": f"{submitted}?person_id={world.member.pk}",
            "expect": project_api(stakeholder=403, member=200, coordinator=403, manager=200),
        },
        {
            "method": "PATCH",
            "url": own,
            "model": TimeEntry,
            "headers": {"If-Match": '"0"'},
            "body": {"entries": [{"task_id": task.pk, "date": "2026-03-03", "hours": "1.5"}]},
            "expect": OWN_API,
        },
        {
            "method": "POST",
            "url": f"{own}/submit",
            "model": TimesheetWeek,
            "headers": {"If-Match": '"0"'},
            "body": {},
            "expect": OWN_API,
        },
        {
            "method": "POST",
            "url": f"{submitted}/approve",
            "model": TimesheetWeek,
            "headers": {"If-Match": '"1"'},
            "body": decision,
            "expect": DECIDE_API,
        },
        {
            "method": "POST",
            "url": f"{submitted}/return",
            "model": TimesheetWeek,
            "headers": {"If-Match": '"1"'},
            "body": {**decision, "note": "Monday is missing"},
            "expect": DECIDE_API,
        },
    ]


def _page_rules(world):
    p = world.project.pk
    task = make_task(world.project, "Timesheet work")
    for person in (world.manager, world.coordinator, world.member):
        do_assign(task, acting_user=world.manager, person=person)
    week = do_submit_timesheet_week(
        world.project, acting_user=world.member, week_start=dt.date(2027, 1, 4)
    )
    return [
        {
            "method": "GET",
            "url": f"/projects/{p}/timesheet/?week=2026-03-02",
            "expect": project_page(stakeholder=403, member=200, coordinator=200, manager=200),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/timesheet/",
            "model": TimeEntry,
            "body": {"week": "2026-03-02", f"h-{task.pk}-2026-03-03": "1.5"},
            "expect": WORKERS_302,
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/timesheet/submit/",
            "model": TimesheetWeek,
            "body": {"week": "2026-03-02"},
            "expect": WORKERS_302,
        },
        {
            "method": "GET",
            "url": f"/projects/{p}/timesheets/",
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=200),
        },
        {
            "method": "POST",
            "url": f"/timesheets/{week.pk}/approve/",
            "model": TimesheetWeek,
            "pk": week.pk,
            "body": {"version": "1"},
            "expect": DECIDE,
        },
        {
            "method": "POST",
            "url": f"/timesheets/{week.pk}/return/",
            "model": TimesheetWeek,
            "pk": week.pk,
            "body": {"version": "1", "note": "Monday is missing"},
            "expect": DECIDE,
        },
    ]
