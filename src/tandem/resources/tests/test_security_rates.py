"""Cost rates: organization admins and project managers read them; everyone else sees none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from tandem.resources.policies import can_see_rates
from tandem.testing.factories import make_user
from tandem.testing.factories_resources import make_resource

pytestmark = pytest.mark.django_db

RATES = ("standard_rate", "overtime_rate", "cost_per_use")
ROLES_SEEING = [
    ("admin", True),
    ("manager", True),
    ("coordinator", False),
    ("member", False),
    ("stakeholder", False),
    ("outsider", False),
]


@pytest.fixture
def crane(world):
    return make_resource(
        world.admin,
        "Crane",
        standard_rate=Decimal("87.50"),
        overtime_rate=Decimal("131.25"),
        cost_per_use=Decimal("412.00"),
    )


@pytest.mark.parametrize(("role", "visible"), ROLES_SEEING)
def test_resource_rates_in_the_api_follow_the_rates_rule(world, api_client, crane, role, visible):
    client = api_client.as_user(getattr(world, role))
    listed = client.get("/api/resources")
    detail = client.get(f"/api/resources/{crane.pk}")
    assert listed.status_code == 200
    assert detail.status_code == 200
    expected = ["87.50", "131.25", "412.00"] if visible else [None, None, None]
    assert [listed.json()["items"][0][k] for k in RATES] == expected
    assert [detail.json()[k] for k in RATES] == expected
    assert detail.json()["max_units"] == "100.00"


@pytest.mark.parametrize(("role", "visible"), ROLES_SEEING)
def test_resource_rates_on_the_pages_follow_the_same_rule(world, crane, role, visible):
    user = getattr(world, role)
    client = Client()
    client.force_login(user)
    listing = client.get("/resources/").content.decode()
    detail = client.get(f"/resources/{crane.pk}/").content.decode()
    for page in (listing, detail):
        assert ("87.50" in page) is visible
        assert ("131.25" in page) is visible
        assert ("412.00" in page) is visible
    assert can_see_rates(user) is visible


def test_a_manager_of_another_organization_does_not_make_anyone_see_rates(world, crane):
    # the stranger is an admin elsewhere: they see no resource of this organization at all
    assert can_see_rates(world.stranger) is True
    client = Client()
    client.force_login(world.stranger)
    assert client.get(f"/api/resources/{crane.pk}").status_code == 404
    # and a plain person of the organization without any project sees no rates
    nobody = make_user(world.org, "nobody")
    assert can_see_rates(nobody) is False
