"""Summary statistics of simulated samples: percentiles, histograms, rank correlations."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_RANK_BLOCK_ELEMENTS = 1 << 21


def average_ranks(rows: npt.NDArray[np.floating]) -> FloatArray:
    """Ranks (1-based) along axis 1, ties sharing their average rank, for a 2-D array."""
    # Tied values share an average rank, so the sort need not be stable; float64 sorts fastest.
    values = np.asarray(rows, dtype=np.float64)
    order = np.argsort(values, axis=1)
    ordered = np.take_along_axis(values, order, axis=1)
    count = rows.shape[1]
    ranks = np.empty(rows.shape)
    positions = np.broadcast_to(np.arange(1.0, count + 1.0), rows.shape)
    np.put_along_axis(ranks, order, positions, axis=1)
    tied = ordered[:, 1:] == ordered[:, :-1]
    for row in np.flatnonzero(tied.any(axis=1)):
        ranks[row] = _tie_averaged(ordered[row], order[row], tied[row])
    return ranks


def _tie_averaged(
    ordered: FloatArray, order: npt.NDArray[np.intp], tied: npt.NDArray[np.bool_]
) -> FloatArray:
    count = ordered.size
    position = np.arange(count)
    starts = np.ones(count, dtype=bool)
    starts[1:] = ~tied
    ends = np.ones(count, dtype=bool)
    ends[:-1] = starts[1:]
    first = np.maximum.accumulate(np.where(starts, position, 0))
    last = np.minimum.accumulate(np.where(ends, position, count - 1)[::-1])[::-1]
    ranks = np.empty(count)
    ranks[order] = (first + last) / 2.0 + 1.0
    return ranks


def spearman_rows(rows: npt.NDArray[np.floating], target: FloatArray) -> list[float | None]:
    """Spearman rank correlation of each row of ``rows`` with ``target`` (same length).

    ``None`` where a row or the target is constant (the correlation is undefined).
    """
    count = target.size
    centre = (count + 1) / 2.0
    target_ranks = average_ranks(target.reshape(1, -1))[0] - centre
    target_norm = float(np.sqrt(target_ranks @ target_ranks))
    positions = np.arange(1.0, count + 1.0) - centre
    untied_norm = float(np.sqrt(positions @ positions))
    result: list[float | None] = []
    block = max(1, _RANK_BLOCK_ELEMENTS // max(1, count))
    for start in range(0, rows.shape[0], block):
        values = np.asarray(rows[start : start + block], dtype=np.float64)
        order = np.argsort(values, axis=1)
        ordered = np.take_along_axis(values, order, axis=1)
        tied = np.any(ordered[:, 1:] == ordered[:, :-1], axis=1)
        # Without ties the k-th smallest value has rank k: the covariance with the target ranks
        # is the target ranks read in this row's order, weighted by position.
        covariances = target_ranks[order] @ positions
        for k in range(values.shape[0]):
            norm = untied_norm
            if tied[k]:
                ranks = average_ranks(values[k : k + 1])[0] - centre
                covariances[k] = ranks @ target_ranks
                norm = float(np.sqrt(ranks @ ranks))
            if norm == 0 or target_norm == 0:
                result.append(None)
            else:
                result.append(float(np.clip(covariances[k] / (norm * target_norm), -1.0, 1.0)))
    return result
