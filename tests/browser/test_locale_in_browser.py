"""A person picks how numbers and amounts are written on their profile, in Chromium: the project
overview's budget follows at once."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.projects.models import Project
from tandem.testing.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_switches_the_overview_to_german_amounts(page_for, live_server):
    world = make_world()
    Project.objects.filter(pk=world.project.pk).update(budget=Decimal("480000"), currency="EUR")
    page = page_for(world.manager)
    overview = f"{live_server.url}/projects/{world.project.pk}/"
    page.goto(overview)
    expect(page.locator("#project-budget")).to_have_text("Budget: €480,000.00")

    page.goto(f"{live_server.url}/me/profile/")
    choice = page.locator("#id_locale")
    expect(choice.locator("option:checked")).to_have_text("As my browser asks (now en-US)")
    choice.select_option("de-DE")
    page.click("button:text('Save profile')")
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    expect(page.locator("#id_locale option:checked")).to_contain_text("(de-DE)")

    page.goto(overview)
    expect(page.locator("#project-budget")).to_have_text("Budget: 480.000,00\u00a0€")
    assert User.objects.get(pk=world.manager.pk).locale == "de-DE"
