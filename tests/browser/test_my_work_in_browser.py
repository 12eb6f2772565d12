"""Everyday use in Chromium, on a desktop and on a phone (390x844): a member opens My work from
the header (its menu button on a phone) and moves a card on the board, which stays moved after a
reload (a stale card says so and is reloaded); a manager
bulk-edits five tasks of the plan; every save shows a message; a destructive action asks first.
Every page runs under the Content-Security-Policy without a violation."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tandem.planning.actions import do_update_task
from tandem.planning.models import Dependency, Task
from tandem.resources.models import TimeEntry
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_resources import make_time_entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = (1280, 900)
PHONE = (390, 844)
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _open(page_for, user, viewport):
    page = page_for(user, viewport=viewport)
    page.context.add_init_script(COLLECT_VIOLATIONS)
    return page


def _follow(page, menu, name, viewport):
    """Follow a link of the header's menu ("topmenu") or the project's ("projectmenu"): on a
    phone both sit behind a menu button, shut until it is pressed."""
    links = page.locator(f".{menu} a", has_text=name).first
    if viewport == PHONE:
        expect(links).to_be_hidden()
        page.click(f".{menu} > summary")
    links.click()


def _card(page, task):
    return page.locator(f"#card-{task.pk}")


def _column_of(page, task):
    return _card(page, task).evaluate("c => c.closest('.board-column').dataset.status")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_member_opens_my_work_and_moves_a_card_on_the_board(page_for, live_server, world, viewport):
    mine = make_task(
        world.project,
        "Write the spec",
        estimate=2,
        assignee_ids=[world.member.pk],
        deadline=dt.date(2099, 1, 2),
    )
    theirs = make_task(world.project, "Order servers", estimate=1)
    page = _open(page_for, world.member, viewport)

    # My work, from the header
    _follow(page, "topmenu", "My work", viewport)
    page.wait_for_url(f"{live_server.url}/my-work/")
    expect(page.locator("#group-later")).to_contain_text("Write the spec")
    expect(page.locator("main")).not_to_contain_text("Order servers")

    # The board, from the project navigation
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    _follow(page, "projectmenu", "Board", viewport)
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/board/")
    # Only the member's own card moves.
    assert _card(page, mine).get_attribute("draggable") == "true"
    assert _card(page, theirs).get_attribute("draggable") is None
    assert _card(page, theirs).locator("select").count() == 0

    if viewport == DESKTOP:
        _card(page, mine).drag_to(page.locator('.board-column[data-status="in_progress"]'))
    else:
        _card(page, mine).locator("select[data-action=move]").select_option("in_progress")
    expect(page.locator("#board-status")).to_have_text("Moved “Write the spec” to In progress.")
    expect(page.locator("#toasts .toast")).to_contain_text("Moved “Write the spec” to In progress.")
    assert _column_of(page, mine) == "in_progress"
    assert Task.objects.get(pk=mine.pk).status == "in_progress"
    page.reload()
    assert _column_of(page, mine) == "in_progress"

    # Someone else finishes the task meanwhile: the stale card says so and shows it as it is.
    task = Task.objects.get(pk=mine.pk)
    do_update_task(
        task, acting_user=world.manager, version=task.version, changes={"status": "done"}
    )
    done = Task.objects.get(pk=mine.pk)
    _card(page, mine).locator("select[data-action=move]").select_option("blocked")
    expect(page.locator("#board-status")).to_contain_text("was changed by someone else")
    expect(_card(page, mine)).to_have_class("board-card stale")
    assert _column_of(page, mine) == "done"
    assert _card(page, mine).get_attribute("data-version") == str(done.version)
    after = Task.objects.get(pk=mine.pk)
    assert (after.status, after.version) == ("done", done.version)
    assert page.evaluate("window.__csp") == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_manager_bulk_edits_five_tasks(page_for, live_server, world, viewport):
    phase = make_task(world.project, "Phase")
    steps = [make_task(world.project, f"Step {n}", parent=phase, estimate=1) for n in range(1, 6)]
    page = _open(page_for, world.manager, viewport)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/plan/?q=Step")
    expect(page.locator("table.wbs tbody tr")).to_have_count(5)
    page.check("#select-all-tasks")
    expect(page.locator("[data-selected-count]")).to_have_text("5 tasks selected")
    page.select_option("#id_status", "in_progress")
    page.select_option("#id_assignee", label=str(world.member))
    page.fill("#id_priority", "800")
    page.click("button:text('Apply to selected tasks')")
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/plan/?q=Step")
    expect(page.locator(".messages")).to_contain_text(
        "Changed 5 tasks: status In progress, assigned to member, priority 800."
    )
    for task in Task.objects.filter(pk__in=[s.pk for s in steps]):
        assert (task.status, task.priority) == ("in_progress", 800)
        assert list(task.assignments.values_list("person_id", flat=True)) == [world.member.pk]
    assert page.evaluate("window.__csp") == []


def test_destructive_actions_ask_first_and_every_save_says_so(page_for, live_server, world):
    design = make_task(world.project, "Design", estimate=2)
    build = make_task(world.project, "Build", estimate=3)
    link = make_link(design, build)
    entry = make_time_entry(build, world.manager, hours="3")
    page = _open(page_for, world.manager, PHONE)

    # A link's Remove asks; "Keep it" keeps it.
    page.goto(f"{live_server.url}/tasks/{build.pk}/")
    page.click("#dependencies button:text('Remove')")
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Remove the link from “1 Design” to this task?")
    dialog.locator("button:text('Keep it')").click()
    expect(dialog).to_be_hidden()
    assert Dependency.objects.filter(pk=link.pk).exists()
    # Confirmed, it goes (an htmx answer: its message comes as a toast).
    page.click("#dependencies button:text('Remove')")
    dialog.locator("button:text('Remove link')").click()
    expect(page.locator("#dependencies")).to_contain_text("No predecessors.")
    expect(page.locator("#toasts")).to_contain_text("Saved.")
    assert not Dependency.objects.filter(pk=link.pk).exists()

    # A time row's Delete asks too; confirmed, the next page says it is done.
    page.goto(f"{live_server.url}/projects/{world.project.pk}/time/")
    page.click("main table button:text('Delete')")
    expect(dialog).to_contain_text("Delete 3")
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    dialog.locator("button:text('Delete time entry')").click()
    expect(page.locator(".messages")).to_contain_text("Saved.")
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()
    assert page.evaluate("window.__csp") == []
