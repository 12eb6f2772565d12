from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:project_id>/goals/", views.goal_list, name="goal-list"),
    path("goals/<int:goal_id>/key-results/", views.key_result_add, name="key-result-add"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal-delete"),
    path("key-results/<int:kr_id>/edit/", views.key_result_edit, name="key-result-edit"),
    path("key-results/<int:kr_id>/delete/", views.key_result_delete, name="key-result-delete"),
    path("key-results/<int:kr_id>/current/", views.key_result_update, name="key-result-current"),
]
