"""Every coordination route with the exact status per role (run by core's access-matrix test).

The agenda builder and turning an action item into a task are the leads' (manager and
coordinator: ``meetings.manage`` and ``tasks.edit``); members get 403, and whoever cannot see the
meeting or the item gets 404. The RACI matrix is read by the project's workers and edited by
the leads; stakeholders know the project but not its work (403).
"""

from django.urls import resolve

from tandem.accounts import actions as account_actions
from tandem.accounts.models import Department, Team
from tandem.coordination.models import RaciAssignment
from tandem.meetings.models import ActionItem, AgendaItem
from tandem.testing.factories_meetings import make_action_item, make_meeting
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_risks import make_issue
from tandem.testing.roles import expect, project_api, project_page


def _leads(ok, *, stakeholder=404):
    return {"stakeholder": stakeholder, "member": 403, "coordinator": ok, "manager": ok}


def _api(method, url, expect, **extra):
    return {"method": method, "url": url, "expect": project_api(**expect), **extra}


def _page(method, url, expect, **extra):
    return {"method": method, "url": url, "expect": project_page(**expect), **extra}


def _workers(ok, *, stakeholder=403):
    return {"stakeholder": stakeholder, "member": ok, "coordinator": ok, "manager": ok}


def rules(world):
    found = _rules(world)
    for rule in found:
        match = resolve(rule["url"].split("?", 1)[0])
        rule["url_name"] = match.view_name or match.route
    return found


def _rules(world):
    meeting = make_meeting(world)
    item = make_action_item(world, meeting)
    issue = make_issue(world, title="Server down", severity="critical")
    task = make_task(world.project, "Write the spec", estimate=2)
    p, m, i, t = world.project.pk, meeting.pk, item.pk, task.pk
    row = {"roles": [{"person_id": world.manager.pk, "role": "A"}]}
    team = account_actions.do_create_team(acting_user=world.admin, name="Backend")
    dept = account_actions.do_create_department(acting_user=world.admin, name="Engineering")
    # Organization pages: everyone of the organization reads, its admins edit; an admin of
    # another organization adds to their own and cannot reach this one's teams (404).
    org_write = expect(403, anonymous=302, stranger=404)
    return [
        # --- agenda builder
        _api("GET", f"/api/meetings/{m}/agenda-candidates", _leads(200)),
        _api("POST", f"/api/meetings/{m}/agenda-from-candidates", _leads(201),
             body={"items": [f"issue:{issue.pk}"]}, model=AgendaItem),
        _page("GET", f"/meetings/{m}/agenda/build/", _leads(200)),
        _page("POST", f"/meetings/{m}/agenda/build/", _leads(302),
              body={"item": f"issue:{issue.pk}"}, model=AgendaItem),
        # --- action item -> task
        _api("POST", f"/api/action-items/{i}/schedule", _leads(201),
             body={"estimate_days": "2"}, model=ActionItem, pk=i),
        _page("GET", f"/action-items/{i}/schedule/", _leads(200)),
        _page("POST", f"/action-items/{i}/schedule/", _leads(302),
              body={"parent": "", "owner": "", "due_date": "", "due_as": "deadline",
                    "estimate_days": "1"}, model=ActionItem, pk=i),
        # --- RACI: workers read, leads edit
        _api("GET", f"/api/projects/{p}/raci", _workers(200)),
        _api("PUT", f"/api/projects/{p}/raci/task/{t}", _leads(200, stakeholder=403),
             body=row, model=RaciAssignment),
        _page("GET", f"/projects/{p}/raci/", _workers(200)),
        _page("GET", f"/projects/{p}/raci.csv", _workers(200)),
        _page("POST", f"/projects/{p}/raci/task/{t}/", _leads(302, stakeholder=403),
              body={f"role-{world.manager.pk}": "A"}, model=RaciAssignment),
        # --- teams and handoffs
        _api("GET", f"/api/projects/{p}/teams-view", _workers(200)),
        _page("GET", f"/projects/{p}/teams/", _workers(200)),
        {"method": "GET", "url": "/organization/teams/", "expect": expect(200, anonymous=302)},
        {"method": "POST", "url": "/organization/teams/", "model": Team,
         "body": {"team-name": "Data"}, "expect": expect(403, anonymous=302, stranger=302)},
        {"method": "GET", "url": f"/organization/teams/{team.pk}/",
         "expect": expect(200, anonymous=302, stranger=404)},
        {"method": "POST", "url": f"/organization/teams/{team.pk}/", "model": Team, "pk": team.pk,
         "body": {"version": "1", "name": "Platform"}, "expect": org_write},
        {"method": "POST", "url": f"/organization/teams/{team.pk}/delete/", "model": Team,
         "pk": team.pk, "body": {"version": "1"}, "expect": org_write},
        {"method": "POST", "url": "/organization/departments/", "model": Department,
         "body": {"dept-name": "Sales"}, "expect": expect(403, anonymous=302, stranger=302)},
        {"method": "POST", "url": f"/organization/departments/{dept.pk}/delete/",
         "model": Department, "pk": dept.pk, "body": {"version": "1"}, "expect": org_write},
    ]  # fmt: skip
