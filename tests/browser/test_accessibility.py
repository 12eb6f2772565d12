"""axe-core (vendored, unmodified: tests/browser/vendor) over the main pages of the demo, as the
people who use them: no serious or critical WCAG 2.2 A/AA violation.

The pages run under their real Content-Security-Policy; only the test's own context bypasses it
to inject axe, which the policy would rightly refuse as an inline script.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from tandem.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
DEMO_PASSWORD = "tandem-demo-2026"  # noqa: S105  (the published demo password)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}

PROJECT_PAGES = [
    "",
    "gantt/",
    "plan/",
    "schedule/",
    "team/",
    "budget/",
    "risks/",
    "meetings/",
    "documents/",
    "history/",
]


def _violations(page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        TAGS,
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}"
        for v in result
        if v["impact"] in BLOCKING
    ]


def _signed_in(browser, live_server, username: str, viewport=(1280, 900)):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_main_pages_have_no_serious_accessibility_violations(browser, live_server):
    call_command("load_demo", verbosity=0)
    project = Project.objects.get(code="ROUTE")
    found: dict[str, list[str]] = {}
    for username, urls in [
        ("maria", ["/"] + [f"/projects/{project.pk}/{p}" for p in PROJECT_PAGES]),
        ("sam", ["/", f"/projects/{project.pk}/"]),
    ]:
        context, page = _signed_in(browser, live_server, username)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            problems = _violations(page)
            if problems:
                found[f"{username} {url}"] = problems
        context.close()
    report = "\n".join(f"{where}: {problem}" for where, ps in found.items() for problem in ps)
    assert found == {}, report


PHONE = (390, 844)
PHONE_PAGES = ["/", "/my-work/", "/workload/", "/calendars/", "/notifications/", "/me/profile/"]
# Wide content (tables, the Gantt, the board) scrolls inside its own box; the page itself never
# becomes wider than the phone, or every line of text would need sideways scrolling.
WIDER_THAN_VIEW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      let clipped = false;
      for (let up = el.parentElement; up; up = up.parentElement) {
        if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) {
          clipped = up.getBoundingClientRect().right <= width + 1;
          break;
        }
      }
      if (!clipped) wide.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def test_no_page_is_wider_than_a_phone(browser, live_server):
    call_command("load_demo", verbosity=0)
    project = Project.objects.get(code="ROUTE")
    too_wide: dict[str, object] = {}
    for username, urls in [
        ("maria", PHONE_PAGES + [f"/projects/{project.pk}/{p}" for p in PROJECT_PAGES]),
        ("sam", ["/", f"/projects/{project.pk}/"]),
    ]:
        context, page = _signed_in(browser, live_server, username, viewport=PHONE)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            measured = page.evaluate(WIDER_THAN_VIEW)
            if measured["scroll"] > measured["width"] + 1:
                too_wide[f"{username} {url}"] = measured
        context.close()
    assert too_wide == {}, "\n".join(f"{where}: {found}" for where, found in too_wide.items())
