"""Earned value management and earned schedule.

Inputs are plain dataclasses and numbers (money in any one currency unit, time in reporting
periods), so the calculations work with or without the scheduling model.
"""

from .adapter import earned_value_items_from_project, planned_value_curve
from .errors import EarnedValueError
from .metrics import EacMethod, EarnedValueMetrics, compute_earned_value
from .rollup import EvWorkItem, earned_value_from_items
from .schedule import (
    EarnedScheduleMetrics,
    PeriodCalendar,
    compute_earned_schedule,
    earned_schedule,
    period_calendar_date,
    pv_planned_duration,
    working_day_calendar,
)
from .series import EarnedValueSeries, EvTimePhasedItem, earned_value_series

__all__ = [
    "EacMethod",
    "EarnedScheduleMetrics",
    "EarnedValueError",
    "EarnedValueMetrics",
    "EarnedValueSeries",
    "EvTimePhasedItem",
    "EvWorkItem",
    "PeriodCalendar",
    "compute_earned_schedule",
    "compute_earned_value",
    "earned_schedule",
    "earned_value_from_items",
    "earned_value_items_from_project",
    "earned_value_series",
    "period_calendar_date",
    "planned_value_curve",
    "pv_planned_duration",
    "working_day_calendar",
]
