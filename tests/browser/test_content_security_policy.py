"""Every main page of a demo-like project runs under the Content-Security-Policy without a
violation.

The browser reports a refused inline script, style element, eval (htmx's hx-on) or outside
source both as a ``securitypolicyviolation`` event and on the console; both are collected.
"""

import pytest

from tandem.core.middleware import CONTENT_SECURITY_POLICY
from tandem.meetings import actions as meeting_actions
from tandem.meetings.models import Minutes
from tandem.testing.factories import World, make_world
from tandem.testing.factories_goals import make_goal, make_key_result
from tandem.testing.factories_meetings import make_meeting_world
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_records import (
    make_comment,
    make_decision,
    make_document,
    make_status_update,
    make_version,
)
from tandem.testing.factories_risks import make_issue, make_mitigation, make_risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script: CSP does not apply to scripts the browser itself injects.
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _demo_like_world() -> tuple[World, dict[str, str]]:
    """One project with something on every page, like the demo; returns the detail pages."""
    world = make_world()
    design = make_task(world.project, "Design", estimate=5)
    build = make_task(world.project, "Build", estimate=10)
    make_link(design, build)
    make_key_result(make_goal(world.project, "Launch on time", task_ids=[build.pk]))
    risk = make_risk(world)
    make_mitigation(world, risk)
    issue = make_issue(world, title="Vendor API down")
    meeting = make_meeting_world(world).meeting
    document = make_document(world)
    make_version(world, document)
    make_comment(world, document)
    make_decision(world)
    make_status_update(world, publish=True)
    details = {
        "task": f"/tasks/{build.pk}/",
        "risk": f"/risks/{risk.pk}/",
        "issue": f"/issues/{issue.pk}/",
        "meeting": f"/meetings/{meeting.pk}/",
        "document": f"/documents/{document.pk}/",
    }
    return world, details


def _watched_page(page_for, user):
    page = page_for(user)
    page.context.add_init_script(COLLECT_VIOLATIONS)
    problems: list[str] = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "htmx:evalDisallowedError" in text:
            problems.append(f"{page.url}: {text}")

    page.on("console", on_console)
    return page, problems


def _visit(page, url, problems):
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.wait_for_load_state("networkidle")
    problems.extend(f"{url}: {v}" for v in page.evaluate("window.__csp || []"))


def test_main_pages_report_no_csp_violation(page_for, live_server):
    world, details = _demo_like_world()
    page, problems = _watched_page(page_for, world.manager)
    base = live_server.url

    _visit(page, f"{base}/projects/{world.project.pk}/", problems)
    sections = page.eval_on_selector_all(".projectnav a", "links => links.map(a => a.href)")
    assert len(sections) >= 15
    others = ["/", "/notifications/", "/resources/", "/api/docs", "/password/change/"]
    for url in sections + [f"{base}{path}" for path in [*details.values(), *others]]:
        _visit(page, url, problems)

    assert problems == [], "\n".join(problems)


def test_meeting_form_find_time_fills_the_slot_without_inline_handlers(page_for, live_server):
    world = make_world()
    page, problems = _watched_page(page_for, world.coordinator)

    _visit(page, f"{live_server.url}/projects/{world.project.pk}/meetings/new/", problems)
    page.fill("#id_title", "Route review")
    page.click("#find-time")
    slot = page.locator("#find-time-results button.slot").first
    slot.wait_for()
    slot.click()

    assert page.input_value("#id_starts_at") == slot.get_attribute("data-start")
    assert page.input_value("#id_ends_at") == slot.get_attribute("data-end")
    problems.extend(page.evaluate("window.__csp"))
    assert problems == [], "\n".join(problems)


def test_stale_minutes_show_the_refusal_in_place(page_for, live_server):
    # given a meeting with minutes, open in the coordinator's browser
    world = make_world()
    meeting = make_meeting_world(world).meeting
    page, problems = _watched_page(page_for, world.coordinator)
    _visit(page, f"{live_server.url}/meetings/{meeting.pk}/", problems)
    # when someone else rewrites the minutes before the coordinator saves
    minutes = meeting_actions.do_record_minutes(
        meeting, acting_user=world.manager, text="Rewritten", version=meeting.minutes.version
    )
    page.fill("#id_minutes-text", "My version")
    page.click("#save-minutes")
    # then the 412 answer is swapped in (the module, not an hx-on handler, allows it)
    alert = page.locator("#minutes .errors[role=alert]")
    alert.wait_for()
    assert alert.inner_text() == (
        "minutes was changed by someone else (you sent version 1, current is 2); "
        "reload and try again."
    )
    assert Minutes.objects.get(pk=minutes.pk).text == "Rewritten"
    problems.extend(page.evaluate("window.__csp"))
    assert problems == [], "\n".join(problems)
