"""People's working hours as stored (ISO weekday -> ``[["09:00", "17:00"], ...]``), read as the
engine's week."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.engine.meetings import MEETING_DEFAULT_WORKING_WEEK, MeetingWeeklyHours

_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


def _minutes(text: Any, who: str) -> int:
    found = _HHMM.match(text) if isinstance(text, str) else None
    if not found:
        raise ValidationFailed(
            _("Working hours of %(who)s hold %(text)r; times look like 09:00.")
            % {"who": who, "text": text},
            fields={
                "required_people": [_("Working hours of %(who)s are not readable.") % {"who": who}]
            },
        )
    return int(found.group(1)) * 60 + int(found.group(2))


def weekly_hours(working_hours: Any, who: str) -> MeetingWeeklyHours:
    """``{"1": [["09:00", "17:00"]], ...}`` (ISO weekday -> spans) as the engine's week,
    Monday first. Missing days have no working time; an empty or missing value means 9 to 5
    on weekdays."""
    if not working_hours:
        return MEETING_DEFAULT_WORKING_WEEK
    if not isinstance(working_hours, dict):
        raise ValidationFailed(_("Working hours of %(who)s are not readable.") % {"who": who})
    week: list[tuple[tuple[int, int], ...]] = []
    for day in range(1, 8):
        spans = working_hours.get(str(day)) or []
        week.append(tuple((_minutes(s[0], who), _minutes(s[1], who)) for s in spans))
    return tuple(week)
