"""The earned value page and its CSV: figures, S-curve with its table, summary tasks; amounts
only for people who see cost rates; clear messages for bad choices and a missing baseline."""

import csv
import io

import pytest
from django.test import Client

from tandem.planning.actions import do_update_task
from tandem.planning.models import Task

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _page(world, query="?status_date=2026-01-07"):
    return f"/projects/{world.project.pk}/earned-value/{query}"


def _csv(world, query="?status_date=2026-01-07"):
    return f"/projects/{world.project.pk}/earned-value/export.csv{query}"


def test_the_manager_sees_figures_s_curve_table_and_summaries(world, plan):
    page = _client(world.manager).get(_page(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg role="img"' in html
    assert "Show as table" in html
    # the chart's table: PV, AC per working day, EV at the status date
    assert '<th scope="row">2026-01-07</th><td>1,200.00</td><td>1,030.00</td><td>1,200.00</td>' in (
        html.replace("\n", "")
    )
    assert 'data-key="cpi"' in html
    assert "1.165" in html  # CPI = 1200 / 1030
    assert 'id="ev-summaries"' in html
    assert "Phase" in html
    assert "export.csv?status_date=2026-01-07" in html


def test_a_member_sees_indices_and_the_curve_in_percent_but_no_amounts(world, plan):
    client = _client(world.member)
    html = client.get(_page(world)).content.decode()
    assert "Amounts are not shown" in html
    assert 'data-key="cpi"' in html
    assert 'data-key="ac"' not in html
    for amount in ("1,200.00", "1,030.00", "2,400.00", "50.00", "60.00"):
        assert amount not in html
    assert "% of budget" in html
    assert "Download CSV" not in html
    assert client.get(_csv(world)).status_code == 403


def test_a_stakeholder_gets_no_page_and_no_file(world, plan):
    client = _client(world.stakeholder)
    assert client.get(_page(world)).status_code == 403
    assert client.get(_csv(world)).status_code == 403


def test_a_bad_status_date_is_named_on_the_form(world, plan):
    page = _client(world.manager).get(_page(world, "?status_date=2026-13-01"))
    assert page.status_code == 422
    assert "Enter a valid date." in page.content.decode()


def test_without_a_baseline_the_page_says_how_to_get_one(world):
    html = _client(world.manager).get(_page(world, "")).content.decode()
    assert "has none yet" in html
    assert "Save one on the" in html


def test_the_csv_holds_every_figure_and_neutralises_formulas(world, plan):
    _, phase, *_ = plan
    phase = Task.objects.get(pk=phase.pk)
    do_update_task(
        phase,
        acting_user=world.manager,
        version=phase.version,
        changes={"name": '=HYPERLINK("http://evil.example","Phase")'},
    )
    response = _client(world.manager).get(_csv(world, "?status_date=2026-01-02"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ACME-earned-value-2026-01-02.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["name"] for r in rows] == [
        "Acme launch",
        '\'=HYPERLINK("http://evil.example","Phase")',
    ]
    project = rows[0]
    assert (project["bac"], project["pv"], project["ac"], project["cpi"]) == (
        "2400.0",
        "0.0",
        "0.0",
        "",
    )
    assert "CPI undefined: AC is zero" in project["undefined"]


@pytest.mark.parametrize(
    ("role", "listed"), [("manager", True), ("member", True), ("stakeholder", False)]
)
def test_the_project_navigation_links_the_page_for_the_budget_readers(world, role, listed):
    html = _client(getattr(world, role)).get(f"/projects/{world.project.pk}/").content.decode()
    link = f'<a href="/projects/{world.project.pk}/earned-value/">Earned value</a>'
    assert (link in html) is listed
