"""The overview's trend charts, each with its table: burnup of tasks against the baseline, the
milestone trend (each milestone's forecast finish per week, from the weekly snapshots), and
open issues and risks per week."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.axes import Axes

from tandem.core import l10n
from tandem.core.charts import GREEN, GRID, MUTED, Chart, ChartTable, new_figure, render
from tandem.planning.models import Baseline, Task, TaskStatus
from tandem.projects.models import Project

from .evaluation import week_of
from .models import ProjectSnapshot, TaskSnapshot

MAX_MILESTONES = 8
MAX_WEEKS = 104


def _x(days: list[dt.date]) -> list[float]:
    """Dates as the chart's values (days)."""
    return [float(d.toordinal()) for d in days]


def _date_ticks(axes: Axes, days: list[dt.date], *, axis: str = "x") -> None:
    """At most eight labelled dates on ``axis``, as day and month in the reader's locale."""
    shown = sorted(set(days))
    if not shown:
        return
    ticks = shown[:: max(1, len(shown) // 8)]
    labels = [l10n.format_date(d, "month_day") for d in ticks]
    if axis == "x":
        axes.set_xticks(_x(ticks), labels)
    else:
        axes.set_yticks(_x(ticks), labels)


def _leaf_codes(codes: list[str]) -> set[str]:
    return {c for c in codes if not any(o.startswith(f"{c}.") for o in codes)}


def _weeks(first: dt.date, last: dt.date) -> list[dt.date]:
    """Fridays (week ends) from ``first``'s week to ``last``'s, at most ``MAX_WEEKS``."""
    start = week_of(first) + dt.timedelta(days=4)
    count = min(MAX_WEEKS, max(1, (week_of(last) - week_of(first)).days // 7 + 1))
    return [start + dt.timedelta(weeks=i) for i in range(count)]


def burnup_chart(project: Project, baseline: Baseline | None, today: dt.date) -> Chart:
    """Tasks finished per week (cumulative) against the baseline's plan and today's forecast;
    the scope line is the number of tasks without subtasks (cancelled ones left out)."""
    tasks = list(Task.objects.filter(project=project).exclude(status=TaskStatus.CANCELLED))
    parents = {t.parent_id for t in tasks}
    leaves = [t for t in tasks if t.pk not in parents]
    planned: list[dt.date] = []
    if baseline is not None:
        entries = list(baseline.entries.all())
        leaf = _leaf_codes([e.wbs_code for e in entries])
        planned = [e.finish_date for e in entries if e.wbs_code in leaf and e.finish_date]
    forecast = [t.finish_date for t in leaves if t.finish_date]
    done = [
        t.actual_finish or today
        for t in leaves
        if t.status == TaskStatus.DONE or t.actual_finish is not None
    ]
    dates = [*planned, *forecast, *done, project.start_date, today]
    weeks = _weeks(min(dates), max(dates))
    scope = len(leaves)

    def cumulative(days: list[dt.date]) -> list[int]:
        return [sum(1 for d in days if d <= end) for end in weeks]

    base_line, forecast_line = cumulative(planned), cumulative(forecast)
    done_line = [
        n if end <= week_of(today) + dt.timedelta(days=4) else None
        for end, n in zip(weeks, cumulative(done), strict=True)
    ]
    figure, axes = new_figure(8.0, 3.0)
    axes.plot(
        _x(weeks), [scope] * len(weeks), color=MUTED, linewidth=1, linestyle=":", label=_("Scope")
    )
    if baseline is not None:
        axes.plot(
            _x(weeks),
            base_line,
            color=GRID,
            linewidth=2.4,
            label=_("Baseline %(name)s") % {"name": baseline.name},
        )
    axes.plot(_x(weeks), forecast_line, linestyle="--", linewidth=1.4, label=_("Forecast"))
    shown = [(w, n) for w, n in zip(weeks, done_line, strict=True) if n is not None]
    if shown:
        axes.plot(
            _x([w for w, _n in shown]),
            [n for _w, n in shown],
            color=GREEN,
            linewidth=2,
            label=_("Done"),
        )
    _date_ticks(axes, weeks)
    axes.set_ylabel(_("Tasks"))
    axes.legend(loc="upper left")
    table = ChartTable(
        columns=[_("Week ending"), _("Baseline"), _("Forecast"), _("Done"), _("Scope")],
        rows=[
            [
                l10n.format_date(end, "short"),
                l10n.format_number(base_line[i]) if baseline is not None else "",
                l10n.format_number(forecast_line[i]),
                l10n.format_number(done_line[i]),
                l10n.format_number(scope),
            ]
            for i, end in enumerate(weeks)
        ],
        caption=_("Tasks finished by the end of each week (cumulative)"),
    )
    finished = sum(1 for d in done if d <= today)
    return render(
        figure,
        title=_("Burnup of tasks"),
        table=table,
        description=ngettext(
            "%(finished)s of %(scope)s task done by %(day)s",
            "%(finished)s of %(scope)s tasks done by %(day)s",
            scope,
        )
        % {
            "finished": l10n.format_number(finished),
            "scope": l10n.format_number(scope),
            "day": l10n.format_date(today),
        },
    )


def milestone_trend_chart(project: Project) -> Chart:
    """Each milestone's forecast finish as the weekly snapshots saw it: a line going up is a
    milestone slipping week after week."""
    rows = list(
        TaskSnapshot.objects.filter(project=project, baseline__isnull=True, is_milestone=True)
        .select_related("task")
        .order_by("week", "task__wbs_sort")
    )
    names: dict[int, str] = {}
    series: dict[int, dict[dt.date, dt.date]] = defaultdict(dict)
    for snap in rows:
        if snap.finish is None:
            continue
        if snap.task_id not in names and len(names) >= MAX_MILESTONES:
            continue
        names.setdefault(snap.task_id, str(snap.task))
        series[snap.task_id][snap.week] = snap.finish
    weeks = sorted({w for points in series.values() for w in points})
    figure, axes = new_figure(8.0, 3.0)
    for task_id, points in series.items():
        xs = sorted(points)
        axes.plot(
            _x(xs), _x([points[x] for x in xs]), marker="o", linewidth=1.6, label=names[task_id]
        )
    _date_ticks(axes, weeks)
    _date_ticks(axes, [d for points in series.values() for d in points.values()], axis="y")
    axes.set_xlabel(_("Week of"))
    axes.set_ylabel(_("Forecast finish"))
    if series:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    table = ChartTable(
        columns=[_("Week of"), *names.values()],
        rows=[
            [
                l10n.format_date(week, "short"),
                *(l10n.format_date(series[t].get(week), "short") for t in names),
            ]
            for week in weeks
        ],
        caption=_("Forecast finish of each milestone, per week"),
    )
    return render(
        figure,
        title=_("Milestone trend"),
        table=table,
        description=_("%(milestones)s over %(weeks)s")
        % {
            "milestones": ngettext("%(count)s milestone", "%(count)s milestones", len(names))
            % {"count": l10n.format_number(len(names))},
            "weeks": ngettext("%(count)s week", "%(count)s weeks", len(weeks))
            % {"count": l10n.format_number(len(weeks))},
        },
    )


def issues_and_risks_chart(project: Project) -> Chart:
    snaps = list(ProjectSnapshot.objects.filter(project=project).order_by("week")[:MAX_WEEKS])
    weeks = [s.week for s in snaps]
    figure, axes = new_figure(8.0, 2.6)
    axes.plot(_x(weeks), [s.open_issues for s in snaps], marker="o", label=_("Open issues"))
    axes.plot(_x(weeks), [s.open_risks for s in snaps], marker="s", label=_("Open risks"))
    _date_ticks(axes, weeks)
    axes.set_ylabel(_("Open"))
    axes.legend(loc="upper left")
    table = ChartTable(
        columns=[_("Week of"), _("Open issues"), _("Open risks")],
        rows=[
            [
                l10n.format_date(s.week, "short"),
                l10n.format_number(s.open_issues),
                l10n.format_number(s.open_risks),
            ]
            for s in snaps
        ],
        caption=_("Open issues and risks per week"),
    )
    last = snaps[-1] if snaps else None
    return render(
        figure,
        title=_("Open issues and risks"),
        table=table,
        description=_open_in_week(last) if last else _("no weeks watched yet"),
    )


def _open_in_week(snap: ProjectSnapshot) -> str:
    """``3 open issues and 1 open risk in the week of 5 Jan 2026``: each count agrees with its
    own noun, so the sentence is made of two counted pieces."""
    return _("%(issues)s and %(risks)s in the week of %(week)s") % {
        "issues": ngettext("%(count)s open issue", "%(count)s open issues", snap.open_issues)
        % {"count": l10n.format_number(snap.open_issues)},
        "risks": ngettext("%(count)s open risk", "%(count)s open risks", snap.open_risks)
        % {"count": l10n.format_number(snap.open_risks)},
        "week": l10n.format_date(snap.week),
    }
