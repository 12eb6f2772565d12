"""NUL characters and oversized search terms are a 422, the same on SQLite and PostgreSQL.

PostgreSQL cannot store or compare text holding NUL: unchecked, such input was a 500 there.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.records.models import Comment
from tandem.risks.models import Issue
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db


def test_nul_in_a_written_field_is_422_and_writes_nothing(world, api_client):
    audit_before = AuditEvent.objects.count()
    response = api_client.as_user(world.member).post(
        f"/api/projects/{world.project.pk}/issues", {"title": "Build\x00server"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"title": ["Null characters are not allowed."]}
    assert Issue.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_nul_in_a_comment_from_the_page_is_refused(world):
    risk = make_risk(world)
    client = Client()
    client.force_login(world.member)
    response = client.post(
        "/comments/add/", {"target_type": "risks.risk", "target_id": risk.pk, "body": "a\x00b"}
    )
    assert response.status_code == 422
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "/api/projects/{pid}/risks?q=a%00b",
        "/api/projects/{pid}/audit?object_type=risks.risk%00&object_id=1",
        "/api/projects?q=%00",
    ],
)
def test_nul_in_an_api_filter_is_422_in_the_error_format(world, api_client, url):
    response = api_client.as_user(world.manager).get(url.format(pid=world.project.pk))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_failed"


@pytest.mark.parametrize("url", ["/?q=a%00b", "/projects/{pid}/history/risks.risk%00/1/"])
def test_nul_in_a_page_address_is_422(world, url):
    client = Client()
    client.force_login(world.manager)
    response = client.get(url.format(pid=world.project.pk))
    assert response.status_code == 422
    assert "null character" in response.content.decode()


def test_oversized_search_term_is_422_naming_it(world, api_client):
    url = f"/api/projects/{world.project.pk}/risks?q=" + "a" * 60_000
    response = api_client.as_user(world.manager).get(url)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"q": ["at most 2000 characters"]}


def test_search_term_at_the_limit_is_served(world, api_client):
    url = f"/api/projects/{world.project.pk}/risks?q=" + "a" * 2000
    response = api_client.as_user(world.manager).get(url)
    assert response.status_code == 200
