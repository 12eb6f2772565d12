"""Pages of the schedule risk analysis: the run form with the three-point estimates, a run's
results (charts with their tables), its progress while it runs, and the comparison of two runs.
The same actions and queries as ``api_analysis``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.core.errors import Forbidden, NotFound, TandemError
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import analysis_charts, queries
from .analysis import AnalysisRequest, CorrelationInput, compare_runs, run_overview
from .analysis_actions import EstimateChange, do_start_risk_analysis, do_update_estimates
from .forms import EstimateForm, RiskAnalysisForm
from .models import AnalysisStatus, RiskAnalysisRun

RECENT_RUNS = 20
PERCENTILES = (
    (gettext_lazy("P10"), "p10"),
    (gettext_lazy("P50"), "p50"),
    (gettext_lazy("P80"), "p80"),
    (gettext_lazy("P90"), "p90"),
    (gettext_lazy("Mean"), "mean"),
)


def _task_choices(rows: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(r["task_id"], f"{r['wbs_code']} {r['name']}".strip()) for r in rows]


def _initial(last: RiskAnalysisRun | None) -> dict[str, Any]:
    """The form starts from the last run's settings, so this week's run repeats last week's."""
    if last is None:
        return {}
    initial: dict[str, Any] = {"iterations": last.iterations, "seed": last.seed}
    for k, group in enumerate(last.inputs.get("correlations", [])[:3], start=1):
        initial[f"group{k}_tasks"] = group["task_ids"]
        initial[f"group{k}_correlation"] = group["correlation"]
    return initial


def _estimate_row(
    row: dict[str, Any], form: EstimateForm | None = None, saved: bool = False
) -> dict[str, Any]:
    if form is None:
        form = EstimateForm(
            initial={
                "version": row["version"],
                "optimistic": row["optimistic"] if row["estimate_mode"] == "three_point" else None,
                "most_likely": row["most_likely"]
                if row["estimate_mode"] == "three_point"
                else row["estimate"],
                "pessimistic": row["pessimistic"]
                if row["estimate_mode"] == "three_point"
                else None,
            },
            prefix=f"t{row['task_id']}",
        )
    # The inputs sit in the row's cells, the form in its last cell: tie them by the form's id.
    labels = {
        "optimistic": _("Optimistic"),
        "most_likely": _("Most likely"),
        "pessimistic": _("Pessimistic"),
    }
    for name, label in labels.items():
        form.fields[name].widget.attrs.update(
            {"form": f"estimate-form-{row['task_id']}", "aria-label": _("%(label)s: %(name)s") % {"label": label, "name": row["name"]},
             "inputmode": "decimal", "size": "6"}
        )  # fmt: skip
    unit = _("days") if row["duration_unit"] == "days" else _("hours")
    return {**row, "form": form, "saved": saved, "unit": unit}


@login_required
@require_http_methods(["GET", "POST"])
def analysis_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    can_run = has_right(request.user, project, "risks.edit")
    if request.method == "POST" and not can_run:
        raise Forbidden(_("Only the project manager runs a risk analysis."))
    runs = list(queries.list_analysis_runs(request.user, project.pk)[:RECENT_RUNS])
    rows = queries.estimate_rows(project)
    form = RiskAnalysisForm(
        request.POST or None, initial=_initial(runs[0] if runs else None),
        task_choices=_task_choices(rows),
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = do_start_risk_analysis(
                    project,
                    acting_user=request.user,
                    request=AnalysisRequest(
                        iterations=data["iterations"],
                        seed=data["seed"],
                        label=data["label"],
                        correlations=tuple(CorrelationInput(t, r) for t, r in form.groups()),
                    ),
                )
            except TandemError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("%(run)s was started with %(iterations)s iterations.")
                    % {"run": run, "iterations": f"{run.iterations:,}"},
                )
                return redirect("risk-analysis-run", project.pk, run.pk)
        else:
            status = 422
    can_edit = has_right(request.user, project, "tasks.edit")
    context = project_context(
        request.user,
        project,
        "risk-analysis",
        form=form if can_run else None,
        runs=[{**run_overview(r), "run": r} for r in runs],
        estimates=[_estimate_row(r) for r in rows],
        three_point=sum(1 for r in rows if r["estimate_mode"] == "three_point"),
        can_edit_estimates=can_edit,
    )
    return render(request, "risks/analysis.html", context, status=status)


def _results_context(run: RiskAnalysisRun, currency: str) -> dict[str, Any]:
    results = run.results
    if run.status != AnalysisStatus.DONE or not results:
        return {}
    finish, per_day = results["finish"], results["minutes_per_day"]
    return {
        "results": results,
        "percentiles": [
            {
                "name": name,
                "date": dt.date.fromisoformat(finish["dates"][key]),
                "days": finish[key] / per_day,
            }
            for name, key in PERCENTILES
        ],  # fmt: skip
        "deterministic": {
            "date": dt.date.fromisoformat(results["deterministic_date"]),
            "days": results["deterministic_finish"] / per_day,
        },
        "target_date": dt.date.fromisoformat(results["target_date"]),
        "milestones": [
            {
                **m,
                "deadline_date": dt.date.fromisoformat(m["deadline"]) if m["deadline"] else None,
                "p50_date": dt.date.fromisoformat(m["dates"]["p50"]),
                "p80_date": dt.date.fromisoformat(m["dates"]["p80"]),
            }
            for m in results["milestones"]
        ],
        "histogram": analysis_charts.finish_histogram(results),
        "tornado": analysis_charts.tornado(results),
        "criticality": analysis_charts.criticality(results),
        "cost": analysis_charts.cost_histogram(results, currency),
    }


def _inputs_summary(run: RiskAnalysisRun) -> dict[str, Any]:
    inputs = run.inputs
    names = {t["id"]: f"{t['wbs']} {t['name']}".strip() for t in inputs["tasks"]}
    return {
        "tasks": len(inputs["tasks"]),
        "three_point": sum(1 for t in inputs["tasks"] if isinstance(t["duration"], list)),
        "risks": [e["name"] for e in inputs["events"]],
        "groups": [
            {
                "tasks": [names.get(str(t), str(t)) for t in g["task_ids"]],
                "correlation": g["correlation"],
            }
            for g in inputs["correlations"]
        ],
        "origin": inputs["origin"],
    }


@login_required
@require_GET
def analysis_run(request: HttpRequest, project_id: int, run_id: int) -> HttpResponse:
    run = queries.get_analysis_run(request.user, project_id, run_id)
    project = run.project
    context = project_context(
        request.user,
        project,
        "risk-analysis",
        run=run,
        inputs=_inputs_summary(run),
        **_results_context(run, project.currency),
    )
    return render(request, "risks/analysis_run.html", context)


@login_required
@require_GET
def analysis_progress(request: HttpRequest, project_id: int, run_id: int) -> HttpResponse:
    """The progress bar a running analysis's page polls; once the run is over, the page reloads."""
    run = queries.get_analysis_run(request.user, project_id, run_id)
    response = render(
        request, "risks/_analysis_progress.html", {"run": run, "project": run.project}
    )
    if run.status in (AnalysisStatus.DONE, AnalysisStatus.FAILED):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def analysis_estimate(request: HttpRequest, project_id: int, task_id: int) -> HttpResponse:
    """Save one task's three-point estimate from its row of the estimates table."""
    project = access_project(request.user, project_id, "tasks.edit")
    found = queries.estimate_rows(project, [task_id])
    if not found:
        raise NotFound(_("No task %(id)s with an estimate in this project.") % {"id": task_id})
    form = EstimateForm(request.POST, prefix=f"t{task_id}")
    status, saved = 422, False
    if form.is_valid():
        data = form.cleaned_data
        change = EstimateChange(
            task_id, data["version"], data["optimistic"], data["most_likely"], data["pessimistic"]
        )
        try:
            do_update_estimates(project, acting_user=request.user, changes=[change])
        except TandemError as exc:
            for field, problems in exc.fields.items():
                name = field.rsplit(".", 1)[-1]
                form.add_error(name if name in form.fields else None, problems)
            if not exc.fields:
                form.add_error(None, exc.message)
            status = exc.status
        else:
            status, saved = 200, True
    if not request.headers.get("HX-Request"):
        if saved:
            messages.success(request, _("Estimate of %(name)s saved.") % {"name": found[0]["name"]})
        else:
            errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(
                request,
                _("Estimate of %(name)s not saved: %(errors)s")
                % {"name": found[0]["name"], "errors": errors},
            )
        return redirect(reverse("risk-analysis", args=[project.pk]) + "#estimates")
    row = queries.estimate_rows(project, [task_id])[0]
    shown = _estimate_row(row, saved=saved) if saved else _estimate_row(row, form)
    context = {"row": shown, "project": project, "can_edit_estimates": True}
    return render(request, "risks/_estimate_row.html", context, status=status)


@login_required
@require_GET
def analysis_compare(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    runs = list(
        queries.list_analysis_runs(request.user, project.pk).filter(status=AnalysisStatus.DONE)[:50]
    )
    chosen: dict[str, RiskAnalysisRun | None] = {"base": None, "other": None}
    for key in chosen:
        raw = request.GET.get(key, "")
        if raw.isdigit():
            chosen[key] = queries.get_analysis_run(request.user, project.pk, int(raw))
    if chosen["base"] is None and len(runs) >= 2:
        chosen["base"], chosen["other"] = runs[1], runs[0]
    comparison = None
    if chosen["base"] is not None and chosen["other"] is not None:
        comparison = compare_runs(chosen["base"], chosen["other"])
    context = project_context(
        request.user,
        project,
        "risk-analysis",
        runs=runs,
        base=chosen["base"],
        other=chosen["other"],
        comparison=comparison,
    )
    return render(request, "risks/analysis_compare.html", context)
