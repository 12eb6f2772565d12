from django.urls import path

from . import views, views_raci

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
    path("projects/<int:project_id>/raci/", views_raci.raci_matrix_page, name="project-raci"),
    path(
        "projects/<int:project_id>/raci/<str:kind>/<int:item_id>/",
        views_raci.raci_row_save,
        name="project-raci-row",
    ),
    path("projects/<int:project_id>/raci.csv", views_raci.raci_export, name="project-raci-export"),
]
