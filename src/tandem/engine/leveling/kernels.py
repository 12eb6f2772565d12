"""Schedule kernels compiled with numba: the arrays of a plain problem, serial and parallel
schedule generation, forward-backward justification and precedence-feasible lists.

The building blocks of :mod:`.compiled`'s genetic search, each the same computation as its
interpreted reference in :mod:`.sgs` and :mod:`.network` (the tests check them list for list).
Without numba they run interpreted. The integer state vector a search carries (its best
makespan, counters, random generator and the mark of the last schedule's reach) is indexed by
the constants below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from .network import CompiledProblem

Func = TypeVar("Func", bound=Callable[..., Any])
_compiler: Callable[[Any], Any] | None
try:
    from numba import njit
except ImportError:  # pragma: no cover - where the extra is not installed
    _compiler = None
else:
    _compiler = njit(cache=True, nogil=True)

AVAILABLE = _compiler is not None
"""Whether numba is installed, so that the kernels below run compiled."""

CACHED_MODULES = ("kernels", "compiled")
"""The modules whose compiled kernels numba caches; each inlines kernels of the other."""


def drop_stale_caches(folder: Path, modules: Sequence[str] = CACHED_MODULES) -> bool:
    """Delete numba's cached machine code of ``modules`` in ``folder`` when their sources
    changed since it was compiled; returns whether anything was dropped.

    numba checks only the stamp of a cached function's own source file, but a kernel of
    :mod:`.compiled` carries the kernels it calls from this module inside its machine code: after
    an update that changes this file alone it would still run the old ones. A digest of both
    sources, kept beside the cache, catches that. Where the folder is read-only nothing is
    written (numba then caches in the user's cache folder, which installs replace whole).
    """
    digest = hashlib.sha256()
    for name in modules:
        digest.update((folder / f"{name}.py").read_bytes())
    cache, expected = folder / "__pycache__", digest.hexdigest()
    mark = cache / "tandem-kernels.digest"
    try:
        if mark.read_text(encoding="ascii") == expected:
            return False
    except OSError:
        pass  # no mark yet: whatever is cached is of unknown sources
    dropped = False
    try:
        for name in modules:
            for path in cache.glob(f"{name}.*.nb[ic]"):
                path.unlink(missing_ok=True)
                dropped = True
        cache.mkdir(exist_ok=True)
        mark.write_text(expected, encoding="ascii")
    except OSError:
        pass
    return dropped


if AVAILABLE:
    drop_stale_caches(Path(__file__).parent)


def _kernel(fn: Func) -> Func:
    if _compiler is None:  # pragma: no cover
        return fn
    return cast(Func, _compiler(fn))


Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
# Indices into the integer state vector of a search.
_BEST_SPAN, _BEST_WEIGHT, _BEST_LABEL, _CANDIDATES, _SCHEDULES, _FILLED, _STALLED, _RNG = range(8)
_MARK = 8
_STATE_SIZE = 9


@dataclass(frozen=True, slots=True)
class Arrays:
    """A plain compiled problem as numpy arrays (links in compressed sparse rows).

    ``pred_ptr``/``pred_idx``/``pred_dist``: the predecessors of each activity with their
    start-to-start distances; ``succ_*`` the successors; ``mirror_dist`` (aligned with
    ``succ_idx``) the distances of the mirrored problem, where each successor becomes a
    predecessor. ``horizon`` bounds every serial schedule's makespan, forward or mirrored.
    """

    duration: Ints
    release: Ints
    rank: Ints
    early_start: Ints
    priority: Ints
    pred_ptr: Ints
    pred_idx: Ints
    pred_dist: Ints
    succ_ptr: Ints
    succ_idx: Ints
    succ_dist: Ints
    mirror_dist: Ints
    demand: Ints
    capacity: Ints
    scale: Floats
    horizon: int

    def packed(self) -> tuple[Any, ...]:
        """The arrays in the order the kernels unpack them."""
        return (
            self.duration,
            self.release,
            self.rank,
            self.early_start,
            self.priority,
            self.pred_ptr,
            self.pred_idx,
            self.pred_dist,
            self.succ_ptr,
            self.succ_idx,
            self.succ_dist,
            self.mirror_dist,
            self.demand,
            self.capacity,
            self.scale,
        )


def _csr(rows: Sequence[Sequence[tuple[int, int]]]) -> tuple[Ints, Ints, Ints]:
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    idx = np.array([i for r in rows for i, _ in r], dtype=np.int64)
    dist = np.array([d for r in rows for _, d in r], dtype=np.int64)
    return ptr, idx, dist


def arrays_of(cp: CompiledProblem) -> Arrays:
    """The arrays of a plain problem (raises ValueError for calendars or pinned activities)."""
    if not cp.plain:
        raise ValueError("the compiled search takes constant capacities and no pinned activities")
    n, resources = cp.n, len(cp.resource_ids)
    duration = np.array(cp.duration, dtype=np.int64)
    rank = np.zeros(n, dtype=np.int64)
    rank[np.array(cp.topo_order, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    pred_ptr, pred_idx, pred_dist = _csr(cp.preds)
    succ_ptr, succ_idx, succ_dist = _csr(cp.succs)
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(succ_ptr))
    mirror_dist = succ_dist + duration[succ_idx] - duration[owner]
    demand = np.zeros((n, resources), dtype=np.int64)
    for j, row in enumerate(cp.demands):
        for k, amount in row:
            demand[j, k] = amount
    # A serial schedule's makespan grows by at most each activity's duration plus the part of
    # its incoming distances beyond its predecessor's duration (mirrored: the same amounts).
    extra = [max([0, *(dist - cp.duration[i] for i, dist in cp.preds[j])]) for j in range(n)]
    extra_mirror = [max([0, *(dist - cp.duration[j] for _, dist in cp.succs[j])]) for j in range(n)]
    horizon = max(cp.release, default=0) + sum(cp.duration) + max(sum(extra), sum(extra_mirror)) + 1
    return Arrays(
        duration=duration,
        release=np.array(cp.release, dtype=np.int64),
        rank=rank,
        early_start=np.array(cp.early_start, dtype=np.int64),
        priority=np.array(cp.priority, dtype=np.int64),
        pred_ptr=pred_ptr,
        pred_idx=pred_idx,
        pred_dist=pred_dist,
        succ_ptr=succ_ptr,
        succ_idx=succ_idx,
        succ_dist=succ_dist,
        mirror_dist=mirror_dist,
        demand=demand,
        capacity=np.array(cp.capacity_tail, dtype=np.int64),
        scale=1.0 / np.maximum(1, np.array(cp.capacity_tail, dtype=np.float64)),
        horizon=horizon,
    )


# ---------------------------------------------------------------------------------------------
# Kernels. Each is compiled on first use (and cached on disk by numba).


@_kernel
def _random(state: Ints) -> float:
    """Uniform in [0, 1) from the xorshift32 generator in ``state[_RNG]``."""
    x = state[_RNG]
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    state[_RNG] = x
    return float(x) / 4294967296.0


@_kernel
def _below(state: Ints, m: int) -> int:
    """Uniform integer in [0, m)."""
    return min(m - 1, int(_random(state) * m))


@_kernel
def _heap_push(keys: Floats, items: Ints, size: int, key: float, item: int) -> int:
    pos = size
    while pos > 0:
        parent = (pos - 1) // 2
        if keys[parent] < key or (keys[parent] == key and items[parent] < item):
            break
        keys[pos], items[pos] = keys[parent], items[parent]
        pos = parent
    keys[pos], items[pos] = key, item
    return size + 1


@_kernel
def _heap_pop(keys: Floats, items: Ints, size: int) -> int:
    """Remove the smallest (key, item) and return its item; the heap shrinks by one."""
    top = int(items[0])
    size -= 1
    key, item = keys[size], items[size]
    pos = 0
    while True:
        child = 2 * pos + 1
        if child >= size:
            break
        if child + 1 < size and (
            keys[child + 1] < keys[child]
            or (keys[child + 1] == keys[child] and items[child + 1] < items[child])
        ):
            child += 1
        if key < keys[child] or (key == keys[child] and item < items[child]):
            break
        keys[pos], items[pos] = keys[child], items[child]
        pos = child
    keys[pos], items[pos] = key, item
    return top


@_kernel
def eligible_order(key: Floats, in_ptr: Ints, out_ptr: Ints, out_idx: Ints, order: Ints) -> None:
    """Into ``order``: repeatedly the eligible activity with the smallest key (ties: index).

    ``in_ptr`` counts each activity's predecessors, ``out_ptr``/``out_idx`` list its successors
    (pass the successor rows as the predecessors, and the reverse, for the mirrored problem).
    """
    n = key.shape[0]
    remaining = np.empty(n, dtype=np.int64)
    keys = np.empty(n, dtype=np.float64)
    items = np.empty(n, dtype=np.int64)
    size = 0
    for j in range(n):
        remaining[j] = in_ptr[j + 1] - in_ptr[j]
        if remaining[j] == 0:
            size = _heap_push(keys, items, size, key[j], j)
    pos = 0
    while size > 0:
        j = _heap_pop(keys, items, size)
        size -= 1
        order[pos] = j
        pos += 1
        for e in range(out_ptr[j], out_ptr[j + 1]):
            s = out_idx[e]
            remaining[s] -= 1
            if remaining[s] == 0:
                size = _heap_push(keys, items, size, key[s], s)


@_kernel
def _earliest_fit(free: Ints, demand: Ints, j: int, start: int, duration: int) -> int:
    """First period >= ``start`` where activity ``j`` fits for ``duration`` periods."""
    t = start
    resources = free.shape[0]
    moved = True
    while moved:
        moved = False
        end = t + duration
        for k in range(resources):
            amount = demand[j, k]
            if amount == 0:
                continue
            p = end - 1
            while p >= t and free[k, p] >= amount:
                p -= 1
            if p >= t:
                t = p + 1
                moved = True
                break
    return t


@_kernel
def serial(
    order: Ints,
    duration: Ints,
    ptr: Ints,
    idx: Ints,
    dist: Ints,
    release: Ints,
    demand: Ints,
    capacity: Ints,
    free: Ints,
    state: Ints,
    starts: Ints,
) -> int:
    """Serial schedule generation of ``order`` into ``starts``; returns the makespan.

    ``free`` is a work array (resources x horizon) reset here from ``capacity`` up to the mark
    the previous schedule left in ``state[_MARK]``.
    """
    resources = free.shape[0]
    for k in range(resources):
        for p in range(state[_MARK]):
            free[k, p] = capacity[k]
    state[_SCHEDULES] += 1
    span = 0
    for pos in range(order.shape[0]):
        j = order[pos]
        t = release[j]
        for e in range(ptr[j], ptr[j + 1]):
            v = starts[idx[e]] + dist[e]
            if v > t:
                t = v
        d = duration[j]
        if d > 0:
            t = _earliest_fit(free, demand, j, t, d)
            for k in range(resources):
                amount = demand[j, k]
                if amount:
                    for p in range(t, t + d):
                        free[k, p] -= amount
        starts[j] = t
        if t + d > span:
            span = t + d
    state[_MARK] = span
    return span


@_kernel
def parallel(order: Ints, problem: tuple[Any, ...], state: Ints, starts: Ints) -> int:
    """Parallel schedule generation of ``order`` into ``starts``; returns the makespan.

    The non-delay scheme of :func:`.sgs.place_parallel` under constant capacities: at each
    decision period the ready activities are tried in list order, in passes until none more
    starts (an activity that becomes ready during a pass waits for the next); then time moves
    to the next finish or ready time. Only the eligible activities (every predecessor started,
    kept by list position) and the running ones are visited, so a period costs their number,
    not the project's: the compiled search at parallel share 1 built 248,055 and 220,791
    schedules in 3 s on PSPLIB j6025_8 and j609_3, against 151,287 and 139,383 when every
    period scanned all activities.
    """
    duration, pred_ptr, demand = problem[0], problem[5], problem[12]
    n = order.shape[0]
    state[_SCHEDULES] += 1
    free = problem[13].copy()
    ready = problem[1].copy()
    waiting = pred_ptr[1:] - pred_ptr[:-1]
    position = np.empty(n, dtype=np.int64)
    eligible = np.empty(n, dtype=np.int64)  # list positions, ascending
    count = 0
    for pos in range(n):
        position[order[pos]] = pos
        if waiting[order[pos]] == 0:
            eligible[count] = pos
            count += 1
    work = np.empty((2, n), dtype=np.int64)  # the running activities; the newly eligible
    left, t, active, span = n, 0, 0, 0
    while left > 0:
        kept = 0
        for i in range(active):
            j = work[0, i]
            if starts[j] + duration[j] <= t:
                for k in range(free.shape[0]):
                    free[k] += demand[j, k]
            else:
                work[0, kept] = j
                kept += 1
        active = kept
        started = 1
        while started:
            started, count, active = _start_what_fits(
                t,
                order,
                problem,
                position,
                ready,
                waiting,
                eligible,
                count,
                work,
                active,
                free,
                starts,
            )
            left -= started
        later = -1
        for i in range(active):
            j = work[0, i]
            if later < 0 or starts[j] + duration[j] < later:
                later = starts[j] + duration[j]
        for i in range(count):
            j = order[eligible[i]]
            if ready[j] > t and (later < 0 or ready[j] < later):
                later = ready[j]
        if left > 0 and later < 0:  # cannot happen: compiling rejects demands above capacity
            raise RuntimeError("parallel scheme: ready activities that can never fit")
        t = later
    for j in range(n):
        span = max(span, starts[j] + duration[j])
    return span


@_kernel
def _start_what_fits(
    t: int,
    order: Ints,
    problem: tuple[Any, ...],
    position: Ints,
    ready: Ints,
    waiting: Ints,
    eligible: Ints,
    count: int,
    work: Ints,
    active: int,
    free: Ints,
    starts: Ints,
) -> tuple[int, int, int]:
    """One pass of the parallel scheme at period ``t``: start, in list order, what fits.

    Returns how many started and the new sizes of ``eligible`` and of the running activities
    (``work[0]``). Activities that become eligible in the pass join ``eligible`` after it.
    """
    duration, succ_ptr, succ_idx, succ_dist, demand = (
        problem[0],
        problem[8],
        problem[9],
        problem[10],
        problem[12],
    )
    started, kept, fresh = 0, 0, 0
    for i in range(count):
        j = order[eligible[i]]
        fits = ready[j] <= t
        for k in range(free.shape[0]):
            fits = fits and free[k] >= demand[j, k]
        if not fits:
            eligible[kept] = eligible[i]
            kept += 1
            continue
        starts[j] = t
        started += 1
        if duration[j] > 0:  # one of no duration holds nothing and never finishes later
            work[0, active] = j
            active += 1
            for k in range(free.shape[0]):
                free[k] -= demand[j, k]
        for e in range(succ_ptr[j], succ_ptr[j + 1]):
            s = succ_idx[e]
            ready[s] = max(ready[s], t + succ_dist[e])
            waiting[s] -= 1
            if waiting[s] == 0:
                work[1, fresh] = position[s]
                fresh += 1
    # Merge the newly eligible (sorted first) into the kept ones, from the back.
    added = work[1, :fresh]
    added.sort()
    i, f, w = kept - 1, fresh - 1, kept + fresh - 1
    while f >= 0:
        if i >= 0 and eligible[i] > added[f]:
            eligible[w] = eligible[i]
            i -= 1
        else:
            eligible[w] = added[f]
            f -= 1
        w -= 1
    return started, kept + fresh, active


@_kernel
def _sorted_feasible(
    key: Ints, in_ptr: Ints, in_idx: Ints, out_ptr: Ints, out_idx: Ints, order: Ints
) -> None:
    """``order`` sorted by ``key``, or by the eligible rule on ``key`` when that breaks a link."""
    n = key.shape[0]
    order[:] = np.argsort(key, kind="mergesort")
    position = np.empty(n, dtype=np.int64)
    for pos in range(n):
        position[order[pos]] = pos
    for j in range(n):
        for e in range(in_ptr[j], in_ptr[j + 1]):
            if position[in_idx[e]] > position[j]:
                eligible_order(key.astype(np.float64), in_ptr, out_ptr, out_idx, order)
                return


@_kernel
def order_by_start(starts: Ints, problem: tuple[Any, ...], order: Ints) -> None:
    """A precedence-feasible list sorted by ``starts``, ties in topological order."""
    rank, pred_ptr, pred_idx, succ_ptr, succ_idx = (
        problem[2],
        problem[5],
        problem[6],
        problem[8],
        problem[9],
    )
    n = starts.shape[0]
    _sorted_feasible(starts * n + rank, pred_ptr, pred_idx, succ_ptr, succ_idx, order)


@_kernel
def justify(
    starts: Ints, span: int, problem: tuple[Any, ...], free: Ints, state: Ints, rounds: int
) -> int:
    """Forward-backward rounds on ``starts`` (in place) while the makespan drops; the makespan."""
    duration, release, rank = problem[0], problem[1], problem[2]
    pred_ptr, pred_idx, pred_dist = problem[5], problem[6], problem[7]
    succ_ptr, succ_idx, mirror_dist = problem[8], problem[9], problem[11]
    demand, capacity = problem[12], problem[13]
    n = starts.shape[0]
    order = np.empty(n, dtype=np.int64)
    mirrored = np.empty(n, dtype=np.int64)
    candidate = np.empty(n, dtype=np.int64)
    no_release = np.zeros(n, dtype=np.int64)
    for _ in range(rounds):
        # Right-justify: the mirrored problem in order of decreasing finish.
        key = -((starts + duration) * n + rank)
        _sorted_feasible(key, succ_ptr, succ_idx, pred_ptr, pred_idx, order)
        end = serial(
            order,
            duration,
            succ_ptr,
            succ_idx,
            mirror_dist,
            no_release,
            demand,
            capacity,
            free,
            state,
            mirrored,
        )
        right = end - mirrored - duration
        # Left-justify in order of the right-justified starts.
        order_by_start(right, problem, order)
        found = serial(
            order,
            duration,
            pred_ptr,
            pred_idx,
            pred_dist,
            release,
            demand,
            capacity,
            free,
            state,
            candidate,
        )
        if found >= span:
            break
        starts[:] = candidate
        span = found
    return span


@_kernel
def decode(
    order: Ints, problem: tuple[Any, ...], free: Ints, state: Ints, rounds: int, starts: Ints
) -> int:
    """Serial schedule of ``order`` into ``starts``, justified; returns the makespan."""
    span = serial(
        order,
        problem[0],
        problem[5],
        problem[6],
        problem[7],
        problem[1],
        problem[12],
        problem[13],
        free,
        state,
        starts,
    )
    return justify(starts, span, problem, free, state, rounds)
