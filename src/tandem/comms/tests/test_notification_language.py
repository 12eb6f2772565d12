"""A notification is written for one reader: in their interface language and with dates in
their locale, whoever caused it."""

import datetime as dt

import pytest

from tandem.comms.models import Notification
from tandem.records import actions as records_actions
from tandem.risks import actions as risks_actions
from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = pytest.mark.django_db

TEXTS = {
    "Issue escalated to %(level)s: %(issue)s": "[Éšçåļåţêđ ţø %(level)s: %(issue)s]",
    "Status %(rag)s: %(start)s to %(finish)s": "[Šţåţũš %(rag)s: %(start)s – %(finish)s]",
}


def _subject(kind, person):
    return Notification.objects.get(kind=kind, recipient=person).subject


def test_an_escalation_reaches_each_reader_in_their_own_language(world, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        world.manager.language = "xx"
        world.manager.save(update_fields=["language"])
        issue = risks_actions.do_raise_issue(
            world.project,
            acting_user=world.member,
            title="Quota exhausted",
            severity="high",
            owner_id=world.member.pk,
        )
        risks_actions.do_escalate_issue(
            issue, acting_user=world.coordinator, version=issue.version, reason="Blocks tests"
        )
    assert (
        _subject("issue.escalated", world.manager) == "[Éšçåļåţêđ ţø Coordinator: Quota exhausted]"
    )
    assert (
        _subject("issue.escalated", world.member)
        == "Issue escalated to Coordinator: Quota exhausted"
    )


def test_a_status_update_names_its_period_in_each_readers_locale(world):
    world.manager.locale = "de-DE"
    world.manager.save(update_fields=["locale"])
    update = records_actions.do_create_status_update(
        world.project,
        acting_user=world.coordinator,
        period_start=dt.date(2026, 2, 2),
        period_end=dt.date(2026, 2, 13),
        summary="On track",
    )
    records_actions.do_publish_status_update(update, acting_user=world.coordinator, version=1)
    assert _subject("status_update.published", world.manager) == (
        "Status Green: 02.02.2026 to 13.02.2026"
    )
    assert _subject("status_update.published", world.member) == (
        "Status Green: 2 Feb 2026 to 13 Feb 2026"
    )
