"""Numbers, amounts and dates in the reader's locale: their profile's, else their browser's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tandem.accounts.actions import do_update_person
from tandem.core import l10n
from tandem.core.models import AuditEvent
from tandem.projects.models import Project


@pytest.mark.parametrize(
    ("locale", "amount", "day", "short_day", "number"),
    [
        ("en-GB", "€480,000.00", "8 Dec 2026", "08/12/2026", "1,234.5"),
        ("de-DE", "480.000,00\u00a0€", "08.12.2026", "08.12.26", "1.234,5"),
        ("en-US", "€480,000.00", "Dec 8, 2026", "12/8/26", "1,234.5"),
        ("fr-FR", "480\u202f000,00\u00a0€", "8 déc. 2026", "08/12/2026", "1\u202f234,5"),
    ],
)
def test_formats_follow_the_active_locale(
    locale: str, amount: str, day: str, short_day: str, number: str
) -> None:
    with l10n.override(locale):
        assert l10n.format_amount(Decimal("480000"), "EUR") == amount
        assert l10n.format_date(dt.date(2026, 12, 8)) == day
        assert l10n.format_date(dt.date(2026, 12, 8), "short") == short_day
        assert l10n.format_number(Decimal("1234.5")) == number


def test_amounts_take_the_currency_decimals_and_unknown_codes_stay_written_out() -> None:
    with l10n.override("en-GB"):
        assert l10n.format_amount(480000, "JPY") == "JP¥480,000"
        assert l10n.format_amount(Decimal("1234.5"), "") == "1,234.50"
        assert l10n.format_amount(Decimal("1234.5"), "pts") == "1,234.50 pts"
        assert l10n.format_amount(None, "EUR") == ""
        assert l10n.format_decimal(Decimal("2.345"), 1) == "2.3"


def test_the_default_applies_outside_a_request(settings) -> None:
    settings.TANDEM_DEFAULT_LOCALE = "de-DE"
    assert l10n.format_amount(Decimal("1000"), "EUR") == "1.000,00\u00a0€"
    with l10n.override("en-GB"):
        assert l10n.format_amount(Decimal("1000"), "EUR") == "€1,000.00"
    assert l10n.format_amount(Decimal("1000"), "EUR") == "1.000,00\u00a0€"


def test_the_browser_locale_is_the_first_one_cldr_knows() -> None:
    assert l10n.locale_tag(l10n.locale_from_accept_language("xx, de-AT;q=0.8, en;q=0.9")) == "en"
    assert l10n.locale_tag(l10n.locale_from_accept_language("zz;q=1, de-AT;q=0.8")) == "de-AT"
    assert l10n.locale_from_accept_language("") is None
    assert l10n.locale_tag(l10n.choose_locale("", "")) == "en-GB"
    assert l10n.locale_tag(l10n.choose_locale("pt-BR", "de-DE")) == "pt-BR"


def _overview(client: Client, project: Project, **headers: str) -> str:
    response = client.get(f"/projects/{project.pk}/", headers=headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_person_with_locale_de_de_reads_german_amounts(world) -> None:
    Project.objects.filter(pk=world.project.pk).update(budget=Decimal("480000"), currency="EUR")
    client = Client()
    client.force_login(world.manager)
    english = _overview(client, world.project)
    assert '<p id="project-budget">Budget: €480,000.00</p>' in english
    assert "<p>5 Jan 2026 → " in english

    do_update_person(
        world.manager,
        acting_user=world.manager,
        version=world.manager.version,
        changes={"locale": "de-DE"},
    )

    page = _overview(client, world.project, accept_language="en-US")
    assert '<p id="project-budget">Budget: 480.000,00\u00a0€</p>' in page
    assert "<p>05.01.2026 → " in page
    assert "480,000.00" not in page


@pytest.mark.django_db
def test_without_a_profile_locale_the_browser_decides(world) -> None:
    Project.objects.filter(pk=world.project.pk).update(budget=Decimal("480000"), currency="EUR")
    client = Client()
    client.force_login(world.manager)

    page = _overview(client, world.project, accept_language="de-CH, de;q=0.9")

    assert "Budget: EUR\u00a0480’000.00" in page


@pytest.mark.django_db
def test_the_profile_page_saves_the_locale_with_an_audit_row(world) -> None:
    client = Client()
    client.force_login(world.member)
    page = client.get("/me/profile/", headers={"accept-language": "de-DE"}).content.decode()
    assert '<option value="" selected>As my browser asks (now de-DE)</option>' in page
    assert '<option value="de-DE">German (Germany) — Deutsch (Deutschland) (de-DE)</option>' in page
    assert 'name="language"' not in page  # one language shipped: nothing to choose

    done = client.post(
        "/me/profile/",
        {
            "version": world.member.version,
            "display_name": world.member.display_name,
            "job_title": world.member.job_title,
            "email": world.member.email,
            "time_zone": world.member.time_zone,
            "email_notifications": "on" if world.member.email_notifications else "",
            "locale": "de-DE",
        },
    )

    assert done.status_code == 302
    world.member.refresh_from_db()
    assert world.member.locale == "de-DE"
    event = AuditEvent.objects.filter(action="person.updated", object_id=str(world.member.pk)).get()
    assert "locale" in str(event.changes)


@pytest.mark.django_db
def test_an_unknown_locale_is_refused(world) -> None:
    client = Client()
    client.force_login(world.member)
    page = client.post(
        "/me/profile/",
        {
            "version": world.member.version,
            "time_zone": world.member.time_zone,
            "locale": "xx-YY",
        },
    )
    assert page.status_code == 422
    world.member.refresh_from_db()
    assert world.member.locale == ""


MOMENT = dt.datetime(2026, 12, 8, 14, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("locale", "styles", "full", "time", "moment", "day_moment"),
    [
        (
            "en-GB",
            ["Tue 8 Dec", "Tue, 8 Dec 2026", "8 Dec", "Tue", "Tuesday 8 December"],
            "Tuesday, 8 December 2026",
            "14:05",
            "8 Dec 2026, 14:05 UTC",
            "Tue 8 Dec, 14:05",
        ),
        (
            "en-US",
            ["Tue, Dec 8", "Tue, Dec 8, 2026", "Dec 8", "Tue", "Tue, Dec 8"],
            "Tuesday, December 8, 2026",
            "2:05\u202fPM",
            "Dec 8, 2026, 2:05\u202fPM UTC",
            "Tue, Dec 8, 2:05\u202fPM",
        ),
        (
            "de-DE",
            ["Di., 8. Dez.", "Di., 8. Dez. 2026", "8. Dez.", "Di", "Di., 8. Dezember"],
            "Dienstag, 8. Dezember 2026",
            "14:05",
            "08.12.2026, 14:05 UTC",
            "Di., 8. Dez., 14:05",
        ),
    ],
)
def test_day_labels_times_and_zones_follow_the_active_locale(
    settings,
    locale: str,
    styles: list[str],
    full: str,
    time: str,
    moment: str,
    day_moment: str,
) -> None:
    settings.TIME_ZONE = "UTC"
    day = dt.date(2026, 12, 8)
    with l10n.override(locale):
        shown = [l10n.format_date(day, style) for style in ("day", "day_year", "month_day")]
        shown += [l10n.format_date(day, "weekday"), l10n.format_date(day, "long_day")]
        assert shown == styles
        assert l10n.format_date(day, "full") == full
        assert l10n.format_time(MOMENT) == time
        assert l10n.format_datetime(MOMENT, zone=True) == moment
        assert l10n.format_datetime(MOMENT, "day") == day_moment
        assert l10n.format_date(MOMENT, "nonsense") == l10n.format_date(day)


def test_times_are_read_in_the_readers_zone_with_its_name(settings) -> None:
    from django.utils import timezone

    with timezone.override("Europe/Berlin"):
        with l10n.override("de-DE"):
            assert l10n.format_time(MOMENT, zone=True) == "15:05 MEZ"
            assert l10n.format_datetime(MOMENT, "short") == "08.12.26, 15:05"
        with l10n.override("en-GB"):
            assert l10n.format_time(MOMENT, "medium", zone=True) == "15:05:00 CET"


def test_the_filters_take_a_width_a_style_and_the_zone() -> None:
    from django.template import Context, Template

    template = Template(
        '{{ d|local_date:"day" }}|{{ m|local_datetime:"medium zone" }}|{{ m|local_time }}'
        '|{{ m|local_time:"zone" }}|{{ d|local_datetime }}|{{ none|local_date }}'
    )
    with l10n.override("de-DE"):
        text = template.render(Context({"d": dt.date(2027, 1, 22), "m": MOMENT, "none": None}))
    assert text == "Fr., 22. Jan.|08.12.2026, 14:05 UTC|14:05|14:05 UTC|22.01.2027|"


def test_the_filters_keep_a_moment_in_its_own_zone_when_the_template_says_so() -> None:
    from django.template import Context, Template
    from django.utils import timezone

    template = Template(
        '{% load tz %}{{ m|local_time:"zone" }}|{{ m|timezone:"Asia/Tokyo"|local_time:"zone" }}'
        "|{% localtime off %}{{ m|local_datetime }}{% endlocaltime %}"
    )
    with timezone.override("Europe/Berlin"), l10n.override("en-GB"):
        text = template.render(Context({"m": MOMENT}))
    assert text == "15:05 CET|23:05 JST|8 Dec 2026, 14:05"
