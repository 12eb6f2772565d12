import datetime as dt

import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.resources.actions import do_create_calendar
from tandem.resources.models import WorkCalendar


def test_admin_creates_calendar_with_holidays(world):
    cal = do_create_calendar(
        acting_user=world.admin,
        name="FR",
        working_hours={"1": [["09:00", "12:00"], ["13:00", "17:00"]]},
        holidays=[dt.date(2026, 5, 1), dt.date(2026, 5, 1), dt.date(2026, 7, 14)],
    )
    assert list(cal.exceptions.values_list("start", "end", "name")) == [
        (dt.date(2026, 5, 1), dt.date(2026, 5, 1), "Holiday"),
        (dt.date(2026, 7, 14), dt.date(2026, 7, 14), "Holiday"),
    ]


@pytest.mark.parametrize(
    "hours",
    [{"8": [["09:00", "17:00"]]}, {"1": [["17:00", "09:00"]]}, {"1": [["9am", "5pm"]]}, []],
)
def test_bad_working_hours_refused(world, hours):
    with pytest.raises(ValidationFailed, match="(?i)working hours"):
        do_create_calendar(acting_user=world.admin, name="Bad", working_hours=hours)
    assert not WorkCalendar.objects.exists()


def test_manager_cannot_create_calendar(world):
    with pytest.raises(Forbidden):
        do_create_calendar(acting_user=world.manager, name="X", working_hours={})
