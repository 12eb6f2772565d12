"""Time-zone arithmetic in UTC minutes: offset tables, local wall time to UTC, working hours.

Offsets come from ``zoneinfo``; a table holds every transition in a range so that thousands of
instants convert with one ``searchsorted`` instead of one ``datetime`` each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray

from .errors import MeetingRequestError
from .intervals import IntervalArray, as_intervals, datetime_from_minutes, merge_intervals

_DAY = 1440
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def zone(key: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA key; raises :class:`MeetingRequestError` naming it."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise MeetingRequestError(f"unknown time zone {key!r}", (key,)) from exc


def _offset_at(tz: ZoneInfo, minute: int) -> int:
    offset = datetime_from_minutes(minute).astimezone(tz).utcoffset()
    assert offset is not None  # noqa: S101 - zoneinfo always answers for aware datetimes
    return int(offset // timedelta(minutes=1))


@lru_cache(maxsize=512)
def offset_table(
    key: str, first_day: int, last_day: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Transitions of zone ``key`` between UTC days ``first_day`` and ``last_day`` (days since
    1970-01-01): ``(starts, offsets)`` where ``offsets[i]`` (minutes east of UTC) holds from UTC
    minute ``starts[i]``; ``starts[0]`` is the start of ``first_day``.

    Transitions are located by stepping day by day and bisecting to the minute, so a zone that
    changes offset twice within one day is seen as one change (no real zone does).
    """
    tz = zone(key)
    starts = [first_day * _DAY]
    offsets = [_offset_at(tz, first_day * _DAY)]
    for day in range(first_day + 1, last_day + 2):
        current = _offset_at(tz, day * _DAY)
        if current == offsets[-1]:
            continue
        low, high = (day - 1) * _DAY, day * _DAY  # offset changes in (low, high]
        while high - low > 1:
            mid = (low + high) // 2
            if _offset_at(tz, mid) == offsets[-1]:
                low = mid
            else:
                high = mid
        starts.append(high)
        offsets.append(current)
    return np.asarray(starts, dtype=np.int64), np.asarray(offsets, dtype=np.int64)


class ZoneClock:
    """Vectorised UTC <-> local wall-clock conversion for one zone over a range of minutes."""

    def __init__(self, key: str, low: int, high: int) -> None:
        self.key = key
        self.tz = zone(key)
        # a day of margin on both sides covers local times near the range's edges
        self._starts, self._offsets = offset_table(key, low // _DAY - 2, high // _DAY + 2)

    def offsets(self, utc: NDArray[np.int64]) -> NDArray[np.int64]:
        """Offset (minutes east of UTC) in force at each UTC minute."""
        idx = np.searchsorted(self._starts, utc, side="right") - 1
        return self._offsets[np.clip(idx, 0, len(self._offsets) - 1)]

    def to_local(self, utc: NDArray[np.int64]) -> NDArray[np.int64]:
        """Local wall-clock minutes (since local 1970-01-01 00:00) of UTC minutes."""
        return utc + self.offsets(utc)

    def to_utc(self, local: NDArray[np.int64]) -> NDArray[np.int64]:
        """UTC minutes of local wall-clock minutes.

        Ambiguous times (the repeated hour when clocks go back) take the first occurrence;
        non-existent times (the skipped hour) move forward by the gap, as calendar apps do.
        """
        before = self.offsets(local - _DAY)
        after = self.offsets(local + _DAY)
        first, second = local - before, local - after
        first_ok = self.offsets(first) == before
        second_ok = self.offsets(second) == after
        # both valid: the repeated hour, keep the earlier instant; neither: the skipped hour,
        # where the offset before the change moves the wall time forward
        return np.where(first_ok | ~second_ok, first, second)


def local_day_range(clock: ZoneClock, low: int, high: int) -> range:
    """Local dates (days since 1970-01-01) touched by UTC range ``[low, high)``."""
    ends = clock.to_local(np.asarray([low, max(low, high - 1)], dtype=np.int64))
    return range(int(ends[0]) // _DAY, int(ends[1]) // _DAY + 1)


def weekly_intervals(
    clock: ZoneClock,
    low: int,
    high: int,
    week: tuple[tuple[tuple[int, int], ...], ...],
    skip_days: Iterable[date] = (),
) -> IntervalArray:
    """UTC intervals of the local weekly pattern ``week`` (7 entries Monday first, each a tuple of
    ``(start, end)`` minutes from local midnight, end <= 1440) on the local days touched by
    ``[low, high)``, leaving out ``skip_days`` (local dates). Merged; not clipped to the range."""
    skipped = {d.toordinal() - _EPOCH_ORDINAL for d in skip_days}
    local_pairs: list[tuple[int, int]] = []
    for day in local_day_range(clock, low, high):
        if day in skipped:
            continue
        weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
        base = day * _DAY
        local_pairs.extend((base + a, base + b) for a, b in week[weekday])
    if not local_pairs:
        return as_intervals([])
    local = np.asarray(local_pairs, dtype=np.int64)
    utc = np.column_stack((clock.to_utc(local[:, 0]), clock.to_utc(local[:, 1])))
    return merge_intervals(utc)


def local_date_intervals(clock: ZoneClock, days: Iterable[date]) -> IntervalArray:
    """UTC intervals covering whole local dates (midnight to midnight, DST-aware). Merged."""
    ordinals = sorted({d.toordinal() - _EPOCH_ORDINAL for d in days})
    if not ordinals:
        return as_intervals([])
    local = np.asarray(ordinals, dtype=np.int64) * _DAY
    starts = clock.to_utc(local)
    ends = clock.to_utc(local + _DAY)
    return merge_intervals(np.column_stack((starts, ends)))
