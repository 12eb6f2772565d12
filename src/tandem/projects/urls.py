from django.urls import path

from . import views, views_lifecycle

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<int:project_id>/", views.project_overview, name="project-overview"),
    path("projects/deleted/", views_lifecycle.deleted_projects, name="deleted-projects"),
    path(
        "projects/<int:project_id>/archive/",
        views_lifecycle.project_archive,
        name="project-archive",
    ),
    path(
        "projects/<int:project_id>/unarchive/",
        views_lifecycle.project_unarchive,
        name="project-unarchive",
    ),
    path(
        "projects/<int:project_id>/delete/", views_lifecycle.project_delete, name="project-delete"
    ),
    path(
        "projects/<int:project_id>/restore/",
        views_lifecycle.project_restore,
        name="project-restore",
    ),
]
