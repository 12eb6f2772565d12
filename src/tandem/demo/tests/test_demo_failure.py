"""A demo load that fails part-way leaves no rows and no uploaded files."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from tandem.accounts.models import Organization, User
from tandem.demo import records
from tandem.demo.seed import DEMO_SLUG, load_demo


def test_failed_load_leaves_nothing_behind(
    db: Any, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any
) -> None:
    # given a load that fails after the documents were uploaded
    settings.MEDIA_ROOT = tmp_path

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(records, "create_decision_log", fail)

    # when the demo is loaded
    with pytest.raises(RuntimeError, match="disk full"):
        load_demo()

    # then no row and no uploaded file is left
    assert not Organization.objects.filter(slug=DEMO_SLUG).exists()
    assert not User.objects.filter(Q(username="maria") | Q(username="admin")).exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
