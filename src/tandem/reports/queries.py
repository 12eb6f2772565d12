"""Reads of reports, already filtered by what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tandem.projects.policies import access_project

from .models import Report, ReportSchedule
from .policies import ReportPolicy


def list_reports(user: Any, project_id: int) -> QuerySet[Report]:
    access_project(user, project_id, "project.view")
    return (
        ReportPolicy.visible_to(user)
        .filter(project_id=project_id)
        .select_related("status_update__project")
        .order_by("-status_update__period_end", "-id")
    )


def get_report(user: Any, report_id: int, action: str = "view") -> Report:
    found: Report = ReportPolicy.access(user, report_id, action)
    return (
        Report.objects.select_related("status_update__project", "status_update__author")
        .filter(pk=found.pk)
        .get()
    )


def schedule_of(user: Any, project_id: int) -> ReportSchedule | None:
    access_project(user, project_id, "project.edit")
    return ReportSchedule.objects.filter(project_id=project_id).first()
