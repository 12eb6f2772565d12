"""Webhooks and the portfolio in Chromium: the manager adds a hook from the project's navigation,
copies its secret (shown once), sends a test event to a receiver on 127.0.0.1 (a test-only
setting admits it) and reads the delivery log; then opens the portfolio from the header."""

import json
import time

import pytest
from playwright.sync_api import expect

from tandem.integrations.models import Webhook
from tandem.integrations.signing import SIGNATURE_HEADER, verify
from tandem.integrations.tests.receiver import receiver
from tandem.testing.factories import make_world
from tandem.testing.factories_planning import make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_adds_a_hook_tests_it_and_opens_the_portfolio(page_for, live_server, settings):
    settings.TANDEM_SAFE_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    world = make_world()
    make_task(world.project, "Launch", is_milestone=True)
    page = page_for(world.manager)
    with receiver([200]) as inbox:
        page.goto(f"{live_server.url}/projects/{world.project.pk}/")
        page.click("nav.projectnav >> text=Webhooks")
        page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/webhooks/")
        page.fill("#id_name", "Team chat")
        page.fill("#id_url", inbox.url())
        page.check("input[name=events][value=milestone]")
        page.check("input[name=events][value=alert]")
        page.click("button:text('Add webhook')")

        secret = page.locator("#webhook-secret").inner_text()
        hook = Webhook.objects.get()
        assert secret == hook.secret
        assert hook.events == ["milestone", "alert"]

        page.click("button:text('Send a test event')")
        expect(page.locator(".messages")).to_contain_text("Test event sent: delivered")
        # The secret was shown once: not on the page after the redirect.
        assert secret not in page.content()
        row = page.locator("#delivery-log tbody tr").first
        expect(row).to_contain_text("webhook.test")
        expect(row).to_contain_text("Delivered")
        expect(row).to_contain_text("200")
        expect(row).to_contain_text(" ms")

        [got] = inbox.received
        assert verify(secret, got.headers[SIGNATURE_HEADER], got.body, now=int(time.time()))
        assert json.loads(got.body)["object"]["name"] == "Team chat"

    page.click("nav.topnav >> text=Portfolio")
    page.wait_for_url(f"{live_server.url}/portfolio/")
    line = page.locator("#portfolio-projects tbody tr").first
    expect(line).to_contain_text("ACME Acme launch")
    expect(line).to_contain_text("Launch")
    expect(page.locator("#portfolio-projects thead")).to_contain_text("SPI")
