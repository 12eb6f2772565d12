from django.urls import path

from . import calendar_views, views

urlpatterns = [
    path("me/calendars/", calendar_views.my_calendars, name="my-calendar-feeds"),
    path("me/calendars/connect/", calendar_views.calendar_connect, name="my-calendar-connect"),
    path("me/calendars/upload/", calendar_views.calendar_upload, name="my-calendar-upload"),
    path(
        "me/calendars/<int:calendar_id>/refresh/",
        calendar_views.calendar_refresh,
        name="my-calendar-refresh",
    ),
    path(
        "me/calendars/<int:calendar_id>/remove/",
        calendar_views.calendar_remove,
        name="my-calendar-remove",
    ),
    path("me/calendar-feeds/", calendar_views.feed_create, name="calendar-feed-create"),
    path(
        "me/calendar-feeds/<int:feed_id>/revoke/",
        calendar_views.feed_revoke,
        name="calendar-feed-revoke",
    ),
    path("calendar-feeds/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path("meetings/answer/<str:token>/", calendar_views.meeting_rsvp, name="meeting-rsvp"),
    path("projects/<int:project_id>/meetings/", views.meeting_list, name="meeting-list"),
    path("projects/<int:project_id>/meetings/new/", views.meeting_create, name="meeting-create"),
    path(
        "projects/<int:project_id>/meetings/agenda-row/",
        views.agenda_row,
        name="meeting-agenda-row",
    ),
    path(
        "projects/<int:project_id>/meetings/find-time/", views.find_time, name="meeting-find-time"
    ),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:meeting_id>/meeting.ics", views.meeting_ics, name="meeting-ics"),
    path("meetings/<int:meeting_id>/respond/", views.meeting_respond, name="meeting-respond"),
    path("meetings/<int:meeting_id>/participants/", views.meeting_invite, name="meeting-invite"),
    path(
        "meetings/<int:meeting_id>/attendance/", views.meeting_attendance, name="meeting-attendance"
    ),
    path("meetings/<int:meeting_id>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:meeting_id>/agenda/", views.agenda_add, name="meeting-agenda-add"),
    path("meetings/<int:meeting_id>/decisions/", views.decision_add, name="meeting-decision-add"),
    path(
        "meetings/<int:meeting_id>/action-items/",
        views.action_item_add,
        name="meeting-action-item-add",
    ),
    path("agenda-items/<int:item_id>/delete/", views.agenda_item_delete, name="agenda-item-delete"),
    path("action-items/<int:item_id>/status/", views.action_item_status, name="action-item-status"),
    path(
        "action-items/<int:item_id>/convert/",
        views.action_item_convert,
        name="action-item-convert",
    ),
]
