"""Who reads and writes reports: a report is read by whoever may read its status update
(``records``: the team, and stakeholders once it is published for them); leads draft, edit and
publish; the manager sets the schedule."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet

from tandem.projects.policies import ProjectScopedPolicy
from tandem.records.policies import StatusUpdatePolicy

from .models import Report, ReportSchedule


class ReportPolicy(ProjectScopedPolicy[Report]):
    model: ClassVar[type[Model]] = Report
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {
        "update": "records.manage",
        "publish": "records.manage",
    }

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Any]:
        return Report.objects.filter(status_update__in=StatusUpdatePolicy.visible_to(user))


class ReportSchedulePolicy(ProjectScopedPolicy[ReportSchedule]):
    model: ClassVar[type[Model]] = ReportSchedule
    view_right = "project.edit"
    action_rights: ClassVar[dict[str, str]] = {"update": "project.edit"}
