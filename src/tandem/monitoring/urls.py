from django.urls import path

from . import views

urlpatterns = [
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path(
        "projects/<int:project_id>/health/decision/",
        views.health_decision,
        name="computed-health-decision",
    ),
    path("projects/<int:project_id>/escalation-rules/", views.rule_list, name="escalation-rules"),
    path("projects/<int:project_id>/watch-settings/", views.watch_settings, name="watch-settings"),
    path("escalation-rules/<int:rule_id>/", views.rule_edit, name="escalation-rule-edit"),
    path(
        "escalation-rules/<int:rule_id>/delete/",
        views.rule_delete,
        name="escalation-rule-delete",
    ),
]
