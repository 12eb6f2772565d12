"""Risks and issues in real headless Chromium on a phone-sized screen: the manager scores a risk
and sees it on the heat map; the coordinator escalates an issue and comments with htmx (no page
reload), and a script payload stays text."""

import pytest

from tandem.records.models import Comment
from tandem.risks.models import Issue, IssueEscalation, Risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS = "<script>window.pwned=1</script>"


@pytest.fixture
def browser_as(page_for):
    """Pages on a phone-sized screen, signed in as the given person."""
    return lambda user: page_for(user, viewport=(390, 844))


def test_manager_adds_risk_and_heat_map_counts_it(browser_as, live_server):
    from tandem.testing.factories import make_world

    world = make_world()
    page = browser_as(world.manager)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/risks/")
    page.fill("#id_title", XSS)
    page.fill("#id_probability", "5")
    page.fill("#id_impact", "4")
    page.select_option("#id_response_strategy", "mitigate")
    page.click("text=Add risk")
    risk = Risk.objects.get()
    page.wait_for_url(f"{live_server.url}/risks/{risk.pk}/")
    assert page.locator("h1").inner_text() == XSS
    assert page.evaluate("window.pwned") is None
    page.goto(f"{live_server.url}/projects/{world.project.pk}/risks/")
    cell = page.locator("table.heat tr").nth(1).locator("td").nth(4)
    assert cell.inner_text() == "1"
    assert cell.get_attribute("title") == "probability 5, impact 4"


def test_coordinator_escalates_and_comments_without_reload(browser_as, live_server):
    from tandem.testing.factories import make_world
    from tandem.testing.factories_risks import make_issue

    world = make_world()
    issue = make_issue(world)
    page = browser_as(world.coordinator)
    page.goto(f"{live_server.url}/issues/{issue.pk}/")
    page.evaluate("window.marker = 'same page'")
    page.fill("#escalation textarea[name=reason]", "Supplier silent for a week")
    page.click("#escalation button:text('Escalate')")
    page.wait_for_selector("#escalation li:has-text('Supplier silent for a week')")
    assert Issue.objects.get(pk=issue.pk).escalation_level == "coordinator"
    assert IssueEscalation.objects.count() == 1
    dom_id = f"#comments-risks-issue-{issue.pk}"
    page.fill(f"{dom_id} textarea[name=body]", XSS)
    page.click(f"{dom_id} button:text('Comment')")
    page.wait_for_selector(f"{dom_id} article.comment")
    assert page.evaluate("window.marker") == "same page"
    assert page.evaluate("window.pwned") is None
    assert XSS in page.locator(f"{dom_id} article.comment").inner_text()
    assert Comment.objects.get().body == XSS
