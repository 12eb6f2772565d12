"""Meeting-slot finder and calendar interchange.

Participants (zone, working hours, days off, busy time from Tandem meetings, focus blocks and
.ics calendars) go in; ranked slots, or blockers and verified relaxations, come out
(:func:`find_meeting_slots`). iCalendar in: :func:`read_ics_busy`, :func:`read_busy_calendars`;
out: VEVENT, iTIP REQUEST/CANCEL and feeds (:mod:`tandem.engine.meetings.ical_write`).
"""

from . import errors, finder, ical_read, ical_write, model
from .errors import *  # noqa: F403
from .finder import *  # noqa: F403
from .ical_read import *  # noqa: F403
from .ical_write import *  # noqa: F403
from .model import *  # noqa: F403

__all__: list[str] = [
    *errors.__all__,
    *model.__all__,
    *finder.__all__,
    *ical_read.__all__,
    *ical_write.__all__,
]
