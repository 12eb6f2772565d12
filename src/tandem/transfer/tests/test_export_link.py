"""The project overview links to the project's Export page, for everyone in the project."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["stakeholder", "member", "manager"])
def test_the_overview_links_to_the_export_page(world, role):
    client = Client()
    client.force_login(getattr(world, role))
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert f'href="/projects/{world.project.pk}/export/" id="project-export-link"' in page
