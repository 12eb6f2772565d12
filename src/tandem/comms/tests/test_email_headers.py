"""A line break in a title never breaks the notification email; a hopeless email is given up."""

import pytest
from django.core import mail

from tandem.comms.delivery import MAX_EMAIL_ATTEMPTS, deliver_notification_email, header_value
from tandem.comms.jobs import resend_failed_notification_emails
from tandem.comms.models import EmailStatus, Notification
from tandem.testing.factories_meetings import make_meeting

pytestmark = pytest.mark.django_db


def test_header_value_turns_line_breaks_and_controls_into_single_spaces():
    assert (
        header_value("Kickoff\r\nBcc: x@example.org\t\x00end") == "Kickoff Bcc: x@example.org end"
    )


def test_meeting_title_with_line_breaks_is_emailed_on_one_header_line(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(world, title="Kickoff\r\nBcc: intruder@example.org")

    note = Notification.objects.get(kind="meeting.invited", recipient=world.member)
    assert (note.email_status, note.email_attempts) == (EmailStatus.SENT, 1)
    (message,) = mail.outbox
    assert message.subject == (
        "[Tandem ACME] Invitation: Kickoff Bcc: intruder@example.org, Mon 2 Mar, 09:00 (UTC)"
    )
    assert message.bcc == []
    assert message.recipients() == [world.member.email]


def test_email_that_cannot_be_built_is_marked_failed_and_not_retried(world):
    # given a recipient address the mail library refuses as a header (a line break in it)
    world.member.email = "member@example.org\nBcc: intruder@example.org"
    world.member.save(update_fields=["email"])
    note = Notification.objects.create(
        recipient=world.member, project=world.project, kind="x", subject="Hello"
    )

    # when it is delivered: no exception escapes, the status says why
    assert deliver_notification_email(note.pk) == "failed"

    note.refresh_from_db()
    assert note.email_status == EmailStatus.FAILED
    assert note.email_attempts == MAX_EMAIL_ATTEMPTS
    assert note.last_error.startswith("not retried: BadHeaderError: ")
    assert mail.outbox == []
    # and the periodic resend leaves it alone
    assert resend_failed_notification_emails() == 0
