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


def test_stakeholder_reads_published_status_update_without_edit_controls(page_for, live_server):
    import datetime as dt

    from tandem.records import actions as records_actions

    world = make_world()
    update = records_actions.do_create_status_update(
        world.project,
        acting_user=world.coordinator,
        period_start=dt.date(2026, 2, 2),
        period_end=dt.date(2026, 2, 6),
        rag="amber",
        summary="Pilot slipping one week",
        achievements="Routing engine live in staging",
        audience="stakeholders",
    )
    records_actions.do_publish_status_update(update, acting_user=world.coordinator, version=1)
    records_actions.do_create_status_update(
        world.project,
        acting_user=world.coordinator,
        period_start=dt.date(2026, 2, 9),
        period_end=dt.date(2026, 2, 13),
        summary="Draft for the team only",
        audience="team",
    )
    page = page_for(world.stakeholder)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/status/")
    body = page.locator("main").inner_text()
    assert "Pilot slipping one week" in body
    assert "Routing engine live in staging" in body
    assert "Draft for the team only" not in body
    # no way to write, publish or edit anything here
    assert page.locator("main form").count() == 0
    assert page.locator("main button").count() == 0
    assert page.locator("main textarea, main input:not([type=hidden])").count() == 0
    # and the overview shows it too, still without edit controls
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    assert "Pilot slipping one week" in page.locator("main").inner_text()
    assert page.locator("main form").count() == 0
