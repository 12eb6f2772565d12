from django.urls import path

from . import views

urlpatterns = [
    path("my-work/", views.my_work_page, name="my-work"),
    path("projects/<int:project_id>/board/", views.board_page, name="project-board"),
    path("projects/<int:project_id>/plan/bulk-edit/", views.bulk_edit, name="task-bulk-edit"),
    path(
        "projects/<int:project_id>/saved-views/",
        views.saved_view_create,
        name="saved-view-create",
    ),
    path("saved-views/<int:view_id>/delete/", views.saved_view_delete, name="saved-view-delete"),
]
