"""The report's PDF as a download, for the page and the API alike."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from .models import Report
from .pdf import report_pdf
from .presenters import report_charts, report_view


def pdf_response(user: Any, report: Report) -> HttpResponse:
    update = report.status_update
    data = report_pdf(report_view(user, report), report_charts(user, report))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"status-report-{update.project.code}-{update.period_end}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
