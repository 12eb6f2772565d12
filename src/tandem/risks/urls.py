from django.urls import path

from . import views, views_analysis

urlpatterns = [
    path("projects/<int:project_id>/risks/", views.risk_list, name="risk-list"),
    path("projects/<int:project_id>/risks/export.csv", views.risk_export, name="risk-export"),
    path("risks/<int:risk_id>/", views.risk_detail, name="risk-detail"),
    path("risks/<int:risk_id>/delete/", views.risk_delete, name="risk-delete"),
    path("risks/<int:risk_id>/mitigations/", views.mitigation_add, name="mitigation-add"),
    path("mitigations/<int:mitigation_id>/", views.mitigation_update, name="mitigation-update"),
    path(
        "mitigations/<int:mitigation_id>/delete/",
        views.mitigation_delete,
        name="mitigation-delete",
    ),
    path("projects/<int:project_id>/issues/", views.issue_list, name="issue-list"),
    path("projects/<int:project_id>/issues/export.csv", views.issue_export, name="issue-export"),
    path("issues/<int:issue_id>/", views.issue_detail, name="issue-detail"),
    path("issues/<int:issue_id>/escalate/", views.issue_escalate, name="issue-escalate"),
]

urlpatterns += [
    path(
        "projects/<int:project_id>/risk-analysis/",
        views_analysis.analysis_page,
        name="risk-analysis",
    ),
    path(
        "projects/<int:project_id>/risk-analysis/runs/<int:run_id>/",
        views_analysis.analysis_run,
        name="risk-analysis-run",
    ),
    path(
        "projects/<int:project_id>/risk-analysis/runs/<int:run_id>/progress/",
        views_analysis.analysis_progress,
        name="risk-analysis-progress",
    ),
    path(
        "projects/<int:project_id>/risk-analysis/estimates/<int:task_id>/",
        views_analysis.analysis_estimate,
        name="risk-analysis-estimate",
    ),
    path(
        "projects/<int:project_id>/risk-analysis/compare/",
        views_analysis.analysis_compare,
        name="risk-analysis-compare",
    ),
]
