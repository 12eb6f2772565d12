import numpy as np

from tandem.engine.meetings.intervals import (
    as_intervals,
    complement_intervals,
    contained_in,
    grid_starts,
    merge_intervals,
    overlaps_any,
)


def test_merge_joins_overlapping_and_touching_and_drops_empty():
    merged = merge_intervals(as_intervals([(10, 20), (0, 5), (5, 7), (15, 30), (40, 40), (35, 36)]))
    assert merged.tolist() == [[0, 7], [10, 30], [35, 36]]


def test_complement_inside_bounds():
    merged = as_intervals([(0, 7), (10, 30)])
    assert complement_intervals(merged, 5, 40).tolist() == [[7, 10], [30, 40]]
    assert complement_intervals(as_intervals([]), 5, 40).tolist() == [[5, 40]]


def test_overlap_and_containment_are_half_open():
    merged = as_intervals([(10, 20), (30, 40)])
    starts = np.array([0, 5, 10, 19, 20, 25, 30], dtype=np.int64)
    assert overlaps_any(merged, starts, 5).tolist() == [
        False,
        False,
        True,
        True,
        False,
        False,
        True,
    ]
    assert contained_in(merged, starts, 10).tolist() == [False] * 2 + [True] + [False] * 3 + [True]


def test_grid_starts_fit_the_free_intervals():
    free = as_intervals([(7, 40), (50, 60)])
    assert grid_starts(free, 10, 15).tolist() == [15, 30]
