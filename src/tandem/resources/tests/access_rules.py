"""Every resources route (API and pages), with the exact status per relation to the project.

Resources belong to the organization: everyone in it reads them, only its admins change them.
The stranger is an admin of another organization, so creating a resource succeeds for them (in
their own organization) while they never see this organization's resources.
"""

import datetime as dt

from django.urls import resolve

from tandem.planning.baseline_actions import do_save_baseline
from tandem.projects.models import ProjectMembership
from tandem.resources.actions import do_add_rate_change, do_create_calendar
from tandem.resources.calendar_actions import do_add_calendar_exception, do_add_day_off
from tandem.resources.models import (
    BudgetLine,
    CalendarException,
    CostEntry,
    Resource,
    ResourceRate,
    TimeEntry,
    WorkCalendar,
    default_week,
)
from tandem.resources.tests.access_rules_timesheets import timesheet_rules
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import (
    make_budget_line,
    make_cost_entry,
    make_resource,
    make_time_entry,
)
from tandem.testing.roles import expect, project_api, project_page

IF1 = {"If-Match": '"1"'}
D = dt.date


def _api(*, stakeholder: int, member: int, leads: int, manager: int | None = None) -> dict:
    return project_api(
        stakeholder=stakeholder,
        member=member,
        coordinator=leads,
        manager=leads if manager is None else manager,
    )


def _page(*, stakeholder: int, member: int, leads: int, manager: int | None = None) -> dict:
    return project_page(
        stakeholder=stakeholder,
        member=member,
        coordinator=leads,
        manager=leads if manager is None else manager,
    )


WORK_LIST = _api(stakeholder=403, member=200, leads=200)
WORK_ITEM = _api(stakeholder=404, member=200, leads=200)
ORG_READ = expect(200, anonymous=401, stranger=404)
ORG_WRITE = expect(403, anonymous=401, stranger=404)
PAGE_ORG_READ = expect(200, anonymous=302, stranger=404)
PAGE_ORG_WRITE = expect(403, anonymous=302, stranger=404)
# The member's own working hours and days off (nobody in the matrix is this organization's admin).
PAGE_OWN_WRITE = expect(403, anonymous=302, stranger=404, member=302)
WEEK_FORM = {"version": "1", "day_1": "08:00-12:00, 13:00-17:00", "day_2": "09:00-17:00"}
# A project's own calendar: the project's workers see it, its manager changes it.
OWN_READ = _api(stakeholder=404, member=200, leads=200)


def OWN_WRITE(done: int) -> dict:  # noqa: N802
    return _api(stakeholder=404, member=403, leads=403, manager=done)


RESOURCE_FORM = {
    "name": "Van",
    "kind": "equipment",
    "standard_rate": "10",
    "overtime_rate": "0",
    "cost_per_use": "0",
    "currency": "EUR",
    "max_units": "100",
}


def rules(world):
    return _with_url_names([*_rules(world), *timesheet_rules(world)])


def _with_url_names(found: list[dict]) -> list[dict]:
    for rule in found:
        match = resolve(rule["url"].split("?", 1)[0])
        rule["url_name"] = match.view_name or match.route
    return found


def _rules(world):
    p = world.project.pk
    task = make_task(world.project, "Build", estimate=2)
    crane = make_resource(world.admin, "Crane")
    line = make_budget_line(world.project, world.manager)
    cost = make_cost_entry(world.project, world.manager, budget_line=line)
    entry = make_time_entry(task, world.member)
    cal = do_create_calendar(acting_user=world.admin, name="Standard", working_hours=default_week())
    own = do_create_calendar(
        acting_user=world.manager, name="Site", working_hours=default_week(), project=world.project
    )
    closure = do_add_calendar_exception(cal, acting_user=world.admin, start=D(2026, 8, 3))
    own_closure = do_add_calendar_exception(own, acting_user=world.manager, start=D(2026, 8, 4))
    day_off = do_add_day_off(world.member, acting_user=world.member, start=D(2026, 8, 7))
    membership = ProjectMembership.objects.get(project=world.project, user=world.member)
    do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    rate = do_add_rate_change(
        crane, acting_user=world.admin, effective_from=D(2026, 3, 2), standard_rate=60
    )
    r, bl, c, e = crane.pk, line.pk, cost.pk, entry.pk
    return [
        # --- API: resources (organization level)
        {"method": "GET", "url": "/api/resources?kind=equipment", "expect": expect(200, anonymous=401)},
        {
            "method": "POST", "url": "/api/resources", "model": Resource,
            "body": {"name": "Drill", "kind": "equipment", "standard_rate": "12"},
            "expect": expect(403, anonymous=401, stranger=201),
        },
        {"method": "GET", "url": f"/api/resources/{r}", "expect": ORG_READ},
        {
            "method": "PATCH", "url": f"/api/resources/{r}", "model": Resource, "pk": r,
            "body": {"standard_rate": "60"}, "headers": IF1, "expect": ORG_WRITE,
        },
        {
            "method": "DELETE", "url": f"/api/resources/{r}", "model": Resource, "pk": r,
            "headers": IF1, "expect": ORG_WRITE,
        },
        # --- API: rate changes (rates: admins and managers read them, admins change them)
        {"method": "GET", "url": f"/api/resources/{r}/rates",
         "expect": expect(403, anonymous=401, stranger=404, manager=200)},
        {
            "method": "POST", "url": f"/api/resources/{r}/rates", "model": ResourceRate,
            "body": {"effective_from": "2026-04-01", "standard_rate": "70"},
            "expect": expect(403, anonymous=401, stranger=404),
        },
        {
            "method": "DELETE", "url": f"/api/resource-rates/{rate.pk}", "model": ResourceRate,
            "pk": rate.pk, "headers": IF1, "expect": expect(404, anonymous=401, manager=403),
        },
        # --- API: earned value (the budget's readers; amounts only for those who see rates)
        {"method": "GET", "url": f"/api/projects/{p}/earned-value?status_date=2026-01-07",
         "expect": WORK_LIST},
        # --- API: working calendars (organization level)
        {"method": "GET", "url": "/api/calendars", "expect": expect(200, anonymous=401)},
        {
            "method": "POST", "url": "/api/calendars", "model": WorkCalendar,
            "body": {"name": "Four-day week",
                     "working_hours": {str(d): [["08:00", "18:00"]] for d in range(1, 5)},
                     "holidays": ["2026-12-25"]},
            "expect": expect(403, anonymous=401, stranger=201),
        },
        {"method": "GET", "url": f"/api/calendars/{cal.pk}", "expect": ORG_READ},
        {
            "method": "POST", "url": "/api/calendars", "model": WorkCalendar,
            "body": {"name": "Night shift", "working_hours": {"1": [["22:00", "24:00"]]},
                     "project_id": p},
            "expect": _api(stakeholder=403, member=403, leads=403, manager=201),
        },
        {"method": "GET", "url": f"/api/calendars/{own.pk}", "expect": OWN_READ},
        {
            "method": "PATCH", "url": f"/api/calendars/{cal.pk}", "model": WorkCalendar,
            "pk": cal.pk, "body": {"name": "Standard 2"}, "headers": IF1, "expect": ORG_WRITE,
        },
        {
            "method": "PATCH", "url": f"/api/calendars/{own.pk}", "model": WorkCalendar,
            "pk": own.pk, "body": {"working_hours": {"1": [["08:00", "12:00"], ["13:00", "17:00"]]}},
            "headers": IF1, "expect": OWN_WRITE(200),
        },
        {
            "method": "DELETE", "url": f"/api/calendars/{cal.pk}", "model": WorkCalendar,
            "pk": cal.pk, "headers": IF1, "expect": ORG_WRITE,
        },
        {
            "method": "DELETE", "url": f"/api/calendars/{own.pk}", "model": WorkCalendar,
            "pk": own.pk, "headers": IF1, "expect": OWN_WRITE(204),
        },
        {
            "method": "POST", "url": f"/api/calendars/{cal.pk}/exceptions",
            "model": CalendarException, "body": {"name": "Christmas", "start": "2026-12-25",
                                                 "repeat": "yearly"},
            "expect": ORG_WRITE,
        },
        {
            "method": "POST", "url": f"/api/calendars/{own.pk}/exceptions",
            "model": CalendarException, "body": {"name": "Shutdown", "start": "2026-12-21",
                                                 "end": "2026-12-31"},
            "expect": OWN_WRITE(201),
        },
        {
            "method": "DELETE", "url": f"/api/calendar-exceptions/{closure.pk}",
            "model": CalendarException, "pk": closure.pk, "headers": IF1, "expect": ORG_WRITE,
        },
        {
            "method": "DELETE", "url": f"/api/calendar-exceptions/{own_closure.pk}",
            "model": CalendarException, "pk": own_closure.pk, "headers": IF1,
            "expect": OWN_WRITE(204),
        },
        # --- API: people's days off (the member's own)
        {"method": "GET", "url": f"/api/people/{world.member.pk}/days-off", "expect": ORG_READ},
        {
            "method": "POST", "url": f"/api/people/{world.member.pk}/days-off",
            "model": CalendarException, "body": {"name": "Leave", "start": "2026-09-14",
                                                 "end": "2026-09-18"},
            "expect": expect(403, anonymous=401, stranger=404, member=201),
        },
        {
            "method": "DELETE", "url": f"/api/days-off/{day_off.pk}", "model": CalendarException,
            "pk": day_off.pk, "headers": IF1,
            "expect": expect(403, anonymous=401, stranger=404, member=204),
        },
        # --- API: budget lines
        {"method": "GET", "url": f"/api/projects/{p}/budget-lines", "expect": WORK_LIST},
        {
            "method": "POST", "url": f"/api/projects/{p}/budget-lines", "model": BudgetLine,
            "body": {"category": "travel", "amount": "500"},
            "expect": _api(stakeholder=403, member=403, leads=403, manager=201),
        },
        {"method": "GET", "url": f"/api/budget-lines/{bl}", "expect": WORK_ITEM},
        {
            "method": "PATCH", "url": f"/api/budget-lines/{bl}", "model": BudgetLine, "pk": bl,
            "body": {"amount": "1200"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=403, leads=403, manager=200),
        },
        {
            "method": "DELETE", "url": f"/api/budget-lines/{bl}", "model": BudgetLine, "pk": bl,
            "headers": IF1, "expect": _api(stakeholder=404, member=403, leads=403, manager=204),
        },
        # --- API: cost entries
        {"method": "GET", "url": f"/api/projects/{p}/cost-entries?category=labour", "expect": WORK_LIST},
        {
            "method": "POST", "url": f"/api/projects/{p}/cost-entries", "model": CostEntry,
            "body": {"category": "material", "date": "2026-02-10", "amount": "80",
                     "task_id": task.pk, "resource_id": r},
            "expect": _api(stakeholder=403, member=403, leads=403, manager=201),
        },
        {"method": "GET", "url": f"/api/cost-entries/{c}", "expect": WORK_ITEM},
        {
            "method": "PATCH", "url": f"/api/cost-entries/{c}", "model": CostEntry, "pk": c,
            "body": {"amount": "99.5"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=403, leads=403, manager=200),
        },
        {
            "method": "DELETE", "url": f"/api/cost-entries/{c}", "model": CostEntry, "pk": c,
            "headers": IF1, "expect": _api(stakeholder=404, member=403, leads=403, manager=204),
        },
        # --- API: time entries (the entry belongs to the member)
        {"method": "GET", "url": f"/api/projects/{p}/time-entries", "expect": WORK_LIST},
        {
            "method": "POST", "url": f"/api/projects/{p}/time-entries", "model": TimeEntry,
            "body": {"task_id": task.pk, "date": "2026-02-04", "hours": "1.5", "note": "pairing"},
            "expect": _api(stakeholder=403, member=201, leads=201),
        },
        {"method": "GET", "url": f"/api/time-entries/{e}", "expect": WORK_ITEM},
        {
            "method": "PATCH", "url": f"/api/time-entries/{e}", "model": TimeEntry, "pk": e,
            "body": {"hours": "3"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=200, leads=200),
        },
        {
            "method": "DELETE", "url": f"/api/time-entries/{e}", "model": TimeEntry, "pk": e,
            "headers": IF1, "expect": _api(stakeholder=404, member=204, leads=204),
        },
        # --- pages
        {"method": "GET", "url": f"/projects/{p}/team/",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/memberships/{membership.pk}/role/",
            "model": ProjectMembership, "pk": membership.pk,
            "body": {"version": str(membership.version), "role": "coordinator"},
            "expect": _page(stakeholder=403, member=403, leads=403, manager=302),
        },
        {"method": "GET", "url": "/resources/", "expect": expect(200, anonymous=302)},
        {
            "method": "POST", "url": "/resources/", "model": Resource, "body": RESOURCE_FORM,
            "expect": expect(403, anonymous=302, stranger=302),
        },
        {"method": "GET", "url": f"/resources/{r}/", "expect": expect(200, anonymous=302, stranger=404)},
        {
            "method": "POST", "url": f"/resources/{r}/", "model": Resource, "pk": r,
            "body": {**RESOURCE_FORM, "version": "1", "name": "Crane 2"},
            "expect": expect(403, anonymous=302, stranger=404),
        },
        {
            "method": "POST", "url": f"/resources/{r}/rates/", "model": ResourceRate,
            "body": {"rate-effective_from": "2026-04-01", "rate-standard_rate": "70"},
            "expect": expect(403, anonymous=302, stranger=404),
        },
        {
            "method": "POST", "url": f"/resource-rates/{rate.pk}/remove/", "model": ResourceRate,
            "pk": rate.pk, "body": {"version": "1"}, "expect": expect(404, anonymous=302, manager=403),
        },
        {"method": "GET", "url": f"/projects/{p}/time/",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/time/", "model": TimeEntry,
            "body": {"task": task.pk, "date": "2026-02-05", "hours": "2"},
            "expect": _page(stakeholder=403, member=302, leads=302),
        },
        {
            "method": "POST", "url": f"/time-entries/{e}/remove/", "model": TimeEntry, "pk": e,
            "body": {"version": "1"}, "expect": _page(stakeholder=404, member=302, leads=302),
        },
        {"method": "GET", "url": "/calendars/", "expect": expect(200, anonymous=302)},
        {
            "method": "POST", "url": "/calendars/", "model": WorkCalendar,
            "body": {"name": "Weekend crew"}, "expect": expect(403, anonymous=302, stranger=302),
        },
        {"method": "GET", "url": f"/calendars/{cal.pk}/", "expect": PAGE_ORG_READ},
        {"method": "GET", "url": f"/calendars/{own.pk}/",
         "expect": _page(stakeholder=404, member=200, leads=200)},
        {
            "method": "POST", "url": f"/calendars/{cal.pk}/", "model": WorkCalendar, "pk": cal.pk,
            "body": {**WEEK_FORM, "name": "Standard"}, "expect": PAGE_ORG_WRITE,
        },
        {
            "method": "POST", "url": f"/calendars/{own.pk}/", "model": WorkCalendar, "pk": own.pk,
            "body": {**WEEK_FORM, "name": "Site"},
            "expect": _page(stakeholder=404, member=403, leads=403, manager=302),
        },
        {
            "method": "POST", "url": f"/calendars/{cal.pk}/exceptions/", "model": CalendarException,
            "body": {"exc-start": "2026-12-25", "exc-repeat": "yearly", "exc-interval": "1"},
            "expect": PAGE_ORG_WRITE,
        },
        {
            "method": "POST", "url": f"/calendars/{own.pk}/remove/", "model": WorkCalendar,
            "pk": own.pk, "body": {"version": "1"},
            "expect": _page(stakeholder=404, member=403, leads=403, manager=302),
        },
        {
            "method": "POST", "url": f"/calendar-exceptions/{closure.pk}/remove/",
            "model": CalendarException, "pk": closure.pk, "body": {"version": "1"},
            "expect": PAGE_ORG_WRITE,
        },
        {"method": "GET", "url": "/me/calendar/", "expect": expect(302)},
        {"method": "GET", "url": f"/people/{world.member.pk}/calendar/", "expect": PAGE_ORG_READ},
        {
            "method": "POST", "url": f"/people/{world.member.pk}/calendar/",
            "model": type(world.member), "pk": world.member.pk,
            "body": {**WEEK_FORM, "time_zone": "Europe/Paris"}, "expect": PAGE_OWN_WRITE,
        },
        {
            "method": "POST", "url": f"/people/{world.member.pk}/days-off/",
            "model": CalendarException, "body": {"off-start": "2026-10-02", "off-interval": "1"},
            "expect": PAGE_OWN_WRITE,
        },
        {
            "method": "POST", "url": f"/days-off/{day_off.pk}/remove/", "model": CalendarException,
            "pk": day_off.pk, "body": {"version": "1"}, "expect": PAGE_OWN_WRITE,
        },
        {"method": "GET", "url": f"/projects/{p}/earned-value/?status_date=2026-01-07",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        # amounts derive from cost rates: the file is for those who see them
        {"method": "GET", "url": f"/projects/{p}/earned-value/export.csv?status_date=2026-01-07",
         "expect": _page(stakeholder=403, member=403, leads=403, manager=200)},
        {"method": "GET", "url": f"/projects/{p}/budget/",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/budget/", "model": BudgetLine,
            "body": {"line-category": "travel", "line-amount": "300"},
            "expect": _page(stakeholder=403, member=403, leads=403, manager=302),
        },
    ]  # fmt: skip
