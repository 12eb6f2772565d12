"""Invitations that land in people's calendars: each notification of a meeting carries an iTIP
object (RFC 5546) — REQUEST for a new or changed meeting (same UID, higher SEQUENCE), CANCEL for
a cancelled one — and, for the invited, signed links to answer without signing in.

The answer links hold the participant's id signed with the site's secret
(``django.core.signing``); they open a page that asks for one click (a POST), so a mail scanner
following links cannot answer for anyone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

import icalendar
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.comms.actions import notify
from tandem.core import l10n
from tandem.engine.meetings import meeting_cancel_ics, meeting_request_ics

from .ical import calendar_meeting
from .models import Meeting, Participant, ResponseStatus
from .policies import VIEW

RSVP_SALT = "tandem.meetings.rsvp"
RSVP_MAX_AGE = dt.timedelta(days=120)
ANSWERS = (ResponseStatus.ACCEPTED, ResponseStatus.TENTATIVE, ResponseStatus.DECLINED)


def rsvp_token(participant: Participant) -> str:
    return signing.dumps({"p": participant.pk, "u": participant.user_id}, salt=RSVP_SALT)


def participant_of_token(token: str) -> Participant | None:
    """The participant a link was made for, or None when it is forged, expired or stale (the
    person was removed from the meeting)."""
    try:
        data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    participant_id, user_id = data.get("p"), data.get("u")
    if not isinstance(participant_id, int) or not isinstance(user_id, int):
        return None
    return (
        Participant.objects.select_related("meeting__project", "user", "meeting__organizer")
        .filter(pk=participant_id, user_id=user_id)
        .first()
    )


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_when(meeting: Meeting, person: Any) -> str:
    zone = person.time_zone or "UTC"
    start = timezone.localtime(meeting.starts_at, _zone(zone))
    end = timezone.localtime(meeting.ends_at, _zone(zone))
    day = l10n.format_datetime(start, "day_year", to_local=False)
    return f"{day}–{l10n.format_time(end, to_local=False)} ({zone})"


def subject_when(meeting: Meeting, person: Any) -> str:
    zone = person.time_zone or "UTC"
    start = timezone.localtime(meeting.starts_at, _zone(zone))
    return f"{l10n.format_datetime(start, 'day', to_local=False)} ({zone})"


def _absolute(path: str) -> str:
    base = getattr(settings, "TANDEM_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


def _body(meeting: Meeting, participant: Participant, note: str, answer_links: bool) -> str:
    lines = [note, _("When: %(when)s") % {"when": local_when(meeting, participant.user)}]
    where = meeting.location or meeting.video_url
    if meeting.room_id:
        where = f"{meeting.room}{', ' + where if where else ''}"
    if where:
        lines.append(_("Where: %(where)s") % {"where": where})
    lines.append(_("Organizer: %(person)s") % {"person": meeting.organizer})
    if meeting.purpose:
        lines += ["", meeting.purpose]
    if answer_links:
        link = _absolute(reverse("meeting-rsvp", args=[rsvp_token(participant)]))
        lines += [
            "",
            _("Your answer (one click, no sign-in needed):"),
            *(f"  {label}: {link}?answer={value}" for value, label in _labels()),
        ]
    return "\n".join(lines)


def _labels() -> list[tuple[str, str]]:
    names = dict(ResponseStatus.choices)
    return [(str(a), str(names[a])) for a in ANSWERS]


def itip(meetings: Sequence[Meeting], method: str) -> str:
    """The iTIP object of ``meetings`` (several for a series: one VEVENT each)."""
    now = timezone.now()
    calendars = []
    for meeting in meetings:
        data = calendar_meeting(meeting, meeting.participants.select_related("user"))
        if method == "CANCEL":
            calendars.append(meeting_cancel_ics(data, stamp=now))
        else:
            calendars.append(meeting_request_ics(data, stamp=now))
    if len(calendars) == 1:
        return calendars[0].decode("utf-8")
    merged = icalendar.Calendar.from_ical(calendars[0])
    seen = {str(tz.get("TZID")) for tz in merged.walk("VTIMEZONE")}
    for raw in calendars[1:]:
        for component in icalendar.Calendar.from_ical(raw).subcomponents:
            if component.name == "VTIMEZONE" and str(component.get("TZID")) in seen:
                continue
            merged.add_component(component)
    return bytes(merged.to_ical()).decode("utf-8")


def send_meeting_notices(
    meetings: Sequence[Meeting],
    *,
    acting_user: Any,
    kind: str,
    label: str,
    method: str,
    note: str = "",
    only: Sequence[Participant] | None = None,
) -> None:
    """Tell each participant (``only`` those given; never the person acting), in their own zone,
    with the iTIP ``method`` object of ``meetings`` attached and, unless cancelling, the links to
    answer. Called inside the action's transaction; emails leave after the commit."""
    first = meetings[0]
    ics = itip(meetings, method)
    targets = (
        only if only is not None else list(first.participants.select_related("user", "meeting"))
    )
    for participant in targets:
        person = participant.user
        if person.pk == getattr(acting_user, "pk", None):
            continue
        notify(
            [person],
            project=first.project,
            kind=kind,
            subject=_("%(label)s: %(title)s, %(when)s")
            % {"label": label, "title": first.title, "when": subject_when(first, person)},
            body=_body(first, participant, note, answer_links=method == "REQUEST"),
            url=reverse("meeting-detail", args=[first.pk]),
            right=VIEW,
            calendar_ics=ics,
            calendar_method=method,
        )
