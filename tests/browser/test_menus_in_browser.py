"""The header and the project menu in Chromium, on a desktop (1280x800) and a phone (390x844):
on the desktop every link shows in a row and the current page is marked; on the phone the header
is one line with search, and both menus open from their buttons, close on Escape, and lead where
their links say. The task page's sections save with a message, and the project's history then
reads in words."""

import re

import pytest
from playwright.sync_api import expect

from tandem.planning.models import Task
from tandem.testing.factories_planning import make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = (1280, 800)
PHONE = (390, 844)
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
GROUPS = ["Plan", "People", "Money & risk", "Records"]


def _tops(locator):
    return {round(box["y"]) for box in locator.evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().toJSON())"
    )}  # fmt: skip


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_header_and_the_project_menu(page_for, live_server, world, viewport):
    page = page_for(world.manager, viewport=viewport)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    header_links = page.locator("nav.topnav a")
    project_menu = page.locator(".projectmenu")
    gantt = project_menu.get_by_role("link", name="Gantt", exact=True)
    expect(page.get_by_role("searchbox")).to_be_visible()
    expect(project_menu.locator(".navgroup-label")).to_have_text(GROUPS)
    expect(project_menu.locator("a[aria-current=page]")).to_have_text("Overview")

    if viewport == DESKTOP:
        expect(page.locator(".topmenu > summary")).to_be_hidden()
        expect(page.locator(".projectmenu > summary")).to_be_hidden()
        expect(header_links).to_have_count(9)
        assert len(_tops(header_links)) == 1, "the header's links share one row"
        expect(page.locator("header a.who")).to_be_visible()
        gantt.click()
    else:
        header = page.locator("header.topbar").bounding_box()
        assert header["height"] < 60, f"the header is one line on a phone, not {header}"
        expect(header_links.first).to_be_hidden()
        page.click("header summary:text('Menu')")
        expect(header_links).to_have_count(9)
        for link in header_links.all():
            expect(link).to_be_visible()
        expect(page.locator("header a.who")).to_be_visible()
        page.keyboard.press("Escape")
        expect(header_links.first).to_be_hidden()
        page.click("header summary:text('Menu')")
        page.click("nav.topnav >> text=Calendars")
        page.wait_for_url(f"{live_server.url}/calendars/")

        page.goto(f"{live_server.url}/projects/{world.project.pk}/")
        expect(gantt).to_be_hidden()
        summary = page.locator(".projectmenu > summary")
        expect(summary).to_have_text("Project menu: Overview")
        summary.click()
        gantt.click()
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/gantt/")
    expect(project_menu.locator("a[aria-current=page]")).to_have_text("Gantt")
    if viewport == PHONE:
        expect(page.locator(".projectmenu > summary")).to_have_text("Project menu: Gantt")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_task_section_saves_with_a_message_and_the_history_reads_in_words(
    page_for, live_server, world, viewport
):
    task = make_task(world.project, "Pour the foundations", estimate=3)
    page = page_for(world.manager, viewport=viewport)
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    section = page.locator("#section-progress")
    section.locator("summary").click()
    section.locator("select[name=status]").select_option("in_progress")
    section.locator("input[name=percent_complete]").fill("40")
    section.locator("button[type=submit]").click()
    expect(page.locator("main .messages")).to_contain_text("Saved")
    saved = Task.objects.get(pk=task.pk)
    assert (saved.status, saved.percent_complete) == ("in_progress", 40)

    page.goto(f"{live_server.url}/projects/{world.project.pk}/history/")
    history = page.locator("main")
    expect(history).to_contain_text("Pour the foundations")
    expect(history).to_contain_text(str(world.manager))
    words = history.inner_text()
    assert "∅" not in words
    assert re.search(r"#\d+", words) is None, words
