"""Every monitoring route, with the exact status per relation to the project."""

import datetime as dt

from tandem.monitoring.models import Alert, EscalationRule, HealthAssessment, WatchSettings
from tandem.testing.roles import project_api, project_page

IF1 = {"If-Match": '"1"'}
NOW = dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC)


def _alert(world, right, key):
    return Alert.objects.create(
        project=world.project, kind="task_overdue", subject_key=key, subject_label="Wiring",
        step=1, title="Wiring is 2 working days past its planned finish", right=right,
        evidence={"overdue_working_days": 2}, opened_at=NOW, raised_at=NOW, last_seen_at=NOW,
    )  # fmt: skip


def _leads_api(ok, *, stakeholder=403, member=403):
    return project_api(stakeholder=stakeholder, member=member, coordinator=ok, manager=ok)


def _leads_page(ok, *, stakeholder=403, member=403):
    return project_page(stakeholder=stakeholder, member=member, coordinator=ok, manager=ok)


def rules(world):
    p = world.project.pk
    work = _alert(world, "project.view_work", "task:1").pk
    HealthAssessment.objects.create(project=world.project, suggested="amber", computed_at=NOW)
    health = HealthAssessment.objects.get(project=world.project).pk
    rule = EscalationRule.objects.create(
        project=world.project, name="High issues", trigger="issue_open", min_severity="high",
        after_working_days=3, escalate_to="manager",
    ).pk  # fmt: skip
    rule_body = {
        "name": "Late items", "trigger": "action_item_overdue", "after_working_days": 2,
        "escalate_to": "owner_team_lead",
    }  # fmt: skip
    return [
        # API: alerts
        {
            "method": "GET",
            "url": f"/api/projects/{p}/alerts",
            "expect": project_api(stakeholder=200, member=200, coordinator=200, manager=200),
        },
        {
            "method": "GET",
            "url": f"/api/alerts/{work}",
            "expect": project_api(stakeholder=404, member=200, coordinator=200, manager=200),
        },
        {
            "method": "POST",
            "url": f"/api/alerts/{work}/acknowledge",
            "model": Alert,
            "pk": work,
            "body": {},
            "expect": _leads_api(200, stakeholder=404),
        },
        # API: suggested health
        {
            "method": "GET",
            "url": f"/api/projects/{p}/health/computed",
            "expect": project_api(stakeholder=403, member=200, coordinator=200, manager=200),
        },
        {
            "method": "POST",
            "url": f"/api/projects/{p}/health/computed/decision",
            "model": HealthAssessment,
            "pk": health,
            "body": {"decision": "kept", "reason": "The supplier confirmed the date"},
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=200),
        },
        # API: escalation rules
        {"method": "GET", "url": f"/api/projects/{p}/escalation-rules", "expect": _leads_api(200)},
        {
            "method": "POST",
            "url": f"/api/projects/{p}/escalation-rules",
            "model": EscalationRule,
            "body": rule_body,
            "expect": _leads_api(201),
        },
        {
            "method": "GET",
            "url": f"/api/escalation-rules/{rule}",
            "expect": _leads_api(200, stakeholder=404, member=404),
        },
        {
            "method": "PATCH",
            "url": f"/api/escalation-rules/{rule}",
            "model": EscalationRule,
            "pk": rule,
            "body": {"after_working_days": 5},
            "headers": IF1,
            "expect": _leads_api(200, stakeholder=404, member=404),
        },
        {
            "method": "DELETE",
            "url": f"/api/escalation-rules/{rule}",
            "model": EscalationRule,
            "pk": rule,
            "headers": IF1,
            "expect": _leads_api(204, stakeholder=404, member=404),
        },
        # API: watch thresholds (the team reads, the manager changes)
        {
            "method": "GET",
            "url": f"/api/projects/{p}/watch-settings",
            "expect": project_api(stakeholder=403, member=200, coordinator=200, manager=200),
        },
        {
            "method": "PATCH",
            "url": f"/api/projects/{p}/watch-settings",
            "model": WatchSettings,
            "body": {"overdue_grace_days": 2},
            "headers": IF1,
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=200),
        },
        {
            "method": "GET",
            "url": f"/projects/{p}/watch-settings/",
            "expect": project_page(stakeholder=403, member=200, coordinator=200, manager=200),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/watch-settings/",
            "model": WatchSettings,
            "body": {
                "version": "1",
                "slip_steps_days": "2, 4",
                "slip_red_days": "5",
                "float_erosion_days": "3",
                "near_critical_days": "2",
                "cpi_threshold": "0.9",
                "spi_threshold": "0.9",
                "overdue_grace_days": "1",
                "risk_review_days": "30",
            },  # fmt: skip
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=302),
        },
        # Pages
        {
            "method": "POST",
            "url": f"/alerts/{work}/acknowledge/",
            "model": Alert,
            "pk": work,
            "body": {},
            "expect": _leads_page(302, stakeholder=404),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/health/decision/",
            "model": HealthAssessment,
            "pk": health,
            "body": {"decision": "kept", "reason": "The supplier confirmed the date"},
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=302),
        },
        {"method": "GET", "url": f"/projects/{p}/escalation-rules/", "expect": _leads_page(200)},
        {
            "method": "POST",
            "url": f"/projects/{p}/escalation-rules/",
            "model": EscalationRule,
            "body": {**rule_body, "min_severity": "", "active": "on"},
            "expect": _leads_page(302),
        },
        {
            "method": "GET",
            "url": f"/escalation-rules/{rule}/",
            "expect": _leads_page(200, stakeholder=404, member=404),
        },
        {
            "method": "POST",
            "url": f"/escalation-rules/{rule}/",
            "model": EscalationRule,
            "pk": rule,
            "body": {**rule_body, "version": "1"},
            "expect": _leads_page(302, stakeholder=404, member=404),
        },
        {
            "method": "POST",
            "url": f"/escalation-rules/{rule}/delete/",
            "model": EscalationRule,
            "pk": rule,
            "body": {"version": "1"},
            "expect": _leads_page(302, stakeholder=404, member=404),
        },
    ]
