"""Every write to working calendars, their exceptions, and people's working hours and days off.

A calendar shared by the organization (``WorkCalendar.project`` empty) is changed by organization
admins only, since a change moves every project using it; a project's own calendar also by that
project's manager (``project.edit``). People change their own working hours and days off;
organization admins anyone's in their organization.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.dates import MONTHS
from django.utils.dates import WEEKDAYS as DAY_NAMES
from django.utils.translation import gettext as _

from tandem.accounts.actions import do_update_person
from tandem.core import writes
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.planning.models import PlanSettings
from tandem.planning.schedule_actions import reschedule_after
from tandem.projects.models import Project

from .models import CalendarException, Repeat, Resource, WorkCalendar
from .policies import CalendarPolicy, may_edit_person_calendar

CALENDAR_FIELDS = frozenset({"name", "working_hours"})
EXCEPTION_FIELDS = frozenset(
    {
        "name",
        "end",
        "working_times",
        "repeat",
        "interval",
        "weekdays",
        "day_of_month",
        "month",
        "week_of_month",
        "occurrences",
    }
)
_RECURRENCE_FIELDS = ("weekdays", "day_of_month", "month", "week_of_month", "occurrences")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
# Exceptions far outside any plan are typing mistakes (year 20226); they would also make the
# calendar arithmetic walk centuries of days.
FIRST_DAY, LAST_DAY = dt.date(1970, 1, 1), dt.date(2199, 12, 31)


# --- validation ------------------------------------------------------------------------------


def check_periods(periods: Any, where: str) -> list[str]:
    """Problems of one day's working periods: ``[["08:00", "12:00"], ["13:00", "17:00"]]``,
    each HH:MM (24:00 ends a day), start before end, in order and not overlapping."""
    if not isinstance(periods, list):
        return [_("%(where)s: expected a list of [start, end] periods") % {"where": where}]
    problems = []
    previous_end = ""
    for period in periods:
        shaped = isinstance(period, list | tuple) and len(period) == 2
        if not shaped or not all(isinstance(p, str) and _HHMM.match(p) for p in period):
            text = "-".join(period) if shaped and all(isinstance(p, str) for p in period) else ""
            problems.append(
                _(
                    "%(where)s: %(value)s is not a period like 08:00-12:00 (times from 00:00 to 24:00)"
                )
                % {"where": where, "value": text or repr(period)}
            )
            continue
        start, end = period
        if start >= end:
            problems.append(
                _("%(where)s: %(start)s-%(end)s does not start before it ends")
                % {"where": where, "start": start, "end": end}
            )
        elif start < previous_end:
            problems.append(
                _("%(where)s: %(start)s-%(end)s overlaps or precedes the period before it")
                % {"where": where, "start": start, "end": end}
            )
        previous_end = max(previous_end, end)
    return problems


def check_week(hours: Any, *, require_work: bool = True) -> dict[str, list[list[str]]]:
    """A working week ``{"1": [[start, end], ...], ..., "7": [...]}`` (ISO weekdays) checked and
    stored in its canonical form (every weekday present, days without work empty); 422 naming
    each wrong day otherwise. ``require_work``: refuse a week without any working time (a
    calendar every task would wait on for ever)."""
    if not isinstance(hours, dict):
        raise ValidationFailed(
            _("Working hours map ISO weekdays 1-7 to [[start, end], ...]."),
            fields={"working_hours": [_("expected an object")]},
        )
    problems = [
        _("unknown weekday %(day)s") % {"day": repr(day)}
        for day in hours
        if str(day) not in _ISO_DAYS
    ]
    for day in _ISO_DAYS:
        problems += check_periods(hours.get(day, []), str(DAY_NAMES[int(day) - 1]))
    if problems:
        raise ValidationFailed(
            _("Invalid working hours: %(problems)s.") % {"problems": "; ".join(problems)},
            fields={"working_hours": problems},
        )
    week = {day: [list(p) for p in hours.get(day, [])] for day in _ISO_DAYS}
    if require_work and not any(week.values()):
        raise ValidationFailed(
            _("A calendar needs some working time in its week."),
            fields={"working_hours": [_("no working time on any day")]},
        )
    return week


_ISO_DAYS = tuple(str(d) for d in range(1, 8))


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        _("Invalid exception: %(message)s.") % {"message": message}, fields={field: [message]}
    )


def _check_dates(exc: CalendarException) -> None:
    for field in ("start", "end"):
        value = getattr(exc, field)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise _fail(
                field,
                _("%(value)s is outside %(year)s-%(year2)s")
                % {"value": value, "year": FIRST_DAY.year, "year2": LAST_DAY.year},
            )
    if exc.end is not None and exc.end < exc.start:
        raise _fail(
            "end",
            _("the last day %(end)s is before the first %(start)s")
            % {"end": exc.end, "start": exc.start},
        )


def _check_recurrence(exc: CalendarException) -> None:
    """The pattern fields fit the frequency (MS Project's recurrence dialog, field by field)."""
    if not exc.repeat:
        given = [f for f in _RECURRENCE_FIELDS if getattr(exc, f) not in (None, [], ())]
        if given or exc.interval != 1:
            raise _fail((given or ["interval"])[0], _("only a repeating exception takes a pattern"))
        return
    days = exc.weekdays
    if not isinstance(days, list) or not all(isinstance(d, int) and 1 <= d <= 7 for d in days):
        raise _fail("weekdays", _("weekdays are ISO numbers 1 (Monday) to 7 (Sunday)"))
    exc.weekdays = sorted(set(days))
    if exc.repeat in (Repeat.DAILY, Repeat.WEEKLY):
        stray = [f for f in ("day_of_month", "month", "week_of_month") if getattr(exc, f)]
        if stray or (exc.repeat == Repeat.DAILY and exc.weekdays):
            raise _fail(
                (stray or ["weekdays"])[0],
                _("a %(repeat)s series has no such field") % {"repeat": exc.repeat},
            )
        return
    if exc.repeat == Repeat.MONTHLY and exc.month is not None:
        raise _fail("month", _("a monthly series has no month"))
    _check_day_in_month(exc)


def _check_day_in_month(exc: CalendarException) -> None:
    if exc.week_of_month is not None:
        if exc.day_of_month is not None:
            raise _fail(
                "day_of_month", _("give a day of the month or a week of the month, not both")
            )
        if exc.week_of_month == 0 or len(exc.weekdays) != 1:
            raise _fail(
                "weekdays", _("the n-th weekday of a month names one weekday and n 1-4 or -1")
            )
        return
    if len(exc.weekdays) > 0:
        raise _fail("weekdays", _("weekdays go with a week of the month"))
    if exc.repeat == Repeat.YEARLY:
        month = exc.month or exc.start.month
        day = exc.day_of_month or exc.start.day
        # 29 February is allowed: in other years it falls on 28 February, as in MS Project.
        if day > max(pycalendar.monthrange(2024, month)[1], 1):
            raise _fail(
                "day_of_month",
                _("%(month_name)s has no day %(day)s") % {"month_name": MONTHS[month], "day": day},
            )


def _check_overlap(exc: CalendarException) -> None:
    """Dated exceptions of one calendar or person never overlap (MS Project refuses it too), so
    no day has two competing working times. Repeating ones may meet a dated one, which wins."""
    if exc.repeat:
        return
    owner = {"calendar_id": exc.calendar_id} if exc.calendar_id else {"person_id": exc.person_id}
    clash = (
        CalendarException.objects.filter(repeat="", start__lte=exc.end, end__gte=exc.start, **owner)
        .exclude(pk=exc.pk)
        .first()
    )
    if clash is not None:
        label = clash.name or _("another exception")
        raise _fail(
            "start",
            _("the dates overlap %(label)s (%(start)s to %(end)s)")
            % {"label": label, "start": clash.start, "end": clash.end},
        )


def check_exception(exc: CalendarException) -> None:
    """422 naming the field, or the exception normalised (a dated one ends on a day)."""
    if not exc.repeat and exc.end is None:
        exc.end = exc.start
    _check_dates(exc)
    problems = check_periods(exc.working_times, _("working times"))
    if problems:
        raise ValidationFailed(
            _("Invalid exception: %(problems)s.") % {"problems": "; ".join(problems)},
            fields={"working_times": problems},
        )
    exc.working_times = [list(p) for p in exc.working_times]
    _check_recurrence(exc)
    _check_overlap(exc)


# --- rights ------------------------------------------------------------------------------------


def _require_calendar_editor(user: Any, calendar: WorkCalendar) -> None:
    if not CalendarPolicy.can(user, "edit", calendar):
        raise Forbidden(
            _(
                "Only organization admins change shared calendars; a project's own calendar also "
                "its manager."
            )
        )


def _require_person_editor(user: Any, person: Any) -> None:
    if not may_edit_person_calendar(user, person):
        raise Forbidden(_("You may change only your own working hours and days off."))


def _scope(calendar: WorkCalendar) -> dict[str, Any]:
    return {"organization_id": calendar.organization_id, "project_id": calendar.project_id}


# --- calendars -----------------------------------------------------------------------------------


@transaction.atomic
def do_create_calendar(
    *,
    acting_user: Any,
    name: str,
    working_hours: dict[str, Any],
    holidays: Iterable[dt.date] = (),
    project: Project | None = None,
) -> WorkCalendar:
    """A working calendar (weekly hours plus one-day holidays). Without ``project`` it is shared
    by the organization (admins only); with it, the project's own (its manager may create it)."""
    calendar = WorkCalendar(
        organization_id=acting_user.organization_id, name=name.strip(), project=project
    )
    if project is not None and project.organization_id != acting_user.organization_id:
        raise ValidationFailed(
            _("Unknown project."), fields={"project_id": [_("other organization")]}
        )
    _require_calendar_editor(acting_user, calendar)
    calendar.working_hours = check_week(working_hours)
    calendar = writes.create(
        calendar, actor=acting_user, action="calendar.created", **_scope(calendar)
    )
    for day in sorted(set(holidays)):
        exception = CalendarException(calendar=calendar, start=day, end=day, name="Holiday")
        check_exception(exception)
        writes.create(
            exception,
            actor=acting_user,
            action="calendar_exception.created",
            **_scope(calendar),
        )
    return calendar


@transaction.atomic
def do_copy_calendar(
    source: WorkCalendar | None, *, acting_user: Any, name: str, project: Project
) -> WorkCalendar:
    """A project's own calendar starting as a copy of ``source`` (None: Monday-Friday
    09:00-17:00), its week and exceptions, for the project's manager to change."""
    week = source.working_hours if source is not None else WorkCalendar().working_hours
    calendar = do_create_calendar(
        acting_user=acting_user, name=name, working_hours=week, project=project
    )
    for exc in source.exceptions.all() if source is not None else ():
        copy = CalendarException(calendar=calendar, **{f: getattr(exc, f) for f in _COPIED})
        check_exception(copy)
        writes.create(
            copy, actor=acting_user, action="calendar_exception.created", **_scope(calendar)
        )
    return calendar


_COPIED = ("start", *sorted(EXCEPTION_FIELDS))


@transaction.atomic
def do_update_calendar(
    calendar: WorkCalendar, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> WorkCalendar:
    """Rename a calendar or change its working week (split shifts allowed)."""
    _require_calendar_editor(acting_user, calendar)
    unknown = set(changes) - CALENDAR_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown calendar fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    changes = dict(changes)
    if "working_hours" in changes:
        changes["working_hours"] = check_week(changes["working_hours"])
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
    updated = writes.update(
        calendar,
        version=version,
        changes=changes,
        actor=acting_user,
        action="calendar.updated",
        **_scope(calendar),
    )
    if "working_hours" in changes:
        reschedule_projects(projects_on_calendar(calendar), acting_user)
    return updated


@transaction.atomic
def do_delete_calendar(calendar: WorkCalendar, *, acting_user: Any, version: int) -> None:
    """Delete a calendar no project and no resource uses (409 naming the users otherwise)."""
    _require_calendar_editor(acting_user, calendar)
    projects = list(
        PlanSettings.objects.filter(calendar=calendar).values_list("project__code", flat=True)
    )
    resources = list(Resource.objects.filter(calendar=calendar).values_list("name", flat=True))
    if projects or resources:
        users = [_("project %(p)s") % {"p": p} for p in sorted(projects)] + sorted(resources)
        raise Conflict(
            _("The calendar %(calendar_name)s is still used by %(names)s.")
            % {"calendar_name": repr(calendar.name), "names": ", ".join(users)}
        )
    writes.delete(
        calendar, version=version, actor=acting_user, action="calendar.deleted", **_scope(calendar)
    )


def _exception(fields: dict[str, Any], **owner: Any) -> CalendarException:
    unknown = set(fields) - EXCEPTION_FIELDS - {"start"}
    if unknown:
        raise ValidationFailed(
            _("Unknown exception fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    values = {k: v for k, v in fields.items() if v is not None}
    exception = CalendarException(**owner, **values)
    check_exception(exception)
    return exception


@transaction.atomic
def do_add_calendar_exception(
    calendar: WorkCalendar, *, acting_user: Any, start: dt.date, **fields: Any
) -> CalendarException:
    """A holiday, a closure range, a repeating exception (25 December every year) or a day with
    other working times (``working_times``), on a calendar."""
    _require_calendar_editor(acting_user, calendar)
    exception = _exception({"start": start, **fields}, calendar=calendar)
    created = writes.create(
        exception, actor=acting_user, action="calendar_exception.created", **_scope(calendar)
    )
    reschedule_projects(projects_on_calendar(calendar), acting_user)
    return created


@transaction.atomic
def do_delete_calendar_exception(
    exception: CalendarException, *, acting_user: Any, version: int
) -> None:
    if exception.calendar is None:
        raise ValidationFailed(_("This is a person's day off, not a calendar exception."))
    _require_calendar_editor(acting_user, exception.calendar)
    writes.delete(
        exception,
        version=version,
        actor=acting_user,
        action="calendar_exception.deleted",
        **_scope(exception.calendar),
    )
    reschedule_projects(projects_on_calendar(exception.calendar), acting_user)


# --- people ------------------------------------------------------------------------------------


@transaction.atomic
def do_add_day_off(
    person: Any, *, acting_user: Any, start: dt.date, **fields: Any
) -> CalendarException:
    """A person's day off, leave (a range), a repeating absence (every Friday) or a day with
    other working times. It applies on top of their working hours when they are assigned."""
    _require_person_editor(acting_user, person)
    exception = _exception({"start": start, **fields}, person=person)
    created = writes.create(
        exception,
        actor=acting_user,
        action="day_off.created",
        organization_id=person.organization_id,
    )
    reschedule_projects(projects_of_person(person), acting_user)
    return created


@transaction.atomic
def do_delete_day_off(exception: CalendarException, *, acting_user: Any, version: int) -> None:
    if exception.person is None:
        raise ValidationFailed(_("This is a calendar exception, not a person's day off."))
    _require_person_editor(acting_user, exception.person)
    writes.delete(
        exception,
        version=version,
        actor=acting_user,
        action="day_off.deleted",
        organization_id=exception.person.organization_id,
    )
    reschedule_projects(projects_of_person(exception.person), acting_user)


@transaction.atomic
def do_update_working_hours(
    person: Any,
    *,
    acting_user: Any,
    version: int,
    working_hours: dict[str, Any],
    time_zone: str | None = None,
) -> Any:
    """A person's working week (split shifts allowed) and time zone; the projects they are
    assigned in are rescheduled. Through ``PATCH /api/people/{id}`` the same fields change
    without rescheduling until the plan's next change."""
    _require_person_editor(acting_user, person)
    changes: dict[str, Any] = {"working_hours": check_week(working_hours, require_work=False)}
    if time_zone is not None:
        changes["time_zone"] = time_zone
    updated = do_update_person(person, acting_user=acting_user, version=version, changes=changes)
    reschedule_projects(projects_of_person(person), acting_user)
    return updated


# --- rescheduling --------------------------------------------------------------------------------


def projects_on_calendar(calendar: WorkCalendar) -> QuerySet[Project]:
    """Projects scheduled on the calendar, or with a task assigned to a resource on it (a
    person resource's calendar is the base of its person's)."""
    return Project.objects.filter(
        Q(plan_settings__calendar=calendar)
        | Q(tasks__assignments__resource__calendar=calendar)
        | Q(tasks__assignments__person__resources__calendar=calendar)
    ).distinct()


def projects_of_person(person: Any) -> QuerySet[Project]:
    """Projects with a task assigned to the person, in person or through their resource."""
    return Project.objects.filter(
        Q(tasks__assignments__person=person) | Q(tasks__assignments__resource__user=person)
    ).distinct()


def reschedule_projects(projects: QuerySet[Project], acting_user: Any) -> None:
    """Reschedule the automatically scheduled ones in the same transaction, on behalf of the
    person who changed the calendar; a plan the change leaves unschedulable refuses it (422)."""
    for project in projects.order_by("pk"):
        reschedule_after(project, acting_user)
