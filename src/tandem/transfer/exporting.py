"""Taking a project's plan out of Tandem: MS Project XML, CSV, Excel and iCalendar.

The API (``GET /api/projects/{id}/export?format=...``), the project's Export menu and
``tandem export`` all call :func:`export_project`, so they give the same file to the same
person.

Formats
    ``mspdi``  MS Project XML (``.xml``, opened by MS Project and ProjectLibre): calendars with
               their exceptions, tasks with WBS and outline, links with lags, constraints,
               deadlines, notes, progress and the status date, people and resources with their
               assignments, baselines, and the dates, slack and critical flag Tandem computed.
    ``csv``    the plan as a table (layout: ``tandem.transfer.export_table``), UTF-8.
    ``xlsx``   the same table as an Excel workbook, dates as dates and numbers as numbers.
    ``ics``    iCalendar: the project's milestones (all-day events on their scheduled date) and
               the meetings the person may see.

Who may export what
    The plan (``mspdi``, ``csv``, ``xlsx``) needs ``project.view_work``, as the task list does:
    stakeholders do not see the plan's tasks on any page, so they export none. The calendar
    (``ics``) needs ``project.view``: stakeholders get the milestones (which the Gantt shows
    them) and no meetings. Resources' cost rates are written only for people who see them on
    the resource pages (``can_see_rates``); for others every rate is 0. The table exports carry
    no costs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tandem.engine.formats import write_mspdi
from tandem.projects.models import Project
from tandem.projects.policies import access_project, has_right

from .export_ical import plan_calendar_ics
from .export_model import plan_export
from .export_table import plan_csv, plan_xlsx


class ExportFormat(StrEnum):
    MSPDI = "mspdi"
    CSV = "csv"
    XLSX = "xlsx"
    ICS = "ics"


CONTENT_TYPES = {
    ExportFormat.MSPDI: "application/xml",
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.ICS: "text/calendar; charset=utf-8",
}
SUFFIXES = {
    ExportFormat.MSPDI: "plan.xml",
    ExportFormat.CSV: "plan.csv",
    ExportFormat.XLSX: "plan.xlsx",
    ExportFormat.ICS: "calendar.ics",
}
RIGHTS = {
    ExportFormat.MSPDI: "project.view_work",
    ExportFormat.CSV: "project.view_work",
    ExportFormat.XLSX: "project.view_work",
    ExportFormat.ICS: "project.view",
}
LABELS = {
    ExportFormat.MSPDI: "MS Project XML",
    ExportFormat.CSV: "CSV",
    ExportFormat.XLSX: "Excel",
    ExportFormat.ICS: "iCalendar",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def formats_for(user: Any, project: Project) -> list[ExportFormat]:
    """The formats ``user`` may export ``project`` in (for menus)."""
    return [f for f in ExportFormat if has_right(user, project, RIGHTS[f])]


def file_name(project: Project, fmt: ExportFormat) -> str:
    """``ACME-plan.xml``: the project's code, kept to letters, digits, dashes and underscores."""
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", project.code).strip("-") or f"project-{project.pk}"
    return f"{code}-{SUFFIXES[fmt]}"


def export_project(
    user: Any, project_id: int, fmt: ExportFormat, *, now: dt.datetime
) -> ExportFile:
    """The project's plan in ``fmt`` for ``user``: 404 when they cannot see the project, 403
    when their role does not allow the format, 422 when the plan cannot be scheduled.
    ``now`` (aware) stamps the iCalendar events."""
    project = access_project(user, project_id, RIGHTS[fmt])
    if fmt is ExportFormat.ICS:
        content = plan_calendar_ics(user, project, now=now)
    else:
        plan = plan_export(user, project)
        if fmt is ExportFormat.MSPDI:
            content = write_mspdi(plan.engine_project, plan.schedule, currency=project.currency)
        elif fmt is ExportFormat.CSV:
            content = plan_csv(user, plan).encode("utf-8")
        else:
            content = plan_xlsx(user, plan)
    return ExportFile(content, CONTENT_TYPES[fmt], file_name(project, fmt))
