"""A request body over the upload limit is a 413 in the API's error format, and writes nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from tandem.core.models import AuditEvent
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_api_body_over_the_limit_is_413_in_the_error_format(world):
    # given a risk to comment on
    risk = make_risk(world)
    client = Client()
    client.force_login(world.member)
    audit_before = AuditEvent.objects.count()
    # when a comment larger than the request limit is posted
    body = {"target_type": "risks.risk", "target_id": risk.pk, "body": "x" * 20_000}
    response = client.post("/api/comments", data=json.dumps(body), content_type="application/json")
    # then it is a 413 in the one error format and nothing is written
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {
            "code": "payload_too_large",
            "message": "The request body is larger than 10000 bytes.",
            "fields": {"__all__": ["request body too large"]},
        }
    }
    assert AuditEvent.objects.count() == audit_before
