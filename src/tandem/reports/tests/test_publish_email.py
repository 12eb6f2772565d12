"""Publishing a report sends each reader one email, the PDF attached and the page linked; the
publication's in-app notification sends none of its own."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tandem.comms.models import EmailStatus, Notification
from tandem.reports.actions import do_draft_report, do_publish_report
from tandem.testing.smtp import part_of, smtp_inbox, subject_of, text_of

pytestmark = pytest.mark.django_db


def _draft(world, audience):
    return do_draft_report(
        world.project,
        acting_user=world.manager,
        period_start=dt.date(2026, 1, 5),
        period_end=dt.date(2026, 1, 11),
        audience=audience,
    )


@pytest.mark.parametrize(
    ("audience", "readers"),
    [
        ("stakeholders", ["manager", "coordinator", "member", "stakeholder"]),
        ("team", ["manager", "coordinator", "member"]),
    ],
)
def test_each_reader_gets_exactly_one_email_with_the_pdf(
    world, django_capture_on_commit_callbacks, audience, readers
):
    # given a drafted report
    report = _draft(world, audience)

    # when the coordinator publishes it and every queued job has run
    with smtp_inbox() as inbox:
        with django_capture_on_commit_callbacks(execute=True):
            do_publish_report(
                report, acting_user=world.coordinator, version=report.status_update.version
            )
        received = inbox.parsed()

    # then each reader got one email, with the PDF and a link to the report's page
    expected = sorted(getattr(world, r).email for r in readers)
    assert Counter(r for rcpts, _ in received for r in rcpts) == Counter(expected)
    for _rcpts, message in received:
        assert subject_of(message).startswith(f"{world.project.name}: status report")
        assert part_of(message, "application/pdf") is not None
        assert f"/reports/{report.pk}/" in text_of(message)
    # and the readers other than the publisher are told in the app, without an email of its own
    notes = Notification.objects.filter(kind="status_update.published")
    assert sorted(n.recipient.username for n in notes) == sorted(
        r for r in readers if r != "coordinator"
    )
    assert {n.email_status for n in notes} == {EmailStatus.SKIPPED}


def test_a_reader_who_turned_emails_off_gets_none(world, django_capture_on_commit_callbacks):
    world.member.email_notifications = False
    world.member.save(update_fields=["email_notifications"])
    report = _draft(world, "team")
    with smtp_inbox() as inbox:
        with django_capture_on_commit_callbacks(execute=True):
            do_publish_report(
                report, acting_user=world.manager, version=report.status_update.version
            )
        received = inbox.parsed()
    assert sorted(r for rcpts, _ in received for r in rcpts) == sorted(
        [world.manager.email, world.coordinator.email]
    )
    assert Notification.objects.filter(
        kind="status_update.published", recipient=world.member
    ).exists()
