"""Every goals route (API and pages), with the exact status per relation to the project: the
project's workers see goals, only the manager changes them, stakeholders see none."""

from django.urls import resolve

from tandem.goals.models import Goal, KeyResult
from tandem.testing.factories_goals import make_goal, make_key_result
from tandem.testing.factories_planning import make_task
from tandem.testing.roles import project_api, project_page

IF1 = {"If-Match": '"1"'}

LIST = project_api(stakeholder=403, member=200, coordinator=200, manager=200)
ITEM = project_api(stakeholder=404, member=200, coordinator=200, manager=200)
CREATE = project_api(stakeholder=403, member=403, coordinator=403, manager=201)


def _manager_only(status: int, *, stakeholder: int = 404) -> dict:
    return project_api(stakeholder=stakeholder, member=403, coordinator=403, manager=status)


def _manager_page(status: int, *, stakeholder: int = 404) -> dict:
    return project_page(stakeholder=stakeholder, member=403, coordinator=403, manager=status)


def rules(world):
    found = _rules(world)
    for rule in found:
        match = resolve(rule["url"].split("?", 1)[0])
        rule["url_name"] = match.view_name or match.route
    return found


def _rules(world):
    p = world.project.pk
    phase = make_task(world.project, "Phase", estimate=3)
    goal = make_goal(world.project, "Grow", task_ids=[phase.pk])
    empty_goal = make_goal(world.project, "Empty")
    kr = make_key_result(goal, "Users", baseline=0, target=100, current=10)
    t, g, k = phase.pk, goal.pk, kr.pk
    return [
        # --- API: goals and key results
        {"method": "GET", "url": f"/api/projects/{p}/goals", "expect": LIST},
        {
            "method": "POST", "url": f"/api/projects/{p}/goals", "model": Goal,
            "body": {"name": "Retain", "task_ids": [t]}, "expect": CREATE,
        },
        {"method": "GET", "url": f"/api/goals/{g}", "expect": ITEM},
        {
            "method": "PATCH", "url": f"/api/goals/{g}", "model": Goal, "pk": g,
            "body": {"name": "Grow more"}, "headers": IF1, "expect": _manager_only(200),
        },
        {
            "method": "DELETE", "url": f"/api/goals/{empty_goal.pk}", "model": Goal,
            "pk": empty_goal.pk, "headers": IF1, "expect": _manager_only(204),
        },
        {
            "method": "POST", "url": f"/api/goals/{g}/key-results", "model": KeyResult,
            "body": {"name": "Revenue", "metric": "EUR", "target": "1000"},
            "expect": _manager_only(201),
        },
        {"method": "GET", "url": f"/api/key-results/{k}", "expect": ITEM},
        {
            "method": "PATCH", "url": f"/api/key-results/{k}", "model": KeyResult, "pk": k,
            "body": {"current": "40"}, "headers": IF1, "expect": _manager_only(200),
        },
        {
            "method": "DELETE", "url": f"/api/key-results/{k}", "model": KeyResult, "pk": k,
            "headers": IF1, "expect": _manager_only(204),
        },
        # --- pages
        {"method": "GET", "url": f"/projects/{p}/goals/",
         "expect": project_page(stakeholder=403, member=200, coordinator=200, manager=200)},
        {
            "method": "POST", "url": f"/projects/{p}/goals/", "model": Goal,
            "body": {"name": "Retain"}, "expect": _manager_page(302, stakeholder=403),
        },
        {
            "method": "POST", "url": f"/goals/{g}/key-results/", "model": KeyResult,
            "body": {f"g{g}-name": "NPS", f"g{g}-metric": "score", f"g{g}-baseline": "0",
                     f"g{g}-target": "50", f"g{g}-current": "0"},
            "expect": _manager_page(302),
        },
        {
            "method": "POST", "url": f"/key-results/{k}/current/", "model": KeyResult, "pk": k,
            "body": {"version": "1", "current": "30"}, "expect": _manager_page(302),
        },
        *_edit_rules(world, goal, kr, empty_goal, t),
    ]  # fmt: skip


def _edit_rules(world, goal, kr, empty_goal, task_id):
    """The goal and key result edit pages: the manager alone opens and saves them."""
    g, k = goal.pk, kr.pk
    spare = make_key_result(goal, "Spare", baseline=0, target=5)
    kr_form = {
        "version": "1",
        "name": "Users",
        "metric": "count",
        "direction": "higher",
        "source": "tasks",
        "baseline": "0",
        "target": "100",
        "current": "10",
        "tasks": [task_id],
    }
    return [
        {"method": "GET", "url": f"/goals/{g}/edit/", "expect": _manager_page(200)},
        {
            "method": "POST", "url": f"/goals/{g}/edit/", "model": Goal, "pk": g,
            "body": {"version": "1", "name": "Grow more"}, "expect": _manager_page(302),
        },
        {
            "method": "POST", "url": f"/goals/{empty_goal.pk}/delete/", "model": Goal,
            "pk": empty_goal.pk, "body": {"version": "1"}, "expect": _manager_page(302),
        },
        {"method": "GET", "url": f"/key-results/{k}/edit/", "expect": _manager_page(200)},
        {
            "method": "POST", "url": f"/key-results/{k}/edit/", "model": KeyResult, "pk": k,
            "body": kr_form, "expect": _manager_page(302),
        },
        {
            "method": "POST", "url": f"/key-results/{spare.pk}/delete/", "model": KeyResult,
            "pk": spare.pk, "body": {"version": "1"}, "expect": _manager_page(302),
        },
    ]  # fmt: skip
