"""Every import and export route (API and pages), with the exact status per relation to the
project or organization."""

from django.urls import resolve

from tandem.testing.factories_planning import make_task
from tandem.testing.roles import expect, project_api, project_page


def rules(world):
    found = _rules(world)
    for rule in found:
        match = resolve(rule["url"].split("?", 1)[0])
        rule["url_name"] = match.view_name or match.route
    return found


def _rules(world):
    return [*_export_rules(world)]


# The plan's files need the right to read the plan (not stakeholders); the calendar file is for
# everyone in the project.
PLAN_FILE = {"stakeholder": 403, "member": 200, "coordinator": 200, "manager": 200}
CALENDAR_FILE = {"stakeholder": 200, "member": 200, "coordinator": 200, "manager": 200}


def _export_rules(world):
    p = world.project.pk
    make_task(world.project, "Build", estimate=3)
    make_task(world.project, "Launch", is_milestone=True)
    api = f"/api/projects/{p}/export"
    page = f"/projects/{p}/export"
    return [
        *(
            {"method": "GET", "url": f"{api}?format={fmt}", "expect": project_api(**PLAN_FILE)}
            for fmt in ("mspdi", "csv", "xlsx")
        ),
        {"method": "GET", "url": f"{api}?format=ics", "expect": project_api(**CALENDAR_FILE)},
        # A format that does not exist is refused before anyone's rights are looked at.
        {"method": "GET", "url": f"{api}?format=pdf", "expect": expect(422, anonymous=401)},
        {"method": "GET", "url": f"{page}/", "expect": project_page(**CALENDAR_FILE)},
        *(
            {
                "method": "GET",
                "url": f"{page}/{fmt}/",
                "expect": project_page(**PLAN_FILE),
            }
            for fmt in ("mspdi", "csv", "xlsx")
        ),
        {"method": "GET", "url": f"{page}/ics/", "expect": project_page(**CALENDAR_FILE)},
        {
            "method": "GET",
            "url": f"{page}/pdf/",
            "expect": project_page(stakeholder=404, member=404, coordinator=404, manager=404),
        },
    ]
