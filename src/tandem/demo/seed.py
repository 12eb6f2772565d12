"""The demo organization: two departments, three teams, a project of about sixty tasks over four
months, and the people around it in every role. Everything is written through the real actions,
so the demo has an audit trail like any other data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from tandem.accounts import actions as account_actions
from tandem.accounts.models import Organization, User
from tandem.projects import actions as project_actions
from tandem.projects.models import Project, Role

from . import meetings, money, plan, records, registers

DEMO_SLUG = "northwind"
DEMO_PASSWORD = "tandem-demo-2026"  # noqa: S105 (published demo credentials)
DEMO_USERS = [
    ("admin", "organization admin"),
    ("maria", "project manager"),
    ("colin", "project coordinator"),
    ("dev.anna", "team member (Platform)"),
    ("dev.ben", "team member (Platform)"),
    ("qa.chloe", "team member (Quality)"),
    ("ux.dan", "team member (Experience)"),
    ("sam", "stakeholder (sponsor)"),
]

_PEOPLE: list[dict[str, Any]] = [
    {
        "username": "maria",
        "display_name": "Maria Keller",
        "job_title": "Project manager",
        "time_zone": "Europe/Berlin",
    },
    {
        "username": "colin",
        "display_name": "Colin Reyes",
        "job_title": "Project coordinator",
        "time_zone": "Europe/London",
    },
    {
        "username": "dev.anna",
        "display_name": "Anna Novak",
        "job_title": "Backend engineer",
        "time_zone": "Europe/Prague",
    },
    {
        "username": "dev.ben",
        "display_name": "Ben Okafor",
        "job_title": "Frontend engineer",
        "time_zone": "America/New_York",
        # Longer days than the office's 09:00-17:00, so his tasks keep their durations: hours
        # inside the project's day (a lunch break) would stretch every task assigned to him.
        "working_hours": {str(d): [["08:30", "17:30"]] for d in range(1, 6)},
    },
    {
        "username": "qa.chloe",
        "display_name": "Chloe Martin",
        "job_title": "QA engineer",
        "time_zone": "Europe/Paris",
    },
    {
        "username": "ux.dan",
        "display_name": "Dan Ito",
        "job_title": "UX designer",
        "time_zone": "Asia/Tokyo",
    },
    {
        "username": "sam",
        "display_name": "Sam Whitfield",
        "job_title": "Sponsor, VP Operations",
        "time_zone": "America/Chicago",
    },
]


def demo_start() -> dt.date:
    """The demo project started six weeks ago, on a Monday, so it is always in progress."""
    today = timezone.localdate()
    start = today - dt.timedelta(weeks=6)
    return start - dt.timedelta(days=start.weekday())


class DemoNotAllowed(Exception):
    """The settings in use (production) do not allow the demo organization."""


def load_demo() -> bool:
    """Load the demo organization; returns False (and changes nothing) when it is already there.

    Raises ``DemoNotAllowed`` under settings without ``TANDEM_ALLOW_DEMO`` (production): its
    admin's password is published, so it would be an open door.
    """
    if not settings.TANDEM_ALLOW_DEMO:
        raise DemoNotAllowed(
            "The demo organization is not loaded under these settings "
            f"({settings.SETTINGS_MODULE}): its passwords are published. Create a real "
            "organization with `tandem init` or on the /setup/ page instead."
        )
    if Organization.objects.filter(slug=DEMO_SLUG).exists():
        return False
    stored: list[str] = []
    try:
        with transaction.atomic():
            _load(stored)
    except BaseException:
        # The rows are rolled back; the uploaded files are not, so remove them too.
        for name in stored:
            default_storage.delete(name)
        raise
    return True


def _load(stored: list[str]) -> None:
    org = Organization.objects.create(name="Northwind Logistics", slug=DEMO_SLUG)
    # The first admin has nobody to create them: written directly, as createsuperuser would.
    # The demo addresses are not real mailboxes (example domain), so notifications stay in the
    # app: nobody's email preference is on.
    admin = User(
        username="admin",
        organization=org,
        is_org_admin=True,
        display_name="Alex Admin",
        email="admin@northwind.example",
        email_notifications=False,
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    people = {
        spec["username"]: account_actions.do_create_person(
            acting_user=admin,
            password=DEMO_PASSWORD,
            email=f"{spec['username']}@northwind.example",
            email_notifications=False,
            **spec,
        )
        for spec in _PEOPLE
    }
    teams = _create_teams(admin, people)
    project = _create_project(admin, people)
    _populate(project, {"admin": admin, **people}, teams, stored)


def _create_teams(admin: User, people: dict[str, User]) -> dict[str, Any]:
    """Two departments, three teams."""
    engineering = account_actions.do_create_department(acting_user=admin, name="Engineering")
    operations = account_actions.do_create_department(acting_user=admin, name="Operations")
    specs = [
        ("Platform", engineering, "dev.anna", ["dev.anna", "dev.ben"]),
        ("Experience", engineering, "ux.dan", ["ux.dan"]),
        ("Quality", operations, "qa.chloe", ["qa.chloe"]),
    ]
    return {
        name: account_actions.do_create_team(
            acting_user=admin,
            name=name,
            department=department,
            lead=people[lead],
            member_ids=[people[m].pk for m in members],
        )
        for name, department, lead, members in specs
    }


def _create_project(admin: User, people: dict[str, User]) -> Project:
    """The admin opens the project for Maria; she brings in the team and the sponsor."""
    start = demo_start()
    project = project_actions.do_create_project(
        acting_user=admin,
        manager=people["maria"],
        code="ROUTE",
        name="Route planner 2.0",
        scope="Replace the dispatch team's route planner: live traffic, driver shifts, "
        "customer delivery windows, and a mobile view for drivers.",
        success_criteria="Average route time down 12%; on-time deliveries at 96%; "
        "all 40 dispatchers trained before the peak season.",
        start_date=start,
        target_date=start + dt.timedelta(weeks=17),
        time_zone="Europe/Berlin",
        budget="480000.00",
        currency="EUR",
    )
    roles = [
        ("colin", Role.COORDINATOR),
        ("dev.anna", Role.MEMBER),
        ("dev.ben", Role.MEMBER),
        ("qa.chloe", Role.MEMBER),
        ("ux.dan", Role.MEMBER),
        ("sam", Role.STAKEHOLDER),
    ]
    for username, role in roles:
        project_actions.do_add_member(
            project, acting_user=people["maria"], user=people[username], role=role
        )
    return project_actions.do_update_project(
        project,
        acting_user=people["maria"],
        version=project.version,
        changes={
            "status": "active",
            "health": "amber",
            "health_reason": "Traffic data vendor contract is two weeks late.",
        },
    )


def _populate(
    project: Project, people: dict[str, User], teams: dict[str, Any], stored: list[str]
) -> None:
    """Plan, goals, budget, risks, meetings and records of the demo project, in the order they
    would have happened, each written by the person who would have written it."""
    today = timezone.localdate()
    maria = people["maria"]
    plan.set_up_calendar(project, people["admin"], maria)
    resources = money.create_resources(people["admin"], people)
    tasks = plan.build_plan(project, people, teams, resources)
    meetings.create_kickoff(project, people, tasks)
    plan.schedule_and_baseline(project, maria)
    registers.create_goals(project, people, tasks)
    money.create_budget(project, maria, tasks)
    risks = registers.create_risks(project, people, tasks)
    plan.replan_after_slips(project, tasks, maria)
    started = plan.record_progress(project, people, today)
    money.log_time(project, started, today)
    issues = registers.create_issues(project, people, tasks, risks)
    meetings.create_steering(project, people)
    meetings.create_weekly_series(project, people)
    documents = records.create_documents(project, people, stored)
    records.create_decision_log(project, people)
    records.create_status_updates(project, people)
    records.create_comments(people, tasks, risks, issues, documents)
