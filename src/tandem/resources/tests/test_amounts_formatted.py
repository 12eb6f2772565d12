"""Amounts read as the reader's locale writes them: thousands grouped, the currency's decimals and
sign (en-GB by default: €480,000.00)."""

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
    assert '<td class="num">€480,000.00</td>' in html
    assert "480000.00" not in html


def test_rates_are_grouped_for_those_who_see_them(world):
    crane = make_resource(world.admin, "Crane", standard_rate=Decimal("1250.5"))
    html = _client(world.admin).get(f"/resources/{crane.pk}/").content.decode()
    assert "Rates: €1,250.50 standard" in html


def test_budget_amounts_follow_the_readers_locale(world):
    do_create_budget_line(
        world.project, acting_user=world.manager, category="labour", amount=Decimal("480000")
    )
    client = _client(world.manager)
    url = f"/projects/{world.project.pk}/budget/"

    german = client.get(url, headers={"accept-language": "de-DE"}).content.decode()
    american = client.get(url, headers={"accept-language": "en-US"}).content.decode()

    assert '<td class="num">480.000,00\u00a0€</td>' in german
    assert "€480,000.00" not in german
    assert '<td class="num">€480,000.00</td>' in american
