"""Page: the plan settings (the project's working calendar, the length of a working day, the
compared baseline); the manager changes them or starts a calendar of the project's own.
Automatic scheduling and the status date are set on the Schedule page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.core.errors import Forbidden, TandemError
from tandem.projects.models import Project
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right
from tandem.resources.calendar_actions import do_copy_calendar
from tandem.resources.calendar_queries import list_calendars
from tandem.resources.calendar_text import describe, week_rows
from tandem.resources.models import WorkCalendar

from . import actions
from .baseline_actions import plan_settings_of
from .calendar import project_calendar
from .forms import add_action_errors
from .models import Baseline

STANDARD = gettext_lazy("Standard: Monday to Friday, 09:00-17:00")


class PlanSettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    calendar: forms.ModelChoiceField[WorkCalendar] = forms.ModelChoiceField(
        queryset=WorkCalendar.objects.none(), required=False, empty_label=STANDARD
    )
    hours_per_day = forms.DecimalField(
        min_value=0.5,
        max_value=24,
        max_digits=4,
        decimal_places=2,
        label=gettext_lazy("Hours per working day"),
    )
    compare_baseline: forms.ModelChoiceField[Baseline] = forms.ModelChoiceField(
        queryset=Baseline.objects.none(),
        required=False,
        empty_label=gettext_lazy("None"),
        label=gettext_lazy("Compared baseline"),
    )

    def __init__(self, *args: Any, user: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        calendars = list_calendars(user, project_id=project.pk)
        self.fields["calendar"].queryset = calendars  # type: ignore[attr-defined]
        baselines = Baseline.objects.filter(project=project).order_by("-created_at", "-id")
        self.fields["compare_baseline"].queryset = baselines  # type: ignore[attr-defined]


class OwnCalendarForm(forms.Form):
    name = forms.CharField(max_length=120, label=gettext_lazy("Name of the project's own calendar"))


def _settings_form(request: HttpRequest, project: Project, data: Any = None) -> PlanSettingsForm:
    settings = plan_settings_of(project)
    initial = {
        "version": settings.version,
        "calendar": settings.calendar_id,
        "hours_per_day": settings.hours_per_day,
        "compare_baseline": settings.compare_baseline_id,
    }
    return PlanSettingsForm(data, initial=initial, user=request.user, project=project)


def _page(
    request: HttpRequest, project: Project, form: Any, own_form: Any, status: int = 200
) -> HttpResponse:
    settings = plan_settings_of(project)
    today = timezone.localdate()
    calendar = settings.calendar
    context = project_context(
        request.user,
        project,
        "plan-settings",
        settings=settings,
        calendar_name=calendar.name if calendar else STANDARD,
        week=week_rows(project_calendar(project).working_hours),
        exceptions=[describe(e, today) for e in calendar.exceptions.all()] if calendar else [],
        form=form,
        own_form=own_form,
    )
    return render(request, "planning/plan_settings.html", context, status=status)


@login_required
def plan_settings(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's calendar (with its week and exceptions), hours per day and compared
    baseline; the manager (``project.edit``) changes them."""
    project = access_project(request.user, project_id, "project.view_work")
    can_edit = has_right(request.user, project, "project.edit")
    if request.method != "POST":
        form = _settings_form(request, project) if can_edit else None
        return _page(request, project, form, OwnCalendarForm() if can_edit else None)
    if not can_edit:
        raise Forbidden(_("Only the project manager changes the plan settings."))
    form = _settings_form(request, project, request.POST)
    status = 422
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {k: v for k, v in data.items() if k in form.changed_data}
        try:
            actions.do_update_plan_settings(
                project, acting_user=request.user, version=version, changes=changes
            )
        except TandemError as exc:
            add_action_errors(form, exc)
            status = exc.status
        else:
            return redirect("plan-settings", project.pk)
    return _page(request, project, form, OwnCalendarForm(), status)


@login_required
@require_POST
def own_calendar_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """Start a calendar of the project's own, a copy of the current one, and schedule on it."""
    project = access_project(request.user, project_id, "project.edit")
    form = OwnCalendarForm(request.POST)
    status = 422
    if form.is_valid():
        settings = plan_settings_of(project)
        try:
            with transaction.atomic():
                calendar = do_copy_calendar(
                    settings.calendar,
                    acting_user=request.user,
                    name=form.cleaned_data["name"],
                    project=project,
                )
                actions.do_update_plan_settings(
                    project,
                    acting_user=request.user,
                    version=settings.version,
                    changes={"calendar": calendar},
                )
        except TandemError as exc:
            add_action_errors(form, exc)
            status = exc.status
        else:
            return redirect("calendar-detail", calendar.pk)
    return _page(request, project, _settings_form(request, project), form, status)
