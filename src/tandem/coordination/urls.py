from django.urls import path

from . import views

urlpatterns = [
    path(
        "action-items/<int:item_id>/schedule/",
        views.action_item_schedule,
        name="action-item-schedule",
    ),
    path(
        "meetings/<int:meeting_id>/agenda/build/",
        views.agenda_builder,
        name="meeting-agenda-build",
    ),
]
