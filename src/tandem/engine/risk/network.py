"""Validate a :class:`RiskNetwork` and compile it into index arrays in topological order."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .distributions import AmountSampler
from .errors import RiskModelError, RiskNetworkCycleError, RiskUnknownTaskError
from .model import (
    Amount,
    CorrelationGroup,
    CorrelationMatrix,
    RiskEvent,
    RiskLink,
    RiskLinkType,
    RiskNetwork,
    RiskTask,
    ThreePointEstimate,
)

LINK_CODES = {RiskLinkType.FS: 0, RiskLinkType.SS: 1, RiskLinkType.FF: 2, RiskLinkType.SF: 3}

# (other task index, link type code, fixed lag, lag fraction of the predecessor's duration or None)
Edge = tuple[int, int, float, float | None]


@dataclass(frozen=True, slots=True)
class CopulaBlock:
    """Rows (topological indices) sharing one Gaussian copula, with its Cholesky factor or the
    common pairwise correlation of a group."""

    rows: tuple[int, ...]
    cholesky: npt.NDArray[np.float64] | None
    group_correlation: float


@dataclass(frozen=True, slots=True)
class CompiledNetwork:
    """A validated network in topological order (index = position in ``task_ids``)."""

    task_ids: tuple[str, ...]
    predecessors: tuple[tuple[Edge, ...], ...]
    successors: tuple[tuple[Edge, ...], ...]
    durations: AmountSampler
    most_likely: npt.NDArray[np.float64]
    copulas: tuple[CopulaBlock, ...]
    milestones: tuple[int, ...]
    fixed_cost: npt.NDArray[np.float64]
    cost_per_unit: npt.NDArray[np.float64]
    event_ids: tuple[str, ...]
    event_probability: npt.NDArray[np.float64]
    event_tasks: tuple[npt.NDArray[np.intp], ...]
    event_delays: AmountSampler
    event_costs: AmountSampler
    has_cost: bool


def _check_amount(value: Amount, owner: str, *, allow_negative: bool = False) -> None:
    if isinstance(value, ThreePointEstimate):
        value.validate(owner)
        low = value.optimistic
    else:
        if not math.isfinite(value):
            raise RiskModelError(f"{owner} must be finite, got {value!r}")
        low = float(value)
    if low < 0 and not allow_negative:
        raise RiskModelError(f"{owner} must not be negative, got {value!r}")


def _check_tasks(tasks: Sequence[RiskTask]) -> None:
    if not tasks:
        raise RiskModelError("the network has no tasks")
    duplicates = sorted(i for i, c in Counter(t.id for t in tasks).items() if c > 1)
    if duplicates:
        raise RiskModelError(f"duplicate task ids: {', '.join(duplicates)}")
    for task in tasks:
        _check_amount(task.duration, f"task {task.id!r} duration")
        for name in ("fixed_cost", "cost_per_unit"):
            if not math.isfinite(getattr(task, name)):
                raise RiskModelError(f"task {task.id!r}: {name} must be finite")


def _check_links(links: Sequence[RiskLink], known: set[str]) -> None:
    for link in links:
        label = f"link {link.predecessor_id!r} -> {link.successor_id!r}"
        for task_id in (link.predecessor_id, link.successor_id):
            if task_id not in known:
                raise RiskUnknownTaskError(task_id, label)
        if link.predecessor_id == link.successor_id:
            raise RiskNetworkCycleError((link.predecessor_id,))
        if link.type not in tuple(RiskLinkType):
            raise RiskModelError(f"{label}: unknown link type {link.type!r}")
        if not math.isfinite(link.lag) or (
            link.lag_percent is not None and not math.isfinite(link.lag_percent)
        ):
            raise RiskModelError(f"{label}: lag must be finite")


def _check_events(events: Sequence[RiskEvent], known: set[str]) -> None:
    duplicates = sorted(i for i, c in Counter(e.id for e in events).items() if c > 1)
    if duplicates:
        raise RiskModelError(f"duplicate risk event ids: {', '.join(duplicates)}")
    for event in events:
        label = f"risk event {event.id!r}"
        if not (0.0 <= event.probability <= 1.0):
            raise RiskModelError(
                f"{label}: probability must be in [0, 1], got {event.probability!r}"
            )
        for task_id in event.task_ids:
            if task_id not in known:
                raise RiskUnknownTaskError(task_id, label)
        _check_amount(event.delay, f"{label} delay", allow_negative=True)
        _check_amount(event.cost, f"{label} cost", allow_negative=True)


def topological_order(task_ids: Sequence[str], links: Sequence[RiskLink]) -> list[str]:
    """Task ids so that every predecessor comes before its successors; ties keep input order.

    Raises :class:`RiskNetworkCycleError` naming one cycle.
    """
    position = {task_id: k for k, task_id in enumerate(task_ids)}
    successors: list[list[int]] = [[] for _ in task_ids]
    indegree = [0] * len(task_ids)
    for link in links:
        successors[position[link.predecessor_id]].append(position[link.successor_id])
        indegree[position[link.successor_id]] += 1
    ready = [k for k, d in enumerate(indegree) if d == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        k = heapq.heappop(ready)
        order.append(k)
        for s in successors[k]:
            indegree[s] -= 1
            if indegree[s] == 0:
                heapq.heappush(ready, s)
    if len(order) < len(task_ids):
        raise RiskNetworkCycleError(_find_cycle(task_ids, successors, indegree))
    return [task_ids[k] for k in order]


def _find_cycle(
    task_ids: Sequence[str], successors: list[list[int]], indegree: list[int]
) -> tuple[str, ...]:
    # Every node left with a positive in-degree has a predecessor also left: walk back until a repeat.
    remaining = {k for k, d in enumerate(indegree) if d > 0}
    predecessor_of: dict[int, int] = {}
    for k in remaining:
        for s in successors[k]:
            if s in remaining:
                predecessor_of.setdefault(s, k)
    node = min(remaining)
    seen: list[int] = []
    while node not in seen:
        seen.append(node)
        node = predecessor_of[node]
    cycle = seen[seen.index(node) :]
    return tuple(task_ids[k] for k in reversed(cycle))


def _copula_blocks(network: RiskNetwork, index: dict[str, int]) -> tuple[CopulaBlock, ...]:
    blocks: list[CopulaBlock] = []
    owner: dict[str, int] = {}
    for number, spec in enumerate(network.correlations, start=1):
        label = f"correlation #{number}"
        for task_id in spec.task_ids:
            if task_id not in index:
                raise RiskUnknownTaskError(task_id, label)
            if task_id in owner:
                raise RiskModelError(
                    f"task {task_id!r} is in correlations #{owner[task_id]} and #{number}"
                )
            owner[task_id] = number
        rows = tuple(index[t] for t in spec.task_ids)
        if isinstance(spec, CorrelationGroup):
            if not (0.0 <= spec.correlation < 1.0):
                raise RiskModelError(
                    f"{label}: group correlation must be in [0, 1), got {spec.correlation!r}"
                )
            blocks.append(CopulaBlock(rows, None, float(spec.correlation)))
        elif isinstance(spec, CorrelationMatrix):
            blocks.append(CopulaBlock(rows, _cholesky(spec, label), 0.0))
        else:
            raise RiskModelError(f"{label}: unknown correlation kind {type(spec).__name__}")
    return tuple(blocks)


def _cholesky(spec: CorrelationMatrix, label: str) -> npt.NDArray[np.float64]:
    size = len(spec.task_ids)
    matrix = np.asarray(spec.matrix, dtype=float)
    if matrix.shape != (size, size):
        raise RiskModelError(
            f"{label}: matrix must be {size}x{size} for tasks {list(spec.task_ids)}"
        )
    if not np.all(np.isfinite(matrix)) or not np.allclose(matrix, matrix.T, atol=1e-12):
        raise RiskModelError(f"{label}: matrix must be finite and symmetric")
    if not np.allclose(np.diag(matrix), 1.0) or np.any(np.abs(matrix) > 1.0 + 1e-12):
        raise RiskModelError(f"{label}: matrix needs a unit diagonal and entries in [-1, 1]")
    try:
        return np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        raise RiskModelError(
            f"{label}: matrix over {list(spec.task_ids)} is not positive definite"
        ) from None


def compile_risk_network(network: RiskNetwork) -> CompiledNetwork:
    """Validate ``network`` and lay it out for the simulation.

    Raises :class:`RiskModelError` (or its subclasses :class:`RiskUnknownTaskError` and
    :class:`RiskNetworkCycleError`) naming the offending tasks, links, events or correlations.
    """
    tasks = tuple(network.tasks)
    _check_tasks(tasks)
    known = {t.id for t in tasks}
    _check_links(network.links, known)
    _check_events(network.events, known)
    order = topological_order([t.id for t in tasks], network.links)
    index = {task_id: k for k, task_id in enumerate(order)}
    by_id = {t.id: t for t in tasks}
    ordered = [by_id[task_id] for task_id in order]
    predecessors: list[list[Edge]] = [[] for _ in order]
    successors: list[list[Edge]] = [[] for _ in order]
    for link in network.links:
        p, s = index[link.predecessor_id], index[link.successor_id]
        fraction = None if link.lag_percent is None else link.lag_percent / 100.0
        code = LINK_CODES[RiskLinkType(link.type)]
        predecessors[s].append((p, code, float(link.lag), fraction))
        successors[p].append((s, code, float(link.lag), fraction))
    copulas = _copula_blocks(network, index)
    copula_rows = [row for block in copulas for row in block.rows]
    events = tuple(network.events)
    fixed_cost = np.array([t.fixed_cost for t in ordered], dtype=float)
    cost_per_unit = np.array([t.cost_per_unit for t in ordered], dtype=float)
    has_cost = bool(np.any(fixed_cost) or np.any(cost_per_unit)) or any(
        isinstance(e.cost, ThreePointEstimate) or e.cost != 0 for e in events
    )
    return CompiledNetwork(
        task_ids=tuple(order),
        predecessors=tuple(tuple(p) for p in predecessors),
        successors=tuple(tuple(s) for s in successors),
        durations=AmountSampler([t.duration for t in ordered], copula_rows),
        most_likely=np.array([_most_likely(t.duration) for t in ordered], dtype=float),
        copulas=copulas,
        milestones=tuple(index[t.id] for t in tasks if t.milestone),
        fixed_cost=fixed_cost,
        cost_per_unit=cost_per_unit,
        event_ids=tuple(e.id for e in events),
        event_probability=np.array([e.probability for e in events], dtype=float),
        event_tasks=tuple(
            np.array(sorted({index[t] for t in e.task_ids}), dtype=np.intp) for e in events
        ),
        event_delays=AmountSampler([e.delay for e in events]),
        event_costs=AmountSampler([e.cost for e in events]),
        has_cost=has_cost,
    )


def _most_likely(value: Amount) -> float:
    return value.most_likely if isinstance(value, ThreePointEstimate) else float(value)
