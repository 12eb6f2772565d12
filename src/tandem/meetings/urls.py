from django.urls import path

from . import views

urlpatterns = [
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
