"""The static scripts' texts in the reader's language, in Chromium. A pseudo-language ``xx`` is
added by a catalog built for the test (each text in brackets); a manager who chose it reads the
Gantt's column heads, task dialog and bar labels, the board's status line and the plan's
selection count as the scripts' catalog (/jsi18n/) gives them. A member who did not choose it
reads the same pages in English."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tandem.accounts.actions import do_update_person
from tandem.testing.factories_planning import make_task
from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT_TEXTS = {
    "Task": "[Ŧåšķ]",
    "Predecessors": "[Ƥŗêđêçêššøŗš]",
    "%(wbs)s %(task)s, %(start)s to %(finish)s": "[%(task)s: %(start)s → %(finish)s]",
    "Moved “%(task)s” to %(column)s.": "[Ṁøṽêđ “%(task)s” → %(column)s]",
    "No task selected": "[Ñø ţåšķ šêļêçţêđ]",
}


@pytest.fixture
def manager_reads_xx(tmp_path: Path, world):
    with pseudo_language(tmp_path, {}, SCRIPT_TEXTS):
        do_update_person(
            world.manager,
            acting_user=world.manager,
            version=world.manager.version,
            changes={"language": "xx"},
        )
        yield world


def test_the_gantt_speaks_the_managers_language(page_for, live_server, manager_reads_xx):
    world = manager_reads_xx
    task = make_task(world.project, "Alpha work", estimate=3)
    gantt = f"{live_server.url}/projects/{world.project.pk}/gantt/"

    page = page_for(world.manager)
    page.goto(gantt)
    bar = page.locator(f'.g-bar[data-id="{task.pk}"]')
    bar.wait_for()

    heads = page.locator(".g-lhead")
    expect(heads).to_contain_text("[Ŧåšķ]")
    expect(heads).not_to_contain_text("Task")
    # The pseudo-language's own order and words, with the task's name and dates filled in.
    expect(bar).to_have_attribute("aria-label", re.compile(r"^\[Alpha work: \S.* → \S.*\]$"))
    bar.dblclick()
    expect(page.locator("dialog[open] h3")).to_have_text("[Ƥŗêđêçêššøŗš]")

    english = page_for(world.member)
    english.goto(gantt)
    english.locator(".g-bar").first.wait_for()
    expect(english.locator(".g-lhead")).to_contain_text("Task")
    expect(english.locator(".g-lhead")).not_to_contain_text("[Ŧåšķ]")


def test_the_board_and_the_plan_speak_the_managers_language(
    page_for, live_server, manager_reads_xx
):
    world = manager_reads_xx
    task = make_task(world.project, "Write the spec", estimate=2)

    page = page_for(world.manager)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/board/")
    page.locator(f"#card-{task.pk} select[data-action=move]").select_option("in_progress")

    expect(page.locator("#board-status")).to_have_text("[Ṁøṽêđ “Write the spec” → In progress]")

    page.goto(f"{live_server.url}/projects/{world.project.pk}/plan/")
    expect(page.locator("[data-selected-count]")).to_have_text("[Ñø ţåšķ šêļêçţêđ]")
