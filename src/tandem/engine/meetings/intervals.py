"""Interval arithmetic on sorted UTC minute intervals (numpy).

An interval set is an ``int64`` array of shape ``(n, 2)``: half-open ``[start, end)`` in minutes
since 1970-01-01T00:00Z. "Merged" sets are sorted, non-empty and disjoint with gaps between
neighbours (touching intervals are joined), which lets membership tests use binary search.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "IntervalArray",
    "minutes_from_datetime",
    "datetime_from_minutes",
]

IntervalArray = NDArray[np.int64]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EMPTY: IntervalArray = np.zeros((0, 2), dtype=np.int64)
EMPTY.setflags(write=False)


def minutes_from_datetime(value: datetime, *, ceil: bool = False) -> int:
    """Whole minutes since 1970-01-01T00:00Z of an aware datetime.

    Seconds are floored, or rounded up when ``ceil`` is true. Raises ``ValueError`` on a naive
    datetime.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} (aware datetimes only)")
    seconds = (value - _EPOCH) // timedelta(seconds=1)
    minutes, rest = divmod(seconds, 60)
    if ceil and (rest or value.microsecond):
        minutes += 1
    return int(minutes)


def datetime_from_minutes(minutes: int) -> datetime:
    """The UTC datetime ``minutes`` minutes after 1970-01-01T00:00Z."""
    return _EPOCH + timedelta(minutes=int(minutes))


def as_intervals(pairs: list[tuple[int, int]] | IntervalArray) -> IntervalArray:
    """An ``(n, 2)`` int64 array from pairs; empty intervals (end <= start) are dropped."""
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return arr[arr[:, 1] > arr[:, 0]]


def merge_intervals(intervals: IntervalArray) -> IntervalArray:
    """Sort and join overlapping or touching intervals; empty ones are dropped."""
    arr = intervals[intervals[:, 1] > intervals[:, 0]]
    if len(arr) <= 1:
        return arr.copy()
    arr = arr[np.argsort(arr[:, 0], kind="stable")]
    ends = np.maximum.accumulate(arr[:, 1])
    new_group = np.empty(len(arr), dtype=bool)
    new_group[0] = True
    new_group[1:] = arr[1:, 0] > ends[:-1]
    first = np.flatnonzero(new_group)
    last = np.append(first[1:] - 1, len(arr) - 1)
    return np.column_stack((arr[first, 0], ends[last]))


def union_intervals(parts: list[IntervalArray]) -> IntervalArray:
    """Merged union of several interval sets."""
    if not parts:
        return EMPTY.copy()
    return merge_intervals(np.concatenate(parts))


def complement_intervals(merged: IntervalArray, low: int, high: int) -> IntervalArray:
    """The gaps of a merged set inside ``[low, high)``, as a merged set."""
    clipped = clip_intervals(merged, low, high)
    bounds = np.concatenate(([low], clipped.ravel(), [high])).astype(np.int64)
    gaps = bounds.reshape(-1, 2)
    return gaps[gaps[:, 1] > gaps[:, 0]]


def clip_intervals(merged: IntervalArray, low: int, high: int) -> IntervalArray:
    """A merged set cut to ``[low, high)``."""
    if len(merged) == 0:
        return merged
    first = int(np.searchsorted(merged[:, 1], low, side="right"))
    last = int(np.searchsorted(merged[:, 0], high, side="left"))
    out = merged[first:last].copy()
    if len(out):
        out[0, 0] = max(int(out[0, 0]), low)
        out[-1, 1] = min(int(out[-1, 1]), high)
    return out[out[:, 1] > out[:, 0]]


def expand_intervals(intervals: IntervalArray, before: int, after: int) -> IntervalArray:
    """Every interval widened by ``before`` minutes at its start and ``after`` at its end."""
    if before == 0 and after == 0:
        return intervals
    out = intervals.copy()
    out[:, 0] -= before
    out[:, 1] += after
    return out


def overlaps_any(
    merged: IntervalArray, starts: NDArray[np.int64], length: int
) -> NDArray[np.bool_]:
    """For each slot ``[s, s + length)``: does it overlap the merged set?"""
    if len(merged) == 0:
        return np.zeros(starts.shape, dtype=bool)
    idx = np.searchsorted(merged[:, 1], starts, side="right")
    inside = idx < len(merged)
    result = np.zeros(starts.shape, dtype=bool)
    result[inside] = merged[idx[inside], 0] < starts[inside] + length
    return result


def contained_in(
    merged: IntervalArray, starts: NDArray[np.int64], length: int
) -> NDArray[np.bool_]:
    """For each slot ``[s, s + length)``: does one interval of the merged set hold all of it?"""
    if len(merged) == 0:
        return np.zeros(starts.shape, dtype=bool)
    idx = np.searchsorted(merged[:, 1], starts, side="right")
    inside = idx < len(merged)
    result = np.zeros(starts.shape, dtype=bool)
    hit = idx[inside]
    result[inside] = (merged[hit, 0] <= starts[inside]) & (
        merged[hit, 1] >= starts[inside] + length
    )
    return result


def grid_starts(free: IntervalArray, length: int, step: int) -> NDArray[np.int64]:
    """Every start ``s`` that is a multiple of ``step`` with ``[s, s + length)`` inside one
    interval of ``free`` (merged), in increasing order."""
    if len(free) == 0:
        return np.zeros(0, dtype=np.int64)
    first = -(-free[:, 0] // step) * step
    last = free[:, 1] - length
    counts = np.where(last >= first, (last - first) // step + 1, 0)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(first - np.concatenate(([0], np.cumsum(counts)[:-1])) * step, counts)
    return (offsets + np.arange(total, dtype=np.int64) * step).astype(np.int64)
