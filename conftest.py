"""Shared test fixtures: where the reference data lives."""

import os
from pathlib import Path

import pytest

_DEFAULT_BENCHDATA = Path(__file__).resolve().parent.parent / "shared" / "benchdata"


def benchdata_dir() -> Path:
    return Path(os.environ.get("TANDEM_BENCHDATA", _DEFAULT_BENCHDATA))


@pytest.fixture(scope="session")
def benchdata() -> Path:
    path = benchdata_dir()
    if not path.is_dir():
        pytest.skip(
            f"reference data not found at {path} (set TANDEM_BENCHDATA to the benchdata folder)"
        )
    return path


@pytest.fixture
def world(db):
    """A project with a manager, coordinator, member, stakeholder, an outsider and a stranger."""
    from tandem.testing.factories import make_world

    return make_world()


@pytest.fixture
def api_client():
    """A Django test client speaking JSON to /api/."""
    from tandem.testing.client import ApiClient

    return ApiClient()
