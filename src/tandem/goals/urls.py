from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:project_id>/goals/", views.goal_list, name="goal-list"),
    path("goals/<int:goal_id>/key-results/", views.key_result_add, name="key-result-add"),
    path("key-results/<int:kr_id>/current/", views.key_result_update, name="key-result-current"),
]
