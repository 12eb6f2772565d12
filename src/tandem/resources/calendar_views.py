"""Pages: working calendars (the week with split shifts, holidays, ranges and repeating
exceptions) and each person's working hours, time zone and days off."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from tandem.accounts.policies import access, people_visible_to
from tandem.core.errors import Forbidden, TandemError
from tandem.planning.forms import add_action_errors
from tandem.planning.models import PlanSettings
from tandem.projects.policies import is_org_admin

from . import calendar_actions as actions
from .calendar_forms import CalendarCreateForm, CalendarWeekForm, ExceptionForm, PersonHoursForm
from .calendar_queries import get_calendar, list_calendars, list_days_off
from .calendar_text import describe, week_rows
from .models import WorkCalendar
from .policies import CalendarExceptionPolicy, CalendarPolicy, DayOffPolicy
from .policies import may_edit_person_calendar as may_edit_person

NOT_ALLOWED = gettext_noop(
    "Only organization admins change shared calendars; a project's own also its manager."
)


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version") or 0)
    except ValueError:
        return 0


@login_required
def calendar_list(request: HttpRequest) -> HttpResponse:
    """The organization's calendars and the visible projects' own; admins add shared ones."""
    form = CalendarCreateForm(request.POST or None) if is_org_admin(request.user) else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Forbidden(_("Only organization admins add shared calendars."))
        if form.is_valid():
            try:
                calendar = actions.do_create_calendar(
                    acting_user=request.user,
                    name=form.cleaned_data["name"],
                    working_hours=WorkCalendar().working_hours,
                )
            except TandemError as exc:
                add_action_errors(form, exc)
            else:
                return redirect("calendar-detail", calendar.pk)
        status = 422
    calendars = [
        {"calendar": c, "week": week_rows(c.working_hours), "count": len(c.exceptions.all())}
        for c in list_calendars(request.user)
    ]
    context = {"calendars": calendars, "form": form}
    return render(request, "resources/calendar_list.html", context, status=status)


def _calendar_page(
    request: HttpRequest,
    calendar: WorkCalendar,
    week_form: Any,
    exception_form: Any,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    used_by = PlanSettings.objects.filter(calendar=calendar).select_related("project")
    context = {
        "calendar": calendar,
        "week": week_rows(calendar.working_hours),
        "exceptions": [describe(e, today) for e in calendar.exceptions.all()],
        "week_form": week_form,
        "exception_form": exception_form,
        "used_by": sorted(s.project.code for s in used_by),
        "can_edit": week_form is not None,
    }
    return render(request, "resources/calendar_detail.html", context, status=status)


def _week_form(calendar: WorkCalendar, data: Any = None) -> CalendarWeekForm:
    return CalendarWeekForm(
        data,
        week=calendar.working_hours,
        initial={"version": calendar.version, "name": calendar.name},
    )


@login_required
def calendar_detail(request: HttpRequest, calendar_id: int) -> HttpResponse:
    """A calendar's week and exceptions; its editors change the week (split shifts allowed)."""
    calendar = get_calendar(request.user, calendar_id)
    can_edit = CalendarPolicy.can(request.user, "edit", calendar)
    if request.method != "POST":
        week_form = _week_form(calendar) if can_edit else None
        exception_form = ExceptionForm(prefix="exc") if can_edit else None
        return _calendar_page(request, calendar, week_form, exception_form)
    if not can_edit:
        raise Forbidden(_(NOT_ALLOWED))
    form = _week_form(calendar, request.POST)
    status = 422
    if form.is_valid():
        changes = {"name": form.cleaned_data["name"]}
        changes["working_hours"] = form.cleaned_data["working_hours"]
        try:
            actions.do_update_calendar(
                calendar,
                acting_user=request.user,
                version=form.cleaned_data["version"],
                changes=changes,
            )
        except TandemError as exc:
            add_action_errors(form, exc)
            status = exc.status
        else:
            return redirect("calendar-detail", calendar.pk)
    return _calendar_page(request, calendar, form, ExceptionForm(prefix="exc"), status)


@login_required
@require_POST
def calendar_exception_add(request: HttpRequest, calendar_id: int) -> HttpResponse:
    calendar = get_calendar(request.user, calendar_id, "edit")
    form = ExceptionForm(request.POST, prefix="exc")
    status = 422
    if form.is_valid():
        data = form.action_fields()
        try:
            actions.do_add_calendar_exception(
                calendar, acting_user=request.user, start=data.pop("start"), **data
            )
        except TandemError as exc:
            add_action_errors(form, exc)
            status = exc.status
        else:
            return redirect("calendar-detail", calendar.pk)
    return _calendar_page(request, calendar, _week_form(calendar), form, status)


@login_required
@require_POST
def calendar_exception_remove(request: HttpRequest, exception_id: int) -> HttpResponse:
    exception = CalendarExceptionPolicy.access(request.user, exception_id, "edit")
    actions.do_delete_calendar_exception(
        exception, acting_user=request.user, version=_version(request)
    )
    return redirect("calendar-detail", exception.calendar_id)


@login_required
@require_POST
def calendar_remove(request: HttpRequest, calendar_id: int) -> HttpResponse:
    calendar = get_calendar(request.user, calendar_id, "edit")
    actions.do_delete_calendar(calendar, acting_user=request.user, version=_version(request))
    return redirect("calendar-list")


# --- people ------------------------------------------------------------------------------------


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    return redirect("person-calendar", request.user.pk)


def _person_page(
    request: HttpRequest, person: Any, hours_form: Any, day_off_form: Any, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "person": person,
        "week": week_rows(person.working_hours),
        "days_off": [describe(e, today) for e in list_days_off(request.user, person)],
        "hours_form": hours_form,
        "day_off_form": day_off_form,
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "resources/person_calendar.html", context, status=status)


def _hours_form(person: Any, data: Any = None) -> PersonHoursForm:
    initial = {"version": person.version, "time_zone": person.time_zone}
    return PersonHoursForm(data, week=person.working_hours, initial=initial)


@login_required
def person_calendar(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's working hours, time zone and days off: their own to change, or anyone's for
    an organization admin; everyone in the organization reads them (they plan with them)."""
    person = access(people_visible_to(request.user), person_id, "person")
    can_edit = may_edit_person(request.user, person)
    if request.method != "POST":
        hours_form = _hours_form(person) if can_edit else None
        day_off_form = ExceptionForm(prefix="off") if can_edit else None
        return _person_page(request, person, hours_form, day_off_form)
    if not can_edit:
        raise Forbidden(_("You may change only your own working hours and days off."))
    form = _hours_form(person, request.POST)
    status = 422
    if form.is_valid():
        try:
            actions.do_update_working_hours(
                person,
                acting_user=request.user,
                version=form.cleaned_data["version"],
                working_hours=form.cleaned_data["working_hours"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except TandemError as exc:
            add_action_errors(form, exc)
            status = exc.status
        else:
            return redirect("person-calendar", person.pk)
    return _person_page(request, person, form, ExceptionForm(prefix="off"), status)


@login_required
@require_POST
def day_off_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access(people_visible_to(request.user), person_id, "person")
    if not may_edit_person(request.user, person):
        raise Forbidden(_("You may change only your own working hours and days off."))
    form = ExceptionForm(request.POST, prefix="off")
    status = 422
    if form.is_valid():
        data = form.action_fields()
        try:
            actions.do_add_day_off(
                person, acting_user=request.user, start=data.pop("start"), **data
            )
        except TandemError as exc:
            add_action_errors(form, exc)
            status = exc.status
        else:
            return redirect("person-calendar", person.pk)
    return _person_page(request, person, _hours_form(person), form, status)


@login_required
@require_POST
def day_off_remove(request: HttpRequest, day_off_id: int) -> HttpResponse:
    day_off = DayOffPolicy.access(request.user, day_off_id, "edit")
    actions.do_delete_day_off(day_off, acting_user=request.user, version=_version(request))
    return redirect("person-calendar", day_off.person_id)
