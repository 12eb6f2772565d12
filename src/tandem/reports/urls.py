from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:project_id>/reports/", views.report_list, name="report-list"),
    path(
        "projects/<int:project_id>/reports/schedule/",
        views.report_schedule,
        name="report-schedule",
    ),
    path("reports/<int:report_id>/", views.report_detail, name="report-detail"),
    path("reports/<int:report_id>/publish/", views.report_publish, name="report-publish"),
    path("reports/<int:report_id>/pdf/", views.report_pdf, name="report-pdf"),
]
