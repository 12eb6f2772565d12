"""Monte Carlo schedule risk: sample durations, run the network forward and backward, summarise.

Each iteration is one column of a (tasks x iterations) matrix; tasks are processed one at a time
in topological order, each step vectorised over the iterations of a batch. Batch size depends
only on the network size and the iteration count, so a seed reproduces the same results (with
the same numpy version, whose generators fix the random streams).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .distributions import normal_cdf
from .errors import RiskModelError
from .model import RiskNetwork
from .network import CompiledNetwork, Edge, compile_risk_network
from .results import (
    RiskDistribution,
    RiskEventImpact,
    ScheduleRiskResult,
    ToDatetime,
    dates_of,
    summarize,
)
from .statistics import spearman_rows

FloatArray = npt.NDArray[np.float64]

# Matrix elements (tasks x iterations) per batch: bounds memory to a few tens of megabytes.
_BATCH_ELEMENTS = 1 << 22
_FS, _SS, _FF, _SF = 0, 1, 2, 3


@dataclass(slots=True)
class _Batch:
    finish: FloatArray
    milestone_finish: FloatArray
    critical_counts: npt.NDArray[np.int64]
    occurred: npt.NDArray[np.bool_]
    cost: FloatArray | None


def _copula_uniforms(net: CompiledNetwork, rng: np.random.Generator, size: int) -> FloatArray:
    parts: list[FloatArray] = []
    for block in net.copulas:
        count = len(block.rows)
        if block.cholesky is not None:
            z = block.cholesky @ rng.standard_normal((count, size))
        else:
            rho = block.group_correlation
            common = rng.standard_normal(size)
            z = np.sqrt(rho) * common + np.sqrt(1.0 - rho) * rng.standard_normal((count, size))
        parts.append(normal_cdf(z))
    uniforms = np.concatenate(parts) if parts else np.empty((0, size))
    # Keep the inverse CDFs off their endpoints' singular derivatives.
    return np.clip(uniforms, 1e-12, 1.0 - 1e-12)


def _sample_durations(
    net: CompiledNetwork, rng: np.random.Generator, size: int
) -> tuple[FloatArray, npt.NDArray[np.bool_], FloatArray]:
    copula = _copula_uniforms(net, rng, size) if net.copulas else None
    durations = net.durations.sample(rng, size, copula)
    events = len(net.event_ids)
    occurred = rng.random((events, size)) < net.event_probability[:, None]
    delays = net.event_delays.sample(rng, size)
    event_cost = (
        (net.event_costs.sample(rng, size) * occurred).sum(axis=0) if events else np.zeros(size)
    )
    for k, rows in enumerate(net.event_tasks):
        if rows.size:
            delayed = durations[rows] + np.where(occurred[k], delays[k], 0.0)
            # An opportunity (negative delay) shortens a task, never below zero.
            durations[rows] = np.maximum(delayed, 0.0)
    return durations, occurred, event_cost


def _lag(edge: Edge, predecessor_duration: FloatArray) -> float | FloatArray:
    _, _, lag, fraction = edge
    if fraction is None:
        return lag
    result: FloatArray = lag + fraction * predecessor_duration
    return result


def _forward(net: CompiledNetwork, durations: FloatArray) -> FloatArray:
    """Early finish of every task: tasks without predecessors start at the project start (time
    0); a linked task follows its links, even to before the project start (as the scheduler)."""
    early_finish = np.empty_like(durations)
    scratch = np.empty(durations.shape[1])
    for i, incoming in enumerate(net.predecessors):
        if not incoming:
            early_finish[i] = durations[i]
            continue
        start = np.full(durations.shape[1], -np.inf)
        for edge in incoming:
            p, kind = edge[0], edge[1]
            if kind in (_SS, _SF):
                np.subtract(early_finish[p], durations[p], out=scratch)
            else:
                scratch[:] = early_finish[p]
            scratch += _lag(edge, durations[p])
            if kind in (_FF, _SF):
                scratch -= durations[i]
            np.maximum(start, scratch, out=start)
        np.add(start, durations[i], out=early_finish[i])
    return early_finish


def _critical_counts(
    net: CompiledNetwork, durations: FloatArray, early_finish: FloatArray, finish: FloatArray
) -> npt.NDArray[np.int64]:
    """Per task, the number of iterations with zero total float (late finish = early finish)."""
    late_finish = np.empty_like(durations)
    scratch = np.empty(durations.shape[1])
    tolerance = 1e-9 * max(1.0, float(np.max(np.abs(finish))))
    counts = np.zeros(len(net.task_ids), dtype=np.int64)
    for i in range(len(net.task_ids) - 1, -1, -1):
        row = late_finish[i]
        row[:] = finish
        for edge in net.successors[i]:
            s, kind = edge[0], edge[1]
            if kind in (_FS, _SS):
                np.subtract(late_finish[s], durations[s], out=scratch)
            else:
                scratch[:] = late_finish[s]
            scratch -= _lag(edge, durations[i])
            if kind in (_SS, _SF):
                scratch += durations[i]
            np.minimum(row, scratch, out=row)
        np.subtract(row, early_finish[i], out=scratch)
        counts[i] = np.count_nonzero(scratch <= tolerance)
    return counts


def _run_batch(
    net: CompiledNetwork,
    rng: np.random.Generator,
    size: int,
    criticality: bool,
    keep_durations: FloatArray | None,
) -> _Batch:
    durations, occurred, event_cost = _sample_durations(net, rng, size)
    if keep_durations is not None:
        keep_durations[...] = durations
    early_finish = _forward(net, durations)
    finish = early_finish.max(axis=0)
    counts = (
        _critical_counts(net, durations, early_finish, finish)
        if criticality
        else np.zeros(len(net.task_ids), dtype=np.int64)
    )
    cost = None
    if net.has_cost:
        cost = net.fixed_cost.sum() + net.cost_per_unit @ durations + event_cost
    return _Batch(
        finish=finish,
        milestone_finish=early_finish[list(net.milestones)],
        critical_counts=counts,
        occurred=occurred,
        cost=cost,
    )


def _event_impacts(
    net: CompiledNetwork, occurred: npt.NDArray[np.bool_], finish: FloatArray
) -> dict[str, RiskEventImpact]:
    correlations = spearman_rows(occurred.astype(np.float64), finish) if occurred.size else []
    impacts: dict[str, RiskEventImpact] = {}
    for k, event_id in enumerate(net.event_ids):
        hit = occurred[k]
        hits = int(np.count_nonzero(hit))
        if_occurred = float(finish[hit].mean()) if hits else None
        if_not = float(finish[~hit].mean()) if hits < hit.size else None
        delta = None if if_occurred is None or if_not is None else if_occurred - if_not
        impacts[event_id] = RiskEventImpact(
            event_id=event_id,
            occurrence_rate=hits / hit.size,
            mean_finish_if_occurred=if_occurred,
            mean_finish_if_not=if_not,
            finish_delta=delta,
            finish_rank_correlation=correlations[k],
        )
    return impacts


def simulate_schedule_risk(
    network: RiskNetwork,
    *,
    iterations: int = 10_000,
    seed: int | None = None,
    histogram_bins: int = 50,
    to_datetime: ToDatetime | None = None,
    criticality: bool = True,
    sensitivity: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ScheduleRiskResult:
    """Simulate ``iterations`` outcomes of ``network`` and summarise finish, milestones and cost.

    Times are in the network's working units from the project start (time 0); ``to_datetime``
    maps such a time to a datetime (e.g. the project calendar's "start + working minutes") and
    fills ``finish_dates``. The same ``seed`` (and inputs) gives identical results; ``None``
    draws fresh entropy. ``criticality`` adds a backward pass per batch; ``sensitivity`` ranks
    every task's durations. Links: FS, SS, FF, SF with lags (negative = lead); no task starts
    before time 0. ``progress(done, total)`` is called after each batch of iterations (a large
    network runs in several batches, a small one in one); it does not change the results.
    Raises :class:`RiskModelError` for an invalid network or an iteration count below 2.
    """
    if iterations < 2:
        raise RiskModelError(f"iterations must be at least 2, got {iterations}")
    if histogram_bins < 1:
        raise RiskModelError(f"histogram_bins must be at least 1, got {histogram_bins}")
    net = compile_risk_network(network)
    rng = np.random.default_rng(seed)
    batch = max(1, min(iterations, _BATCH_ELEMENTS // len(net.task_ids)))
    # Sensitivity ranks each task's durations over all iterations, so they are kept whole.
    durations = np.empty((len(net.task_ids), iterations)) if sensitivity else None
    batches = []
    for start in range(0, iterations, batch):
        stop = min(iterations, start + batch)
        keep = None if durations is None else durations[:, start:stop]
        batches.append(_run_batch(net, rng, stop - start, criticality, keep))
        if progress is not None:
            progress(stop, iterations)
    finish = np.concatenate([b.finish for b in batches])
    milestone_finish = np.concatenate([b.milestone_finish for b in batches], axis=1)
    occurred = np.concatenate([b.occurred for b in batches], axis=1)
    counts = np.sum([b.critical_counts for b in batches], axis=0)
    cost_batches = [b.cost for b in batches if b.cost is not None]
    del batches
    deterministic = _forward(net, net.most_likely.reshape(-1, 1)).max()
    return _result(
        net,
        iterations=iterations,
        seed=seed,
        finish=finish,
        milestone_finish=milestone_finish,
        counts=counts if criticality else None,
        durations=durations,
        occurred=occurred,
        cost=np.concatenate(cost_batches) if cost_batches else None,
        deterministic=float(deterministic),
        bins=histogram_bins,
        to_datetime=to_datetime,
    )


def _result(
    net: CompiledNetwork,
    *,
    iterations: int,
    seed: int | None,
    finish: FloatArray,
    milestone_finish: FloatArray,
    counts: npt.NDArray[np.int64] | None,
    durations: FloatArray | None,
    occurred: npt.NDArray[np.bool_],
    cost: FloatArray | None,
    deterministic: float,
    bins: int,
    to_datetime: ToDatetime | None,
) -> ScheduleRiskResult:
    finish_summary = summarize(finish, bins)
    milestones: dict[str, RiskDistribution] = {
        net.task_ids[row]: summarize(milestone_finish[k], bins)
        for k, row in enumerate(net.milestones)
    }
    criticality = (
        {}
        if counts is None
        else {t: int(c) / iterations for t, c in zip(net.task_ids, counts, strict=True)}
    )
    sensitivity = (
        {}
        if durations is None
        else dict(zip(net.task_ids, spearman_rows(durations, finish), strict=True))
    )
    return ScheduleRiskResult(
        iterations=iterations,
        seed=seed,
        finish=finish_summary,
        deterministic_finish=deterministic,
        milestones=milestones,
        criticality=criticality,
        duration_sensitivity=sensitivity,
        event_impacts=_event_impacts(net, occurred, finish),
        cost=None if cost is None else summarize(cost, bins),
        finish_dates={} if to_datetime is None else dates_of(finish_summary, to_datetime),
        milestone_dates={}
        if to_datetime is None
        else {task_id: dates_of(summary, to_datetime) for task_id, summary in milestones.items()},
        to_datetime=to_datetime,
    )
