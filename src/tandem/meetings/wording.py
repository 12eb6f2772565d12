"""The slot finder's findings in the reader's language.

The engine says why no slot exists with a stable ``code`` and the values behind it (ids of people
and rooms, the meeting's length); these functions turn them into a sentence with names. A code
this module does not know keeps the engine's English message, its ids replaced by names.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.engine.meetings import MeetingBlocker

Namer = Callable[[str], str]

_PERSON_BLOCKERS = {
    "participant_busy": gettext_lazy(
        "%(person)s is busy at every possible start of a %(minutes)s-minute meeting."
    ),
    "participant_outside_times_of_day": gettext_lazy(
        "%(person)s has no working time within the allowed times of day for a "
        "%(minutes)s-minute meeting."
    ),
    "participant_no_working_time": gettext_lazy(
        "%(person)s has no working time long enough for a %(minutes)s-minute meeting "
        "(working hours, days off)."
    ),
}


def blocker_message(blocker: MeetingBlocker, name: Namer, fallback: Callable[[str], str]) -> str:
    """``blocker`` as a sentence; ``name`` gives a person's or room's name from its engine id,
    ``fallback`` words an engine message of an unknown code (replacing ids by names)."""
    code, minutes, subjects = blocker.code, blocker.minutes, blocker.subjects
    if code in _PERSON_BLOCKERS and subjects and minutes is not None:
        return str(_PERSON_BLOCKERS[code]) % {"person": name(subjects[0]), "minutes": minutes}
    if code == "resource_booked" and subjects:
        return _("%(room)s is booked at every possible start.") % {"room": name(subjects[0])}
    if code == "notice_leaves_no_start" and minutes is not None and blocker.notice_minutes:
        return ngettext(
            "%(notice)s minute of notice leaves no start in the window for a "
            "%(minutes)s-minute meeting.",
            "%(notice)s minutes of notice leave no start in the window for a "
            "%(minutes)s-minute meeting.",
            blocker.notice_minutes,
        ) % {"notice": blocker.notice_minutes, "minutes": minutes}
    if code == "window_too_short" and minutes is not None:
        return _("The window is shorter than the %(minutes)s-minute meeting.") % {
            "minutes": minutes
        }
    if code == "no_common_slot" and subjects and minutes is not None:
        return _(
            "Each is free on their own, but %(names)s share no %(minutes)s-minute slot in the "
            "window."
        ) % {"names": ", ".join(name(s) for s in subjects), "minutes": minutes}
    return fallback(blocker.message)
