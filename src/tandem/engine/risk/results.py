"""Results of a schedule-risk simulation."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from .errors import RiskModelError

PERCENTILES = {"p10": 10.0, "p50": 50.0, "p80": 80.0, "p90": 90.0}

ToDatetime = Callable[[float], datetime]


@dataclass(frozen=True, slots=True, eq=False)
class RiskDistribution:
    """Distribution of a simulated quantity (working time units, or money for cost).

    Percentiles use linear interpolation between order statistics. ``histogram_edges`` has one
    more entry than ``histogram_counts``. ``samples`` holds every iteration's value (read-only).
    """

    mean: float
    std: float
    minimum: float
    maximum: float
    p10: float
    p50: float
    p80: float
    p90: float
    histogram_edges: tuple[float, ...]
    histogram_counts: tuple[int, ...]
    samples: npt.NDArray[np.float64] = field(repr=False)

    def percentile(self, q: float) -> float:
        """The ``q``-th percentile (0-100)."""
        if not 0 <= q <= 100:
            raise RiskModelError(f"percentile must be in [0, 100], got {q!r}")
        return float(np.percentile(self.samples, q))

    def probability_at_most(self, value: float) -> float:
        """Share of iterations whose value is <= ``value``."""
        return float(np.count_nonzero(self.samples <= value)) / self.samples.size


def summarize(samples: npt.NDArray[np.float64], bins: int) -> RiskDistribution:
    """Summary statistics of ``samples`` (std is the population standard deviation)."""
    frozen = np.array(samples, dtype=float)
    frozen.setflags(write=False)
    p10, p50, p80, p90 = (float(v) for v in np.percentile(frozen, list(PERCENTILES.values())))
    counts, edges = np.histogram(frozen, bins=bins)
    return RiskDistribution(
        mean=float(frozen.mean()),
        std=float(frozen.std()),
        minimum=float(frozen.min()),
        maximum=float(frozen.max()),
        p10=p10,
        p50=p50,
        p80=p80,
        p90=p90,
        histogram_edges=tuple(float(e) for e in edges),
        histogram_counts=tuple(int(c) for c in counts),
        samples=frozen,
    )


@dataclass(frozen=True, slots=True)
class RiskEventImpact:
    """How one risk event moved the project finish.

    ``mean_finish_if_occurred`` is ``None`` when it never occurred (and ``..._if_not`` when it
    always did); ``finish_delta`` is their difference. ``finish_rank_correlation`` is the
    Spearman correlation of the occurrence (0/1) with the finish, ``None`` when either is constant.
    """

    event_id: str
    occurrence_rate: float
    mean_finish_if_occurred: float | None
    mean_finish_if_not: float | None
    finish_delta: float | None
    finish_rank_correlation: float | None


@dataclass(frozen=True, slots=True, eq=False)
class ScheduleRiskResult:
    """Outcome of :func:`simulate_schedule_risk`; times in the network's working units from the
    project start.

    ``criticality[task]`` is the share of iterations in which the task had zero total float.
    ``duration_sensitivity[task]`` is the Spearman correlation of its sampled duration
    (including risk delays) with the finish; ``None`` for a constant duration.
    ``deterministic_finish`` is the finish with most likely durations and no risk events.
    ``finish_dates``/``milestone_dates`` map the percentiles and the mean to datetimes when a
    ``to_datetime`` mapping was given (otherwise they are empty).
    """

    iterations: int
    seed: int | None
    finish: RiskDistribution
    deterministic_finish: float
    milestones: Mapping[str, RiskDistribution]
    criticality: Mapping[str, float]
    duration_sensitivity: Mapping[str, float | None]
    event_impacts: Mapping[str, RiskEventImpact]
    cost: RiskDistribution | None
    finish_dates: Mapping[str, datetime] = field(default_factory=dict)
    milestone_dates: Mapping[str, Mapping[str, datetime]] = field(default_factory=dict)
    to_datetime: ToDatetime | None = field(default=None, repr=False)

    def probability_finish_by(
        self, target: float | datetime, milestone: str | None = None
    ) -> float:
        """Probability that the project (or ``milestone``) finishes no later than ``target``.

        A datetime target needs ``to_datetime`` (assumed non-decreasing); the count uses a binary
        search over the sorted finishes, so it calls the mapping about log2(iterations) times.
        Raises :class:`RiskModelError` for an unknown milestone or a datetime without mapping.
        """
        if milestone is None:
            distribution = self.finish
        elif milestone in self.milestones:
            distribution = self.milestones[milestone]
        else:
            raise RiskModelError(
                f"unknown milestone {milestone!r}; known: {sorted(self.milestones)}"
            )
        if not isinstance(target, datetime):
            return distribution.probability_at_most(float(target))
        if self.to_datetime is None:
            raise RiskModelError(
                "a datetime target needs the to_datetime mapping given to the simulation"
            )
        mapping = self.to_datetime
        ordered = np.sort(distribution.samples)
        on_time = bisect.bisect_right(
            range(ordered.size), False, key=lambda k: mapping(float(ordered[k])) > target
        )
        return on_time / ordered.size


def dates_of(distribution: RiskDistribution, to_datetime: ToDatetime) -> dict[str, datetime]:
    """The percentiles and the mean of ``distribution`` mapped to datetimes."""
    values = {name: getattr(distribution, name) for name in PERCENTILES}
    values["mean"] = distribution.mean
    return {name: to_datetime(float(value)) for name, value in values.items()}
