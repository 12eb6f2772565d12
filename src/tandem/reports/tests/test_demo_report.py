"""A report of the demo project: drafted from its data, read by each role as it may, and as a
PDF that holds the charts and the figures (read back with pypdf)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tandem.accounts.models import User
from tandem.demo.seed import DEMO_SLUG
from tandem.planning.models import Task, TaskStatus
from tandem.projects.models import Project
from tandem.reports.actions import do_draft_report
from tandem.reports.drafting import draft_for
from tandem.reports.pdf import report_pdf
from tandem.reports.presenters import report_charts, report_view
from tandem.risks.models import Risk

pytestmark = pytest.mark.django_db


def _user(username: str) -> User:
    return User.objects.get(username=username, organization__slug=DEMO_SLUG)


def _period(project: Project) -> tuple[dt.date, dt.date]:
    """The last week in which demo tasks were finished."""
    last = (
        Task.objects.filter(project=project, actual_finish__isnull=False)
        .order_by("-actual_finish")
        .values_list("actual_finish", flat=True)
        .first()
    )
    assert last is not None
    return last - dt.timedelta(days=6), last


def _section(content: dict, key: str) -> dict:
    return next(s for s in content["sections"] if s["key"] == key)


def test_draft_names_what_was_finished_starts_next_and_the_figures(demo: Project) -> None:
    # given the demo project and its last week with finished tasks
    start, end = _period(demo)
    finished = list(
        Task.objects.filter(
            project=demo, actual_finish__gte=start, actual_finish__lte=end, children__isnull=True
        ).values_list("name", flat=True)
    )

    # when the manager's draft is made
    draft = draft_for(demo, user=_user("maria"), period_start=start, period_end=end)

    # then the achievements name each finished task, and the tables hold the project's data
    assert finished
    for name in finished:
        assert name in draft.achievements
    milestones = _section(draft.content, "milestones")
    assert (
        len(milestones["rows"])
        == Task.objects.filter(project=demo, is_milestone=True)
        .exclude(status=TaskStatus.CANCELLED)
        .count()
    )
    risks = _section(draft.content, "risks")
    top = Risk.objects.filter(project=demo, status__in=["open", "monitoring"]).order_by("-score")
    assert [r["cells"][0] for r in risks["rows"]] == [r.title for r in top[:5]]
    ev = _section(draft.content, "earned_value")
    assert {r["cells"][0].split(":")[0] for r in ev["rows"]} >= {"BAC", "EV", "CPI", "SPI"}


def test_each_role_reads_what_it_may(demo: Project) -> None:
    start, end = _period(demo)
    report = do_draft_report(
        demo, acting_user=_user("maria"), period_start=start, period_end=end, audience="team"
    )

    def keys(username: str) -> dict[str, list[str]]:
        view = report_view(_user(username), report)
        return {s["key"]: [r[0] for r in s["rows"]] for s in view["sections"]}

    manager, coordinator = keys("maria"), keys("colin")
    # the manager sees the amounts, the coordinator only the indices (as on the EV page)
    assert "BAC: Budget at completion" in manager["earned_value"]
    assert "CPI: Cost performance index (EV / AC)" in coordinator["earned_value"]
    assert not any(r.startswith(("BAC", "AC:", "EV:")) for r in coordinator["earned_value"])
    assert "risks" in coordinator


def test_pdf_of_the_demo_report_holds_charts_and_figures(demo: Project) -> None:
    # given a drafted report of the demo project
    start, end = _period(demo)
    manager = _user("maria")
    report = do_draft_report(demo, acting_user=manager, period_start=start, period_end=end)
    view = report_view(manager, report)
    charts = report_charts(manager, report)

    # when it is made into a PDF
    data = report_pdf(view, charts)

    # then the PDF opens, holds one picture per chart, their titles and the figures
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    assert [c.title for c in charts][:2] == ["Burnup of tasks", "Milestone trend"]
    assert images == len(charts) == 3
    for chart in charts:
        assert chart.title in text
    ev = next(s for s in view["sections"] if s["key"] == "earned_value")
    cpi = next(r for r in ev["rows"] if r[0].startswith("CPI"))
    assert cpi[1] in text
    first_milestone = next(s for s in view["sections"] if s["key"] == "milestones")["rows"][0]
    assert first_milestone[0] in text
    assert view["summary"].split(";")[0] in text.replace("\n", " ")
