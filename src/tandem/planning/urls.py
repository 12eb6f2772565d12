from django.urls import path

from . import (
    views,
    views_baselines,
    views_gantt,
    views_leveling,
    views_plan_settings,
    views_schedule,
    views_workload,
)

urlpatterns = [
    path("projects/<int:project_id>/plan/", views.task_list, name="task-list"),
    path("projects/<int:project_id>/gantt/", views_gantt.project_gantt, name="project-gantt"),
    path("tasks/<int:task_id>/", views.task_detail, name="task-detail"),
    path("tasks/<int:task_id>/predecessors/", views.dependency_add, name="task-dependency-add"),
    path(
        "dependencies/<int:dependency_id>/remove/",
        views.dependency_remove,
        name="task-dependency-remove",
    ),
    path("tasks/<int:task_id>/assignees/", views.assignment_add, name="task-assignment-add"),
    path(
        "assignments/<int:assignment_id>/remove/",
        views.assignment_remove,
        name="task-assignment-remove",
    ),
    path("projects/<int:project_id>/milestones/", views.milestone_list, name="milestone-list"),
    path(
        "projects/<int:project_id>/schedule/",
        views_schedule.project_schedule,
        name="project-schedule",
    ),
    path(
        "projects/<int:project_id>/schedule/settings/",
        views.plan_scheduling_update,
        name="plan-scheduling-update",
    ),
    path(
        "projects/<int:project_id>/baselines/", views_baselines.baseline_list, name="baseline-list"
    ),
    path("baselines/<int:baseline_id>/", views_baselines.baseline_compare, name="baseline-compare"),
    path(
        "baselines/<int:baseline_id>/rename/",
        views_baselines.baseline_rename,
        name="baseline-rename",
    ),
    path(
        "baselines/<int:baseline_id>/remove/",
        views_baselines.baseline_remove,
        name="baseline-remove",
    ),
    path(
        "baselines/<int:baseline_id>/compare-against/",
        views_baselines.baseline_choose,
        name="baseline-choose",
    ),
    path(
        "projects/<int:project_id>/plan-settings/",
        views_plan_settings.plan_settings,
        name="plan-settings",
    ),
    path(
        "projects/<int:project_id>/plan-settings/own-calendar/",
        views_plan_settings.own_calendar_create,
        name="own-calendar-create",
    ),
    path(
        "projects/<int:project_id>/workload/",
        views_workload.project_workload_page,
        name="project-workload",
    ),
    path(
        "projects/<int:project_id>/workload/chart/",
        views_workload.project_workload_chart,
        name="project-workload-chart",
    ),
    path("workload/", views_workload.organization_workload_page, name="workload"),
    path("workload/chart/", views_workload.organization_workload_chart, name="workload-chart"),
    path(
        "projects/<int:project_id>/leveling/", views_leveling.leveling_page, name="project-leveling"
    ),
    path(
        "projects/<int:project_id>/leveling/preview/",
        views_leveling.leveling_preview,
        name="leveling-preview",
    ),
    path(
        "projects/<int:project_id>/leveling/apply/",
        views_leveling.leveling_apply,
        name="leveling-apply",
    ),
    path(
        "projects/<int:project_id>/leveling/cancel/",
        views_leveling.leveling_cancel,
        name="leveling-cancel",
    ),
    path(
        "projects/<int:project_id>/leveling/clear/",
        views_leveling.leveling_clear,
        name="leveling-clear",
    ),
]
