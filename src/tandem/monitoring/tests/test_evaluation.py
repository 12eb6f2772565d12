"""The evaluator with the clock moved by hand: slips, steps, recovery, float erosion, who hears."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from tandem.comms.models import Notification
from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.models import Alert, AlertKind, TaskSnapshot, WatchSettings
from tandem.planning import actions as planning
from tandem.planning.baseline_actions import do_save_baseline
from tandem.projects.actions import do_remove_member
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db

# 2026-01-05 is the Monday the test project starts; evaluations happen before work is due.
MONDAY = dt.datetime(2026, 1, 5, 7, 0, tzinfo=dt.UTC)


def _set_estimate(task, days, by):
    task.refresh_from_db()
    return planning.do_update_task(
        task, acting_user=by, version=task.version, changes={"estimate": Decimal(days)}
    )


@pytest.fixture
def gate(world):
    """Build (5 days) then the milestone Gate, baselined as planned."""
    build = make_task(world.project, "Build", estimate=5)
    milestone = make_task(world.project, "Gate", is_milestone=True)
    make_link(build, milestone)
    do_save_baseline(world.project, acting_user=world.manager, name="Plan of record")
    return build, milestone


def _slip_alerts(world):
    return Alert.objects.filter(project=world.project, kind=AlertKind.MILESTONE_SLIP)


def _told(world, kind="alert.milestone_slip"):
    return sorted(
        n.recipient.username for n in Notification.objects.filter(project=world.project, kind=kind)
    )


def test_a_slipping_milestone_raises_one_alert_then_its_next_step_and_recovery_closes_it(
    world, gate
):
    build, milestone = gate
    evaluate_project(world.project, now=MONDAY)
    assert not _slip_alerts(world).exists()

    # Build takes 2 days longer: the gate slips 2 working days, step 1 (from 1 day).
    _set_estimate(build, 7, world.manager)
    result = evaluate_project(world.project, now=MONDAY + dt.timedelta(hours=1))
    alert = _slip_alerts(world).get()
    assert (alert.step, alert.severity, alert.closed_at) == (1, "amber", None)
    assert alert.evidence["slip_working_days"] == 2
    assert alert.evidence["baseline"] == "Plan of record"
    assert alert.evidence["baseline_finish"] < alert.evidence["forecast_finish"]
    assert [a.pk for a in result.raised] == [alert.pk]
    assert _told(world) == ["coordinator", "manager"]

    # The same slip again: nothing new.
    again = evaluate_project(world.project, now=MONDAY + dt.timedelta(hours=2))
    assert (again.raised, again.stepped, again.notified) == ([], [], 0)
    assert _told(world) == ["coordinator", "manager"]

    # 5 days: the next step (3: from 5 days), red, told once more.
    _set_estimate(build, 10, world.manager)
    result = evaluate_project(world.project, now=MONDAY + dt.timedelta(hours=3))
    alert.refresh_from_db()
    assert (alert.step, alert.severity) == (3, "red")
    assert alert.evidence["slip_working_days"] == 5
    assert [h["step"] for h in alert.history] == [1, 3]
    assert [a.pk for a in result.stepped] == [alert.pk]
    assert _told(world) == ["coordinator", "coordinator", "manager", "manager"]

    # Easing within the alert (back to 3 days) tells nobody; recovery closes the alert.
    _set_estimate(build, 8, world.manager)
    evaluate_project(world.project, now=MONDAY + dt.timedelta(hours=4))
    alert.refresh_from_db()
    assert (alert.step, alert.closed_at) == (3, None)
    assert len(_told(world)) == 4
    _set_estimate(build, 5, world.manager)
    result = evaluate_project(world.project, now=MONDAY + dt.timedelta(hours=5))
    alert.refresh_from_db()
    assert alert.closed_at == MONDAY + dt.timedelta(hours=5)
    assert alert.close_reason == "recovered"
    assert [a.pk for a in result.closed] == [alert.pk]
    assert not _slip_alerts(world).filter(closed_at=None).exists()


def test_running_the_evaluation_twice_sends_nothing_new(
    world, gate, django_capture_on_commit_callbacks
):
    build, _ = gate
    _set_estimate(build, 8, world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_project(world.project, now=MONDAY)
    notes, emails = Notification.objects.count(), len(mail.outbox)
    assert notes == 2
    assert emails == 2
    with django_capture_on_commit_callbacks(execute=True):
        second = evaluate_project(world.project, now=MONDAY)
        third = evaluate_project(world.project, now=MONDAY + dt.timedelta(hours=1))
    assert second.notified == third.notified == 0
    assert (Notification.objects.count(), len(mail.outbox)) == (notes, emails)
    assert Alert.objects.filter(project=world.project).count() == 1


@pytest.fixture
def two_paths(world):
    """Long (10 days) and Short (5 days) both lead to End: Short has 5 days of float."""
    long_path = make_task(world.project, "Long", estimate=10)
    short_path = make_task(world.project, "Short", estimate=5, assignee_ids=[world.member.pk])
    end = make_task(world.project, "End", is_milestone=True)
    make_link(long_path, end)
    make_link(short_path, end)
    return long_path, short_path, end


@pytest.mark.parametrize(("threshold", "raised"), [("3", True), ("4", False), ("1.5", True)])
def test_float_erosion_against_last_weeks_snapshot_and_its_threshold(
    world, two_paths, threshold, raised
):
    _, short_path, _ = two_paths
    WatchSettings.objects.create(project=world.project, float_erosion_days=Decimal(threshold))
    evaluate_project(world.project, now=MONDAY - dt.timedelta(days=7))
    assert TaskSnapshot.objects.get(task=short_path, baseline=None).total_float_days == 5

    # A week later Short takes 9 days: 1 day of float left (near-critical), 4 days lost.
    _set_estimate(short_path, 9, world.manager)
    evaluate_project(world.project, now=MONDAY)
    found = Alert.objects.filter(project=world.project, kind=AlertKind.FLOAT_EROSION)
    if not raised:
        assert not found.exists()
        return
    alert = found.get()
    assert alert.subject_key == f"task:{short_path.pk}"
    assert alert.evidence["compared_with"] == "last week"
    assert (alert.evidence["float_then_days"], alert.evidence["total_float_days"]) == ("5", "1")
    assert alert.evidence["fell_by_days"] == "4"
    assert alert.step == int(Decimal(4) // Decimal(threshold))
    # The assignee hears of it with the leads.
    assert _told(world, "alert.float_erosion") == ["coordinator", "manager", "member"]


def test_float_erosion_since_the_baseline(world, two_paths):
    _, short_path, _ = two_paths
    do_save_baseline(world.project, acting_user=world.manager, name="Signed off")
    evaluate_project(world.project, now=MONDAY)  # first look at the baseline: its float
    _set_estimate(short_path, 10, world.manager)
    evaluate_project(world.project, now=MONDAY + dt.timedelta(hours=1))
    alert = Alert.objects.get(project=world.project, kind=AlertKind.FLOAT_EROSION)
    assert alert.evidence["compared_with"] == "baseline Signed off"
    assert alert.evidence["fell_by_days"] == "5"
    # No float left and critical now: red.
    assert (alert.severity, alert.evidence["critical"]) == ("red", True)


def test_a_task_off_the_critical_path_with_float_to_spare_raises_nothing(world, two_paths):
    _, short_path, _ = two_paths
    evaluate_project(world.project, now=MONDAY - dt.timedelta(days=7))
    _set_estimate(short_path, 6, world.manager)  # 4 days of float left: not near-critical
    WatchSettings.objects.create(project=world.project, float_erosion_days=Decimal("0.5"))
    evaluate_project(world.project, now=MONDAY)
    assert not Alert.objects.filter(kind=AlertKind.FLOAT_EROSION).exists()


def test_nobody_hears_of_a_project_they_cannot_see(world, django_capture_on_commit_callbacks):
    task = make_task(world.project, "Wiring", estimate=2, assignee_ids=[world.member.pk])
    membership = world.project.memberships.get(user=world.member)
    do_remove_member(membership, acting_user=world.manager, version=membership.version)
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_project(world.project, now=dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC))
    alert = Alert.objects.get(kind=AlertKind.TASK_OVERDUE, subject_key=f"task:{task.pk}")
    assert alert.evidence["overdue_working_days"] == 4
    told = _told(world, "alert.task_overdue")
    assert told == ["coordinator", "manager"]
    # Two alerts (overdue, never started), each emailed to the two leads only.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@example.org",
        "coordinator@example.org",
        "manager@example.org",
        "manager@example.org",
    ]
    for person in (world.member, world.outsider, world.stranger, world.stakeholder):
        assert not Notification.objects.filter(recipient=person).exists()


def test_alerts_and_emails_read_in_each_persons_zone(
    world, gate, django_capture_on_commit_callbacks
):
    build, _ = gate
    world.manager.time_zone = "America/New_York"
    world.manager.save()
    world.coordinator.time_zone = "Asia/Tokyo"
    world.coordinator.save()
    _set_estimate(build, 7, world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_project(world.project, now=dt.datetime(2026, 1, 5, 14, 30, tzinfo=dt.UTC))
    manager_note = Notification.objects.get(recipient=world.manager)
    coordinator_note = Notification.objects.get(recipient=world.coordinator)
    assert "Mon, 5 Jan 2026, 09:30 (America/New_York)" in manager_note.body
    assert "Mon, 5 Jan 2026, 23:30 (Asia/Tokyo)" in coordinator_note.body
    emails = {m.to[0]: m.body for m in mail.outbox}
    assert "09:30 (America/New_York)" in emails["manager@example.org"]
    assert "23:30 (Asia/Tokyo)" in emails["coordinator@example.org"]
    assert "Slip (working days): 2" in emails["manager@example.org"]
