"""Edit forms of records need the version they were rendered with: 428 without, 412 stale."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.records.models import Decision, Document
from tandem.testing.factories_records import make_decision, make_document

pytestmark = pytest.mark.django_db


def _lead(world):
    client = Client()
    client.force_login(world.coordinator)
    return client


def test_document_form_without_version_is_428_and_changes_nothing(world):
    # given a document at version 1
    doc = make_document(world)
    audit_before = AuditEvent.objects.count()
    # when a lead posts the edit form without its version
    response = _lead(world).post(
        f"/documents/{doc.pk}/", {"title": "Renamed", "category": "plan", "visibility": "team"}
    )
    # then the edit is refused as a missing precondition, not applied and not audited
    assert response.status_code == 428
    doc = Document.objects.get(pk=doc.pk)
    assert (doc.title, doc.version) == ("Project charter", 1)
    assert AuditEvent.objects.count() == audit_before


def test_document_form_with_stale_version_is_412(world):
    doc = make_document(world)
    response = _lead(world).post(
        f"/documents/{doc.pk}/",
        {"title": "Renamed", "category": "plan", "visibility": "team", "version": "7"},
    )
    assert response.status_code == 412
    assert Document.objects.get(pk=doc.pk).title == "Project charter"


def test_decision_form_without_version_is_428_and_changes_nothing(world):
    decision = make_decision(world)
    audit_before = AuditEvent.objects.count()
    response = _lead(world).post(
        f"/decisions/{decision.pk}/", {"title": "Use SQLite", "status": "proposed"}
    )
    assert response.status_code == 428
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.title, decision.version) == ("Use PostgreSQL", 1)
    assert AuditEvent.objects.count() == audit_before
