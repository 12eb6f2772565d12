"""Comments are the team's conversation: a stakeholder reads a shared document, not the talk."""

import pytest
from django.test import Client

from tandem.testing.factories_records import make_comment, make_document

pytestmark = pytest.mark.django_db


def test_stakeholder_sees_shared_document_but_not_its_comments(world, api_client):
    doc = make_document(world, visibility="stakeholders")
    make_comment(world, doc, body="Internal: vendor price is negotiable")
    url = f"/api/comments?target_type=records.document&target_id={doc.pk}"

    team = api_client.as_user(world.member).get(url)
    assert team.status_code == 200
    assert [c["body"] for c in team.json()["items"]] == ["Internal: vendor price is negotiable"]

    stakeholder = api_client.as_user(world.stakeholder).get(url)
    assert stakeholder.status_code == 200
    assert stakeholder.json()["items"] == []

    client = Client()
    client.force_login(world.stakeholder)
    page = client.get(f"/documents/{doc.pk}/")
    assert page.status_code == 200
    assert "vendor price" not in page.content.decode()
