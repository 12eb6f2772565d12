"""Goals with key results, the risk register and the issue log of the demo project."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tandem.accounts.models import User
from tandem.goals import actions as goal_actions
from tandem.goals.models import Goal
from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.risks import actions as risk_actions
from tandem.risks.models import Issue, Risk

# (goal, description, owner, due offset in days, goal task keys,
#  [(key result, metric, unit, baseline, target, current, task keys)])
GOALS: list[tuple[str, str, str, int, list[str], list[tuple[Any, ...]]]] = [
    (
        "Shorter routes",
        "Cut the average route time by 12% with live traffic and better sequencing.",
        "maria",
        119,
        ["live"],
        [
            (
                "Average route time down 12%",
                "Average planned route time (pilot depots)",
                "min",
                "214",
                "188",
                "203",
                ["proto", "opt", "reroute"],
            ),
            (
                "Re-plans in under 5 seconds",
                "95th percentile re-routing time",
                "s",
                "40",
                "5",
                "11",
                ["reroute", "perf"],
            ),
        ],
    ),
    (
        "Deliveries on time",
        "Respect customer delivery windows across all depots.",
        "colin",
        119,
        ["gonogo"],
        [
            (
                "On-time deliveries at 96%",
                "Deliveries inside the customer's window",
                "%",
                "89",
                "96",
                "90.5",
                ["windows", "pilot"],
            ),
        ],
    ),
    (
        "Dispatchers ready before peak season",
        "Every dispatcher trained and confident with the new planner.",
        "colin",
        112,
        ["training"],
        [
            (
                "All 40 dispatchers trained",
                "Dispatchers who passed the training check",
                "people",
                "0",
                "40",
                "0",
                ["ttt", "training"],
            ),
            (
                "Training materials ready",
                "Modules reviewed by the depot champions",
                "modules",
                "0",
                "8",
                "2",
                ["materials"],
            ),
        ],
    ),
]


def create_goals(project: Project, people: dict[str, User], tasks: dict[str, Task]) -> list[Goal]:
    """The manager sets the goals, links the milestones that deliver them, then records where
    each key result stands today."""
    maria = people["maria"]
    goals = []
    for name, description, owner, due, goal_tasks, key_results in GOALS:
        goal = goal_actions.do_create_goal(
            project,
            acting_user=maria,
            name=name,
            description=description,
            owner=people[owner],
            due_date=project.start_date + dt.timedelta(days=due),
            task_ids=[tasks[k].pk for k in goal_tasks],
        )
        for kr_name, metric, unit, baseline, target, current, kr_tasks in key_results:
            kr = goal_actions.do_create_key_result(
                goal,
                acting_user=maria,
                name=kr_name,
                metric=metric,
                unit=unit,
                baseline=Decimal(baseline),
                target=Decimal(target),
                task_ids=[tasks[k].pk for k in kr_tasks],
            )
            if current != baseline:
                goal_actions.do_update_key_result(
                    kr, acting_user=maria, version=kr.version, changes={"current": Decimal(current)}
                )
        goals.append(goal)
    return goals


# (key, fields, task keys, [(mitigation, owner, due offset, status)])
RISKS: list[tuple[str, dict[str, Any], list[str], list[tuple[str, str, int, str]]]] = [
    (
        "vendor",
        {
            "title": "Traffic data vendor contract is delayed",
            "cause": "The vendor's legal team is slow to accept our data-protection annex.",
            "effect": "Traffic feed ingestion and live re-routing start late.",
            "probability_pct": Decimal("60"),
            "impact": 4,
            "schedule_impact_days": Decimal("5"),
            "cost_impact": Decimal("8000"),
            "schedule_optimistic_days": Decimal("2"),
            "schedule_most_likely_days": Decimal("5"),
            "schedule_pessimistic_days": Decimal("12"),
            "owner": "maria",
            "response_strategy": "mitigate",
            "response_plan": "Build the ingestion against the vendor's public sample feed first.",
        },
        ["contract", "feed", "reroute"],
        [("Build ingestion against the public sample feed", "dev.anna", 28, "in_progress")],
    ),
    (
        "target",
        {
            "title": "Route optimisation misses the 12% target",
            "cause": "Real depot constraints (loading bays, driver breaks) limit what sequencing gains.",
            "effect": "The business case is not met; the sponsor may stop the rollout.",
            "probability": 3,
            "impact": 5,
            "cost_impact": Decimal("25000"),
            "owner": "dev.anna",
            "response_strategy": "mitigate",
            "response_plan": "Benchmark every week against last quarter's routes; tune early.",
        },
        ["proto", "opt"],
        [
            ("Weekly benchmark against last quarter's routes", "dev.anna", 42, "in_progress"),
            ("Keep manual stop adjustments in the dispatcher view", "dev.ben", 63, "planned"),
        ],
    ),
    (
        "adoption",
        {
            "title": "Dispatchers resist the new planner",
            "cause": "The current tool is 12 years old and deeply familiar.",
            "effect": "Manual overrides everywhere; the gains never show.",
            "probability": 3,
            "impact": 4,
            "owner": "colin",
            "response_strategy": "mitigate",
            "response_plan": "Two champion dispatchers per depot shape the design and the training.",
        },
        ["materials", "training"],
        [("Name two champion dispatchers per depot", "colin", 9, "done")],
    ),
    (
        "phones",
        {
            "title": "Drivers' phones too old for offline maps",
            "cause": "A third of the fleet phones run an OS version from 2021.",
            "effect": "The offline mode fails on some vans.",
            "probability_pct": Decimal("25"),
            "impact": 3,
            "owner": "dev.ben",
            "response_strategy": "accept",
            "response_plan": "Fall back to online-only on old phones; replace them in the next cycle.",
        },
        ["offline"],
        [],
    ),
    (
        "erp",
        {
            "title": "ERP order export changes during the project",
            "cause": "The ERP team plans an upgrade this quarter.",
            "effect": "Order import breaks and needs rework.",
            "probability": 2,
            "impact": 4,
            "owner": "dev.anna",
            "response_strategy": "transfer",
            "response_plan": "The ERP team owns the export contract; a change freeze is agreed.",
        },
        ["erp"],
        [],
    ),
    (
        "freeze",
        {
            "title": "Peak-season change freeze moves earlier",
            "cause": "Operations may bring the freeze forward if volumes rise early.",
            "effect": "Cutover window closes; go-live slips to January.",
            "probability": 2,
            "impact": 5,
            "schedule_impact_days": Decimal("30"),
            "owner": "maria",
            "response_strategy": "avoid",
            "response_plan": "Hold the go/no-go two weeks before the earliest freeze date.",
        },
        ["cutover", "live"],
        [],
    ),
    (
        "privacy",
        {
            "title": "Privacy review of driver location data delays the pilot",
            "cause": "Live location of drivers is personal data under GDPR.",
            "effect": "The pilot cannot start until the review is done.",
            "probability": 3,
            "impact": 3,
            "schedule_impact_days": Decimal("4"),
            "owner": "qa.chloe",
            "response_strategy": "mitigate",
            "response_plan": "Book the data-protection officer's review early.",
        },
        ["pilot", "sec"],
        [("Book the data-protection officer's review", "colin", 49, "planned")],
    ),
    (
        "sdk",
        {
            "title": "Reuse the fleet team's telematics SDK",
            "cause": "The fleet team built an SDK for the same telematics boxes last year.",
            "effect": "The connector takes half the time.",
            "probability": 3,
            "impact": 2,
            "owner": "dev.ben",
            "response_strategy": "exploit",
            "response_plan": "Ask the fleet team for a walkthrough before the connector starts.",
        },
        ["telematics"],
        [],
    ),
]


def create_risks(
    project: Project, people: dict[str, User], tasks: dict[str, Task]
) -> dict[str, Risk]:
    """The manager fills the risk register; mitigation actions have their own owners."""
    maria = people["maria"]
    start = project.start_date
    risks = {}
    for key, fields, task_keys, mitigations in RISKS:
        values = dict(fields)
        values["owner_id"] = people[values.pop("owner")].pk
        risk = risk_actions.do_create_risk(
            project, acting_user=maria, task_ids=[tasks[k].pk for k in task_keys], **values
        )
        for title, owner, due, status in mitigations:
            risk_actions.do_add_mitigation(
                risk,
                acting_user=maria,
                title=title,
                owner_id=people[owner].pk,
                due_date=start + dt.timedelta(days=due),
                status=status,
            )
        risks[key] = risk
    return risks


# (key, raised by, fields, risk keys, task keys, due offset in days or None)
ISSUES: list[tuple[str, str, dict[str, Any], list[str], list[str], int | None]] = [
    (
        "vendor",
        "colin",
        {
            "title": "Traffic data contract still not signed",
            "description": "The vendor's signature was promised for the third week; it has not come.",
            "severity": "high",
            "priority": "urgent",
            "owner": "maria",
        },
        ["vendor"],
        ["contract", "feed"],
        50,  # next week: the sponsor calls the vendor first
    ),
    (
        "staging",
        "dev.anna",
        {
            "title": "Staging database too small for benchmark runs",
            "description": "Benchmarks over a quarter of routes run out of memory on staging.",
            "priority": "high",
            "owner": "colin",
        },
        [],
        ["proto"],
        None,
    ),
    (
        "night",
        "ux.dan",
        {
            "title": "Wireframes miss the night-shift dispatcher view",
            "description": "Night shifts plan next-day routes in bulk; the wireframes assume live use.",
            "owner": "ux.dan",
        },
        [],
        ["wire"],
        None,
    ),
    (
        "duplicates",
        "dev.ben",
        {
            "title": "ERP test export has duplicate order ids",
            "description": "About 0.4% of orders appear twice with different delivery windows.",
            "severity": "high",
            "priority": "high",
            "owner": "dev.anna",
        },
        ["erp"],
        ["erp"],
        None,
    ),
    (
        "mounts",
        "qa.chloe",
        {
            "title": "Two pilot vans lack phone mounts",
            "severity": "low",
            "priority": "low",
            "owner": "colin",
        },
        [],
        ["pilot"],
        60,
    ),
]


def create_issues(
    project: Project,
    people: dict[str, User],
    tasks: dict[str, Task],
    risks: dict[str, Risk],
) -> dict[str, Issue]:
    """Issues raised by the people who ran into them; one resolved, one escalated twice."""
    issues = {}
    for key, raised_by, fields, risk_keys, task_keys, due in ISSUES:
        values = dict(fields)
        values["owner_id"] = people[values.pop("owner")].pk
        if due is not None:
            values["due_date"] = project.start_date + dt.timedelta(days=due)
        issues[key] = risk_actions.do_raise_issue(
            project,
            acting_user=people[raised_by],
            risk_ids=[risks[k].pk for k in risk_keys],
            task_ids=[tasks[k].pk for k in task_keys],
            **values,
        )
    _work_issues(people, issues, risks)
    return issues


def _work_issues(people: dict[str, User], issues: dict[str, Issue], risks: dict[str, Risk]) -> None:
    colin, maria = people["colin"], people["maria"]
    vendor = risk_actions.do_escalate_issue(
        issues["vendor"],
        acting_user=colin,
        version=issues["vendor"].version,
        to_level="manager",
        reason="Two reminders unanswered; the feed work is now on the critical path.",
    )
    risk_actions.do_escalate_issue(
        vendor,
        acting_user=maria,
        version=vendor.version,
        to_level="sponsor",
        reason="The vendor's legal team needs a call at VP level to accept our privacy annex.",
    )
    staging = issues["staging"]
    risk_actions.do_update_issue(
        staging,
        acting_user=colin,
        version=staging.version,
        changes={
            "status": "resolved",
            "resolution": "Staging upgraded to 8 vCPU and 32 GB; the quarter benchmark runs.",
        },
    )
    for key, owner in (("night", "ux.dan"), ("duplicates", "dev.anna")):
        issue = issues[key]
        risk_actions.do_update_issue(
            issue,
            acting_user=people[owner],
            version=issue.version,
            changes={"status": "in_progress"},
        )
    vendor_risk = Risk.objects.get(pk=risks["vendor"].pk)
    risk_actions.do_update_risk(
        vendor_risk,
        acting_user=maria,
        version=vendor_risk.version,
        changes={"status": "occurred"},
    )
