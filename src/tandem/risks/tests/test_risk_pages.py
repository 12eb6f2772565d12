import csv
import io

import pytest
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.core.spreadsheet_cells import neutralize_cell
from tandem.risks.models import Issue, IssueEscalation, MitigationAction, Risk
from tandem.testing.factories_risks import make_issue, make_mitigation, make_risk

pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script>"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_risk_register_sorts_by_score_and_shows_heat_map(world):
    make_risk(world, title="Low", probability=1, impact=2)
    make_risk(world, title="High", probability=5, impact=4)
    resp = _client(world.member).get(f"/projects/{world.project.pk}/risks/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert html.index("High") < html.index("Low")
    assert 'aria-label="Risk heat map: impact by probability"' in html
    assert resp.context["heat"][1][4] == {"probability": 5, "impact": 4, "score": 20, "count": 1}
    resp = _client(world.member).get(f"/projects/{world.project.pk}/risks/?sort=score")
    html = resp.content.decode()
    assert html.index("Low") < html.index("High")
    assert "Add a risk" not in html  # members see no edit controls


def test_unknown_sort_is_422(world):
    resp = _client(world.member).get(f"/projects/{world.project.pk}/risks/?sort=password")
    assert resp.status_code == 422


def test_script_payloads_are_rendered_escaped(world):
    risk = make_risk(world, title=XSS, cause=XSS)
    issue = make_issue(world, title=XSS, description=XSS)
    for url in (
        f"/projects/{world.project.pk}/risks/",
        f"/risks/{risk.pk}/",
        f"/projects/{world.project.pk}/issues/",
        f"/issues/{issue.pk}/",
    ):
        html = _client(world.manager).get(url).content.decode()
        assert XSS not in html, url
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html, url
    assert Risk.objects.get(pk=risk.pk).title == XSS


def test_manager_adds_risk_through_the_page(world):
    resp = _client(world.manager).post(
        f"/projects/{world.project.pk}/risks/",
        {
            "title": "Power cut",
            "probability": "2",
            "impact": "5",
            "schedule_impact_days": "3",
            "cost_impact": "0",
            "response_strategy": "accept",
            "status": "open",
            "owner": str(world.member.pk),
        },
    )
    risk = Risk.objects.get(title="Power cut")
    assert resp.status_code == 302
    assert resp["Location"] == f"/risks/{risk.pk}/"
    assert (risk.score, risk.owner) == (10, world.member)


def test_invalid_risk_form_is_422_and_saves_nothing(world):
    resp = _client(world.manager).post(
        f"/projects/{world.project.pk}/risks/",
        {"title": "Bad", "probability": "9", "impact": "1", "response_strategy": "accept"},
    )
    assert resp.status_code == 422
    assert "probability" in resp.context["form"].errors
    assert not Risk.objects.exists()


def test_member_cannot_post_a_risk(world):
    resp = _client(world.member).post(
        f"/projects/{world.project.pk}/risks/", {"title": "x", "probability": 1, "impact": 1}
    )
    assert resp.status_code == 403
    assert not Risk.objects.exists()


def test_stale_risk_edit_shows_412(world):
    risk = make_risk(world)
    data = {
        "version": "1",
        "title": "Renamed",
        "probability": "3",
        "impact": "4",
        "schedule_impact_days": "0",
        "cost_impact": "0",
        "response_strategy": "mitigate",
        "status": "open",
    }
    client = _client(world.manager)
    assert client.post(f"/risks/{risk.pk}/", data).status_code == 302
    resp = client.post(f"/risks/{risk.pk}/", {**data, "title": "Again"})
    assert resp.status_code == 412
    assert Risk.objects.get(pk=risk.pk).title == "Renamed"


def test_escalate_button_with_htmx_returns_the_block(world):
    issue = make_issue(world)
    resp = _client(world.coordinator).post(
        f"/issues/{issue.pk}/escalate/",
        {"version": "1", "reason": "Blocks the release"},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 200
    assert 'id="escalation"' in resp.content.decode()
    assert "Blocks the release" in resp.content.decode()
    assert Issue.objects.get(pk=issue.pk).escalation_level == "coordinator"
    assert IssueEscalation.objects.get().escalated_by == world.coordinator


def test_member_cannot_escalate_through_the_page(world):
    issue = make_issue(world)
    resp = _client(world.member).post(
        f"/issues/{issue.pk}/escalate/", {"version": "1", "reason": "x"}
    )
    assert resp.status_code == 403
    assert not IssueEscalation.objects.exists()


def test_owner_updates_status_through_the_page(world):
    issue = make_issue(world, owner_id=world.member.pk)
    resp = _client(world.member).post(
        f"/issues/{issue.pk}/", {"version": "1", "status": "resolved", "resolution": "Rebooted"}
    )
    assert resp.status_code == 302
    issue.refresh_from_db()
    assert (issue.status, issue.resolution) == ("resolved", "Rebooted")


def test_member_comments_on_risk_with_htmx(world):
    risk = make_risk(world)
    resp = _client(world.member).post(
        "/comments/add/",
        {"target_type": "risks.risk", "target_id": str(risk.pk), "body": XSS},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert XSS not in html
    assert "&lt;script&gt;" in html
    assert AuditEvent.objects.get(action="comment.created").changes["body"] == [None, XSS]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        (-5, "-5"),
        (None, ""),
    ],
)
def test_formula_payloads_are_neutralised(value, expected):
    assert neutralize_cell(value) == expected


def test_risk_csv_export_neutralises_formulas(world):
    make_risk(world, title="=cmd|' /C calc'!A0", cause="@evil")
    resp = _client(world.member).get(f"/projects/{world.project.pk}/risks/export.csv")
    assert resp.status_code == 200
    assert resp["Content-Type"] == "text/csv; charset=utf-8"
    assert resp["Content-Disposition"] == 'attachment; filename="ACME-risks.csv"'
    rows = list(csv.reader(io.StringIO(resp.content.decode())))
    assert rows[0][:3] == ["id", "title", "cause"]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][2] == "'@evil"


def test_issue_csv_export_neutralises_formulas(world):
    make_issue(world, title="+SUM(1)", description="-x")
    resp = _client(world.coordinator).get(f"/projects/{world.project.pk}/issues/export.csv")
    rows = list(csv.reader(io.StringIO(resp.content.decode())))
    assert rows[1][1:3] == ["'+SUM(1)", "'-x"]


@pytest.mark.parametrize(
    ("role", "status"), [("stakeholder", 403), ("outsider", 404), ("stranger", 404)]
)
def test_exports_follow_the_policy(world, role, status):
    make_risk(world)
    resp = _client(getattr(world, role)).get(f"/projects/{world.project.pk}/risks/export.csv")
    assert resp.status_code == status
    assert b"Vendor late" not in resp.content


def test_manager_moves_a_mitigation_along_from_the_risk_page(world):
    risk = make_risk(world)
    m = make_mitigation(world, risk)
    client = _client(world.manager)
    assert f'action="/mitigations/{m.pk}/"' in client.get(f"/risks/{risk.pk}/").content.decode()
    resp = client.post(
        f"/mitigations/{m.pk}/", {"version": "1", "status": "done", "due_date": "2026-04-01"}
    )
    assert resp.status_code == 302
    m.refresh_from_db()
    assert (m.status, str(m.due_date), m.version) == ("done", "2026-04-01", 2)
    resp = client.post(f"/mitigations/{m.pk}/", {"version": "1", "status": "cancelled"})
    assert resp.status_code == 412
    assert MitigationAction.objects.get(pk=m.pk).status == "done"
    assert client.post(f"/mitigations/{m.pk}/delete/", {"version": "2"}).status_code == 302
    assert not MitigationAction.objects.exists()


def test_bad_mitigation_status_on_the_page_is_422(world):
    risk = make_risk(world)
    m = make_mitigation(world, risk)
    resp = _client(world.manager).post(f"/mitigations/{m.pk}/", {"version": "1", "status": "x"})
    assert resp.status_code == 422
    assert MitigationAction.objects.get(pk=m.pk).status == "planned"
