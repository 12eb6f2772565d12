"""Search in Chromium: a member types a word in the header's search box and finds the decision
whose text holds it, never the one of a project they are not in."""

import pytest
from playwright.sync_api import expect

from tandem.records.actions import do_create_decision
from tandem.testing.factories import make_project, make_world
from tandem.testing.factories_records import make_decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_finds_a_decision_by_a_word_in_its_text(page_for, live_server):
    world = make_world()
    mine = make_decision(world, title="Hosting", decision="We move to the Ocelot cluster in May.")
    other = make_project(world.admin, manager=world.outsider, code="SECRET", name="Secret plan")
    do_create_decision(
        other, acting_user=world.outsider, title="Hidden choice", decision="Ocelot for the secret"
    )
    page = page_for(world.member)
    page.fill("header input[name=q]", "ocelot")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(f"{live_server.url}/search/?q=ocelot")
    hits = page.locator("#results-decision .search-hit")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("Hosting")
    expect(hits.first).to_contain_text("ACME · Acme launch")
    expect(hits.first.locator("mark")).to_have_text("Ocelot")
    expect(page.locator("#search-summary")).to_contain_text("1 result")
    assert "Hidden choice" not in page.content()
    assert "SECRET" not in page.locator("main").inner_text()
    page.click("#results-decision a >> text=Hosting")
    page.wait_for_url(f"{live_server.url}/decisions/{mine.pk}/")
