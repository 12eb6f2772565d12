"""The earned value report as the page, the API and the CSV show it: one list of figures with
their names, units and reasons when undefined, and the S-curve chart with its table.

Amounts derive from people's cost rates (planned cost from the baseline, actual cost from logged
time), so people who may not see rates (``can_see_rates``) get none of them, as the baseline
comparison does: they see the indices, percentages and earned schedule, and the S-curve in
percent of the budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tandem.core import charts

from .earned_value import EarnedValueReport, EvRow
from .earned_value_wording import reason_text

MONEY, RATIO, PERCENT, PERIODS, DATE = "money", "ratio", "percent", "periods", "date"


@dataclass(frozen=True)
class Figure:
    key: str
    short: str
    label: Any  # a lazily translated text
    kind: str


FIGURES: tuple[Figure, ...] = (
    Figure("bac", "BAC", _lazy("Budget at completion"), MONEY),
    Figure("pv", "PV", _lazy("Planned value"), MONEY),
    Figure("ev", "EV", _lazy("Earned value"), MONEY),
    Figure("ac", "AC", _lazy("Actual cost"), MONEY),
    Figure("sv", "SV", _lazy("Schedule variance (EV - PV)"), MONEY),
    Figure("cv", "CV", _lazy("Cost variance (EV - AC)"), MONEY),
    Figure("sv_percent", "SV%", _lazy("Schedule variance in percent of PV"), PERCENT),
    Figure("cv_percent", "CV%", _lazy("Cost variance in percent of EV"), PERCENT),
    Figure("spi", "SPI", _lazy("Schedule performance index (EV / PV)"), RATIO),
    Figure("cpi", "CPI", _lazy("Cost performance index (EV / AC)"), RATIO),
    Figure("eac", "EAC", _lazy("Estimate at completion (chosen method)"), MONEY),
    Figure("eac_cpi", "EAC (CPI)", _lazy("EAC if cost efficiency continues: BAC / CPI"), MONEY),
    Figure(
        "eac_atypical",
        "EAC (atypical)",
        _lazy("EAC if the rest goes to budget: AC + BAC - EV"),
        MONEY,
    ),
    Figure(
        "eac_cpi_spi",
        "EAC (CPI x SPI)",
        _lazy("EAC weighing cost and schedule: AC + (BAC - EV) / (CPI x SPI)"),
        MONEY,
    ),
    Figure("etc", "ETC", _lazy("Estimate to complete (EAC - AC)"), MONEY),
    Figure("vac", "VAC", _lazy("Variance at completion (BAC - EAC)"), MONEY),
    Figure("tcpi_bac", "TCPI (BAC)", _lazy("Efficiency needed to finish within BAC"), RATIO),
    Figure("tcpi_eac", "TCPI (EAC)", _lazy("Efficiency needed to finish within EAC"), RATIO),
    Figure("percent_complete", "% complete", _lazy("Percent complete (EV / BAC)"), PERCENT),
    Figure("percent_spent", "% spent", _lazy("Percent spent (AC / BAC)"), PERCENT),
    Figure("es", "ES", _lazy("Earned schedule: when the plan expected today's EV"), PERIODS),
    Figure("actual_time", "AT", _lazy("Actual time elapsed"), PERIODS),
    Figure("sv_t", "SV(t)", _lazy("Schedule variance in time (ES - AT)"), PERIODS),
    Figure("spi_t", "SPI(t)", _lazy("Schedule performance index in time (ES / AT)"), RATIO),
    Figure("ieac_t", "IEAC(t)", _lazy("Forecast duration"), PERIODS),
    Figure("forecast_finish", "Forecast finish", _lazy("Forecast finish date"), DATE),
)
BY_KEY = {f.key: f for f in FIGURES}
SUMMARY_KEYS = ("pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "vac", "sv_t", "spi_t")
EAC_METHODS = {
    "cpi": "BAC / CPI",
    "atypical": "AC + (BAC - EV)",
    "cpi_spi": "AC + (BAC - EV) / (CPI x SPI)",
}


def values_of(row: EvRow) -> dict[str, Any]:
    """Every figure of ``row`` by key (None when undefined)."""
    m, s = row.metrics, row.schedule
    found: dict[str, Any] = {
        f.key: getattr(m, f.key) for f in FIGURES if hasattr(m, f.key) and f.kind != PERIODS
    }
    for key in ("sv_percent", "cv_percent"):
        found[key] = None if found[key] is None else 100.0 * found[key]
    for key in ("es", "actual_time", "sv_t", "spi_t", "ieac_t"):
        found[key] = None if s is None else getattr(s, key)
    found["forecast_finish"] = row.forecast_finish
    return found


def undefined_text(row: EvRow, key: str) -> str | None:
    """ "CPI undefined: AC is zero: ..." for a figure that could not be computed."""
    reason = row.undefined.get(key)
    if reason is None:
        return None
    return _("%(figure)s undefined: %(reason)s") % {
        "figure": BY_KEY[key].short,
        "reason": reason_text(reason),
    }


def display(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == MONEY:
        return f"{value:,.2f}"
    if kind == RATIO:
        return f"{value:.3f}"
    if kind == PERCENT:
        return f"{value:.1f}%"
    if kind == PERIODS:
        return f"{value:.2f}"
    return str(value)


def figure_lines(row: EvRow, shows_money: bool) -> list[dict[str, Any]]:
    """The row's figures for a page or a file: label, value, its text, or why it is undefined;
    amounts left out for people who may not see them."""
    values = values_of(row)
    return [
        {
            "key": f.key,
            "short": f.short,
            "label": str(f.label),
            "kind": f.kind,
            "value": values[f.key],
            "text": display(values[f.key], f.kind),
            "undefined": undefined_text(row, f.key),
        }
        for f in FIGURES
        if shows_money or f.kind != MONEY
    ]


def payload(report: EarnedValueReport, shows_money: bool) -> dict[str, Any]:
    """The report as the API serves it: amounts are None for people who may not see them."""

    def figures(row: EvRow) -> dict[str, Any]:
        values = values_of(row)
        hidden = {f.key for f in FIGURES if f.kind == MONEY and not shows_money}
        return {
            "task_id": row.task_id,
            "wbs_code": row.wbs_code,
            "name": row.name,
            **{k: (None if k in hidden else _rounded(v)) for k, v in values.items()},
            "undefined": {
                k: undefined_text(row, k) or ""
                for k in row.undefined
                if k in BY_KEY and k not in hidden
            },
        }

    bac = report.total.metrics.bac
    return {
        "project_id": report.project.pk,
        "baseline_id": report.baseline.pk,
        "baseline_name": report.baseline.name,
        "status_date": report.status_date,
        "currency": report.currency,
        "period": report.period,
        "eac_method": report.eac_method.value,
        "shows_money": shows_money,
        "project": figures(report.total),
        "summaries": [figures(r) for r in report.summaries],
        "curve": [
            {
                "date": p.day,
                "pv": round(p.pv, 2) if shows_money else None,
                "ac": None if p.ac is None or not shows_money else round(p.ac, 2),
                "pv_percent": _share(p.pv, bac),
                "ac_percent": None if p.ac is None else _share(p.ac, bac),
            }
            for p in report.curve
        ],
        "notes": report.notes,
    }


def _rounded(value: Any) -> Any:
    return round(value, 6) if isinstance(value, float) else value


def _share(value: float, whole: float) -> float | None:
    return None if whole == 0 else round(100.0 * value / whole, 2)


# --- the S-curve --------------------------------------------------------------------------------


def s_curve(report: EarnedValueReport, shows_money: bool) -> charts.Chart | None:
    """Cumulative PV over the baseline, AC up to the status date, EV at the status date and the
    forecast to completion; in percent of BAC for people who may not see amounts. None when
    nothing is budgeted."""
    m = report.total.metrics
    if m.bac == 0 or not report.curve:
        return None
    scale = 1.0 if shows_money else 100.0 / m.bac
    unit = report.currency if shows_money else _("% of budget")
    days = [p.day for p in report.curve]
    figure, axes = charts.new_figure(8.0, 3.4)
    axes.plot(_x(days), [p.pv * scale for p in report.curve], label=_("Planned value (PV)"))
    spent = [(p.day, p.ac * scale) for p in report.curve if p.ac is not None]
    if spent:
        axes.plot(
            _x([d for d, _value in spent]),
            [v for _day, v in spent],
            label=_("Actual cost (AC)"),
            color=charts.SERIES[1],
        )
    status = _x([report.status_date])
    axes.plot(
        status,
        [m.ev * scale],
        "o",
        color=charts.SERIES[2],
        label=_("Earned value (EV), status date"),
    )
    forecast = _forecast(report)
    if forecast is not None:
        axes.plot(
            _x([report.status_date, forecast[0]]),
            [m.ac * scale, forecast[1] * scale],
            linestyle="--",
            color=charts.SERIES[1],
            label=_("Forecast to EAC"),
        )
    axes.axvline(status[0], color=charts.MUTED, linewidth=0.8, linestyle=":")
    axes.set_ylabel(unit)
    shown = sorted({*days, report.status_date, *([forecast[0]] if forecast else [])})
    step = max(1, len(shown) // 8)
    ticks = shown[::step]
    axes.set_xticks(_x(ticks), [d.strftime("%d %b") for d in ticks])
    axes.legend(loc="upper left")
    return charts.render(
        figure,
        title=_("S-curve: cumulative planned value, earned value and actual cost"),
        table=_curve_table(report, scale, unit, forecast),
        description=_description(report, shows_money),
    )


def _x(days: list[dt.date]) -> list[float]:
    """Dates as the chart's x values (days)."""
    return [float(d.toordinal()) for d in days]


def _forecast(report: EarnedValueReport) -> tuple[dt.date, float] | None:
    """Where the forecast ends: EAC at the forecast finish (else the baseline's finish)."""
    eac = report.total.metrics.eac
    finish = report.total.forecast_finish or report.baseline.project_finish
    if eac is None or finish is None:
        return None
    return max(finish, report.status_date), eac


def _curve_table(
    report: EarnedValueReport, scale: float, unit: str, forecast: tuple[dt.date, float] | None
) -> charts.ChartTable:
    def amount(value: float | None) -> str:
        if value is None:
            return ""
        return f"{value * scale:,.2f}" if scale == 1.0 else f"{value * scale:.1f}%"

    ev_value = report.total.metrics.ev
    rows = [
        [
            str(p.day),
            amount(p.pv),
            amount(p.ac),
            amount(ev_value) if p.day == _status_period(report) else "",
        ]
        for p in report.curve
    ]
    if forecast is not None:
        rows.append([_("%(day)s (forecast)") % {"day": forecast[0]}, "", amount(forecast[1]), ""])
    return charts.ChartTable(
        columns=[_("Period ending"), _("PV"), _("AC"), _("EV")],
        rows=rows,
        caption=_(
            "Cumulative amounts in %(unit)s per %(period)s; EV is known at the status "
            "date %(day)s only (progress has no history)."
        )
        % {"unit": unit, "period": report.period, "day": report.status_date},
    )


def _status_period(report: EarnedValueReport) -> dt.date | None:
    """The last period ending on or before the status date."""
    ends = [p.day for p in report.curve if p.day <= report.status_date]
    return ends[-1] if ends else None


def _description(report: EarnedValueReport, shows_money: bool) -> str:
    m = report.total.metrics
    if not shows_money:
        done = _("undefined") if m.percent_complete is None else f"{m.percent_complete:.1f}%"
        return _("At %(day)s the project has earned %(done)s of its budget.") % {
            "day": report.status_date,
            "done": done,
        }
    return _(
        "At %(day)s: planned value %(pv)s, earned value %(ev)s, actual "
        "cost %(ac)s %(currency)s, of a budget of %(bac)s."
    ) % {
        "day": report.status_date,
        "pv": f"{m.pv:,.2f}",
        "ev": f"{m.ev:,.2f}",
        "ac": f"{m.ac:,.2f}",
        "currency": report.currency,
        "bac": f"{m.bac:,.2f}",
    }
