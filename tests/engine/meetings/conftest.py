"""Shared helpers for the meeting-slot finder tests."""

from datetime import UTC, datetime

import pytest

T0 = datetime(2024, 3, 4, tzinfo=UTC)  # a Monday


@pytest.fixture
def ical_dir(benchdata):
    path = benchdata / "ical"
    if not path.is_dir():
        pytest.skip(f"iCalendar reference files not found at {path}")
    return path
