"""Earned schedule (Lipke): schedule performance in time units rather than money.

Time is counted in reporting periods (days, weeks ...): period ``k`` runs from time ``k - 1`` to
time ``k``, and cumulative PV is given at the end of each period. The forecast finish is mapped to
a calendar date through a *period calendar*: either a sequence whose item ``k - 1`` is the date
period ``k`` ends on, or a callable ``period -> date`` (1-based), e.g. :func:`working_day_calendar`.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from .errors import EarnedValueError

# About four thousand years of working days: a guard against enumerating an absurd forecast.
MAX_CALENDAR_PERIODS = 1_000_000

PeriodCalendar = Sequence[date] | Callable[[int], date]

REASON_AT_ZERO = "actual time is zero: no time has elapsed, so SPI(t) is undefined"
REASON_ES_ZERO = "earned schedule is zero: no progress, so IEAC(t) is undefined"
REASON_PF_ZERO = "performance factor is zero, so IEAC(t) is undefined"
REASON_IEAC_OVERFLOW = "IEAC(t) overflows: the performance factor is vanishingly small"
REASON_AT_EQUALS_PD = "actual time equals planned duration, so TSPI is undefined"
REASON_NO_CALENDAR = "no period calendar was given"


@dataclass(frozen=True, slots=True)
class EarnedScheduleMetrics:
    """Earned-schedule figures, all times in periods.

    ``es`` earned schedule; ``sv_t`` = ES - AT; ``spi_t`` = ES / AT; ``ieac_t`` = AT + (PD - ES)
    / PF (PF = SPI(t) unless given, which equals PD / SPI(t)); ``tspi`` = (PD - ES) / (PD - AT),
    the schedule efficiency needed on the remaining work to finish on time.
    ``forecast_finish`` is the date the period containing ``ieac_t`` ends (period
    ``ceil(ieac_t)``). Undefined values are ``None`` with the reason in ``undefined``.
    """

    planned_duration: float
    actual_time: float
    es: float
    sv_t: float
    spi_t: float | None
    performance_factor: float | None
    ieac_t: float | None
    tspi: float | None
    forecast_finish_period: int | None
    forecast_finish: date | None
    undefined: Mapping[str, str] = field(default_factory=dict)


def _check_pv_curve(pv_cumulative: Sequence[float]) -> list[float]:
    curve = [float(v) for v in pv_cumulative]
    if not curve:
        raise EarnedValueError("the cumulative PV curve is empty")
    previous = 0.0
    for period, value in enumerate(curve, start=1):
        if not math.isfinite(value) or value < previous:
            raise EarnedValueError(
                f"cumulative PV must be finite and non-decreasing from 0: period {period} has "
                f"{value!r} after {previous!r}"
            )
        previous = value
    return curve


def earned_schedule(pv_cumulative: Sequence[float], ev: float) -> float:
    """Earned schedule in periods: the time at which the plan expected the current EV.

    ES = C + (EV - PV_C) / (PV_C+1 - PV_C), where C is the number of periods whose cumulative PV
    is at most EV (so a flat stretch of the plan that EV has reached counts as earned). EV at or
    above the final PV gives ES = the planned duration (:func:`pv_planned_duration`). Raises :class:`EarnedValueError` for a
    decreasing or empty curve or a negative EV.
    """
    curve = _check_pv_curve(pv_cumulative)
    if not math.isfinite(ev) or ev < 0:
        raise EarnedValueError(f"EV must be finite and >= 0, got {ev!r}")
    complete = bisect.bisect_right(curve, ev)
    if complete == len(curve):
        # Work is complete: the schedule earned is the planned duration, not trailing idle periods.
        return float(bisect.bisect_left(curve, curve[-1]) + 1)
    before = curve[complete - 1] if complete > 0 else 0.0
    return complete + (ev - before) / (curve[complete] - before)


def pv_planned_duration(pv_cumulative: Sequence[float]) -> int:
    """Planned duration in periods: the first period whose cumulative PV reaches its final value."""
    curve = _check_pv_curve(pv_cumulative)
    return bisect.bisect_left(curve, curve[-1]) + 1


def period_calendar_date(calendar: PeriodCalendar, period: int) -> date:
    """The date period ``period`` (1-based) ends on. Raises when a sequence is too short."""
    if period < 1:
        raise EarnedValueError(f"period must be >= 1, got {period}")
    if callable(calendar):
        return calendar(period)
    if period > len(calendar):
        raise EarnedValueError(
            f"the period calendar has {len(calendar)} periods but period {period} is needed; "
            "give more dates or a callable"
        )
    return calendar[period - 1]


def compute_earned_schedule(
    pv_cumulative: Sequence[float],
    ev: float,
    actual_time: float,
    *,
    planned_duration: float | None = None,
    performance_factor: float | None = None,
    calendar: PeriodCalendar | None = None,
) -> EarnedScheduleMetrics:
    """Earned-schedule metrics at ``actual_time`` (periods elapsed, e.g. 3 = end of period 3).

    ``planned_duration`` defaults to :func:`pv_planned_duration` the PV curve.
    ``performance_factor`` overrides SPI(t) in IEAC(t) (1.0 = remaining work goes to plan).
    ``calendar`` maps the forecast to a date (see the module docstring); without one
    ``forecast_finish`` is ``None``. Edge cases: AT = 0 leaves SPI(t) undefined; ES = 0 leaves
    IEAC(t) undefined (no progress to extrapolate); AT = PD leaves TSPI undefined.
    """
    if not math.isfinite(actual_time) or actual_time < 0:
        raise EarnedValueError(f"actual time must be finite and >= 0, got {actual_time!r}")
    es = earned_schedule(pv_cumulative, ev)
    pd = float(pv_planned_duration(pv_cumulative) if planned_duration is None else planned_duration)
    if not math.isfinite(pd) or pd <= 0:
        raise EarnedValueError(f"planned duration must be finite and > 0, got {pd!r}")
    undefined: dict[str, str] = {}
    spi_t = None
    if actual_time == 0:
        undefined["spi_t"] = REASON_AT_ZERO
    else:
        spi_t = es / actual_time
    pf = spi_t if performance_factor is None else float(performance_factor)
    ieac_t = _ieac_t(actual_time, pd, es, pf, performance_factor is not None, undefined)
    tspi = None
    if pd == actual_time:
        undefined["tspi"] = REASON_AT_EQUALS_PD
    else:
        tspi = (pd - es) / (pd - actual_time)
    finish_period = None if ieac_t is None else max(1, math.ceil(ieac_t - 1e-9))
    finish_date = None
    if finish_period is None:
        undefined["forecast_finish"] = undefined["ieac_t"]
    elif calendar is None:
        undefined["forecast_finish"] = REASON_NO_CALENDAR
    else:
        finish_date = period_calendar_date(calendar, finish_period)
    return EarnedScheduleMetrics(
        planned_duration=pd,
        actual_time=float(actual_time),
        es=es,
        sv_t=es - actual_time,
        spi_t=spi_t,
        performance_factor=pf,
        ieac_t=ieac_t,
        tspi=tspi,
        forecast_finish_period=finish_period,
        forecast_finish=finish_date,
        undefined=MappingProxyType(undefined),
    )


def _ieac_t(
    actual_time: float,
    pd: float,
    es: float,
    pf: float | None,
    pf_given: bool,
    undefined: dict[str, str],
) -> float | None:
    if pf is None:
        undefined["ieac_t"] = REASON_AT_ZERO
        return None
    if pf == 0:
        undefined["ieac_t"] = REASON_PF_ZERO if pf_given else REASON_ES_ZERO
        return None
    try:
        ieac_t = actual_time + (pd - es) / pf
    except OverflowError:
        ieac_t = math.inf
    if not math.isfinite(ieac_t):
        undefined["ieac_t"] = REASON_IEAC_OVERFLOW
        return None
    return ieac_t


def working_day_calendar(
    first_day: date,
    *,
    working_weekdays: Collection[int] = (0, 1, 2, 3, 4),
    holidays: Collection[date] = (),
) -> Callable[[int], date]:
    """A period calendar of working days: period 1 is the first working day on or after
    ``first_day``, period ``k`` the k-th. Weekdays are 0 = Monday. Raises when no weekday works
    or when a period beyond ``MAX_CALENDAR_PERIODS`` is asked for.
    """
    weekdays = frozenset(working_weekdays)
    if not weekdays or not weekdays <= set(range(7)):
        raise EarnedValueError(
            f"working weekdays must be a non-empty subset of 0-6, got {sorted(weekdays)}"
        )
    closed = frozenset(holidays)
    days: list[date] = []

    def nth(period: int) -> date:
        if not 1 <= period <= MAX_CALENDAR_PERIODS:
            raise EarnedValueError(f"period must be in 1..{MAX_CALENDAR_PERIODS}, got {period}")
        day = days[-1] + timedelta(days=1) if days else first_day
        while len(days) < period:
            if day.weekday() in weekdays and day not in closed:
                days.append(day)
            day += timedelta(days=1)
        return days[period - 1]

    return nth
