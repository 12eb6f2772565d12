import pytest

from tandem.testing.factories_meetings import make_meeting, make_meeting_world


@pytest.fixture
def meeting(world):
    """A one-hour meeting on 2 March 2026 at 10:00 Paris time, member invited."""
    return make_meeting(world)


@pytest.fixture
def mw(world):
    return make_meeting_world(world)


@pytest.fixture
def as_coordinator(api_client, world):
    return api_client.as_user(world.coordinator)
