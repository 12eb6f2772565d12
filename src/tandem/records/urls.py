from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:project_id>/documents/", views.document_list, name="document-list"),
    path("documents/<int:document_id>/", views.document_detail, name="document-detail"),
    path("documents/<int:document_id>/upload/", views.document_upload, name="document-upload"),
    path(
        "document-versions/<int:version_id>/download/",
        views.document_download,
        name="document-download",
    ),
    path("projects/<int:project_id>/decisions/", views.decision_list, name="decision-list"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision-detail"),
    path("projects/<int:project_id>/status/", views.status_list, name="status-list"),
    path("status/<int:update_id>/publish/", views.status_publish, name="status-publish"),
    path("comments/add/", views.comment_add, name="comment-add"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment-delete"),
    path("projects/<int:project_id>/history/", views.project_audit, name="project-audit"),
    path(
        "projects/<int:project_id>/history/<str:object_type>/<str:object_id>/",
        views.object_history,
        name="object-history",
    ),
]
