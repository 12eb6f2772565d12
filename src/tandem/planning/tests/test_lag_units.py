"""Link lags in working days, elapsed days and percent of the predecessor.

The world's project starts Monday 2026-01-05 on Monday-Friday 09:00-17:00. A (3 days) runs
Jan 5-7 and finishes Wednesday 17:00. B (1 day) follows it finish-to-start with a lag of:
- 3 working days: Thursday, Friday, Monday, so B starts Tuesday Jan 13;
- 3 elapsed days: Saturday 17:00, so B starts at the next working time, Monday Jan 12;
- 50 percent of A (1.5 days = 12 working hours): Friday 13:00, so B starts Friday Jan 9.
"""

import pytest

from tandem.planning.models import Task
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lag", "unit", "start"),
    [("3", "days", "2026-01-13"), ("3", "edays", "2026-01-12"), ("50", "percent", "2026-01-09")],
)
def test_lag_units_move_the_successor(world, api_client, lag, unit, start):
    a = make_task(world.project, "A", estimate=3)
    b = make_task(world.project, "B", estimate=1)
    api_client.as_user(world.manager)

    response = api_client.post(
        f"/api/projects/{world.project.pk}/dependencies",
        {"predecessor_id": a.pk, "successor_id": b.pk, "type": "FS", "lag": lag, "lag_unit": unit},
    )

    assert response.status_code == 201, response.json()
    assert response.json()["lag_unit"] == unit
    assert str(Task.objects.get(pk=b.pk).start_date) == start


def test_an_unknown_lag_unit_is_refused_and_changes_nothing(world, api_client):
    a = make_task(world.project, "A", estimate=3)
    b = make_task(world.project, "B", estimate=1)
    api_client.as_user(world.manager)

    response = api_client.post(
        f"/api/projects/{world.project.pk}/dependencies",
        {"predecessor_id": a.pk, "successor_id": b.pk, "lag": "3", "lag_unit": "fortnights"},
    )

    assert response.status_code == 422
    assert not b.predecessor_links.exists()
