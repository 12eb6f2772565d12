"""Why an earned value figure is undefined, in the reader's language.

The engine says why with stable reason constants (English, for the command line); each known one
is worded here, and an unknown reason keeps the engine's English.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from tandem.engine.earned_value import metrics, schedule

from .earned_value import REASON_FAR_FORECAST, REASON_NO_BUDGET

REASONS: Mapping[str, Promise] = {
    metrics.REASON_AC_ZERO: gettext_lazy(
        "AC is zero: no cost has been recorded, so CPI is undefined"
    ),
    metrics.REASON_PV_ZERO: gettext_lazy(
        "PV is zero: no work was planned by the status date, so SPI is undefined"
    ),
    metrics.REASON_EV_ZERO: gettext_lazy(
        "EV is zero: no work has been earned, so CV% is undefined"
    ),
    metrics.REASON_CPI_ZERO: gettext_lazy(
        "CPI is zero: cost was spent but nothing earned, so BAC/CPI is undefined"
    ),
    metrics.REASON_CPI_SPI_ZERO: gettext_lazy(
        "CPI x SPI is zero or undefined, so the CPI x SPI forecast is undefined"
    ),
    metrics.REASON_NO_BOTTOM_UP: gettext_lazy("no bottom-up ETC was given"),
    metrics.REASON_BUDGET_SPENT: gettext_lazy(
        "BAC equals AC: the budget is spent, so TCPI to BAC is undefined"
    ),
    metrics.REASON_BAC_ZERO: gettext_lazy(
        "BAC is zero: nothing is budgeted, so percentages of BAC are undefined"
    ),
    metrics.REASON_OVERFLOW: gettext_lazy(
        "the ratio overflows: its denominator is vanishingly small"
    ),
    metrics.REASON_EAC_EQUALS_AC: gettext_lazy(
        "EAC equals AC: nothing left to spend, so TCPI to EAC is undefined"
    ),
    schedule.REASON_AT_ZERO: gettext_lazy(
        "actual time is zero: no time has elapsed, so SPI(t) is undefined"
    ),
    schedule.REASON_ES_ZERO: gettext_lazy(
        "earned schedule is zero: no progress, so IEAC(t) is undefined"
    ),
    schedule.REASON_PF_ZERO: gettext_lazy("performance factor is zero, so IEAC(t) is undefined"),
    schedule.REASON_IEAC_OVERFLOW: gettext_lazy(
        "IEAC(t) overflows: the performance factor is vanishingly small"
    ),
    schedule.REASON_AT_EQUALS_PD: gettext_lazy(
        "actual time equals planned duration, so TSPI is undefined"
    ),
    schedule.REASON_NO_CALENDAR: gettext_lazy("no period calendar was given"),
    REASON_NO_BUDGET: gettext_lazy(
        "nothing is budgeted in the baseline, so earned schedule is undefined"
    ),
    REASON_FAR_FORECAST: gettext_lazy(
        "the forecast finish lies too far in the future to give a date"
    ),
}


def reason_text(reason: str) -> str:
    """The engine's reason in the reader's language (its English when unknown)."""
    worded = REASONS.get(reason)
    return reason if worded is None else str(worded)
