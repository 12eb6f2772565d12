"""REST endpoints for working calendars, their exceptions, and people's days off (mounted on
``resources.api.router``). People's working hours and time zone are fields of the person
(``PATCH /api/people/{id}``); their days off live here."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from tandem.accounts.policies import access, people_visible_to
from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.versions import etag
from tandem.projects.policies import access_project

from . import calendar_actions as actions
from .calendar_queries import holidays_of, list_calendars, list_days_off
from .models import CalendarException, WorkCalendar
from .policies import CalendarExceptionPolicy, CalendarPolicy, DayOffPolicy

router = Router(tags=["calendars"])

Periods = list[list[str]]
RepeatChoice = Literal["", "daily", "weekly", "monthly", "yearly"]


class ExceptionOut(Schema):
    id: int
    version: int
    name: str
    start: dt.date
    end: dt.date | None = Field(description="Inclusive; null: a series without an end date.")
    working_times: Periods = Field(description="Empty: not working.")
    repeat: str
    interval: int
    weekdays: list[int] = Field(description="ISO weekdays, 1 = Monday.")
    day_of_month: int | None
    month: int | None
    week_of_month: int | None = Field(description="1-4, or -1 for the last.")
    occurrences: int | None


class ExceptionIn(StrictIn):
    name: str = Field("", max_length=120)
    start: dt.date
    end: dt.date | None = None
    working_times: Periods = []
    repeat: RepeatChoice = ""
    interval: int = Field(1, ge=1, le=999)
    weekdays: list[int] = []
    day_of_month: int | None = Field(None, ge=1, le=31)
    month: int | None = Field(None, ge=1, le=12)
    week_of_month: int | None = Field(None, ge=-1, le=4)
    occurrences: int | None = Field(None, ge=1, le=999)


class CalendarOut(Schema):
    id: int
    version: int
    name: str
    project_id: int | None = Field(description="Set for a project's own calendar.")
    working_hours: dict[str, Periods]
    holidays: list[dt.date] = Field(description="One-day non-working exceptions.")
    exceptions: list[ExceptionOut]

    @staticmethod
    def resolve_holidays(obj: WorkCalendar) -> list[dt.date]:
        return holidays_of(obj)

    @staticmethod
    def resolve_exceptions(obj: WorkCalendar) -> list[CalendarException]:
        return list(obj.exceptions.all())


class CalendarIn(StrictIn):
    name: str = Field(..., min_length=1, max_length=120)
    working_hours: dict[str, Any]
    holidays: list[dt.date] = []
    project_id: int | None = None


class CalendarPatch(StrictIn):
    version: int | None = None
    name: str | None = Field(None, min_length=1, max_length=120)
    working_hours: dict[str, Any] | None = None


@router.get("/calendars", response={200: list[CalendarOut], **ERRORS}, url_name="calendar-list")
def get_calendars(request: HttpRequest) -> Any:
    return list(list_calendars(request.user))


@router.post("/calendars", response={201: CalendarOut, **ERRORS}, url_name="calendar-create")
def create_calendar(request: HttpRequest, payload: CalendarIn) -> Any:
    project = None
    if payload.project_id is not None:
        project = access_project(request.user, payload.project_id, "project.edit")
    calendar = actions.do_create_calendar(
        acting_user=request.user,
        name=payload.name,
        working_hours=payload.working_hours,
        holidays=payload.holidays,
        project=project,
    )
    return Status(201, calendar)


@router.get(
    "/calendars/{calendar_id}", response={200: CalendarOut, **ERRORS}, url_name="calendar-detail"
)
def get_calendar(request: HttpRequest, calendar_id: int, response: HttpResponse) -> Any:
    calendar = CalendarPolicy.access(request.user, calendar_id)
    response["ETag"] = etag(calendar)
    return calendar


@router.patch(
    "/calendars/{calendar_id}", response={200: CalendarOut, **ERRORS}, url_name="calendar-update"
)
def update_calendar(request: HttpRequest, calendar_id: int, payload: CalendarPatch) -> Any:
    calendar = CalendarPolicy.access(request.user, calendar_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    changes = {k: v for k, v in changes.items() if v is not None}
    return actions.do_update_calendar(
        calendar, acting_user=request.user, version=version, changes=changes
    )


@router.delete(
    "/calendars/{calendar_id}", response={204: None, **ERRORS}, url_name="calendar-delete"
)
def delete_calendar(request: HttpRequest, calendar_id: int) -> Any:
    calendar = CalendarPolicy.access(request.user, calendar_id)
    actions.do_delete_calendar(calendar, acting_user=request.user, version=version_from(request))
    return Status(204, None)


@router.post(
    "/calendars/{calendar_id}/exceptions",
    response={201: ExceptionOut, **ERRORS},
    url_name="calendar-exception-create",
)
def add_calendar_exception(request: HttpRequest, calendar_id: int, payload: ExceptionIn) -> Any:
    calendar = CalendarPolicy.access(request.user, calendar_id)
    data = payload.dict()
    exception = actions.do_add_calendar_exception(
        calendar, acting_user=request.user, start=data.pop("start"), **data
    )
    return Status(201, exception)


@router.delete(
    "/calendar-exceptions/{exception_id}",
    response={204: None, **ERRORS},
    url_name="calendar-exception-delete",
)
def delete_calendar_exception(request: HttpRequest, exception_id: int) -> Any:
    exception = CalendarExceptionPolicy.access(request.user, exception_id)
    actions.do_delete_calendar_exception(
        exception, acting_user=request.user, version=version_from(request)
    )
    return Status(204, None)


# --- people's days off -----------------------------------------------------------------------


@router.get(
    "/people/{person_id}/days-off",
    response={200: list[ExceptionOut], **ERRORS},
    url_name="day-off-list",
)
def get_days_off(request: HttpRequest, person_id: int) -> Any:
    person = access(people_visible_to(request.user), person_id, "person")
    return list(list_days_off(request.user, person))


@router.post(
    "/people/{person_id}/days-off",
    response={201: ExceptionOut, **ERRORS},
    url_name="day-off-create",
)
def add_day_off(request: HttpRequest, person_id: int, payload: ExceptionIn) -> Any:
    person = access(people_visible_to(request.user), person_id, "person")
    data = payload.dict()
    day_off = actions.do_add_day_off(
        person, acting_user=request.user, start=data.pop("start"), **data
    )
    return Status(201, day_off)


@router.delete("/days-off/{day_off_id}", response={204: None, **ERRORS}, url_name="day-off-delete")
def delete_day_off(request: HttpRequest, day_off_id: int) -> Any:
    day_off = DayOffPolicy.access(request.user, day_off_id)
    actions.do_delete_day_off(day_off, acting_user=request.user, version=version_from(request))
    return Status(204, None)
