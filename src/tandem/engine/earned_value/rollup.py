"""Roll work items (work packages, tasks, control accounts) up to project earned value."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import EarnedValueError
from .metrics import EacMethod, EarnedValueMetrics, compute_earned_value


@dataclass(frozen=True, slots=True)
class EvWorkItem:
    """One budgeted piece of work at the status date.

    ``budget`` is its BAC (money). ``planned_percent`` is how much of it the baseline planned to
    be done by the status date and ``percent_complete`` how much is done (both 0-100).
    ``actual_cost`` is money spent so far; ``etc`` is an optional bottom-up estimate of the money
    still needed to finish it.
    """

    id: str
    budget: float
    planned_percent: float
    percent_complete: float
    actual_cost: float
    etc: float | None = None

    @property
    def planned_value(self) -> float:
        return self.budget * self.planned_percent / 100.0

    @property
    def earned_value(self) -> float:
        return self.budget * self.percent_complete / 100.0


def _validate_item(item: EvWorkItem) -> None:
    checks = {
        "budget": item.budget,
        "planned_percent": item.planned_percent,
        "percent_complete": item.percent_complete,
        "actual_cost": item.actual_cost,
    }
    if item.etc is not None:
        checks["etc"] = item.etc
    for name, value in checks.items():
        if not math.isfinite(value) or value < 0:
            raise EarnedValueError(
                f"work item {item.id!r}: {name} must be finite and >= 0, got {value!r}"
            )
    for name in ("planned_percent", "percent_complete"):
        if checks[name] > 100:
            raise EarnedValueError(
                f"work item {item.id!r}: {name} must be at most 100, got {checks[name]!r}"
            )


def earned_value_from_items(
    items: Iterable[EvWorkItem],
    *,
    eac_method: EacMethod = EacMethod.CPI,
    index_decimals: int | None = None,
) -> EarnedValueMetrics:
    """Sum budget, PV, EV and AC over ``items`` and compute the project metrics.

    The bottom-up ETC is the sum of the items' ``etc`` when every item has one; otherwise
    ``eac_bottom_up`` is undefined. Duplicate item ids or invalid amounts raise
    :class:`EarnedValueError` naming the items. An empty list gives all-zero amounts (ratios
    undefined). See :func:`compute_earned_value` for ``eac_method`` and ``index_decimals``.
    """
    materialized = list(items)
    counts = Counter(item.id for item in materialized)
    duplicates = sorted(item_id for item_id, count in counts.items() if count > 1)
    if duplicates:
        raise EarnedValueError(f"duplicate work item ids: {', '.join(duplicates)}")
    for item in materialized:
        _validate_item(item)
    etcs = [item.etc for item in materialized]
    etc_bottom_up = (
        sum(e for e in etcs if e is not None) if all(e is not None for e in etcs) else None
    )
    if not materialized:
        etc_bottom_up = None
    return compute_earned_value(
        bac=math.fsum(i.budget for i in materialized),
        pv=math.fsum(i.planned_value for i in materialized),
        ev=math.fsum(i.earned_value for i in materialized),
        ac=math.fsum(i.actual_cost for i in materialized),
        etc_bottom_up=etc_bottom_up,
        eac_method=eac_method,
        index_decimals=index_decimals,
    )
