"""The demo organization: what it contains, that its pages render for each role, that its plan
schedules, and that loading it twice changes nothing.

The demo is loaded once for the module inside a transaction that is rolled back at the end, so
the tests share one load (it takes seconds) and leave no rows behind for other tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Department, Organization, Team, User
from tandem.comms.models import Notification
from tandem.core.models import AuditEvent
from tandem.demo.plan import BASELINE_NAME, CALENDAR_NAME, hamburg_holidays
from tandem.demo.seed import DEMO_SLUG, DEMO_USERS, demo_start, load_demo
from tandem.goals.models import Goal, KeyResult
from tandem.meetings.models import ActionItem, Meeting, Minutes
from tandem.planning.calendar import project_calendar
from tandem.planning.models import Assignment, Baseline, Dependency, Task
from tandem.planning.scheduling import compute_schedule
from tandem.projects.models import Project, ProjectMembership, Role
from tandem.projects.navigation import SECTIONS
from tandem.projects.policies import has_right
from tandem.records.models import Comment, Decision, Document, StatusUpdate
from tandem.resources.models import BudgetLine, CostEntry, Resource, TimeEntry
from tandem.risks.models import Issue, IssueEscalation, MitigationAction, Risk

COUNTED = [
    Organization,
    User,
    Project,
    Task,
    Dependency,
    Assignment,
    Baseline,
    Goal,
    KeyResult,
    Resource,
    BudgetLine,
    CostEntry,
    TimeEntry,
    Risk,
    MitigationAction,
    Issue,
    IssueEscalation,
    Meeting,
    Minutes,
    ActionItem,
    Document,
    Decision,
    StatusUpdate,
    Comment,
    AuditEvent,
]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Project]:
    with django_db_blocker.unblock(), transaction.atomic():
        assert load_demo() is True
        yield Project.objects.get(organization__slug=DEMO_SLUG, code="ROUTE")
        transaction.set_rollback(True)


def _user(username: str) -> User:
    return User.objects.get(username=username, organization__slug=DEMO_SLUG)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(_user(username))
    return client


def test_loading_again_changes_nothing(demo: Project) -> None:
    # given the demo is loaded
    before = {model.__name__: model.objects.count() for model in COUNTED}

    # when it is loaded again
    created = load_demo()

    # then nothing was written
    assert created is False
    assert {model.__name__: model.objects.count() for model in COUNTED} == before


def test_organization_people_and_roles(demo: Project) -> None:
    org = demo.organization
    assert Department.objects.filter(organization=org).count() == 2
    teams = Team.objects.filter(department__organization=org)
    assert teams.count() == 3
    assert teams.values("department").distinct().count() == 2
    roles = set(ProjectMembership.objects.filter(project=demo).values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert {u for u, _ in DEMO_USERS} <= set(
        User.objects.filter(organization=org).values_list("username", flat=True)
    )


def test_plan_shape(demo: Project) -> None:
    tasks = Task.objects.filter(project=demo)
    assert 55 <= tasks.count() <= 65
    assert tasks.filter(is_milestone=True).count() >= 6
    phases = tasks.filter(parent__isnull=True)
    assert 5 <= phases.count() <= 7
    assert all(t.children.exists() for t in phases)
    codes = list(tasks.values_list("wbs_code", flat=True))
    assert len(set(codes)) == len(codes)
    assert all(c for c in codes)
    assert tasks.filter(estimate_mode="three_point").count() >= 3
    assert tasks.exclude(constraint_type__in=["ASAP", "ALAP"]).count() >= 1
    assert tasks.filter(deadline__isnull=False).count() >= 1
    types = dict(
        Dependency.objects.filter(project=demo).values_list("type").annotate(n=Count("id"))
    )
    assert types["FS"] > types["SS"] + types["FF"]
    assert types["SS"] >= 2
    assert types["FF"] >= 1
    assert Dependency.objects.filter(project=demo, lag__lt=0).count() == 1
    assert Dependency.objects.filter(project=demo, lag__gt=0).count() >= 2
    leaves = tasks.filter(children__isnull=True, is_milestone=False)
    assert not leaves.filter(assignments__isnull=True).exists()
    assert Assignment.objects.filter(task__project=demo, resource__kind="equipment").exists()
    assert Assignment.objects.filter(task__project=demo, units__lt=100).exists()
    assert tasks.filter(team__isnull=False).count() >= 30


def test_progress_is_consistent_with_today(demo: Project) -> None:
    today = timezone.localdate()
    leaves = Task.objects.filter(project=demo, children__isnull=True)
    done = leaves.filter(status="done")
    in_progress = leaves.filter(status="in_progress")
    not_started = leaves.filter(status="not_started")
    assert done.count() >= 15
    assert in_progress.count() >= 3
    assert not_started.count() >= 15
    for task in done:
        assert task.percent_complete == 100
        assert task.actual_start == task.start_date
        assert task.actual_finish == task.finish_date < today
    for task in in_progress:
        assert 0 < task.percent_complete < 100
        assert task.actual_start is not None
        assert task.actual_start <= today
        assert task.actual_finish is None
    for task in not_started:
        assert task.start_date >= today
        assert task.actual_start is None
        assert task.percent_complete == 0


def test_plan_runs_on_the_office_calendar(demo: Project) -> None:
    calendar = project_calendar(demo)
    assert calendar.name == CALENDAR_NAME
    assert calendar.holidays == frozenset(
        hamburg_holidays(
            demo.start_date + dt.timedelta(weeks=1), demo.start_date + dt.timedelta(weeks=26)
        )
    )
    for task in Task.objects.filter(project=demo):
        assert calendar.is_working_day(task.start_date), task
        assert calendar.is_working_day(task.finish_date), task
    dates = set(TimeEntry.objects.filter(project=demo).values_list("date", flat=True))
    assert all(calendar.is_working_day(d) for d in dates)


def test_hamburg_holidays_of_a_year() -> None:
    days = hamburg_holidays(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert days == [
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 3),
        dt.date(2026, 4, 6),
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 14),
        dt.date(2026, 5, 25),
        dt.date(2026, 10, 3),
        dt.date(2026, 10, 31),
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 26),
        dt.date(2026, 12, 31),
    ]


def test_schedule_computes_and_fits_the_project(demo: Project) -> None:
    schedule = compute_schedule(demo)
    assert schedule.project_start == demo_start()
    assert schedule.project_finish <= demo.target_date
    assert schedule.critical_path
    stored = {t.pk: (t.start_date, t.finish_date) for t in Task.objects.filter(project=demo)}
    assert {r.task.pk: (r.start, r.finish) for r in schedule.rows} == stored


def test_baseline_shows_the_slips(demo: Project) -> None:
    baseline = Baseline.objects.get(project=demo)
    assert baseline.name == BASELINE_NAME
    entries = list(baseline.entries.select_related("task"))
    assert len(entries) == Task.objects.filter(project=demo).count()
    late = [e for e in entries if e.task.finish_date > e.finish_date]
    assert len(late) >= 5
    backend = Task.objects.get(project=demo, name="Backend feature complete")
    assert baseline.entries.get(task=backend).finish_date < backend.finish_date
    live = Task.objects.get(project=demo, name="Route planner 2.0 live")
    assert baseline.entries.get(task=live).finish_date <= live.finish_date <= live.deadline


def test_goals_budget_and_time(demo: Project) -> None:
    goals = Goal.objects.filter(project=demo)
    assert 2 <= goals.count() <= 3
    assert all(g.tasks.exists() for g in goals)
    assert goals.filter(tasks__is_milestone=True).distinct().count() >= 2
    krs = KeyResult.objects.filter(goal__project=demo)
    assert krs.count() >= 3
    assert krs.exclude(current=F("baseline")).exists()
    assert all(kr.tasks.exists() for kr in krs)
    lines = BudgetLine.objects.filter(project=demo)
    assert sum(line.amount for line in lines) == demo.budget == Decimal("480000.00")
    assert lines.values("category").distinct().count() == lines.count() >= 5
    assert CostEntry.objects.filter(project=demo).count() >= 5
    resources = Resource.objects.filter(organization=demo.organization)
    assert resources.filter(kind="person", standard_rate__gt=0).count() == 6
    assert resources.exclude(kind="person").count() >= 1
    entries = TimeEntry.objects.filter(project=demo)
    assert entries.count() >= 100
    assert entries.filter(date__gte=timezone.localdate()).count() == 0
    for entry in entries.select_related("task"):
        assert entry.task.assignments.filter(person=entry.person_id).exists()


def test_risks_and_issues(demo: Project) -> None:
    risks = Risk.objects.filter(project=demo)
    assert 7 <= risks.count() <= 10
    assert risks.values("score").distinct().count() >= 4
    assert risks.values("response_strategy").distinct().count() >= 4
    assert risks.filter(status="occurred").count() == 1
    assert MitigationAction.objects.filter(risk__project=demo).count() >= 3
    assert risks.filter(tasks__isnull=False).distinct().count() == risks.count()
    issues = Issue.objects.filter(project=demo)
    assert 4 <= issues.count() <= 6
    assert issues.filter(status="resolved").exclude(resolution="").count() == 1
    escalated = issues.exclude(escalation_level="team")
    assert escalated.count() == 1
    assert IssueEscalation.objects.filter(issue__in=escalated).count() >= 1
    assert issues.filter(risks__isnull=False).exists()


def test_meetings(demo: Project) -> None:
    now = timezone.now()
    meetings = Meeting.objects.filter(project=demo)
    weekly = meetings.filter(title="Weekly coordination")
    assert weekly.count() == 6
    assert weekly.values("series_key").distinct().count() == 1
    assert weekly.exclude(series_key="").count() == 6
    assert weekly.filter(starts_at__lt=now).exists()
    assert weekly.filter(starts_at__gt=now).exists()
    held = meetings.filter(status="held")
    assert held.count() >= 4
    assert Minutes.objects.filter(meeting__in=held).count() == held.count()
    assert not meetings.filter(status="held", ends_at__gt=now).exists()
    kickoff = meetings.get(title="Project kickoff")
    assert kickoff.agenda_items.count() >= 3
    assert kickoff.logged_decisions.count() >= 2
    assert kickoff.action_items.filter(task__isnull=False).count() == 2
    zones = set(
        User.objects.filter(meeting_invitations__meeting=kickoff).values_list(
            "time_zone", flat=True
        )
    )
    assert len(zones) >= 4
    steering = meetings.filter(title__startswith="Steering committee")
    assert steering.exists()
    assert steering.filter(agenda_items__presenter__username="sam").exists()


def test_records(demo: Project) -> None:
    documents = Document.objects.filter(project=demo).annotate(n=Count("versions"))
    assert documents.count() >= 5
    assert all(1 <= d.n <= 3 for d in documents)
    assert documents.filter(n__gte=2).count() >= 3
    assert documents.filter(visibility="stakeholders").exists()
    pdf = Document.objects.get(project=demo, title="Project charter").versions.first()
    with pdf.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-1.4")
    assert content.rstrip().endswith(b"%%EOF")
    decisions = Decision.objects.filter(project=demo)
    assert 5 <= decisions.count() <= 8
    superseded = decisions.get(status="superseded")
    assert superseded.superseded_by.filter(status="accepted").count() == 1
    updates = StatusUpdate.objects.filter(project=demo).order_by("-period_end")
    assert [u.published for u in updates[:4]] == [False, True, True, True]
    assert updates.filter(published=True, audience="stakeholders").count() >= 2
    targets = set(Comment.objects.filter(project=demo).values_list("target_type__model", flat=True))
    assert {"task", "risk", "issue"} <= targets


def test_audit_trail_names_the_people_who_did_the_work(demo: Project) -> None:
    events = AuditEvent.objects.filter(project_id=demo.pk)
    actions = set(events.values_list("action", flat=True))
    expected = {
        "task.created",
        "dependency.created",
        "assignment.created",
        "plan.rescheduled",
        "baseline.created",
        "goal.created",
        "key_result.updated",
        "budget_line.created",
        "cost_entry.created",
        "time_entry.created",
        "risk.created",
        "mitigation.created",
        "issue.raised",
        "issue.escalated",
        "meeting.created",
        "minutes.recorded",
        "action_item.converted",
        "document_version.created",
        "decision.superseded",
        "status_update.published",
        "comment.created",
    }
    assert expected <= actions
    maria, colin = _user("maria"), _user("colin")
    assert set(
        events.filter(action__in=["baseline.created", "budget_line.created", "risk.created"])
        .values_list("actor_id", flat=True)
        .distinct()
    ) == {maria.pk}
    assert events.filter(action="minutes.recorded", actor=colin).exists()
    time_actors = set(events.filter(action="time_entry.created").values_list("actor", flat=True))
    members = set(
        ProjectMembership.objects.filter(project=demo, role="member").values_list("user", flat=True)
    )
    assert members <= time_actors
    progress = events.filter(action="task.updated", actor__in=members)
    assert progress.count() >= 10


def test_notifications_come_from_the_actions_and_stay_in_the_app(demo: Project) -> None:
    notes = Notification.objects.filter(project=demo)
    kinds = set(notes.values_list("kind", flat=True))
    assert {"meeting.invited", "issue.escalated", "status_update.published"} <= kinds
    assert set(notes.values_list("email_status", flat=True)) == {"skipped"}
    for_sam = notes.filter(recipient=_user("sam"))
    shared = StatusUpdate.objects.filter(project=demo, published=True, audience="stakeholders")
    assert for_sam.filter(kind="status_update.published").count() == shared.count()
    assert set(for_sam.values_list("kind", flat=True)) == {"status_update.published"}


def _project_pages(project: Project) -> list[tuple[str, str]]:
    pages = [(name, right) for _, name, right in SECTIONS]
    return [
        *pages,
        ("milestone-list", "project.view"),
        ("goal-list", "project.view_work"),
        ("baseline-list", "project.view_work"),
        ("project-budget", "project.view_work"),
        ("time-entry-list", "project.view_work"),
    ]


@pytest.mark.parametrize("username", ["maria", "colin", "dev.ben", "sam"])
def test_project_pages_answer_by_role(demo: Project, username: str) -> None:
    client = _client(username)
    user = _user(username)
    for name, right in _project_pages(demo):
        response = client.get(reverse(name, args=[demo.pk]))
        expected = 200 if has_right(user, demo, right) else 403
        assert response.status_code == expected, (name, username)


def _detail_pages(project: Project) -> list[tuple[str, int, bool]]:
    """(url name, object id, whether stakeholders may see it)."""
    tasks = Task.objects.filter(project=project)
    shared = Document.objects.filter(project=project, visibility="stakeholders").first()
    team_doc = Document.objects.filter(project=project, visibility="team").first()
    return [
        ("task-detail", tasks.filter(status="in_progress").first().pk, False),
        ("task-detail", tasks.filter(is_milestone=True).first().pk, False),
        ("risk-detail", Risk.objects.filter(project=project, status="occurred").get().pk, False),
        (
            "issue-detail",
            Issue.objects.exclude(escalation_level="team").get(project=project).pk,
            False,
        ),
        ("meeting-detail", Meeting.objects.get(project=project, title="Project kickoff").pk, False),
        ("document-detail", team_doc.pk, False),
        ("document-detail", shared.pk, True),
        ("decision-detail", Decision.objects.filter(project=project).first().pk, False),
        ("baseline-compare", Baseline.objects.get(project=project).pk, False),
    ]


def test_detail_pages_render_for_the_manager_and_hide_work_from_the_stakeholder(
    demo: Project,
) -> None:
    manager, stakeholder = _client("maria"), _client("sam")
    for name, pk, shared in _detail_pages(demo):
        url = reverse(name, args=[pk])
        assert manager.get(url).status_code == 200, url
        assert stakeholder.get(url).status_code == (200 if shared else 404), url


def test_stakeholder_sees_only_the_status_updates_meant_for_them(demo: Project) -> None:
    page = _client("sam").get(reverse("status-list", args=[demo.pk])).content.decode()
    updates = StatusUpdate.objects.filter(project=demo)
    for update in updates:
        visible = update.published and update.audience == "stakeholders"
        assert (update.summary in page) is visible, update.summary


def test_demo_start_is_a_monday_six_weeks_back() -> None:
    start = demo_start()
    assert start.weekday() == 0
    assert dt.timedelta(weeks=6) <= timezone.localdate() - start < dt.timedelta(weeks=7)
