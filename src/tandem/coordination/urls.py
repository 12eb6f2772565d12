from django.urls import path

from . import views, views_raci, views_teams

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
    path("projects/<int:project_id>/teams/", views_teams.project_teams, name="project-teams"),
    path("organization/teams/", views_teams.organization_teams, name="org-teams"),
    path("organization/teams/<int:team_id>/", views_teams.team_edit, name="org-team-edit"),
    path(
        "organization/teams/<int:team_id>/delete/",
        views_teams.team_delete,
        name="org-team-delete",
    ),
    path("organization/departments/", views_teams.department_add, name="org-department-add"),
    path(
        "organization/departments/<int:dept_id>/delete/",
        views_teams.department_delete,
        name="org-department-delete",
    ),
]
