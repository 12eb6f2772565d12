from django.urls import URLPattern, URLResolver, path

from . import views_export

urlpatterns: list[URLPattern | URLResolver] = [
    path("projects/<int:project_id>/export/", views_export.project_export, name="project-export"),
    path(
        "projects/<int:project_id>/export/<str:fmt>/",
        views_export.project_export_download,
        name="project-export-download",
    ),
]
