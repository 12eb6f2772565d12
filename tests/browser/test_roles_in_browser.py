import pytest

from tandem.projects.models import Project
from tandem.testing.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stakeholder_sees_project_but_no_edit_controls(page_for, live_server):
    world = make_world()
    page = page_for(world.stakeholder)
    page.click(f"text={world.project.name}")
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/")
    assert page.locator("h1").inner_text() == "Acme launch"
    assert page.locator("form button.primary").count() == 0
    assert page.locator("select[name=health]").count() == 0


def test_manager_changes_health_in_browser(page_for, live_server):
    world = make_world()
    page = page_for(world.manager)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    page.select_option("select[name=health]", "red")
    page.fill("input[name=health_reason]", "<script>alert(1)</script> vendor late")
    page.click("text=Save")
    page.wait_for_load_state()
    project = Project.objects.get(pk=world.project.pk)
    assert project.health == "red"
    badge = page.locator("span.badge").first
    assert badge.inner_text() == "Red"
    assert "<script>alert(1)</script> vendor late" in page.content().replace("&lt;", "<").replace(
        "&gt;", ">"
    )
    assert page.locator("script:text('alert(1)')").count() == 0
