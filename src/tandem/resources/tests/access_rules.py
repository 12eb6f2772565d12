"""Every resources route (API and pages), with the exact status per relation to the project.

Resources belong to the organization: everyone in it reads them, only its admins change them.
The stranger is an admin of another organization, so creating a resource succeeds for them (in
their own organization) while they never see this organization's resources.
"""

from django.urls import resolve

from tandem.projects.models import ProjectMembership
from tandem.resources.actions import do_create_calendar
from tandem.resources.models import (
    BudgetLine,
    CostEntry,
    Resource,
    TimeEntry,
    WorkCalendar,
    default_week,
)
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import (
    make_budget_line,
    make_cost_entry,
    make_resource,
    make_time_entry,
)
from tandem.testing.roles import expect, project_api, project_page

IF1 = {"If-Match": '"1"'}


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
    return _with_url_names(_rules(world))


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
    membership = ProjectMembership.objects.get(project=world.project, user=world.member)
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
        {"method": "GET", "url": f"/projects/{p}/budget/",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/budget/", "model": BudgetLine,
            "body": {"line-category": "travel", "line-amount": "300"},
            "expect": _page(stakeholder=403, member=403, leads=403, manager=302),
        },
    ]  # fmt: skip
