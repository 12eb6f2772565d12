"""Charts of a schedule risk analysis run, drawn from its stored results (``tandem.core.charts``).

Times in the results are working minutes from the run's origin; the charts show working days
and name the dates that matter (P50, P80, the target date) in the legend and in their tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

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
             alpha=0.75, label=_("Iterations finishing (%)"))  # fmt: skip
    axes.set_xlabel(_("Working days from %(day)s") % {"day": _date(results["origin_date"])})
    axes.set_ylabel(_("Share of iterations (%)"))
    with house_style():  # the second axes and the legend take the house style too
        cumulative_axes = axes.twinx()
    running, curve = 0, []
    for count in counts:
        running += count
        curve.append(running / total * 100)
    cumulative_axes.plot(edges[1:], curve, color=INK, linewidth=1.6, label=_("Cumulative (%)"))
    cumulative_axes.set_ylim(0, 100)
    cumulative_axes.set_ylabel(_("Cumulative probability (%)"))
    cumulative_axes.grid(False)
    dates = finish["dates"]
    target = results["target_minutes"] / per_day
    markers = [
        (finish["p50"] / per_day, AMBER, "--", _("P50 %(day)s") % {"day": _date(dates["p50"])}),
        (finish["p80"] / per_day, RED, "--", _("P80 %(day)s") % {"day": _date(dates["p80"])}),
    ]
    span = edges[-1] - edges[0] or 1.0
    target_label = _("Target %(day)s") % {"day": _date(results["target_date"])}
    # A target far from every outcome would squeeze the bars into a corner: it is named instead.
    if edges[0] - span / 2 <= target <= edges[-1] + span / 2:
        markers.append((target, GREEN, "-", target_label))
    else:
        label = (
            _("%(target)s (after every outcome)")
            if target > edges[-1]
            else _("%(target)s (before every outcome)")
        )
        axes.plot([], [], " ", label=label % {"target": target_label})
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
        columns=[_("Finish by"), _("Working days"), _("Iterations"), _("Cumulative probability")],
        rows=rows,
        caption=_("%(iterations)s iterations in %(bins)s bins")
        % {"iterations": f"{sum(counts):,}", "bins": len(counts)},
    )
    description = _(
        "P50 %(p50)s, P80 %(p80)s; %(chance)s chance of finishing by the target date"
    ) % {
        "p50": _date(dates["p50"]),
        "p80": _date(dates["p80"]),
        "chance": _percent(results["probability_target"]),
    }
    return render(figure, title=_("Project finish"), table=table, description=description)


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
    labels = [
        (_("Risk: %(name)s") if d["kind"] == "risk" else _("Task: %(name)s"))
        % {"name": _short(d["name"])}
        for d in shown
    ]
    values = [d["correlation"] for d in shown]
    colours = [RED if d["kind"] == "risk" else ACCENT for d in shown]
    figure, axes = _horizontal_bars(labels, values, colours, _("Rank correlation with the finish"))
    axes.set_xlim(min(-0.05, *values, 0) * 1.1 if values else -1, 1.0)
    table = ChartTable(
        columns=[_("Driver"), _("Kind"), _("Rank correlation with the finish")],
        rows=[
            [d["name"], _("Risk") if d["kind"] == "risk" else _("Task"), f"{d['correlation']:+.2f}"]
            for d in drivers
        ],
        caption=_(
            "Spearman rank correlation of each task's duration and each risk's occurrence "
            "with the project finish"
        ),
    )
    description = (
        _("strongest driver: %(name)s (%(correlation)s)")
        % {"name": shown[0]["name"], "correlation": f"{shown[0]['correlation']:+.2f}"}
        if shown
        else _("no task or risk varies")
    )
    return render(figure, title=_("What drives the finish"), table=table, description=description)


def criticality(results: Mapping[str, Any]) -> Chart:
    """How often each task was on the critical path (tasks that ever were, most often first)."""
    rows = [c for c in results["criticality"] if c["index"] > 0]
    shown = rows[:CRITICALITY_BARS]
    labels = [f"{c['wbs']} {_short(c['name'], 34)}".strip() for c in shown]
    figure, axes = _horizontal_bars(
        labels,
        [c["index"] * 100 for c in shown],
        [ACCENT] * len(shown),
        _("Critical in (%) of iterations"),
    )
    axes.set_xlim(0, 100)
    table = ChartTable(
        columns=[_("Task"), _("WBS"), _("Criticality index")],
        rows=[[c["name"], c["wbs"], _percent(c["index"])] for c in rows],
        caption=_("Share of iterations in which the task had no float"),
    )
    description = _("%(count)s tasks were critical in at least one iteration") % {
        "count": len(rows)
    }
    return render(figure, title=_("Criticality index"), table=table, description=description)


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
    axes.axvline(
        cost["p50"],
        color=AMBER,
        linestyle="--",
        label=_("P50 %(cost)s") % {"cost": f"{cost['p50']:,.0f}"},
    )
    axes.axvline(
        cost["p80"],
        color=RED,
        linestyle="--",
        label=_("P80 %(cost)s") % {"cost": f"{cost['p80']:,.0f}"},
    )
    axes.set_xlabel(_("Project cost (%(currency)s)") % {"currency": currency})
    axes.set_ylabel(_("Share of iterations (%)"))
    axes.legend(loc="upper right")
    table = ChartTable(
        columns=[_("Figure"), _("Cost (%(currency)s)") % {"currency": currency}],
        rows=[
            [name, f"{cost[key]:,.2f}"]
            for name, key in (
                (_("P10"), "p10"),
                (_("P50"), "p50"),
                (_("P80"), "p80"),
                (_("P90"), "p90"),
                (_("Mean"), "mean"),
                (_("Lowest"), "minimum"),
                (_("Highest"), "maximum"),
            )
        ],  # fmt: skip
    )
    description = _("P50 %(p50)s, P80 %(p80)s %(currency)s") % {
        "p50": f"{cost['p50']:,.0f}",
        "p80": f"{cost['p80']:,.0f}",
        "currency": currency,
    }
    return render(figure, title=_("Project cost"), table=table, description=description)
