"""Every risk and issue route, with the exact status per relation to the project."""

from tandem.risks.models import Issue, IssueEscalation, MitigationAction, Risk
from tandem.risks.tests.access_rules_analysis import analysis_rules
from tandem.testing.factories_risks import make_issue, make_mitigation, make_risk
from tandem.testing.roles import project_api, project_page

IF1 = {"If-Match": '"1"'}
RISK_FORM = {
    "version": "1",
    "title": "Edited",
    "probability": "2",
    "impact": "2",
    "schedule_impact_days": "0",
    "cost_impact": "0",
    "response_strategy": "accept",
    "status": "open",
}


def _workers_api(ok: int, *, stakeholder: int = 404, member: int | None = None,
                 coordinator: int | None = None) -> dict[str, int]:  # fmt: skip
    return project_api(
        stakeholder=stakeholder,
        member=ok if member is None else member,
        coordinator=ok if coordinator is None else coordinator,
        manager=ok,
    )


def _manager_api(ok: int, *, stakeholder: int = 404) -> dict[str, int]:
    return project_api(stakeholder=stakeholder, member=403, coordinator=403, manager=ok)


def _manager_page(ok: int, *, stakeholder: int = 404) -> dict[str, int]:
    return project_page(stakeholder=stakeholder, member=403, coordinator=403, manager=ok)


def _workers_page(ok: int, *, stakeholder: int = 404, member: int | None = None) -> dict[str, int]:
    return project_page(
        stakeholder=stakeholder, member=ok if member is None else member, coordinator=ok, manager=ok
    )


def rules(world):
    p = world.project.pk
    risk = make_risk(world)
    m = make_mitigation(world, risk)
    issue = make_issue(world, owner_id=world.member.pk)
    r, i, mid = risk.pk, issue.pk, m.pk
    return [
        # API: risks
        {"method": "GET", "url": f"/api/projects/{p}/risks", "expect": _workers_api(200, stakeholder=403)},
        {
            "method": "POST", "url": f"/api/projects/{p}/risks", "model": Risk,
            "body": {"title": "New", "probability": 2, "impact": 3},
            "expect": _manager_api(201, stakeholder=403),
        },
        {"method": "GET", "url": f"/api/risks/{r}", "expect": _workers_api(200)},
        {
            "method": "PATCH", "url": f"/api/risks/{r}", "model": Risk, "pk": r,
            "body": {"impact": 1}, "headers": IF1, "expect": _manager_api(200),
        },
        {
            "method": "DELETE", "url": f"/api/risks/{r}", "model": Risk, "pk": r,
            "headers": IF1, "expect": _manager_api(204),
        },
        # API: mitigation actions
        {"method": "GET", "url": f"/api/risks/{r}/mitigations", "expect": _workers_api(200)},
        {
            "method": "POST", "url": f"/api/risks/{r}/mitigations", "model": MitigationAction,
            "body": {"title": "Backup"}, "expect": _manager_api(201),
        },
        {"method": "GET", "url": f"/api/mitigations/{mid}", "expect": _workers_api(200)},
        {
            "method": "PATCH", "url": f"/api/mitigations/{mid}", "model": MitigationAction,
            "pk": mid, "body": {"status": "done"}, "headers": IF1, "expect": _manager_api(200),
        },
        {
            "method": "DELETE", "url": f"/api/mitigations/{mid}", "model": MitigationAction,
            "pk": mid, "headers": IF1, "expect": _manager_api(204),
        },
        # API: issues (the member owns the issue: status yes, severity no)
        {"method": "GET", "url": f"/api/projects/{p}/issues", "expect": _workers_api(200, stakeholder=403)},
        {
            "method": "POST", "url": f"/api/projects/{p}/issues", "model": Issue,
            "body": {"title": "Printer on fire"}, "expect": _workers_api(201, stakeholder=403),
        },
        {"method": "GET", "url": f"/api/issues/{i}", "expect": _workers_api(200)},
        {
            "method": "PATCH", "url": f"/api/issues/{i}", "model": Issue, "pk": i,
            "body": {"severity": "low"}, "headers": IF1,
            "expect": _workers_api(200, member=403),
        },
        {
            "method": "PATCH", "url": f"/api/issues/{i}", "model": Issue, "pk": i,
            "body": {"status": "resolved"}, "headers": IF1, "expect": _workers_api(200),
        },
        {
            "method": "POST", "url": f"/api/issues/{i}/escalate", "model": IssueEscalation,
            "body": {"reason": "Blocks release", "version": 1},
            "expect": _workers_api(200, member=403),
        },
        {
            "method": "DELETE", "url": f"/api/issues/{i}", "model": Issue, "pk": i,
            "headers": IF1, "expect": _workers_api(204, member=403),
        },
        # Pages
        {"method": "GET", "url": f"/projects/{p}/risks/", "expect": _workers_page(200, stakeholder=403)},
        {
            "method": "POST", "url": f"/projects/{p}/risks/", "model": Risk,
            "body": {**RISK_FORM, "title": "From page"},
            "expect": _manager_page(302, stakeholder=403),
        },
        {"method": "GET", "url": f"/projects/{p}/risks/export.csv", "expect": _workers_page(200, stakeholder=403)},
        {"method": "GET", "url": f"/risks/{r}/", "expect": _workers_page(200)},
        {
            "method": "POST", "url": f"/risks/{r}/", "model": Risk, "pk": r,
            "body": RISK_FORM, "expect": _manager_page(302),
        },
        {
            "method": "POST", "url": f"/risks/{r}/delete/", "model": Risk, "pk": r,
            "body": {"version": "1"}, "expect": _manager_page(302),
        },
        {
            "method": "POST", "url": f"/risks/{r}/mitigations/", "model": MitigationAction,
            "body": {"title": "Spare parts", "status": "planned"}, "expect": _manager_page(302),
        },
        {
            "method": "POST", "url": f"/mitigations/{mid}/", "model": MitigationAction, "pk": mid,
            "body": {"version": "1", "status": "done", "due_date": "2026-04-01"},
            "expect": _manager_page(302),
        },
        {
            "method": "POST", "url": f"/mitigations/{mid}/delete/", "model": MitigationAction,
            "pk": mid, "body": {"version": "1"}, "expect": _manager_page(302),
        },
        {"method": "GET", "url": f"/projects/{p}/issues/", "expect": _workers_page(200, stakeholder=403)},
        {
            "method": "POST", "url": f"/projects/{p}/issues/", "model": Issue,
            "body": {"title": "From page", "severity": "low", "priority": "low"},
            "expect": _workers_page(302, stakeholder=403),
        },
        {"method": "GET", "url": f"/projects/{p}/issues/export.csv", "expect": _workers_page(200, stakeholder=403)},
        {"method": "GET", "url": f"/issues/{i}/", "expect": _workers_page(200)},
        {
            "method": "POST", "url": f"/issues/{i}/", "model": Issue, "pk": i,
            "body": {"version": "1", "title": "Edited", "severity": "low", "priority": "low",
                     "status": "in_progress", "resolution": ""},
            "expect": _workers_page(302),
        },
        {
            "method": "POST", "url": f"/issues/{i}/escalate/", "model": IssueEscalation,
            "body": {"version": "1", "reason": "Needs the manager"},
            "expect": _workers_page(302, member=403),
        },
        *analysis_rules(world),
    ]  # fmt: skip
