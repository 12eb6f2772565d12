"""The earned value page of a project (figures, S-curve with its table, summary tasks) and its
CSV download; the same report as ``GET /api/projects/{id}/earned-value``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tandem.core.errors import Forbidden, TandemError
from tandem.core.spreadsheet_cells import to_csv
from tandem.engine.earned_value import EacMethod
from tandem.planning.forms import add_action_errors
from tandem.planning.models import Baseline
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project

from .earned_value import EarnedValueReport, earned_value_for
from .earned_value_figures import (
    BY_KEY,
    FIGURES,
    MONEY,
    SUMMARY_KEYS,
    figure_lines,
    s_curve,
    undefined_text,
    values_of,
)
from .forms import EarnedValueForm
from .policies import can_see_rates

NO_MONEY = gettext_noop(
    "Amounts are not shown: they are priced from people's cost rates, which only organization "
    "admins and project managers see. The indices, percentages and earned schedule are here."
)


def _choices(form: EarnedValueForm) -> dict[str, Any]:
    data = form.cleaned_data
    baseline = data.get("baseline")
    return {
        "status_date": data.get("status_date"),
        "baseline_id": baseline.pk if baseline else None,
        "eac_method": EacMethod(data.get("eac_method") or "cpi"),
    }


@login_required
def project_earned_value(request: HttpRequest, project_id: int) -> HttpResponse:
    """Earned value at a status date against a baseline: the figures with their meaning (and why
    a figure is undefined), the S-curve and its table, the summary tasks, a CSV download."""
    project = access_project(request.user, project_id, "budget.view")
    shows_money = can_see_rates(request.user)
    form = EarnedValueForm(request.GET or None, project=project)
    context = project_context(
        request.user,
        project,
        "project-earned-value",
        form=form,
        shows_money=shows_money,
        no_money=_(NO_MONEY),
        has_baseline=Baseline.objects.filter(project=project).exists(),
    )
    if not context["has_baseline"]:
        return render(request, "resources/earned_value.html", context)
    if form.is_bound and not form.is_valid():
        return render(request, "resources/earned_value.html", context, status=422)
    choices = _choices(form) if form.is_bound else {}
    try:
        report = earned_value_for(request.user, project.pk, **choices)
    except TandemError as exc:
        add_action_errors(form, exc)
        return render(request, "resources/earned_value.html", context, status=exc.status)
    if not form.is_bound:
        form = EarnedValueForm(
            initial={"status_date": report.status_date, "eac_method": "cpi"},
            project=project,
            baseline=report.baseline,
        )
    params: dict[str, str | int] = {
        "status_date": report.status_date.isoformat(),
        "baseline": report.baseline.pk,
        "eac_method": report.eac_method.value,
    }
    context.update(
        form=form,
        report=report,
        figures=figure_lines(report.total, shows_money),
        summary_columns=[BY_KEY[k] for k in SUMMARY_KEYS if shows_money or BY_KEY[k].kind != MONEY],
        summary_rows=[_summary_cells(row, shows_money) for row in report.summaries],
        chart=s_curve(report, shows_money),
        csv_url=reverse("earned-value-export", args=[project.pk]) + "?" + urlencode(params),
    )
    return render(request, "resources/earned_value.html", context)


def _summary_cells(row: Any, shows_money: bool) -> dict[str, Any]:
    lines = {line["key"]: line for line in figure_lines(row, shows_money)}
    return {
        "row": row,
        "cells": [lines[k] for k in SUMMARY_KEYS if k in lines],
    }


@login_required
def earned_value_export(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's and summary tasks' figures as CSV (amounts: people who see cost rates)."""
    project = access_project(request.user, project_id, "budget.view")
    if not can_see_rates(request.user):
        raise Forbidden(_(NO_MONEY))
    form = EarnedValueForm(request.GET or None, project=project)
    if form.is_bound and not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items())
        return HttpResponse(errors, status=422, content_type="text/plain; charset=utf-8")
    report = earned_value_for(request.user, project.pk, **(_choices(form) if form.is_bound else {}))
    response = HttpResponse(earned_value_csv(report), content_type="text/csv; charset=utf-8")
    filename = f"{project.code}-earned-value-{report.status_date}.csv"
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "earned-value.csv"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def earned_value_csv(report: EarnedValueReport) -> str:
    """One row for the project, then one per summary task: every figure and why any is
    undefined; cells a spreadsheet would run as formulas are neutralised."""
    header = [
        "wbs_code",
        "name",
        "status_date",
        "baseline",
        "currency",
        *(f.key for f in FIGURES),
        "undefined",
    ]
    rows = []
    for row in [report.total, *report.summaries]:
        values = values_of(row)
        reasons = [undefined_text(row, f.key) for f in FIGURES]
        rows.append(
            [
                row.wbs_code,
                row.name,
                report.status_date,
                report.baseline.name,
                report.currency,
                *(_cell(values[f.key]) for f in FIGURES),
                "; ".join(r for r in reasons if r),
            ]
        )
    return to_csv(header, rows)


def _cell(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value
