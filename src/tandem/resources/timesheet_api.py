"""REST endpoints of the weekly timesheet (mounted on ``resources.api.router``), with the page's
rules: a person reads, fills in and submits their own week; the project manager reads anyone's
week and approves or returns a submitted one (never their own).

A week's ``version`` is its submission record's (0 before the first submission): every write
names it (If-Match or a ``version`` field), so a write based on a week that was since submitted,
approved or returned is refused with 412.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import NotFound, PreconditionFailed, ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import access_project

from . import timesheet_actions
from .models import TimesheetWeek
from .policies import TimesheetWeekPolicy
from .timesheets import TimesheetGrid, build_grid, week_of, week_record

router = Router(tags=["timesheets"])

WEEK = "/projects/{project_id}/timesheets/{week}"


class TimesheetRowOut(Schema):
    task_id: int
    wbs_code: str
    name: str
    open: bool = Field(
        description="False: a task closed or no longer assigned that has time this week; "
        "shown, not writable."
    )
    hours: list[Decimal] = Field(description="Monday to Sunday.")
    total: Decimal


class TimesheetOut(Schema):
    id: int | None = Field(description="The submission record; null before the first submit.")
    version: int = Field(description="The submission record's version; 0 before the first.")
    person_id: int
    person: str
    week_start: dt.date = Field(description="The Monday of the week.")
    days: list[dt.date]
    status: str = Field(description="open, submitted, approved or returned.")
    note: str = Field(description="The project manager's note when the week was returned.")
    submitted_at: dt.datetime | None
    decided_by_id: int | None
    decided_at: dt.datetime | None
    rows: list[TimesheetRowOut]
    day_totals: list[Decimal]
    total: Decimal


class TimesheetCellIn(StrictIn):
    task_id: int
    date: dt.date
    hours: Decimal = Field(..., ge=0, le=24, decimal_places=2, description="0 clears the cell.")


class TimesheetPatch(StrictIn):
    version: int | None = None
    entries: list[TimesheetCellIn] = Field(..., min_length=1, max_length=2000)


class TimesheetSubmitIn(StrictIn):
    version: int | None = None


class TimesheetDecisionIn(StrictIn):
    person_id: int
    version: int | None = None


class TimesheetReturnIn(TimesheetDecisionIn):
    note: str = Field(..., max_length=500, description="What to change; required.")


def _monday(week: dt.date) -> dt.date:
    if not 1900 <= week.year <= 2199:
        raise ValidationFailed(
            _("%(week)s is outside 1900-2199.") % {"week": week},
            fields={"week": [_("a date between 1900 and 2199")]},
        )
    return week_of(week)


def _week_out(project: Project, person: Any, grid: TimesheetGrid) -> dict[str, Any]:
    record = grid.record
    return {
        "id": record.pk if record else None,
        "version": record.version if record else 0,
        "person_id": person.pk,
        "person": str(person),
        "week_start": grid.week_start,
        "days": grid.days,
        "status": record.status if record else "open",
        "note": record.note if record else "",
        "submitted_at": record.submitted_at if record else None,
        "decided_by_id": record.decided_by_id if record else None,
        "decided_at": record.decided_at if record else None,
        "rows": [
            {
                "task_id": row.task.pk,
                "wbs_code": row.task.wbs_code,
                "name": row.task.name,
                "open": row.open,
                "hours": [h for _, h in row.cells],
                "total": row.total,
            }
            for row in grid.rows
        ],
        "day_totals": grid.day_totals,
        "total": grid.total,
    }


def _own_week(
    request: HttpRequest, project: Project, week_start: dt.date, response: HttpResponse
) -> dict[str, Any]:
    grid = build_grid(project, int(request.user.pk or 0), week_start)
    response["ETag"] = f'"{grid.record.version if grid.record else 0}"'
    return _week_out(project, request.user, grid)


def _check_week_version(
    request: HttpRequest, project: Project, week_start: dt.date, sent: int | None
) -> None:
    expected = version_from(request, sent)
    record = week_record(project.pk, int(request.user.pk or 0), week_start)
    current = record.version if record else 0
    if expected != current:
        raise PreconditionFailed(
            _(
                "The week of %(week_start)s was changed meanwhile (you sent version "
                "%(expected)s, current is %(current)s); reload and try again."
            )
            % {"week_start": week_start, "expected": expected, "current": current}
        )


@router.get(WEEK, response={200: TimesheetOut, **ERRORS}, url_name="api-timesheet-week")
def get_timesheet_week(
    request: HttpRequest,
    project_id: int,
    week: dt.date,
    response: HttpResponse,
    person_id: int | None = None,
) -> Any:
    """A person's week of time in the project: hours per task and day, totals and status.
    Without ``person_id``, your own week; someone else's is for the project manager."""
    week_start = _monday(week)
    if person_id is None or person_id == request.user.pk:
        project = access_project(request.user, project_id, "time.log")
        return _own_week(request, project, week_start, response)
    project = access_project(request.user, project_id, "project.edit")
    person = (
        get_user_model()
        .objects.filter(pk=person_id, organization_id=project.organization_id)
        .first()
    )
    if person is None:
        raise NotFound(_("No person %(person_id)s.") % {"person_id": person_id})
    grid = build_grid(project, person.pk, week_start)
    response["ETag"] = f'"{grid.record.version if grid.record else 0}"'
    return _week_out(project, person, grid)


@router.patch(WEEK, response={200: TimesheetOut, **ERRORS}, url_name="api-timesheet-week-save")
def save_timesheet_week(
    request: HttpRequest,
    project_id: int,
    week: dt.date,
    payload: TimesheetPatch,
    response: HttpResponse,
) -> Any:
    """Set your hours for the cells given (0 clears a cell; cells not given keep their hours).
    Every cell is checked first: one refused cell saves nothing."""
    project = access_project(request.user, project_id, "time.log")
    week_start = _monday(week)
    with transaction.atomic():
        _check_week_version(request, project, week_start, payload.version)
        hours: dict[tuple[int, dt.date], Decimal] = {}
        for cell in payload.entries:
            hours[(cell.task_id, cell.date)] = cell.hours
        timesheet_actions.do_save_timesheet(
            project, acting_user=request.user, week_start=week_start, hours=hours
        )
    return _own_week(request, project, week_start, response)


@router.post(
    f"{WEEK}/submit", response={200: TimesheetOut, **ERRORS}, url_name="api-timesheet-submit"
)
def submit_timesheet_week(
    request: HttpRequest,
    project_id: int,
    week: dt.date,
    payload: TimesheetSubmitIn,
    response: HttpResponse,
) -> Any:
    """Hand your week in: it becomes read-only and waits for the project manager."""
    project = access_project(request.user, project_id, "time.log")
    week_start = _monday(week)
    with transaction.atomic():
        _check_week_version(request, project, week_start, payload.version)
        timesheet_actions.do_submit_timesheet_week(
            project, acting_user=request.user, week_start=week_start
        )
    return _own_week(request, project, week_start, response)


def _submitted(
    request: HttpRequest, project_id: int, week: dt.date, person_id: int
) -> TimesheetWeek:
    record = (
        TimesheetWeekPolicy.visible_to(request.user)
        .filter(project_id=project_id, person_id=person_id, week_start=_monday(week))
        .select_related("project", "person")
        .first()
    )
    if record is None:
        raise NotFound(
            _("No submitted week of person %(person_id)s from %(week_of)s here.")
            % {"person_id": person_id, "week_of": week_of(week)}
        )
    return record


def _decided(record: TimesheetWeek, response: HttpResponse) -> dict[str, Any]:
    grid = build_grid(record.project, record.person_id, record.week_start)
    response["ETag"] = f'"{record.version}"'
    return _week_out(record.project, record.person, grid)


@router.post(
    f"{WEEK}/approve", response={200: TimesheetOut, **ERRORS}, url_name="api-timesheet-approve"
)
def approve_timesheet_week(
    request: HttpRequest,
    project_id: int,
    week: dt.date,
    payload: TimesheetDecisionIn,
    response: HttpResponse,
) -> Any:
    """The project manager approves a submitted week of someone else's."""
    record = _submitted(request, project_id, week, payload.person_id)
    record = timesheet_actions.do_approve_timesheet_week(
        record, acting_user=request.user, version=version_from(request, payload.version)
    )
    return _decided(record, response)


@router.post(
    f"{WEEK}/return", response={200: TimesheetOut, **ERRORS}, url_name="api-timesheet-return"
)
def return_timesheet_week(
    request: HttpRequest,
    project_id: int,
    week: dt.date,
    payload: TimesheetReturnIn,
    response: HttpResponse,
) -> Any:
    """The project manager sends a submitted week back with a note; it opens again."""
    record = _submitted(request, project_id, week, payload.person_id)
    record = timesheet_actions.do_return_timesheet_week(
        record,
        acting_user=request.user,
        version=version_from(request, payload.version),
        note=payload.note,
    )
    return _decided(record, response)
