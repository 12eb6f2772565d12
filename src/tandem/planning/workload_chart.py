"""The workload of one person as a chart: hours booked per period, stacked by task (one
project) or by project (across projects), against their capacity; with its table."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core.charts import RED, Chart, ChartTable, new_figure, render

from .workload import Workload, WorkloadRow

MAX_SERIES = 7  # more series than this share one "Other" band


def _series(workload: Workload, row: WorkloadRow, by_project: bool) -> dict[str, list[float]]:
    """Hours per period for each task (or project), largest first."""
    assert row.capacity is not None  # noqa: S101 - every computed row has its arrays
    series: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(workload.periods))
    works = row.capacity > 0
    for b in row.bookings:
        task = workload.tasks[b.task_id]
        name = task.project_code if by_project else task.label
        for k, p in enumerate(workload.periods):
            lo, hi = max(b.first, p.first), min(b.stop, p.stop)
            if hi > lo:
                days = float(np.count_nonzero(works[lo:hi]))
                series[name][k] += b.units / 100 * row.day_hours * days
    ranked = sorted(series.items(), key=lambda item: -sum(item[1]))
    if len(ranked) <= MAX_SERIES:
        return dict(ranked)
    kept = dict(ranked[: MAX_SERIES - 1])
    other = [sum(values) for values in zip(*(v for _, v in ranked[MAX_SERIES - 1 :]), strict=True)]
    kept[_("Other")] = other
    return kept


def workload_chart(workload: Workload, row: WorkloadRow, *, by_project: bool) -> Chart:
    """Stacked hours per period (by task, or by project across projects) and a capacity line;
    over-allocated periods are marked with a red "!" above their bar."""
    series = _series(workload, row, by_project)
    labels = [p.label for p in workload.periods]
    capacity = [c.capacity_hours for c in row.cells]
    figure, axes = new_figure(8.0, 3.4)
    x = np.arange(len(labels))
    bottom = np.zeros(len(labels))
    for name, values in series.items():
        axes.bar(x, values, bottom=bottom, label=name, width=0.8)
        bottom += np.array(values)
    axes.step(x, capacity, where="mid", color="#1d2430", linewidth=1.6, label=_("Capacity"))
    for k, cell in enumerate(row.cells):
        if cell.over:
            axes.annotate("!", (x[k], bottom[k]), ha="center", va="bottom", color=RED)
    step = max(1, len(labels) // 12)
    axes.set_xticks(x[::step], labels[::step], rotation=0)
    axes.set_ylabel(_("Hours"))
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    scale = {"day": _("day"), "week": _("week"), "month": _("month")}.get(
        workload.scale, workload.scale
    )
    what = _("project") if by_project else _("task")
    table = ChartTable(
        columns=[
            _("Period"),
            *series.keys(),
            _("Booked hours"),
            _("Capacity hours"),
            _("Load"),
            _("Over"),
        ],
        rows=[
            [
                p.label,
                *(f"{values[k]:.1f}" for values in series.values()),
                f"{cell.work_hours:.1f}",
                f"{cell.capacity_hours:.1f}",
                _percent(cell.load_pct),
                _("over-allocated") if cell.over else "",
            ]
            for k, (p, cell) in enumerate(zip(workload.periods, row.cells, strict=True))
        ],
        caption=_("Hours booked per %(scale)s by %(what)s, against capacity")
        % {"scale": scale, "what": what},
    )
    over = row.over_periods
    return render(
        figure,
        title=_("Workload of %(name)s by %(what)s") % {"name": row.name, "what": what},
        table=table,
        description=(
            _("hours booked per %(scale)s stacked by %(what)s against capacity")
            % {"scale": scale, "what": what}
            + "; "
            + _over_periods(workload.scale, over)
        ),
    )


def _over_periods(scale: str, over: int) -> str:
    if scale == "day":
        text = ngettext("%(count)d over-allocated day", "%(count)d over-allocated days", over)
    elif scale == "month":
        text = ngettext("%(count)d over-allocated month", "%(count)d over-allocated months", over)
    else:
        text = ngettext("%(count)d over-allocated week", "%(count)d over-allocated weeks", over)
    return text % {"count": over}


def _percent(value: float | None) -> str:
    if value is None:
        return _("no capacity")
    if value == float("inf"):
        return _("no capacity (booked)")
    return f"{value:.0f}%"
