"""Alert emails as one daily digest, over real SMTP with the clock moved by hand: at the reader's
hour in their own zone (here Auckland, 13 hours ahead of UTC in January), once per local day,
grouped by project, nothing on a day without new alerts."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.comms.actions import do_set_email_preference
from tandem.comms.jobs import send_daily_digests
from tandem.comms.models import EmailPreference, EmailStatus, Notification
from tandem.core.errors import PreconditionFailed, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.monitoring.evaluation import evaluate_project
from tandem.planning import actions as planning
from tandem.planning.baseline_actions import do_save_baseline
from tandem.projects.actions import do_remove_member
from tandem.testing.factories import make_project
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.smtp import smtp_inbox, subject_of, text_of

pytestmark = pytest.mark.django_db

# Monday 5 January 2026, 07:00 UTC: 20:00 the same Monday in Auckland.
MONDAY = dt.datetime(2026, 1, 5, 7, 0, tzinfo=dt.UTC)
# 08:00 on Tuesday in Auckland is 19:00 on Monday in UTC.
AUCKLAND_TUESDAY_8 = dt.datetime(2026, 1, 5, 19, 0, tzinfo=dt.UTC)


def _slipping_gate(project, by):
    """A baselined milestone behind a 5-day task, then the task made 2 days longer."""
    build = make_task(project, "Build", estimate=5)
    gate = make_task(project, "Gate", is_milestone=True)
    make_link(build, gate)
    do_save_baseline(project, acting_user=by, name="Plan of record")
    build.refresh_from_db()
    planning.do_update_task(
        build, acting_user=by, version=build.version, changes={"estimate": Decimal(7)}
    )


@pytest.fixture
def digest_reader(world):
    """The manager reads alerts as a digest at 08:00 in Auckland; the coordinator one by one."""
    world.manager.time_zone = "Pacific/Auckland"
    world.manager.save(update_fields=["time_zone"])
    do_set_email_preference(
        acting_user=world.manager, version=1, changes={"alert_emails": "digest", "digest_hour": 8}
    )
    return world.manager


def test_digest_goes_once_at_the_readers_local_hour_grouped_by_project(
    world, digest_reader, django_capture_on_commit_callbacks
):
    second = make_project(world.admin, manager=world.manager, code="BETA", name="Beta rollout")
    with smtp_inbox() as inbox, django_capture_on_commit_callbacks(execute=True):
        # given a digest run on Monday evening in Auckland, before any alert: nothing to send,
        # and Monday counts as handled
        assert send_daily_digests(now=MONDAY - dt.timedelta(hours=1)) == 0
        assert inbox.messages == []

        # when both projects' milestones slip
        _slipping_gate(world.project, world.manager)
        _slipping_gate(second, world.manager)
        evaluate_project(world.project, now=MONDAY)
        evaluate_project(second, now=MONDAY)

    # then the coordinator got the first project's alert at once; the manager no email yet
    assert [rcpts for rcpts, _ in inbox.parsed()] == [[world.coordinator.email]]
    held = Notification.objects.filter(recipient=world.manager, kind="alert.milestone_slip")
    assert sorted(n.email_status for n in held) == [EmailStatus.DIGEST, EmailStatus.DIGEST]

    with smtp_inbox() as inbox:
        # when the job runs again on Monday (Auckland) and just before 08:00 on Tuesday there
        assert send_daily_digests(now=MONDAY + dt.timedelta(hours=1)) == 0
        assert send_daily_digests(now=AUCKLAND_TUESDAY_8 - dt.timedelta(minutes=1)) == 0
        # then nothing is sent
        assert inbox.messages == []

        # when it runs at 08:00 on Tuesday in Auckland (still Monday in UTC), and twice more
        assert send_daily_digests(now=AUCKLAND_TUESDAY_8) == 1
        assert send_daily_digests(now=AUCKLAND_TUESDAY_8) == 0
        assert send_daily_digests(now=AUCKLAND_TUESDAY_8 + dt.timedelta(hours=5)) == 0

        # then the manager got one digest listing both alerts under their projects, in their zone
        ((rcpts, message),) = inbox.parsed()
    assert rcpts == [world.manager.email]
    assert subject_of(message) == "[Tandem] Daily digest: 2 alerts in 2 projects"
    text = text_of(message)
    assert "as of Tue, 6 Jan 2026, 08:00 (Pacific/Auckland)" in text
    acme, beta = text.index("ACME · Acme launch (1)"), text.index("BETA · Beta rollout (1)")
    assert acme < beta
    slip = "Milestone Gate slips 2 working days past the baseline"
    assert text.count(slip) == 2
    # each alert's raising time is told in Auckland time (Monday 20:00 there)
    assert text.count("raised Mon, 5 Jan 2026, 20:00 (Pacific/Auckland)") == 2
    assert f"/projects/{second.pk}/#alert-" in text[beta:]
    assert sorted(n.email_status for n in held.all()) == [EmailStatus.SENT, EmailStatus.SENT]
    preference = EmailPreference.objects.get(person=world.manager)
    assert preference.last_digest_on == dt.date(2026, 1, 6)
    assert preference.last_digest_sent_at == AUCKLAND_TUESDAY_8


def test_a_day_without_new_alerts_sends_no_digest_and_the_next_alert_waits_for_its_day(
    world, digest_reader, django_capture_on_commit_callbacks
):
    with smtp_inbox() as inbox, django_capture_on_commit_callbacks(execute=True):
        # given nothing new on Tuesday (Auckland): the run at 08:00 sends nothing
        assert send_daily_digests(now=AUCKLAND_TUESDAY_8) == 0
        # when an alert is raised later that Tuesday
        _slipping_gate(world.project, world.manager)
        evaluate_project(world.project, now=AUCKLAND_TUESDAY_8 + dt.timedelta(hours=2))
        # then the manager hears of it by email only on Wednesday at 08:00, in one digest
        assert send_daily_digests(now=AUCKLAND_TUESDAY_8 + dt.timedelta(hours=3)) == 0
        manager_mail = [m for r, m in inbox.parsed() if r == [world.manager.email]]
        assert manager_mail == []
        assert send_daily_digests(now=AUCKLAND_TUESDAY_8 + dt.timedelta(days=1)) == 1
        manager_mail = [m for r, m in inbox.parsed() if r == [world.manager.email]]
    assert [subject_of(m) for m in manager_mail] == ["[Tandem] Daily digest: 1 alert in 1 project"]


def test_alert_emails_off_keeps_alerts_in_the_app_only(world, django_capture_on_commit_callbacks):
    do_set_email_preference(acting_user=world.manager, version=1, changes={"alert_emails": "off"})
    with smtp_inbox() as inbox, django_capture_on_commit_callbacks(execute=True):
        _slipping_gate(world.project, world.manager)
        evaluate_project(world.project, now=MONDAY)
        send_daily_digests(now=MONDAY + dt.timedelta(days=1))
    assert [rcpts for rcpts, _ in inbox.parsed()] == [[world.coordinator.email]]
    note = Notification.objects.get(recipient=world.manager, kind="alert.milestone_slip")
    assert note.email_status == EmailStatus.SKIPPED


def test_a_reader_who_left_the_project_gets_no_digest_of_it(
    world, digest_reader, django_capture_on_commit_callbacks
):
    # given the coordinator, in Auckland too, also reads alerts as a digest
    world.coordinator.time_zone = "Pacific/Auckland"
    world.coordinator.save(update_fields=["time_zone"])
    do_set_email_preference(
        acting_user=world.coordinator, version=1, changes={"alert_emails": "digest"}
    )
    with smtp_inbox() as inbox, django_capture_on_commit_callbacks(execute=True):
        _slipping_gate(world.project, world.manager)
        evaluate_project(world.project, now=MONDAY)
        # when the coordinator leaves the project before the digest goes
        membership = world.project.memberships.get(user=world.coordinator)
        do_remove_member(membership, acting_user=world.manager, version=membership.version)
        assert send_daily_digests(now=AUCKLAND_TUESDAY_8) == 1
    # then only the manager hears of the project's alert
    assert [rcpts for rcpts, _ in inbox.parsed()] == [[world.manager.email]]
    note = Notification.objects.get(recipient=world.coordinator, kind="alert.milestone_slip")
    assert note.email_status == EmailStatus.SKIPPED


def test_preference_changes_are_checked_and_audited(world):
    with pytest.raises(ValidationFailed) as refused:
        do_set_email_preference(
            acting_user=world.member, version=1, changes={"digest_hour": 24, "colour": "red"}
        )
    assert refused.value.fields == {
        "colour": ["unknown field"],
        "digest_hour": ["a whole hour from 0 to 23"],
    }
    assert not EmailPreference.objects.filter(person=world.member).exists()
    saved = do_set_email_preference(
        acting_user=world.member, version=1, changes={"alert_emails": "digest", "digest_hour": 7}
    )
    assert (saved.version, saved.alert_emails, saved.digest_hour) == (2, "digest", 7)
    event = AuditEvent.objects.filter(action="email_preference.updated").get()
    assert event.changes["digest_hour"] == [8, 7]
    with pytest.raises(PreconditionFailed):
        do_set_email_preference(acting_user=world.member, version=1, changes={"digest_hour": 9})
    assert EmailPreference.objects.get(person=world.member).digest_hour == 7
