"""Free text in the register and the log is bounded: an oversized field is a 422 naming it."""

from __future__ import annotations

import pytest

from tandem.core.models import LONG_TEXT_LIMIT, AuditEvent
from tandem.risks.models import Issue, Risk
from tandem.testing.factories_risks import make_issue, make_risk

pytestmark = pytest.mark.django_db
TOO_LONG = "x" * (LONG_TEXT_LIMIT + 1)


@pytest.mark.parametrize("field", ["cause", "effect", "response_plan"])
def test_oversized_risk_text_is_422_and_creates_nothing(world, api_client, field):
    audit_before = AuditEvent.objects.count()
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/risks",
        {"title": "Vendor late", "probability": 2, "impact": 2, field: TOO_LONG},
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]
    assert Risk.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_text_at_the_limit_is_accepted(world, api_client):
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/risks",
        {"title": "Vendor late", "probability": 2, "impact": 2, "cause": "x" * LONG_TEXT_LIMIT},
    )
    assert response.status_code == 201


def test_oversized_issue_description_is_422(world, api_client):
    response = api_client.as_user(world.member).post(
        f"/api/projects/{world.project.pk}/issues", {"title": "Down", "description": TOO_LONG}
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["description"]
    assert Issue.objects.count() == 0


def test_oversized_issue_resolution_changes_nothing(world, api_client):
    issue = make_issue(world)
    response = api_client.as_user(world.manager).patch(
        f"/api/issues/{issue.pk}", {"resolution": TOO_LONG}, if_match=issue.version
    )
    assert response.status_code == 422
    issue.refresh_from_db()
    assert (issue.resolution, issue.version) == ("", 1)


def test_oversized_mitigation_description_is_422(world, api_client):
    risk = make_risk(world)
    response = api_client.as_user(world.manager).post(
        f"/api/risks/{risk.pk}/mitigations", {"title": "Plan B", "description": TOO_LONG}
    )
    assert response.status_code == 422
    assert risk.mitigations.count() == 0
