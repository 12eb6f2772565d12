"""Notifications reach only people who may see the project, by real SMTP after commit."""

import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from tandem.comms.actions import do_mark_notification_read, notify
from tandem.comms.jobs import resend_failed_notification_emails
from tandem.comms.models import EmailStatus, Notification
from tandem.core.models import AuditEvent

pytestmark = pytest.mark.django_db


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self.lock:
            self.messages.append(
                (
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.content.decode("utf-8", "replace"),
                )
            )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        DEFAULT_FROM_EMAIL="tandem@example.org",
    ):
        yield inbox
    controller.stop()


def test_notification_is_emailed_over_smtp_after_commit(
    world, smtp_server, django_capture_on_commit_callbacks
):
    # given a stakeholder with an email address
    # when the coordinator's action notifies them
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notes = notify(
            [world.stakeholder],
            project=world.project,
            kind="status.published",
            subject="Week 12 status",
            body="All green.",
            url="/projects/1/status/",
        )
        # then nothing is sent before the commit
        assert smtp_server.messages == []
    assert len(callbacks) == 1
    (note,) = notes
    note.refresh_from_db()
    assert note.email_status == EmailStatus.SENT
    assert note.email_attempts == 1
    ((sender, rcpts, content),) = smtp_server.messages
    assert sender == "tandem@example.org"
    assert rcpts == [world.stakeholder.email]
    assert "Subject: [Tandem ACME] Week 12 status" in content
    assert "All green." in content


def test_people_who_cannot_see_the_project_are_not_notified(
    world, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notes = notify(
            [world.outsider, world.stranger, world.member, world.stakeholder],
            project=world.project,
            kind="issue.escalated",
            subject="Escalated",
            right="project.view_work",
        )
    assert [n.recipient for n in notes] == [world.member]
    assert [m[1] for m in smtp_server.messages] == [[world.member.email]]


def test_email_off_means_in_app_only(world, smtp_server, django_capture_on_commit_callbacks):
    world.member.email_notifications = False
    world.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = notify([world.member], project=world.project, kind="x", subject="Quiet")
    assert note.email_status == EmailStatus.SKIPPED
    assert smtp_server.messages == []


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,
    EMAIL_TIMEOUT=2,
    CELERY_TASK_EAGER_PROPAGATES=False,
)
def test_unreachable_mail_server_marks_failure_and_keeps_the_notification(
    world, django_capture_on_commit_callbacks
):
    from tandem.config.celery import app

    app.conf.task_eager_propagates = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            (note,) = notify([world.member], project=world.project, kind="x", subject="Lost?")
    finally:
        app.conf.task_eager_propagates = True
    note.refresh_from_db()
    assert note.email_status == EmailStatus.FAILED
    assert note.email_attempts >= 1
    assert "ConnectionRefusedError" in note.last_error
    assert Notification.objects.filter(pk=note.pk).exists()


def test_failed_emails_are_sent_by_the_periodic_job(world, smtp_server):
    note = Notification.objects.create(
        recipient=world.member,
        project=world.project,
        kind="x",
        subject="Retry me",
        email_status=EmailStatus.FAILED,
        email_attempts=1,
    )
    assert resend_failed_notification_emails() == 1
    note.refresh_from_db()
    assert note.email_status == EmailStatus.SENT
    assert len(smtp_server.messages) == 1
    # idempotent: nothing left to resend, nothing sent twice
    assert resend_failed_notification_emails() == 0
    assert len(smtp_server.messages) == 1


def test_mark_read_writes_one_audit_row(world):
    (note,) = notify([world.member], project=world.project, kind="x", subject="Read me")
    do_mark_notification_read(note, acting_user=world.member)
    do_mark_notification_read(note, acting_user=world.member)
    event = AuditEvent.objects.get(action="notification.read")
    assert event.actor == world.member
    assert event.object_id == str(note.pk)
