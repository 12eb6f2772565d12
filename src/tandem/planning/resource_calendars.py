"""Who works when on a task: the calendars of the people and resources assigned, for the engine.

The engine schedules a task on its calendar intersected with the calendar its assigned work
resources share (MS Project's rule; with resources on different calendars it keeps the task's
own). Every task's calendar is the project's, so an assigned person's hours and days off narrow
the project's working time and never widen it.

A person's calendar is their working hours (``User.working_hours``) with their days off as
exceptions (``CalendarException`` rows of the person). When the person has a person resource with
a calendar, that calendar is the base (MS Project's base calendar): its exceptions apply too,
unless the person has their own on that date. Other resources work on their
``Resource.calendar``, else on the project's.

Hours are read on the wall clock, as MS Project reads every calendar: a person's 09:00-17:00 in
Tokyo meets a Berlin project's 09:00-17:00 on the same date as a full working day, not as the
night shift the two zones' offset would make of it (``User.time_zone`` places their hours in
absolute time where that matters: finding meeting slots).

People whose calendar narrows nothing (their hours cover the project's every day, no day off, no
base calendar) are given none, so that plans staffed by people on the usual hours keep the
engine's single-calendar fast path. People with identical calendars share one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.errors import ValidationFailed
from tandem.engine.scheduling import model as engine
from tandem.projects.models import Project
from tandem.resources.models import CalendarException, Resource, WorkCalendar

from .calendar import ProjectCalendar, engine_exceptions, engine_week
from .models import Assignment

Week = tuple[tuple[engine.WorkingTime, ...], ...]


@dataclass(frozen=True)
class Staffing:
    """The engine's calendars (besides the project's), resources and assignments of a plan."""

    calendars: tuple[engine.Calendar, ...] = ()
    resources: tuple[engine.Resource, ...] = ()
    assignments: tuple[engine.Assignment, ...] = ()


def _covers(wide: Week, narrow: Week) -> bool:
    """Whether every working period of ``narrow`` lies inside one of ``wide`` on its day."""
    return all(
        any(a <= start and end <= b for a, b in outer)
        for outer, inner in zip(wide, narrow, strict=True)
        for start, end in inner
    )


@dataclass(frozen=True)
class _Assignee:
    """Someone assigned in the plan; a person resource counts as its person."""

    person_id: int | None
    resource_id: int | None
    kind: str | None
    calendar_id: int | None

    @property
    def engine_id(self) -> str:
        return f"person {self.person_id}" if self.person_id else f"resource {self.resource_id}"


def _assignees(project: Project) -> set[_Assignee]:
    rows = (
        Assignment.objects.filter(task__project=project)
        .values_list(
            "person_id", "resource_id", "resource__kind", "resource__user_id",
            "resource__calendar_id",
        )
        .distinct()
    )  # fmt: skip
    return {
        _Assignee(user, None, kind, calendar) if user else _Assignee(person, res, kind, calendar)
        for person, res, kind, user, calendar in rows
    }


def _assignments(
    project: Project, people: set[int], resources: set[int]
) -> tuple[engine.Assignment, ...]:
    """Every assignment of the tasks where one of ``people`` or ``resources`` works."""
    narrowed = (
        Assignment.objects.filter(task__project=project)
        .filter(
            Q(person_id__in=people) | Q(resource__user_id__in=people) | Q(resource_id__in=resources)
        )
        .values("task_id")
    )
    rows = (
        Assignment.objects.filter(task_id__in=narrowed)
        .order_by("id")
        .values_list("task_id", "units", "person_id", "resource_id", "resource__user_id")
    )
    return tuple(
        engine.Assignment(
            task_id=str(task_id),
            resource_id=f"person {user or person}" if user or person else f"resource {resource}",
            units=float(units) / 100,
        )
        for task_id, units, person, resource, user in rows
    )


class _Calendars:
    """The engine calendars a plan needs, each built once (identical people's ones shared)."""

    def __init__(self, calendar: ProjectCalendar, project_id: str) -> None:
        self.calendar = calendar
        self.project_id = project_id
        self.project_week = engine_week(calendar.working_hours)
        self.stored: dict[int, WorkCalendar] = {}
        self.people: dict[tuple[Any, ...], list[User]] = defaultdict(list)

    def load(self, calendar_ids: set[int]) -> None:
        calendar_ids.discard(self.calendar.calendar_id or 0)
        qs = WorkCalendar.objects.filter(pk__in=calendar_ids).prefetch_related("exceptions")
        self.stored = {c.pk: c for c in qs}

    def stored_id(self, calendar_id: int | None) -> str | None:
        """The engine id of a stored calendar (None: the resource works on the project's)."""
        if calendar_id is None or calendar_id == self.calendar.calendar_id:
            return None if calendar_id is None else self.project_id
        return f"calendar {self.stored[calendar_id].name}"

    def person_key(
        self, person: User, days_off: list[CalendarException], base: int | None
    ) -> tuple[Any, ...] | None:
        """The person's calendar as a hashable key, or None when it narrows nothing."""
        week = engine_week(person.working_hours)
        if not any(week):
            raise ValidationFailed(
                _(
                    "%(person)s has no working hours in the week, so the tasks assigned to them "
                    "cannot be scheduled; set their working hours or remove them from the tasks."
                )
                % {"person": person}
            )
        exceptions = engine_exceptions(days_off)
        base_id = self.stored_id(base)
        if (
            not exceptions
            and base_id in (None, self.project_id)
            and _covers(week, self.project_week)
        ):
            return None
        key = (week, exceptions, base_id)
        self.people[key].append(person)
        return key

    def person_ids(self) -> dict[tuple[Any, ...], str]:
        return {
            key: f"working hours {n}: {', '.join(sorted(str(p) for p in people))}"
            for n, (key, people) in enumerate(self.people.items(), start=1)
        }

    def definitions(self, person_ids: dict[tuple[Any, ...], str]) -> tuple[engine.Calendar, ...]:
        stored = tuple(
            engine.Calendar(
                id=f"calendar {c.name}",
                name=c.name,
                week=engine_week(c.working_hours),
                exceptions=engine_exceptions(c.exceptions.all()),
            )
            for c in self.stored.values()
        )
        people = tuple(
            engine.Calendar(
                id=person_ids[key],
                name=person_ids[key],
                week=key[0],
                exceptions=key[1],
                base_calendar_id=key[2],
            )
            for key in self.people
        )
        return stored + people


def _id_of(key: tuple[Any, ...] | None, ids: dict[tuple[Any, ...], str]) -> str | None:
    return None if key is None else ids[key]


def resource_calendars(project: Project, calendar: ProjectCalendar, project_id: str) -> Staffing:
    """The calendars of the people and resources assigned in ``project`` that narrow the
    project's, with the assignments of the tasks they work on (six queries at most, whatever the
    plan's size; one when nobody narrows anything). ``project_id`` is the project calendar's
    engine id. 422 naming a person without any working hours."""
    assignees = _assignees(project)
    person_ids = {a.person_id for a in assignees if a.person_id is not None}
    if not assignees:
        return Staffing()
    people = User.objects.filter(pk__in=person_ids).only(
        "id", "username", "display_name", "first_name", "last_name", "working_hours"
    )
    bases = dict(
        Resource.objects.filter(
            organization_id=project.organization_id, user_id__in=person_ids, calendar__isnull=False
        ).values_list("user_id", "calendar_id")
    )
    days_off: dict[int, list[CalendarException]] = defaultdict(list)
    for exc in CalendarException.objects.filter(person_id__in=person_ids):
        days_off[exc.person_id or 0].append(exc)
    calendars = _Calendars(calendar, project_id)
    calendars.load({a.calendar_id for a in assignees if a.calendar_id} | set(bases.values()))
    keys = {p.pk: calendars.person_key(p, days_off[p.pk], bases.get(p.pk)) for p in people}
    ids = calendars.person_ids()
    resources = {
        f"person {p.pk}": engine.Resource(
            id=f"person {p.pk}", name=str(p), calendar_id=_id_of(keys[p.pk], ids)
        )
        for p in people
    }
    for a in assignees:
        if a.person_id is None:
            resources[a.engine_id] = engine.Resource(
                id=a.engine_id,
                kind="material" if a.kind == "material" else "work",
                calendar_id=calendars.stored_id(a.calendar_id),
            )
    narrowing = {
        r.id
        for r in resources.values()
        if r.kind == "work" and r.calendar_id not in (None, project_id)
    }
    if not narrowing:
        return Staffing()
    assignments = _assignments(
        project,
        {a.person_id for a in assignees if a.person_id and a.engine_id in narrowing},
        {a.resource_id for a in assignees if a.resource_id and a.engine_id in narrowing},
    )
    used = {a.resource_id for a in assignments}
    return Staffing(
        calendars=calendars.definitions(ids),
        resources=tuple(r for key, r in sorted(resources.items()) if key in used),
        assignments=assignments,
    )
