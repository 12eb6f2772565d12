from django.urls import path

from . import calendar_views, earned_value_views, timesheet_views, views

urlpatterns = [
    path("projects/<int:project_id>/team/", views.project_team, name="project-team"),
    path("memberships/<int:membership_id>/role/", views.member_role, name="member-role"),
    path("resources/", views.resource_list, name="resource-list"),
    path("resources/<int:resource_id>/", views.resource_detail, name="resource-detail"),
    path("resources/<int:resource_id>/rates/", views.resource_rate_add, name="resource-rate-add"),
    path(
        "resource-rates/<int:rate_id>/remove/",
        views.resource_rate_remove,
        name="resource-rate-remove",
    ),
    path("projects/<int:project_id>/time/", views.time_entry_list, name="time-entry-list"),
    path("projects/<int:project_id>/timesheet/", timesheet_views.timesheet, name="timesheet"),
    path(
        "projects/<int:project_id>/timesheet/submit/",
        timesheet_views.timesheet_submit,
        name="timesheet-submit",
    ),
    path(
        "projects/<int:project_id>/timesheets/",
        timesheet_views.timesheet_approvals,
        name="timesheet-approvals",
    ),
    path(
        "timesheets/<int:week_id>/approve/",
        timesheet_views.timesheet_approve,
        name="timesheet-approve",
    ),
    path(
        "timesheets/<int:week_id>/return/",
        timesheet_views.timesheet_return,
        name="timesheet-return",
    ),
    path("time-entries/<int:entry_id>/remove/", views.time_entry_remove, name="time-entry-remove"),
    path("projects/<int:project_id>/budget/", views.project_budget, name="project-budget"),
    path(
        "projects/<int:project_id>/earned-value/",
        earned_value_views.project_earned_value,
        name="project-earned-value",
    ),
    path(
        "projects/<int:project_id>/earned-value/export.csv",
        earned_value_views.earned_value_export,
        name="earned-value-export",
    ),
    path("calendars/", calendar_views.calendar_list, name="calendar-list"),
    path("calendars/<int:calendar_id>/", calendar_views.calendar_detail, name="calendar-detail"),
    path(
        "calendars/<int:calendar_id>/exceptions/",
        calendar_views.calendar_exception_add,
        name="calendar-exception-add",
    ),
    path(
        "calendars/<int:calendar_id>/remove/",
        calendar_views.calendar_remove,
        name="calendar-remove",
    ),
    path(
        "calendar-exceptions/<int:exception_id>/remove/",
        calendar_views.calendar_exception_remove,
        name="calendar-exception-remove",
    ),
    path("me/calendar/", calendar_views.my_calendar, name="my-calendar"),
    path(
        "people/<int:person_id>/calendar/",
        calendar_views.person_calendar,
        name="person-calendar",
    ),
    path("people/<int:person_id>/days-off/", calendar_views.day_off_add, name="day-off-add"),
    path("days-off/<int:day_off_id>/remove/", calendar_views.day_off_remove, name="day-off-remove"),
]
