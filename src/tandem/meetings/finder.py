"""Find a time: a request for the whole slot finder of the engine, and its answer shaped once for
the API and the meeting page.

Everything the engine weighs goes in: each person's zone, working hours and days off, their
Tandem meetings and the busy time of the calendars they connected, rooms, required and optional
people, a repeating series, limits on the time of day, buffers and notice. The answer keeps the
engine's ranking; ``per_day`` only thins it so the slots spread across days. When nothing fits it
carries the engine's blockers and the relaxations the engine verified, each with the one change
to the request that gives its slot.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.engine.meetings import (
    BusyPeriod,
    BusyTimes,
    MeetingBlocker,
    MeetingParticipant,
    MeetingRelaxation,
    MeetingRequest,
    MeetingRequestError,
    MeetingResource,
    MeetingSearchResult,
    MeetingSlot,
    find_meeting_slots,
)
from tandem.planning.calendar import ProjectCalendar, engine_exceptions
from tandem.projects.models import Project
from tandem.projects.policies import RIGHTS
from tandem.resources.models import CalendarException

from .external_calendars import coverage_warnings, external_busy
from .models import Meeting, MeetingRoom, MeetingStatus
from .policies import VIEW
from .queries import busy_intervals
from .timezones import check_meeting_time, check_time_zone, fail
from .wording import blocker_message
from .working_hours import weekly_hours

DEFAULT_WINDOW_DAYS = 14
MAX_WINDOW_DAYS = 92
MAX_PEOPLE = 60
ENGINE_RESULTS = 2000
GRANULARITIES = (5, 10, 15, 30, 60)


@dataclass(frozen=True)
class SlotQuery:
    """What to find. Times of day are ``"HH:MM"`` in each person's own zone."""

    required_ids: tuple[int, ...]
    optional_ids: tuple[int, ...] = ()
    room_ids: tuple[int, ...] = ()
    duration_minutes: int = 60
    window_start: dt.datetime | None = None  # default: now
    window_end: dt.datetime | None = None  # default: two weeks after the start
    time_zone: str = "UTC"
    occurrences: int = 1
    interval_weeks: int = 1
    earliest: str | None = None
    latest: str | None = None
    within_working_hours: bool = True
    buffer_minutes: int = 0
    min_notice_minutes: int = 0
    granularity_minutes: int = 15
    max_results: int = 10
    per_day: int = 3  # at most this many slots per day of the meeting's zone; 0: no limit
    exclude_meeting_id: int | None = None


@dataclass
class FinderAnswer:
    time_zone: str
    window_start: dt.datetime
    window_end: dt.datetime
    duration_minutes: int
    slots: list[dict[str, Any]]
    blockers: list[dict[str, str]]
    relaxations: list[dict[str, Any]]
    warnings: list[str]
    candidates_considered: int
    engine: MeetingSearchResult = field(repr=False)


@dataclass
class _Setup:
    request: MeetingRequest
    participants: list[MeetingParticipant]
    resources: list[MeetingResource]
    people: dict[str, Any]  # engine id -> User
    rooms: dict[str, MeetingRoom]
    required: set[str]


def person_key(user_id: int) -> str:
    return f"person-{user_id}"


def room_key(room_id: int) -> str:
    return f"room-{room_id}"


# ---------------------------------------------------------------- input checks


def _hhmm(value: str | None, field_name: str) -> int | None:
    if value in (None, ""):
        return None
    text = str(value)
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise fail(field_name, _("%(text)r is not a time of day like 08:30.") % {"text": text})
    minutes = int(parts[0]) * 60 + int(parts[1])
    if int(parts[1]) > 59 or minutes > 24 * 60:
        raise fail(field_name, _("%(text)r is not a time of day like 08:30.") % {"text": text})
    return minutes


def _check_range(value: int, field_name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise fail(
            field_name,
            _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
        )
    return value


def _window(query: SlotQuery, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    start = (
        check_meeting_time(query.window_start, "window_start")
        if query.window_start is not None
        else now.replace(second=0, microsecond=0)
    )
    end = (
        check_meeting_time(query.window_end, "window_end")
        if query.window_end is not None
        else start + dt.timedelta(days=DEFAULT_WINDOW_DAYS)
    )
    if end <= start:
        raise fail("window_end", _("The window must end after it starts."))
    if end - start > dt.timedelta(days=MAX_WINDOW_DAYS):
        raise fail(
            "window_end",
            _("Search at most %(max_window_days)s days at once.")
            % {"max_window_days": MAX_WINDOW_DAYS},
        )
    return start, end


def _team(project: Project, ids: Iterable[int], field_name: str) -> list[Any]:
    wanted = list(dict.fromkeys(ids))
    bad = [i for i in wanted if isinstance(i, bool) or not isinstance(i, int)]
    if bad:
        raise fail(field_name, _("Not people of this project: %(bad)r.") % {"bad": bad})
    found = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(
            pk__in=wanted,
            is_active=True,
            organization_id=project.organization_id,
            memberships__project=project,
            memberships__role__in=list(RIGHTS[VIEW]),
        )
        .distinct()
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        raise fail(
            field_name,
            _("Not on this project's team: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
        )
    return [found[i] for i in wanted]


def _rooms(project: Project, ids: Iterable[int]) -> list[MeetingRoom]:
    wanted = list(dict.fromkeys(ids))
    found = {
        r.pk: r
        for r in MeetingRoom.objects.filter(pk__in=wanted, organization_id=project.organization_id)
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        raise fail(
            "room_ids", _("No such room here: %(ids)s.") % {"ids": ", ".join(map(str, missing))}
        )
    return [found[i] for i in wanted]


# ---------------------------------------------------------------- engine input


def days_off(people: Sequence[Any], first: dt.date, last: dt.date) -> dict[int, frozenset[dt.date]]:
    """Per person, the local dates in ``[first, last]`` their days off leave without work."""
    stored: dict[int, list[CalendarException]] = defaultdict(list)
    for exc in CalendarException.objects.filter(person_id__in=[p.pk for p in people]):
        stored[exc.person_id or 0].append(exc)
    out: dict[int, frozenset[dt.date]] = {}
    for person in people:
        if not stored[person.pk]:
            out[person.pk] = frozenset()
            continue
        calendar = ProjectCalendar(
            person.working_hours or {}, engine_exceptions(stored[person.pk]), Decimal(8)
        )
        found = set()
        for year in range(first.year, last.year + 1):
            for day, periods in calendar.exception_days(year).items():
                if first <= day <= last and not periods:
                    found.add(day)
        out[person.pk] = frozenset(found)
    return out


def participants_for(
    people: Sequence[Any],
    start: dt.datetime,
    end: dt.datetime,
    *,
    exclude_meeting: int | None = None,
) -> list[MeetingParticipant]:
    """The engine's view of ``people`` over ``[start, end)``: zone, working hours, days off,
    Tandem meetings and connected calendars (times only)."""
    ids = [p.pk for p in people]
    tandem = busy_intervals(ids, start, end, exclude_meeting=exclude_meeting)
    outside = external_busy(ids, start, end)
    off = days_off(
        people, (start - dt.timedelta(days=1)).date(), (end + dt.timedelta(days=1)).date()
    )
    out = []
    for person in people:
        zone = person.time_zone or "UTC"
        try:
            check_time_zone(zone)
        except ValidationFailed as exc:
            raise fail(
                "required_ids",
                _("%(person)s has an unknown time zone %(zone)r.")
                % {"person": person, "zone": zone},
            ) from exc
        meetings = [
            BusyPeriod(start=s, end=e, source="tandem") for s, e in tandem.get(person.pk, [])
        ]
        out.append(
            MeetingParticipant(
                id=person_key(person.pk),
                timezone=zone,
                working_hours=weekly_hours(person.working_hours, str(person)),
                days_off=off[person.pk],
                busy=(
                    BusyTimes.from_periods("tandem", meetings),
                    BusyTimes.from_periods("calendars", outside.get(person.pk, [])),
                ),
                name=str(person),
            )
        )
    return out


def _room_resources(
    rooms: Sequence[MeetingRoom], start: dt.datetime, end: dt.datetime, exclude: int | None
) -> list[MeetingResource]:
    booked: dict[int, list[BusyPeriod]] = defaultdict(list)
    rows = (
        Meeting.objects.filter(
            room_id__in=[r.pk for r in rooms], starts_at__lt=end, ends_at__gt=start
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=exclude or 0)
        .values_list("room_id", "starts_at", "ends_at")
    )
    for room_id, begins, ends in rows:
        booked[room_id].append(BusyPeriod(start=begins, end=ends, source="tandem"))
    return [
        MeetingResource(
            id=room_key(r.pk),
            busy=(BusyTimes.from_periods("bookings", booked[r.pk]),),
            name=r.name,
        )
        for r in rooms
    ]


def _setup(project: Project, query: SlotQuery, now: dt.datetime) -> _Setup:
    zone = check_time_zone(query.time_zone)
    _check_range(query.duration_minutes, "duration_minutes", 5, 12 * 60)
    _check_range(query.occurrences, "occurrences", 1, 52)
    _check_range(query.interval_weeks, "interval_weeks", 1, 4)
    _check_range(query.buffer_minutes, "buffer_minutes", 0, 240)
    _check_range(query.min_notice_minutes, "min_notice_minutes", 0, 60 * 24 * 30)
    _check_range(query.max_results, "max_results", 1, 100)
    _check_range(query.per_day, "per_day", 0, 100)
    if query.granularity_minutes not in GRANULARITIES:
        raise fail(
            "granularity_minutes",
            _("Use one of %(granularities)s.")
            % {"granularities": ", ".join(map(str, GRANULARITIES))},
        )
    earliest, latest = _hhmm(query.earliest, "earliest"), _hhmm(query.latest, "latest")
    if earliest is not None and latest is not None and earliest >= latest:
        raise fail("latest", _("The latest time must come after the earliest."))
    start, end = _window(query, now)
    if not query.required_ids:
        raise fail("required_ids", _("Name at least one required person."))
    if len(query.required_ids) + len(query.optional_ids) > MAX_PEOPLE:
        raise fail(
            "required_ids",
            _("At most %(max_people)s people per search.") % {"max_people": MAX_PEOPLE},
        )
    both = set(query.required_ids) & set(query.optional_ids)
    if both:
        raise fail("optional_ids", _("Someone is listed as both required and optional."))
    required = _team(project, query.required_ids, "required_ids")
    optional = _team(project, query.optional_ids, "optional_ids")
    rooms = _rooms(project, query.room_ids)
    # busy time must cover every occurrence of a series, with a day's margin for local days
    reach = end + dt.timedelta(weeks=query.interval_weeks * (query.occurrences - 1), days=1)
    since = start - dt.timedelta(days=1)
    everyone = required + optional
    participants = participants_for(
        everyone, since, reach, exclude_meeting=query.exclude_meeting_id
    )
    request = MeetingRequest(
        duration_minutes=query.duration_minutes,
        window_start=start,
        window_end=end,
        required=tuple(person_key(p.pk) for p in required),
        optional=tuple(person_key(p.pk) for p in optional),
        resources=tuple(room_key(r.pk) for r in rooms),
        min_notice_minutes=query.min_notice_minutes,
        buffer_minutes=query.buffer_minutes,
        granularity_minutes=query.granularity_minutes,
        earliest=earliest,
        latest=latest,
        within_working_hours=query.within_working_hours,
        occurrences=query.occurrences,
        interval_weeks=query.interval_weeks,
        timezone=zone,
        max_results=ENGINE_RESULTS if query.per_day else query.max_results,
    )
    return _Setup(
        request=request,
        participants=participants,
        resources=_room_resources(rooms, since, reach, query.exclude_meeting_id),
        people={person_key(p.pk): p for p in everyone},
        rooms={room_key(r.pk): r for r in rooms},
        required={person_key(p.pk) for p in required},
    )


def engine_input(
    project: Project, query: SlotQuery, now: dt.datetime
) -> tuple[MeetingRequest, list[MeetingParticipant], list[MeetingResource]]:
    """Exactly what :func:`search` hands the engine (for tests and benchmarks)."""
    setup = _setup(project, query, now)
    return setup.request, setup.participants, setup.resources


# ---------------------------------------------------------------- the answer


class _Names:
    def __init__(self, setup: _Setup, zone: str) -> None:
        self.setup = setup
        self.tz = zoneinfo.ZoneInfo(zone)

    def name(self, key: str) -> str:
        if key in self.setup.people:
            return str(self.setup.people[key])
        if key in self.setup.rooms:
            return str(self.setup.rooms[key])
        return key

    def names(self, keys: Iterable[str]) -> list[str]:
        return [self.name(k) for k in keys]

    def text(self, message: str) -> str:
        """An engine message with its ids replaced by names (longest ids first)."""
        for key in sorted([*self.setup.people, *self.setup.rooms], key=len, reverse=True):
            message = message.replace(key, self.name(key))
        return message

    def user_id(self, key: str) -> int:
        return int(self.setup.people[key].pk)

    def room_id(self, key: str) -> int:
        return int(self.setup.rooms[key].pk)


def _slot_out(slot: MeetingSlot, names: _Names) -> dict[str, Any]:
    setup = names.setup
    return {
        "rank": slot.rank,
        "start": slot.start.astimezone(names.tz),
        "end": slot.end.astimezone(names.tz),
        "occurrences": [
            {"start": s.astimezone(names.tz), "end": e.astimezone(names.tz)}
            for s, e in slot.occurrences
        ],
        "fairness_penalty": slot.fairness_penalty,
        "optional_busy": names.names(slot.optional_busy),
        "tentative_conflicts": names.names(slot.tentative_conflicts),
        "outside_working_hours": names.names(slot.outside_working_hours),
        "people": [
            {
                "user_id": names.user_id(t.participant_id),
                "name": names.name(t.participant_id),
                "time_zone": str(setup.people[t.participant_id].time_zone or "UTC"),
                "required": t.participant_id in setup.required,
                "local_start": t.local_start,
                "local_end": t.local_end,
                "within_working_hours": t.within_working_hours,
                "busy": t.participant_id in slot.optional_busy,
            }
            for t in slot.local_times
        ],
    }


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _relaxation_out(
    relaxation: MeetingRelaxation, names: _Names, request: MeetingRequest
) -> dict[str, Any]:
    kind = relaxation.kind
    slot = relaxation.first_slot
    change: dict[str, Any] = {}
    description = names.text(relaxation.description)
    if kind in ("make_optional", "drop_optional") and relaxation.participant_id:
        who = names.name(relaxation.participant_id)
        change = {kind: names.user_id(relaxation.participant_id)}
        description = (
            _("Drop %(person)s (make optional)")
            if kind == "make_optional"
            else _("Drop %(person)s")
        ) % {"person": who}
    elif kind == "drop_resource" and relaxation.resource_id:
        change = {"drop_room": names.room_id(relaxation.resource_id)}
        description = _("Do without %(room)s") % {"room": names.name(relaxation.resource_id)}
    elif kind == "extend_window" and relaxation.minutes is not None:
        new_end = request.window_end + dt.timedelta(minutes=relaxation.minutes)
        change = {"window_end": new_end.astimezone(names.tz)}
        description = _("Look until %(end)s") % {
            "end": f"{new_end.astimezone(names.tz):%a %d %b %H:%M}"
        }
    elif kind == "shorten_meeting" and relaxation.minutes is not None:
        change = {"duration_minutes": relaxation.minutes}
        description = _("%(minutes)s minutes instead of %(wanted)s") % {
            "minutes": relaxation.minutes,
            "wanted": request.duration_minutes,
        }
    elif kind == "ignore_working_hours":
        change = {"within_working_hours": False}
        early = [
            _("%(time)s in %(city)s")
            % {"time": f"{t.local_start:%H:%M}", "city": _city(t.local_start.tzinfo.key)}  # type: ignore[union-attr]
            for t in slot.local_times
            if not t.within_working_hours and hasattr(t.local_start.tzinfo, "key")
        ]
        description = _("Allow %(times)s") % {
            "times": ", ".join(dict.fromkeys(early)) or _("times outside working hours")
        }
    elif kind == "ignore_time_of_day":
        change = {"earliest": None, "latest": None}
        description = _("Drop the earliest and latest time of day")
    elif kind == "fewer_occurrences" and relaxation.occurrences is not None:
        change = {"occurrences": relaxation.occurrences}
        description = _("%(count)s meetings instead of %(wanted)s") % {
            "count": relaxation.occurrences,
            "wanted": request.occurrences,
        }
    return {
        "kind": kind,
        "description": description,
        "change": change,
        "first_slot": _slot_out(slot, names),
    }


def _blocker_out(blocker: MeetingBlocker, names: _Names) -> dict[str, str]:
    subject = (
        ", ".join(names.names(blocker.subjects))
        if blocker.subjects
        else names.text(blocker.subject)
    )
    return {
        "kind": blocker.kind,
        "code": blocker.code,
        "subject": subject,
        "message": blocker_message(blocker, names.name, names.text),
    }


def spread(slots: Sequence[MeetingSlot], zone: str, per_day: int, limit: int) -> list[MeetingSlot]:
    """The engine's slots in its order, at most ``per_day`` per local date of ``zone`` (0: no
    limit), at most ``limit`` in all."""
    tz = zoneinfo.ZoneInfo(zone)
    taken: dict[dt.date, int] = defaultdict(int)
    out = []
    for slot in slots:
        day = slot.start.astimezone(tz).date()
        if per_day and taken[day] >= per_day:
            continue
        taken[day] += 1
        out.append(slot)
        if len(out) == limit:
            break
    return out


def search(project: Project, query: SlotQuery, now: dt.datetime) -> FinderAnswer:
    """Run the engine's slot finder for ``query`` among ``project``'s team. 422 naming the field
    for a request that cannot be searched."""
    setup = _setup(project, query, now)
    try:
        result = find_meeting_slots(
            setup.request, setup.participants, now=now, resources=setup.resources, explain=True
        )
    except MeetingRequestError as exc:
        raise ValidationFailed(_("Cannot search for a time: %(reason)s") % {"reason": exc}) from exc
    names = _Names(setup, setup.request.timezone)
    chosen = spread(result.slots, setup.request.timezone, query.per_day, query.max_results)
    people = list(setup.people.values())
    warnings = [names.text(w) for w in result.warnings]
    warnings += coverage_warnings(people, setup.request.window_start, setup.request.window_end)
    return FinderAnswer(
        time_zone=setup.request.timezone,
        window_start=setup.request.window_start.astimezone(names.tz),
        window_end=setup.request.window_end.astimezone(names.tz),
        duration_minutes=setup.request.duration_minutes,
        slots=[_slot_out(s, names) for s in chosen],
        blockers=[_blocker_out(b, names) for b in result.blockers],
        relaxations=[_relaxation_out(r, names, setup.request) for r in result.relaxations],
        warnings=warnings,
        candidates_considered=result.candidates_considered,
        engine=result,
    )


def apply_change(query: SlotQuery, change: dict[str, Any]) -> SlotQuery:
    """``query`` with one relaxation's ``change`` applied (what its button does)."""
    updates: dict[str, Any] = {}
    if "make_optional" in change:
        who = change["make_optional"]
        updates["required_ids"] = tuple(i for i in query.required_ids if i != who)
        updates["optional_ids"] = (*query.optional_ids, who)
    if "drop_optional" in change:
        updates["optional_ids"] = tuple(
            i for i in query.optional_ids if i != change["drop_optional"]
        )
    if "drop_room" in change:
        updates["room_ids"] = tuple(i for i in query.room_ids if i != change["drop_room"])
    for name in (
        "window_end",
        "duration_minutes",
        "within_working_hours",
        "earliest",
        "latest",
        "occurrences",
    ):
        if name in change:
            updates[name] = change[name]
    return replace(query, **updates)
