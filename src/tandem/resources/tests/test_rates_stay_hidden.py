"""A person's cost rates (and their changes) reach nobody but organization admins and project
managers: not on the team, budget, resources, baseline or earned value pages, not in the API,
not in the plan's export files."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.test import Client

from tandem.planning.baseline_actions import do_save_baseline
from tandem.resources.actions import do_add_rate_change
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource, make_time_entry

pytestmark = pytest.mark.django_db

# Rates nobody would see by chance: 87.65 an hour, then 91.23 from 2 March 2026.
RATES = ("87.65", "91.23")


@pytest.fixture
def staffed(world):
    person = make_resource(
        world.admin, "Member", kind="person", user=world.member, standard_rate=Decimal("87.65")
    )
    do_add_rate_change(
        person,
        acting_user=world.admin,
        effective_from=dt.date(2026, 3, 2),
        standard_rate=Decimal("91.23"),
    )
    task = make_task(world.project, "Build", estimate=3, assignee_ids=[world.member.pk])
    make_time_entry(task, world.member, hours="1", date=dt.date(2026, 1, 5))
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    return person, baseline


def _texts(world, user, person, baseline):
    client = Client()
    client.force_login(user)
    p = world.project.pk
    urls = [
        f"/projects/{p}/team/",
        f"/projects/{p}/budget/",
        f"/projects/{p}/earned-value/?status_date=2026-01-06",
        f"/api/projects/{p}/earned-value?status_date=2026-01-06",
        f"/baselines/{baseline.pk}/",
        "/resources/",
        f"/resources/{person.pk}/",
        "/api/resources",
        f"/api/resources/{person.pk}",
        f"/api/resources/{person.pk}/rates",
        f"/projects/{p}/earned-value/export.csv?status_date=2026-01-06",
        *(f"/api/projects/{p}/export?format={f}" for f in ("mspdi", "csv", "xlsx", "ics")),
    ]
    found = {}
    for url in urls:
        response = client.get(url)
        body = response.content
        if body.startswith(b"PK"):  # an Excel workbook: read its XML parts
            with zipfile.ZipFile(io.BytesIO(body)) as book:
                body = b"".join(book.read(name) for name in book.namelist())
        found[url] = (response.status_code, body.decode(errors="replace"))
    return found


@pytest.mark.parametrize("role", ["member", "coordinator", "stakeholder"])
def test_people_who_do_not_manage_see_no_rate_anywhere(world, staffed, role):
    person, baseline = staffed
    leaks = [
        f"{url} ({status})"
        for url, (status, text) in _texts(world, getattr(world, role), person, baseline).items()
        for rate in RATES
        if rate in text
    ]
    assert leaks == []


def test_the_manager_sees_the_rates_where_they_are_shown(world, staffed):
    person, baseline = staffed
    texts = _texts(world, world.manager, person, baseline)
    assert "87.65" in texts[f"/resources/{person.pk}/"][1]
    assert "91.23" in texts[f"/api/resources/{person.pk}/rates"][1]
