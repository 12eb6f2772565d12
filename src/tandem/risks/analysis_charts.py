"""Charts of a schedule risk analysis run, drawn from its stored results (``tandem.core.charts``).

Times in the results are working minutes from the run's origin; the charts show working days
and name the dates that matter (P50, P80, the target date) in the legend and in their tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from tandem.core.charts import (
    ACCENT,
    AMBER,
    GREEN,
    INK,
    RED,
    Chart,
    ChartTable,
    house_style,
    new_figure,
    render,
)

TORNADO_BARS = 12
CRITICALITY_BARS = 15


def _date(value: str | None) -> str:
    return "—" if value is None else dt.date.fromisoformat(value).strftime("%d %b %Y")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def finish_histogram(results: Mapping[str, Any]) -> Chart:
    """Share of iterations finishing in each bin, the cumulative curve, P50/P80 and the target."""
    finish = results["finish"]
    per_day = results["minutes_per_day"]
    edges = [e / per_day for e in finish["histogram"]["edges"]]
    counts = finish["histogram"]["counts"]
    total = sum(counts) or 1
    figure, axes = new_figure(8.0, 3.4)
    widths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    axes.bar(edges[:-1], [c / total * 100 for c in counts], widths, align="edge", color=ACCENT,
             alpha=0.75, label="Iterations finishing (%)")  # fmt: skip
    axes.set_xlabel(f"Working days from {_date(results['origin_date'])}")
    axes.set_ylabel("Share of iterations (%)")
    with house_style():  # the second axes and the legend take the house style too
        cumulative_axes = axes.twinx()
    running, curve = 0, []
    for count in counts:
        running += count
        curve.append(running / total * 100)
    cumulative_axes.plot(edges[1:], curve, color=INK, linewidth=1.6, label="Cumulative (%)")
    cumulative_axes.set_ylim(0, 100)
    cumulative_axes.set_ylabel("Cumulative probability (%)")
    cumulative_axes.grid(False)
    dates = finish["dates"]
    target = results["target_minutes"] / per_day
    markers = [
        (finish["p50"] / per_day, AMBER, "--", f"P50 {_date(dates['p50'])}"),
        (finish["p80"] / per_day, RED, "--", f"P80 {_date(dates['p80'])}"),
    ]
    span = edges[-1] - edges[0] or 1.0
    target_label = f"Target {_date(results['target_date'])}"
    # A target far from every outcome would squeeze the bars into a corner: it is named instead.
    if edges[0] - span / 2 <= target <= edges[-1] + span / 2:
        markers.append((target, GREEN, "-", target_label))
    else:
        side = "after" if target > edges[-1] else "before"
        axes.plot([], [], " ", label=f"{target_label} ({side} every outcome)")
    for x, colour, style, label in markers:
        axes.axvline(x, color=colour, linestyle=style, linewidth=1.4, label=label)
    handles, labels = axes.get_legend_handles_labels()
    more_handles, more_labels = cumulative_axes.get_legend_handles_labels()
    with house_style():
        figure.legend(handles + more_handles, labels + more_labels, loc="outside lower center",
                      ncols=3)  # fmt: skip
    rows = []
    running = 0
    edge_dates = finish["histogram"]["edge_dates"]
    for k, count in enumerate(counts):
        running += count
        rows.append([
            _date(edge_dates[k + 1]), f"{edges[k + 1]:.1f}", str(count),
            f"{running / total * 100:.1f} %",
        ])  # fmt: skip
    table = ChartTable(
        columns=["Finish by", "Working days", "Iterations", "Cumulative probability"],
        rows=rows,
        caption=f"{sum(counts):,} iterations in {len(counts)} bins",
    )
    description = (
        f"P50 {_date(dates['p50'])}, P80 {_date(dates['p80'])}; "
        f"{_percent(results['probability_target'])} chance of finishing by the target date"
    )
    return render(figure, title="Project finish", table=table, description=description)


def _horizontal_bars(
    labels: Sequence[str], values: Sequence[float], colours: Sequence[str], xlabel: str
) -> Any:
    height = max(1.6, 0.32 * len(labels) + 0.9)
    figure, axes = new_figure(8.0, height)
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=list(colours), height=0.65)
    axes.set_yticks(positions, labels)
    axes.set_xlabel(xlabel)
    axes.grid(axis="x")
    axes.grid(axis="y", visible=False)
    axes.axvline(0, color=INK, linewidth=0.8)
    return figure, axes


def _short(name: str, size: int = 40) -> str:
    return name if len(name) <= size else name[: size - 1] + "…"


def tornado(results: Mapping[str, Any]) -> Chart:
    """The tasks and risks whose variation moves the finish most (Spearman rank correlation)."""
    drivers = results["drivers"]
    shown = drivers[:TORNADO_BARS]
    labels = [f"{'Risk' if d['kind'] == 'risk' else 'Task'}: {_short(d['name'])}" for d in shown]
    values = [d["correlation"] for d in shown]
    colours = [RED if d["kind"] == "risk" else ACCENT for d in shown]
    figure, axes = _horizontal_bars(labels, values, colours, "Rank correlation with the finish")
    axes.set_xlim(min(-0.05, *values, 0) * 1.1 if values else -1, 1.0)
    table = ChartTable(
        columns=["Driver", "Kind", "Rank correlation with the finish"],
        rows=[
            [d["name"], "Risk" if d["kind"] == "risk" else "Task", f"{d['correlation']:+.2f}"]
            for d in drivers
        ],
        caption="Spearman rank correlation of each task's duration and each risk's occurrence "
        "with the project finish",
    )
    description = (
        f"strongest driver: {shown[0]['name']} ({shown[0]['correlation']:+.2f})"
        if shown
        else "no task or risk varies"
    )
    return render(figure, title="What drives the finish", table=table, description=description)


def criticality(results: Mapping[str, Any]) -> Chart:
    """How often each task was on the critical path (tasks that ever were, most often first)."""
    rows = [c for c in results["criticality"] if c["index"] > 0]
    shown = rows[:CRITICALITY_BARS]
    labels = [f"{c['wbs']} {_short(c['name'], 34)}".strip() for c in shown]
    figure, axes = _horizontal_bars(
        labels,
        [c["index"] * 100 for c in shown],
        [ACCENT] * len(shown),
        "Critical in (%) of iterations",
    )
    axes.set_xlim(0, 100)
    table = ChartTable(
        columns=["Task", "WBS", "Criticality index"],
        rows=[[c["name"], c["wbs"], _percent(c["index"])] for c in rows],
        caption="Share of iterations in which the task had no float",
    )
    description = f"{len(rows)} tasks were critical in at least one iteration"
    return render(figure, title="Criticality index", table=table, description=description)


def cost_histogram(results: Mapping[str, Any], currency: str) -> Chart | None:
    """The distribution of the project cost (planned labour scaled by duration, plus risks)."""
    cost = results.get("cost")
    if cost is None:
        return None
    edges = cost["histogram"]["edges"]
    counts = cost["histogram"]["counts"]
    total = sum(counts) or 1
    figure, axes = new_figure(8.0, 3.0)
    widths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    axes.bar(edges[:-1], [c / total * 100 for c in counts], widths, align="edge", color=ACCENT,
             alpha=0.75)  # fmt: skip
    axes.axvline(cost["p50"], color=AMBER, linestyle="--", label=f"P50 {cost['p50']:,.0f}")
    axes.axvline(cost["p80"], color=RED, linestyle="--", label=f"P80 {cost['p80']:,.0f}")
    axes.set_xlabel(f"Project cost ({currency})")
    axes.set_ylabel("Share of iterations (%)")
    axes.legend(loc="upper right")
    table = ChartTable(
        columns=["Figure", f"Cost ({currency})"],
        rows=[
            [name, f"{cost[key]:,.2f}"]
            for name, key in (
                ("P10", "p10"),
                ("P50", "p50"),
                ("P80", "p80"),
                ("P90", "p90"),
                ("Mean", "mean"),
                ("Lowest", "minimum"),
                ("Highest", "maximum"),
            )
        ],  # fmt: skip
    )
    description = f"P50 {cost['p50']:,.0f}, P80 {cost['p80']:,.0f} {currency}"
    return render(figure, title="Project cost", table=table, description=description)
