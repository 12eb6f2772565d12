"""Time-phased earned value: PV, EV and AC per reporting period, and cumulative (S-curves)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from .errors import EarnedValueError
from .metrics import EacMethod, EarnedValueMetrics, compute_earned_value
from .schedule import EarnedScheduleMetrics, PeriodCalendar, compute_earned_schedule


@dataclass(frozen=True, slots=True)
class EvTimePhasedItem:
    """One work item's amounts per period (money, incremental, period 1 first).

    ``planned`` covers the whole plan; ``earned`` and ``actual`` cover the periods reported so far
    (they may be shorter than ``planned``, never longer than the series' period count). The item's
    BAC is ``sum(planned)`` unless ``budget`` is given.
    """

    id: str
    planned: Sequence[float]
    earned: Sequence[float] = ()
    actual: Sequence[float] = ()
    budget: float | None = None


@dataclass(frozen=True, slots=True)
class EarnedValueSeries:
    """Project PV, EV and AC per period and cumulative, ready for S-curves.

    ``pv`` spans all ``periods``; ``ev`` and ``ac`` span the ``reported_periods`` (the longest
    reported item). Cumulative tuples have the same lengths as their per-period ones.
    """

    periods: int
    reported_periods: int
    bac: float
    pv: tuple[float, ...]
    ev: tuple[float, ...]
    ac: tuple[float, ...]
    pv_cumulative: tuple[float, ...]
    ev_cumulative: tuple[float, ...]
    ac_cumulative: tuple[float, ...]

    def metrics_at(
        self,
        period: int,
        *,
        eac_method: EacMethod = EacMethod.CPI,
        index_decimals: int | None = None,
    ) -> EarnedValueMetrics:
        """Cumulative metrics at the end of ``period`` (1..reported_periods)."""
        self._check_reported(period)
        pv = self.pv_cumulative[period - 1]
        return compute_earned_value(
            bac=self.bac,
            pv=pv,
            ev=self.ev_cumulative[period - 1],
            ac=self.ac_cumulative[period - 1],
            eac_method=eac_method,
            index_decimals=index_decimals,
        )

    def earned_schedule_at(
        self, period: int, *, calendar: PeriodCalendar | None = None
    ) -> EarnedScheduleMetrics:
        """Earned-schedule metrics at the end of ``period`` (1..reported_periods)."""
        self._check_reported(period)
        return compute_earned_schedule(
            self.pv_cumulative, self.ev_cumulative[period - 1], float(period), calendar=calendar
        )

    def _check_reported(self, period: int) -> None:
        if not 1 <= period <= self.reported_periods:
            raise EarnedValueError(
                f"period {period} is outside the reported periods 1..{self.reported_periods}"
            )


def _padded(item_id: str, name: str, values: Sequence[float], length: int) -> np.ndarray:
    row = np.zeros(length)
    if len(values) > length:
        raise EarnedValueError(
            f"work item {item_id!r}: {name} has {len(values)} periods, more than {length}"
        )
    array = np.asarray(values, dtype=float)
    if array.size and (not np.all(np.isfinite(array)) or np.any(array < 0)):
        raise EarnedValueError(f"work item {item_id!r}: {name} amounts must be finite and >= 0")
    row[: array.size] = array
    return row


def _cumulative(values: np.ndarray) -> tuple[float, ...]:
    return tuple(accumulate(float(v) for v in values))


def earned_value_series(
    items: Iterable[EvTimePhasedItem], *, periods: int | None = None
) -> EarnedValueSeries:
    """Sum the items' per-period amounts into a project series.

    ``periods`` defaults to the longest ``planned`` (or ``earned``/``actual``) list. An item that
    earns before its plan is allowed (work ahead of schedule). Raises :class:`EarnedValueError`
    for negative or non-finite amounts, duplicate ids, or no items.
    """
    materialized = list(items)
    if not materialized:
        raise EarnedValueError("no work items given")
    counts = Counter(item.id for item in materialized)
    duplicates = sorted(item_id for item_id, count in counts.items() if count > 1)
    if duplicates:
        raise EarnedValueError(f"duplicate work item ids: {', '.join(duplicates)}")
    longest = max(max(len(i.planned), len(i.earned), len(i.actual)) for i in materialized)
    total_periods = longest if periods is None else periods
    reported = max(max(len(i.earned), len(i.actual)) for i in materialized)
    pv = np.zeros(total_periods)
    ev = np.zeros(reported)
    ac = np.zeros(reported)
    bac = 0.0
    for item in materialized:
        planned = _padded(item.id, "planned", item.planned, total_periods)
        pv += planned
        ev += _padded(item.id, "earned", item.earned, reported)
        ac += _padded(item.id, "actual", item.actual, reported)
        budget = float(planned.sum()) if item.budget is None else float(item.budget)
        if not math.isfinite(budget) or budget < 0:
            raise EarnedValueError(f"work item {item.id!r}: budget must be finite and >= 0")
        bac += budget
    return EarnedValueSeries(
        periods=total_periods,
        reported_periods=reported,
        bac=bac,
        pv=tuple(float(v) for v in pv),
        ev=tuple(float(v) for v in ev),
        ac=tuple(float(v) for v in ac),
        pv_cumulative=_cumulative(pv),
        ev_cumulative=_cumulative(ev),
        ac_cumulative=_cumulative(ac),
    )
