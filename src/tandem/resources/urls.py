from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:project_id>/team/", views.project_team, name="project-team"),
    path("memberships/<int:membership_id>/role/", views.member_role, name="member-role"),
    path("resources/", views.resource_list, name="resource-list"),
    path("resources/<int:resource_id>/", views.resource_detail, name="resource-detail"),
    path("projects/<int:project_id>/time/", views.time_entry_list, name="time-entry-list"),
    path("time-entries/<int:entry_id>/remove/", views.time_entry_remove, name="time-entry-remove"),
    path("projects/<int:project_id>/budget/", views.project_budget, name="project-budget"),
]
