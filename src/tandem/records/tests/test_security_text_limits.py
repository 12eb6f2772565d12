"""Free text in records and comments is bounded: an oversized field is a 422 naming it."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.core.models import LONG_TEXT_LIMIT, AuditEvent
from tandem.records.models import Comment, Decision, Document, StatusUpdate
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db
TOO_LONG = "x" * (LONG_TEXT_LIMIT + 1)


def test_oversized_comment_is_422_and_writes_nothing(world, api_client):
    risk = make_risk(world)
    audit_before = AuditEvent.objects.count()
    response = api_client.as_user(world.member).post(
        "/api/comments", {"target_type": "risks.risk", "target_id": risk.pk, "body": TOO_LONG}
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["body"]
    assert Comment.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_oversized_comment_from_the_page_is_refused(world):
    risk = make_risk(world)
    client = Client()
    client.force_login(world.member)
    response = client.post(
        "/comments/add/", {"target_type": "risks.risk", "target_id": risk.pk, "body": TOO_LONG}
    )
    assert response.status_code == 422
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("field", ["context", "decision", "alternatives"])
def test_oversized_decision_text_is_422(world, api_client, field):
    response = api_client.as_user(world.coordinator).post(
        f"/api/projects/{world.project.pk}/decisions", {"title": "Use PostgreSQL", field: TOO_LONG}
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("field", ["summary", "achievements", "next_steps", "blockers"])
def test_oversized_status_text_is_422(world, api_client, field):
    body = {"period_start": "2026-02-02", "period_end": "2026-02-13", "summary": "On track"}
    body[field] = TOO_LONG
    response = api_client.as_user(world.coordinator).post(
        f"/api/projects/{world.project.pk}/status-updates", body
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]
    assert StatusUpdate.objects.count() == 0


def test_oversized_document_description_is_422(world, api_client):
    response = api_client.as_user(world.member).post(
        f"/api/projects/{world.project.pk}/documents", {"title": "Charter", "description": TOO_LONG}
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["description"]
    assert Document.objects.count() == 0
