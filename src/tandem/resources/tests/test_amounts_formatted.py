"""Amounts read as people write them: thousands grouped, two decimals, the currency after."""

from decimal import Decimal

from django.test import Client

from tandem.resources.actions import do_create_budget_line
from tandem.testing.factories_resources import make_resource


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_budget_amounts_are_grouped(world):
    do_create_budget_line(
        world.project, acting_user=world.manager, category="labour", amount=Decimal("480000")
    )
    html = _client(world.manager).get(f"/projects/{world.project.pk}/budget/").content.decode()
    assert "480,000.00 EUR" in html
    assert "480000.00" not in html


def test_rates_are_grouped_for_those_who_see_them(world):
    crane = make_resource(world.admin, "Crane", standard_rate=Decimal("1250.5"))
    html = _client(world.admin).get(f"/resources/{crane.pk}/").content.decode()
    assert "1,250.50 standard" in html
