"""Every date a page shows is written the way the reader's locale writes it (their profile's
``locale``), never in Django's default English ("Jan. 5, 2026") nor a fixed pattern ("5 Jan 2026")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.testing.factories import World
from tandem.testing.factories_meetings import make_meeting
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_risks import make_mitigation, make_risk

# Pages allowed an English "2 Mar 2026" (none: every page writes dates in the reader's locale).
FIXED_ENGLISH_VALUES: set[str] = set()

DJANGO_DEFAULT = re.compile(r"\b(Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec)\. \d{1,2}, \d{4}")


def _pages(world: World) -> dict[str, tuple[User, str]]:
    task = make_task(world.project, "Pour the slab")
    risk = make_risk(world, review_on=dt.date(2027, 1, 22))
    make_mitigation(world, risk, due_date=dt.date(2027, 1, 22))
    meeting = make_meeting(world)
    project = world.project.pk
    return {
        "task": (world.manager, reverse("task-detail", args=[task.pk])),
        "overview": (world.manager, reverse("project-overview", args=[project])),
        "my work": (world.coordinator, reverse("my-work")),
        "meeting": (world.manager, reverse("meeting-detail", args=[meeting.pk])),
        "risks": (world.manager, reverse("risk-list", args=[project])),
        "timesheet": (world.member, reverse("timesheet", args=[project]) + "?week=2027-01-18"),
        "history": (world.manager, reverse("project-audit", args=[project])),
    }


def _read(pages: dict[str, tuple[User, str]], locale: str) -> dict[str, str]:
    User.objects.filter(pk__in=[user.pk for user, _url in pages.values()]).update(locale=locale)
    texts = {}
    for name, (user, url) in pages.items():
        client = Client()
        client.force_login(user)
        response = client.get(url, headers={"accept-language": "en-GB"})
        assert response.status_code == 200, name
        texts[name] = response.content.decode()
    return texts


GERMAN = {
    "task": ["Planned: 05.01.2026 → ", "Actual: not started"],
    "overview": ["<p>05.01.2026 → "],
    "my work": ["Due Fr., 22. Jan. 2027"],
    "meeting": ["Montag, 2. März 2026, 10:00–11:00"],
    "risks": ["22.01.2027"],
    "timesheet": ["Your week: 18. Jan. – 24.01.2027"],
    "history": [],
}

AMERICAN = {
    "task": ["Planned: Jan 5, 2026 → ", "Actual: not started"],
    "overview": ["<p>Jan 5, 2026 → "],
    "my work": ["Due Fri, Jan 22, 2027"],
    "meeting": ["Monday, March 2, 2026, 10:00\u202fAM–11:00\u202fAM"],
    "risks": ["Jan 22, 2027"],
    "timesheet": ["Your week: Jan 18 – Jan 24, 2027"],
    "history": [],
}


@pytest.mark.django_db
def test_key_pages_write_dates_the_german_way_for_a_de_de_reader(world) -> None:
    texts = _read(_pages(world), "de-DE")

    for name, expected in GERMAN.items():
        for fragment in expected:
            assert fragment in texts[name], (name, fragment)
        assert not DJANGO_DEFAULT.search(texts[name]), name
        if name not in FIXED_ENGLISH_VALUES:
            assert not re.search(r"\b\d{1,2} (Jan|Mar|Dec) \d{4}\b", texts[name]), name
    assert re.search(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d", texts["history"])


@pytest.mark.django_db
def test_key_pages_write_dates_the_american_way_for_an_en_us_reader(world) -> None:
    texts = _read(_pages(world), "en-US")

    for name, expected in AMERICAN.items():
        for fragment in expected:
            assert fragment in texts[name], (name, fragment)
        assert not DJANGO_DEFAULT.search(texts[name]), name
        if name not in FIXED_ENGLISH_VALUES:
            assert not re.search(r"\b\d{1,2} (Jan|Mar|Dec) \d{4}\b", texts[name]), name
    assert re.search(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\u202f[AP]M", texts["history"])
