"""Rate changes through the API and the resource page: admins record them, managers read them,
everyone else sees none."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tandem.resources.models import ResourceRate
from tandem.testing.factories_resources import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return make_resource(
        world.admin, "Member", kind="person", user=world.member, standard_rate=Decimal("81.25")
    )


def test_admin_records_a_change_in_the_api_and_managers_read_it(world, api_client, person):
    admin = api_client.as_user(world.admin)
    created = admin.post(
        f"/api/resources/{person.pk}/rates",
        {"effective_from": "2026-03-02", "standard_rate": "97.50"},
    )
    assert created.status_code == 201
    assert (created.json()["effective_from"], created.json()["standard_rate"]) == (
        "2026-03-02",
        "97.50",
    )
    listed = api_client.as_user(world.manager).get(f"/api/resources/{person.pk}/rates")
    assert [(r["effective_from"], r["standard_rate"]) for r in listed.json()] == [
        ("2026-03-02", "97.50")
    ]
    refused = api_client.as_user(world.member).get(f"/api/resources/{person.pk}/rates")
    assert refused.status_code == 403
    assert "97.50" not in refused.content.decode()


def test_a_bad_rate_names_the_field_and_changes_nothing(world, api_client, person):
    admin = api_client.as_user(world.admin)
    negative = admin.post(
        f"/api/resources/{person.pk}/rates", {"effective_from": "2026-03-02", "standard_rate": "-1"}
    )
    no_date = admin.post(f"/api/resources/{person.pk}/rates", {"standard_rate": "10"})
    assert (negative.status_code, no_date.status_code) == (422, 422)
    assert "standard_rate" in negative.content.decode()
    assert "effective_from" in no_date.content.decode()
    assert not ResourceRate.objects.exists()


def test_admin_changes_the_rate_on_the_page_with_feedback(world, person):
    client = Client()
    client.force_login(world.admin)
    url = f"/resources/{person.pk}/"
    done = client.post(
        f"{url}rates/",
        {"rate-effective_from": "2026-03-02", "rate-standard_rate": "97.50"},
        follow=True,
    )
    page = done.content.decode()
    assert "From 2026-03-02 Member costs 97.50 EUR an hour." in page
    assert "97.50 EUR" in page
    again = client.post(
        f"{url}rates/", {"rate-effective_from": "2026-03-02", "rate-standard_rate": "1"}
    )
    assert again.status_code == 422
    assert "already has a rate change on 2026-03-02" in again.content.decode()
    assert ResourceRate.objects.count() == 1


@pytest.mark.parametrize(("role", "visible"), [("manager", True), ("member", False)])
def test_rate_changes_show_only_to_people_who_see_rates(world, person, role, visible):
    ResourceRate.objects.create(
        resource=person, effective_from=dt.date(2026, 3, 2), standard_rate=Decimal("97.50")
    )
    client = Client()
    client.force_login(getattr(world, role))
    page = client.get(f"/resources/{person.pk}/").content.decode()
    assert ("97.50" in page) is visible
    assert ("Rate changes" in page) is visible
    assert "Change the rate" not in page
