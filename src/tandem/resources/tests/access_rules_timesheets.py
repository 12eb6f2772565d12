"""The weekly timesheet's routes: workers fill in and submit their own week, the project
manager alone sees the approvals and decides (never on their own week)."""

import datetime as dt

from tandem.planning.actions import do_assign
from tandem.resources.models import TimeEntry, TimesheetWeek
from tandem.resources.timesheet_actions import do_submit_timesheet_week
from tandem.testing.factories_planning import make_task
from tandem.testing.roles import project_page

WORKERS_302 = project_page(stakeholder=403, member=302, coordinator=302, manager=302)
# The member's submitted week: the stakeholder and people outside never see it; the member and
# the coordinator see it and may not decide; the manager decides.
DECIDE = project_page(stakeholder=404, member=403, coordinator=403, manager=302)


def timesheet_rules(world):
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
