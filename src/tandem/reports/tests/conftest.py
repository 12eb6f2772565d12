from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tandem.demo.seed import DEMO_SLUG, load_demo
from tandem.projects.models import Project


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Project]:
    """The demo organization, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield Project.objects.get(organization__slug=DEMO_SLUG, code="ROUTE")
        transaction.set_rollback(True)
