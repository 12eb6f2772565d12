"""Longest path and multiple float paths (as Primavera P6 offers them)."""

from __future__ import annotations

from .calendars import CompiledCalendar
from .cpm import ScheduleState, _start_index_bound
from .model import Project
from .network import build_network

__all__ = ["float_paths", "longest_path"]


def _driving(
    state: ScheduleState,
    pred: int,
    succ: int,
    kind: int,
    lag: int,
    lag_cal: CompiledCalendar | None,
) -> bool:
    """True when the link has no relationship free float: the predecessor drives the successor."""
    net = state.net
    early = state.early_start_bound[succ] if kind < 2 else None
    bound = early if early is not None else net.cal[succ].start_at(state.ef_w[succ])
    if lag_cal is not None:
        bound = lag_cal.shift_back(bound, lag)
    c = net.cal[pred]
    if kind % 2 == 0:
        return c.index(bound) - state.ef_w[pred] <= 0
    return _start_index_bound(c, bound) - state.es_w[pred] <= 0


def float_paths(project: Project, max_paths: int = 10) -> tuple[tuple[str, ...], ...]:
    """Up to ``max_paths`` float paths, most critical first; each lists task ids start to end.

    Path 1 ends at the task with the least total float (ties: the latest early finish, so the
    project's last task when nothing is constrained) and follows driving links (links with no
    relationship free float) back to its first task, preferring the predecessor with the least
    total float. Each next path does the same among tasks not on an earlier path. Summary tasks
    are left out. Raises what :func:`~.scheduler.schedule_project` raises.
    """
    state = ScheduleState(build_network(project))
    state.run()
    net = state.net
    free = {i for i in range(len(net.ids)) if not net.summary[i]}
    paths: list[tuple[str, ...]] = []
    while free and len(paths) < max_paths:
        paths.append(_trace(state, min(free, key=lambda i: _rank(state, i)), free))
    return tuple(paths)


def _rank(state: ScheduleState, i: int) -> tuple[int, int, int]:
    return (state.total_float[i], -state.ef_w[i], i)


def _trace(state: ScheduleState, end: int, free: set[int]) -> tuple[str, ...]:
    """Follow driving links back from ``end`` through tasks in ``free`` (which it consumes)."""
    net = state.net
    current = end
    chain = [current]
    free.discard(current)
    while True:
        drivers = [
            p
            for p, kind, lag, lag_cal in net.in_edges[current]
            if p in free and _driving(state, p, current, kind, lag, lag_cal)
        ]
        if not drivers:
            break
        current = min(drivers, key=lambda i: _rank(state, i))
        chain.append(current)
        free.discard(current)
    return tuple(net.ids[i] for i in reversed(chain))


def longest_path(project: Project) -> tuple[str, ...]:
    """The driving chain into the task finishing last (P6's longest path); () when no tasks.

    Ties between tasks finishing last go to the least total float.
    """
    state = ScheduleState(build_network(project))
    state.run()
    net = state.net
    free = {i for i in range(len(net.ids)) if not net.summary[i]}
    if not free:
        return ()
    last = min(free, key=lambda i: (-state.ef_t[i], state.total_float[i], i))
    return _trace(state, last, free)
