"""Risks past their review date, with the clock moved by hand; the staleness rule for risks
without one."""

import datetime as dt

import pytest

from tandem.comms.models import Notification
from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.models import Alert, AlertKind
from tandem.risks.actions import do_create_risk, do_update_risk

pytestmark = pytest.mark.django_db


def _at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _review_alerts(world):
    return Alert.objects.filter(project=world.project, kind=AlertKind.RISK_REVIEW)


def test_a_risk_past_its_review_date_raises_an_alert_until_a_new_date_is_set(world):
    # given a risk the member owns, to be reviewed on Friday 9 January 2026
    risk = do_create_risk(
        world.project,
        acting_user=world.manager,
        title="Supplier insolvency",
        probability=3,
        impact=4,
        owner_id=world.member.pk,
        review_on=dt.date(2026, 1, 9),
    )
    # when the watcher runs on the review day itself: nothing is due yet
    evaluate_project(world.project, now=_at(dt.date(2026, 1, 9), 22))
    assert not _review_alerts(world).exists()

    # when it runs the day after, and three days after
    evaluate_project(world.project, now=_at(dt.date(2026, 1, 10)))
    again = evaluate_project(world.project, now=_at(dt.date(2026, 1, 13)))

    # then one alert is open, told once to the leads and the risk's owner
    alert = _review_alerts(world).get()
    assert alert.closed_at is None
    assert (
        alert.title == "Risk Supplier insolvency is past its review date (9 Jan 2026, 4 days ago)"
    )
    assert alert.evidence["review_on"] == "2026-01-09"
    assert alert.evidence["days_past_review"] == 4
    assert again.raised == []
    told = Notification.objects.filter(kind="alert.risk_review")
    assert sorted(n.recipient.username for n in told) == ["coordinator", "manager", "member"]

    # when the owner's review moves the date on, the alert closes
    risk.refresh_from_db()
    do_update_risk(
        risk,
        acting_user=world.manager,
        version=risk.version,
        changes={"review_on": dt.date(2026, 2, 6)},
    )
    result = evaluate_project(world.project, now=_at(dt.date(2026, 1, 14)))
    alert.refresh_from_db()
    assert (alert.closed_at, alert.close_reason) == (_at(dt.date(2026, 1, 14)), "recovered")
    assert [a.pk for a in result.closed] == [alert.pk]
    # and it opens again once that date has passed
    evaluate_project(world.project, now=_at(dt.date(2026, 2, 7)))
    assert _review_alerts(world).filter(closed_at=None).get().evidence["days_past_review"] == 1


def test_without_a_review_date_the_staleness_rule_applies_and_a_future_date_overrides_it(world):
    stale = do_create_risk(
        world.project, acting_user=world.manager, title="Key person leaves", probability=2,
        impact=3,
    )  # fmt: skip
    planned = do_create_risk(
        world.project, acting_user=world.manager, title="Currency moves", probability=2,
        impact=3, review_on=dt.date.today() + dt.timedelta(days=90),  # noqa: DTZ011
    )  # fmt: skip
    # 40 days after both were last changed: past the 30-day default interval
    later = stale.updated_at + dt.timedelta(days=40)
    evaluate_project(world.project, now=later)
    alert = _review_alerts(world).get()
    assert alert.subject_key == f"risk:{stale.pk}"
    assert alert.title == "Risk Key person leaves has not been reviewed for 40 days"
    assert not _review_alerts(world).filter(subject_key=f"risk:{planned.pk}").exists()
