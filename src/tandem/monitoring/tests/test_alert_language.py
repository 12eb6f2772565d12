"""An alert is told in its reader's language and locale: stored as words (a code and values),
with an English copy for the audit trail and for words a version no longer knows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from tandem.core import l10n
from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.messages import local_moment
from tandem.monitoring.models import Alert, AlertKind
from tandem.monitoring.wording import say, spoken
from tandem.planning import actions as planning
from tandem.planning.baseline_actions import do_save_baseline
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 1, 5, 7, 0, tzinfo=dt.UTC)
SLIP = (
    "Milestone %(task)s slips %(days)s working day past the baseline",
    "Milestone %(task)s slips %(days)s working days past the baseline",
)
SLIP_XX = (
    "Ŀâţê: %(task)s, %(days)s ďâŷ",
    "Ŀâţê: %(task)s, %(days)s ďâŷš",
)
THRESHOLD = (
    "slip of %(days)s working day or more (red from %(red)s)",
    "slip of %(days)s working days or more (red from %(red)s)",
)
THRESHOLD_XX = ("ŝļîƥ ≥ %(days)s (ŗêď %(red)s)", "ŝļîƥš ≥ %(days)s (ŗêď %(red)s)")


def _slipping_milestone(world) -> Alert:
    build = make_task(world.project, "Build", estimate=5)
    gate = make_task(world.project, "Gate", is_milestone=True)
    make_link(build, gate)
    do_save_baseline(world.project, acting_user=world.manager, name="Plan of record")
    build.refresh_from_db()
    planning.do_update_task(
        build, acting_user=world.manager, version=build.version, changes={"estimate": Decimal(7)}
    )
    evaluate_project(world.project, now=MONDAY)
    return Alert.objects.get(kind=AlertKind.MILESTONE_SLIP)


def test_an_alert_is_stored_in_words_with_an_english_copy(world):
    with translation.override("de"):
        alert = _slipping_milestone(world)
    assert alert.title == "Milestone Gate slips 2 working days past the baseline"
    assert alert.wording["title"] == {
        "code": "milestone_slip",
        "values": {"task": "Gate", "days": 2},
    }
    assert alert.said_title == alert.title


def test_the_alerts_page_and_api_speak_the_readers_language(world, tmp_path, api_client):
    alert = _slipping_milestone(world)
    with pseudo_language(tmp_path, {SLIP: SLIP_XX, THRESHOLD: THRESHOLD_XX}):
        page = api_client.as_user(world.manager)
        english = page.get(f"/api/projects/{world.project.pk}/alerts").json()
        assert (
            english["items"][0]["title"] == "Milestone Gate slips 2 working days past the baseline"
        )
        said = page.client.get(
            f"/api/projects/{world.project.pk}/alerts", headers={"accept-language": "xx"}
        ).json()
        assert said["items"][0]["title"] == "Ŀâţê: Gate, 2 ďâŷš"
        assert said["items"][0]["threshold"] == "ŝļîƥ ≥ 1 (ŗêď 5)"
        health = page.client.get(
            f"/api/projects/{world.project.pk}/health/computed", headers={"accept-language": "xx"}
        ).json()
        assert health["reasons"][0]["title"] == "Ŀâţê: Gate, 2 ďâŷš"

        world.manager.language = "xx"
        world.manager.save(update_fields=["language"])
        browser = Client()
        browser.force_login(world.manager)
        html = browser.get(f"/projects/{world.project.pk}/").content.decode()
        assert "Ŀâţê: Gate, 2 ďâŷš" in html
        assert "Milestone Gate slips" not in html
    assert alert.pk


def test_numbers_and_dates_follow_the_readers_locale():
    words = say("risk_past_review", risk="Supplier", date="2026-01-09", days=4)
    with l10n.override("de-DE"):
        assert "09.01.2026" in words.text()
    assert words.english() == "Risk Supplier is past its review date (9 Jan 2026, 4 days ago)"
    fraction = say("float_erosion", task="Wiring", days="1.5", since="last_week", baseline="")
    with l10n.override("de-DE"):
        assert "1,5 working days" in fraction.text()
    assert say("task_overdue", task="Wiring", days=1).english() == (
        "Wiring is 1 working day past its planned finish"
    )


def test_words_this_version_does_not_know_show_the_english_copy():
    assert spoken({"code": "from_a_newer_version", "values": {}}, "As stored") == "As stored"
    assert spoken({"code": "task_overdue", "values": {}}, "As stored") == "As stored"
    assert spoken(None, "As stored") == "As stored"
    with pytest.raises(KeyError):
        say("no_such_words")


def test_email_moments_follow_the_readers_zone_and_locale(world):
    world.manager.time_zone = "Europe/Berlin"
    moment = dt.datetime(2026, 1, 5, 8, 30, tzinfo=dt.UTC)
    with l10n.override("de-DE"):
        assert local_moment(moment, world.manager) == "Mo., 5. Jan. 2026, 09:30 (Europe/Berlin)"
    assert local_moment(moment, world.manager) == "Mon, 5 Jan 2026, 09:30 (Europe/Berlin)"
