from django.urls import URLPattern, URLResolver, path

from . import views_export, views_import

urlpatterns: list[URLPattern | URLResolver] = [
    path("projects/<int:project_id>/export/", views_export.project_export, name="project-export"),
    path(
        "projects/<int:project_id>/export/<str:fmt>/",
        views_export.project_export_download,
        name="project-export-download",
    ),
    path(
        "projects/<int:project_id>/update-from-file/",
        views_import.project_update_upload,
        name="project-update-from-file",
    ),
    path("imports/new/", views_import.import_upload, name="plan-import-upload"),
    path("imports/<int:import_id>/", views_import.plan_import, name="plan-import"),
    path(
        "imports/<int:import_id>/project/",
        views_import.plan_import_choose,
        name="plan-import-choose",
    ),
    path(
        "imports/<int:import_id>/confirm/",
        views_import.plan_import_confirm,
        name="plan-import-confirm",
    ),
]
