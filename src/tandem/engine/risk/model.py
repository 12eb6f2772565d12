"""Inputs of the schedule-risk simulation.

Durations, lags and delays are in *working time units* of the caller's choice (working minutes
or working days), the same unit throughout one network. Costs are money in one currency unit.
Time zero is the project start; finishes map back to dates through a caller-supplied callable
(see :func:`tandem.engine.risk.simulate_schedule_risk`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from .errors import RiskModelError


class DurationDistribution(StrEnum):
    """Shape of a three-point estimate."""

    TRIANGULAR = "triangular"
    PERT = "pert"  # beta with mean (a + w*m + b) / (w + 2), w = pert_weight (4 = classic PERT)


@dataclass(frozen=True, slots=True)
class ThreePointEstimate:
    """Optimistic, most likely and pessimistic values (a <= m <= b), in working time units or
    money. ``pert_weight`` is the weight of the most likely value for PERT (4 = classic)."""

    optimistic: float
    most_likely: float
    pessimistic: float
    distribution: DurationDistribution = DurationDistribution.PERT
    pert_weight: float = 4.0

    def validate(self, owner: str) -> None:
        """Raise :class:`RiskModelError` naming ``owner`` when the estimate is not a <= m <= b."""
        a, m, b = self.optimistic, self.most_likely, self.pessimistic
        if not all(math.isfinite(v) for v in (a, m, b)):
            raise RiskModelError(f"{owner}: three-point estimate must be finite, got {(a, m, b)}")
        if not a <= m <= b:
            raise RiskModelError(
                f"{owner}: estimate needs optimistic <= most likely <= pessimistic, got {(a, m, b)}"
            )
        if not (math.isfinite(self.pert_weight) and self.pert_weight > 0):
            raise RiskModelError(f"{owner}: pert_weight must be > 0, got {self.pert_weight}")
        if self.distribution not in tuple(DurationDistribution):
            raise RiskModelError(f"{owner}: unknown distribution {self.distribution!r}")

    def pert_shape(self) -> tuple[float, float]:
        """Beta parameters (alpha, beta) of the PERT distribution; (1, 1) when a == b."""
        a, m, b = self.optimistic, self.most_likely, self.pessimistic
        if b == a:
            return 1.0, 1.0
        w = self.pert_weight
        return 1.0 + w * (m - a) / (b - a), 1.0 + w * (b - m) / (b - a)

    @property
    def mean(self) -> float:
        """Expected value of the distribution (closed form)."""
        a, m, b = self.optimistic, self.most_likely, self.pessimistic
        if self.distribution == DurationDistribution.TRIANGULAR:
            return (a + m + b) / 3.0
        return (a + self.pert_weight * m + b) / (self.pert_weight + 2.0)

    @property
    def variance(self) -> float:
        """Variance of the distribution (closed form)."""
        a, m, b = self.optimistic, self.most_likely, self.pessimistic
        if self.distribution == DurationDistribution.TRIANGULAR:
            return (a * a + m * m + b * b - a * m - a * b - m * b) / 18.0
        alpha, beta = self.pert_shape()
        total = alpha + beta
        return (b - a) ** 2 * alpha * beta / (total * total * (total + 1.0))


Amount = ThreePointEstimate | float


def amount_mean(value: Amount) -> float:
    """Expected value of a fixed amount or of a three-point estimate."""
    return value.mean if isinstance(value, ThreePointEstimate) else float(value)


def amount_most_likely(value: Amount) -> float:
    """Most likely value of a fixed amount or of a three-point estimate."""
    return value.most_likely if isinstance(value, ThreePointEstimate) else float(value)


@dataclass(frozen=True, slots=True)
class RiskTask:
    """A task: its duration (fixed or three-point, working time units, >= 0) and cost.

    Cost per iteration = ``fixed_cost + cost_per_unit * duration`` (the sampled duration
    including risk-event delays). ``milestone`` tasks get their own finish distribution.
    """

    id: str
    duration: Amount
    milestone: bool = False
    fixed_cost: float = 0.0
    cost_per_unit: float = 0.0
    name: str = ""


class RiskLinkType(StrEnum):
    """Dependency type: finish-to-start, start-to-start, finish-to-finish, start-to-finish."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


@dataclass(frozen=True, slots=True)
class RiskLink:
    """A dependency with a lag in working time units (negative = lead).

    ``lag_percent`` (of the predecessor's sampled duration) is added to ``lag`` when given.
    """

    predecessor_id: str
    successor_id: str
    type: RiskLinkType = RiskLinkType.FS
    lag: float = 0.0
    lag_percent: float | None = None


@dataclass(frozen=True, slots=True)
class RiskEvent:
    """A discrete risk: it occurs in an iteration with ``probability`` (0-1).

    When it occurs, one ``delay`` value is drawn and added to the duration of every task in
    ``task_ids`` (negative = opportunity; a duration never drops below zero), and one ``cost``
    value is added to the project cost.
    """

    id: str
    probability: float
    task_ids: tuple[str, ...] = ()
    delay: Amount = 0.0
    cost: Amount = 0.0
    name: str = ""


@dataclass(frozen=True, slots=True)
class CorrelationGroup:
    """Tasks whose durations move together: every pair has Gaussian-copula correlation
    ``correlation`` (0 <= rho < 1). Rank correlation of the durations is about
    (6 / pi) * asin(rho / 2)."""

    task_ids: tuple[str, ...]
    correlation: float


@dataclass(frozen=True, slots=True)
class CorrelationMatrix:
    """A full Gaussian-copula correlation matrix over ``task_ids`` (symmetric, unit diagonal,
    positive definite)."""

    task_ids: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]


Correlation = CorrelationGroup | CorrelationMatrix


@dataclass(frozen=True, slots=True)
class RiskNetwork:
    """The network to simulate. A task belongs to at most one correlation."""

    tasks: tuple[RiskTask, ...]
    links: tuple[RiskLink, ...] = ()
    events: tuple[RiskEvent, ...] = ()
    correlations: tuple[Correlation, ...] = ()
