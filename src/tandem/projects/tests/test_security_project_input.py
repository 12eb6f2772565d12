"""Project fields other pages compute with are checked when written."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.core.models import LONG_TEXT_LIMIT, AuditEvent
from tandem.projects.models import Project

pytestmark = pytest.mark.django_db


def test_unknown_project_time_zone_is_422_and_changes_nothing(world, api_client):
    # given the project in UTC
    audit_before = AuditEvent.objects.count()
    # when its manager sets a zone that does not exist
    response = api_client.as_user(world.manager).patch(
        f"/api/projects/{world.project.pk}", {"time_zone": "Mars/Olympus"}, if_match=1
    )
    # then the write is refused naming the field, and the project is as it was
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["time_zone"]
    project = Project.objects.get(pk=world.project.pk)
    assert (project.time_zone, project.version) == ("UTC", 1)
    assert AuditEvent.objects.count() == audit_before


def test_new_project_with_unknown_time_zone_is_422(world, api_client):
    response = api_client.as_user(world.admin).post(
        "/api/projects",
        {
            "code": "TZ",
            "name": "Zones",
            "start_date": "2026-01-05",
            "target_date": "2026-02-05",
            "time_zone": "Europe/Atlantis",
        },
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["time_zone"]
    assert not Project.objects.filter(code="TZ").exists()


def test_project_form_refuses_unknown_time_zone(world):
    client = Client()
    client.force_login(world.admin)
    response = client.post(
        "/projects/new/",
        {
            "code": "TZ",
            "name": "Zones",
            "start_date": "2026-01-05",
            "target_date": "2026-02-05",
            "time_zone": "<script>alert(1)</script>",
            "budget": "0",
            "currency": "EUR",
        },
    )
    assert response.status_code == 422
    assert "&lt;script&gt;" in response.content.decode()
    assert not Project.objects.filter(code="TZ").exists()


@pytest.mark.parametrize("field", ["scope", "success_criteria"])
def test_oversized_project_text_is_422_and_changes_nothing(world, api_client, field):
    response = api_client.as_user(world.manager).patch(
        f"/api/projects/{world.project.pk}", {field: "x" * (LONG_TEXT_LIMIT + 1)}, if_match=1
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]
    project = Project.objects.get(pk=world.project.pk)
    assert (getattr(project, field), project.version) == ("", 1)


def test_health_form_with_bad_input_is_422_and_changes_nothing(world):
    client = Client()
    client.force_login(world.manager)
    response = client.post(
        f"/projects/{world.project.pk}/",
        {"version": "1", "health": "purple", "health_reason": "x", "status": "active"},
    )
    assert response.status_code == 422
    assert "purple" in response.content.decode()
    project = Project.objects.get(pk=world.project.pk)
    assert (project.health, project.status, project.version) == ("green", "planning", 1)
