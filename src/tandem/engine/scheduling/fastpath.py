"""Vectorised CPM for the common case: one calendar, plain logic, no progress.

When P6's rules are off (``ScheduleOptions.p6_rules``), every task works on the project
calendar (no task calendars, no elapsed durations), there are no summary tasks, no level of
effort tasks, no actual dates, no manual tasks, no durations from assignment work, no
leveling delays, no date constraints (ASAP/ALAP only), no deadlines, and lags count on the
project calendar, every date is an integer working index on one axis and each link is a
longest-path edge of fixed weight. Early and late indices are then computed level by level with numpy (a level holds the tasks whose predecessors all lie in earlier
levels), and converted to instants in bulk. The results are those of :mod:`.cpm` exactly (the
test suite compares both on random networks); any other project goes to :mod:`.cpm`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from .calendars import CompiledCalendar
from .cpm import ScheduleState, _LazyTaskSchedules, _Snapshot
from .model import (
    ConstraintType,
    LagCalendar,
    Link,
    LinkType,
    Project,
    Schedule,
    ScheduleWarning,
)
from .network import build_network, own_calendar_assignments, resource_calendar_ids

__all__: list[str] = []

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_KIND = {LinkType.FS: 0, LinkType.SS: 1, LinkType.FF: 2, LinkType.SF: 3}
_PLAIN = (ConstraintType.ASAP, ConstraintType.ALAP)
_UNBOUNDED = -(1 << 62)  # early start of a linked task before its links raise it


def _values(items: Sequence[object], name: str) -> set[object]:
    return set(map(attrgetter(name), items))


def _eligible(project: Project) -> bool:
    """Whether the project fits the vectorised path (checked attribute by attribute, in C)."""
    options = project.options
    if not options.schedule_from_start or project.status_date is not None or options.p6_rules:
        return False
    tasks, links = project.tasks, project.links
    checks = (
        _values(tasks, "parent_id") <= {None},
        _values(tasks, "calendar_id") <= {None, project.calendar_id},
        not any(map(attrgetter("duration.elapsed"), tasks)),
        _values(tasks, "actual_start") <= {None},
        _values(tasks, "actual_finish") <= {None},
        not any(map(attrgetter("manual"), tasks)),
        not any(map(attrgetter("duration_from_work"), tasks)),
        not any(map(attrgetter("level_of_effort"), tasks)),
        _values(tasks, "leveling_delay.minutes") <= {0},
        _values(tasks, "deadline") <= {None},
        _values(tasks, "constraint") <= set(_PLAIN),
        _values(links, "lag.percent") <= {None},
        not project.assignments
        or set(resource_calendar_ids(project).values()) <= {project.calendar_id},
        not project.assignments or not own_calendar_assignments(project),
    )
    if not all(checks):
        return False
    # Lags on the 24-hour calendar (or elapsed) leave the single working-index axis.
    if not any(map(attrgetter("lag.elapsed"), links)) and (
        LagCalendar.TWENTY_FOUR_HOUR not in _values(links, "lag.calendar")
    ):
        return True
    return not any(
        link.lag.minutes and (link.lag.elapsed or link.lag.calendar is LagCalendar.TWENTY_FOUR_HOUR)
        for link in links
        if link.lag.elapsed or link.lag.calendar is LagCalendar.TWENTY_FOUR_HOUR
    )


def _levels(n: int, pred: IntArray, succ: IntArray) -> IntArray | None:
    """Topological level of each task (longest chain of links before it); None on a cycle."""
    order = np.argsort(pred, kind="stable")
    targets = succ[order]
    first = np.searchsorted(pred[order], np.arange(n + 1))
    indegree = np.bincount(succ, minlength=n)
    level = np.full(n, -1, dtype=np.int64)
    frontier = np.flatnonzero(indegree == 0)
    depth = 0
    done = 0
    while frontier.size:
        level[frontier] = depth
        done += frontier.size
        counts = first[frontier + 1] - first[frontier]
        total = int(counts.sum())
        if not total:
            break
        offsets = np.repeat(first[frontier] - np.cumsum(counts) + counts, counts)
        reached = targets[offsets + np.arange(total)]
        np.subtract.at(indegree, reached, 1)
        frontier = np.unique(reached[indegree[reached] == 0])
        depth += 1
    return level if done == n else None


def _groups(keys: IntArray, count: int) -> tuple[IntArray, IntArray]:
    """Stable order of ``keys`` and the start of each key's run (``count + 1`` bounds)."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(count + 1))
    return order, bounds


class _Arrays:
    def __init__(self, project: Project, index: dict[str, int]) -> None:
        tasks = project.tasks
        self.n = len(tasks)
        links = project.links
        m = len(links)
        self.dur = np.fromiter(map(attrgetter("duration.minutes"), tasks), np.int64, self.n)
        self.milestone_flag = list(map(attrgetter("milestone"), tasks))
        to_index = index.__getitem__
        self.pred = np.fromiter(
            map(to_index, map(attrgetter("predecessor_id"), links)), np.int64, m
        )
        self.succ = np.fromiter(map(to_index, map(attrgetter("successor_id"), links)), np.int64, m)
        # LinkType is a StrEnum: plain "FS" strings hash and compare equal to its members.
        kind = np.fromiter(map(_KIND.__getitem__, map(attrgetter("type"), links)), np.int64, m)
        self.lag = np.fromiter(map(attrgetter("lag.minutes"), links), np.int64, m)
        self.kind = kind
        self.offset = self.lag
        self.from_finish = kind == 0
        self.reweigh()

    def reweigh(self) -> None:
        """Recompute edge weights after durations or edges change."""
        d, kind = self.dur, self.kind
        from_finish = (kind == 0) | (kind == 2)
        to_finish = kind >= 2
        # Edge weight: succ.ES >= pred.ES + offset (and the mirror for late starts).
        self.offset = (
            self.lag + np.where(from_finish, d[self.pred], 0) - np.where(to_finish, d[self.succ], 0)
        )
        # Which zero-lag edges hand a successor a start-form instant (the predecessor's start,
        # or a start-form milestone's instant).
        self.from_finish = from_finish


def fast_schedule(project: Project) -> Schedule | None:
    """The schedule of an eligible project (see the module docstring), else None."""
    if not _eligible(project):
        return None
    ids = list(map(attrgetter("id"), project.tasks))
    index = dict(zip(ids, range(len(ids)), strict=True))
    if len(index) != len(ids):
        return None
    try:
        arrays = _Arrays(project, index)
    except KeyError:  # a link to a missing task: the general path reports it
        return None
    level = _levels(arrays.n, arrays.pred, arrays.succ)
    if level is None or (arrays.n and int(arrays.dur.min()) < 0):
        return None
    # Calendars, errors and the project start come from the general machinery.
    state = ScheduleState(build_network(_calendar_only(project)))
    cal = state.net.project_calendar
    start_w = cal.index(state.start_t)
    return _compute(project, arrays, level, cal, (start_w, state.start_t), (ids, index))


def _calendar_only(project: Project) -> Project:
    return replace(project, tasks=(), links=())


@dataclass(slots=True)
class Layering:
    """Edges grouped by their successor's and predecessor's level, tasks by level."""

    depth: int
    by_succ: tuple[IntArray, IntArray]
    by_node: tuple[IntArray, IntArray]
    by_pred: tuple[IntArray, IntArray]


def layering(a: _Arrays, level: IntArray) -> Layering:
    depth = int(level.max()) + 1 if a.n else 0
    return Layering(
        depth,
        _groups(level[a.succ], depth),
        _groups(level, depth),
        _groups(level[a.pred], depth),
    )


def _forward(a: _Arrays, layers: Layering, start_w: int) -> tuple[IntArray, BoolArray, BoolArray]:
    # The project start is the default start only of tasks without predecessors.
    linked = np.bincount(a.succ, minlength=a.n) > 0
    es = np.where(linked, _UNBOUNDED, start_w).astype(np.int64)
    edge_order, edge_bounds = layers.by_succ
    pred, succ, offset = a.pred[edge_order], a.succ[edge_order], a.offset[edge_order]
    for lv in range(layers.depth):
        lo, hi = edge_bounds[lv], edge_bounds[lv + 1]
        if hi > lo:
            np.maximum.at(es, succ[lo:hi], es[pred[lo:hi]] + offset[lo:hi])
    start_form, shown = _start_forms(a, es, start_w, linked)
    return es, start_form, shown


def _start_forms(
    a: _Arrays, es: IntArray, start_w: int, linked: BoolArray
) -> tuple[BoolArray, BoolArray]:
    """Which instants are shown in start form (see ``ScheduleState.forward_node``).

    First array: zero-duration tasks shown at the start form of their index (unlinked ones at
    the project start, and those a zero-lag driving link hands a start-form instant). Second:
    tasks with a duration whose finish is shown at a start-form instant (a zero-lag driving
    FF/SF link hands them one). A link hands a start-form instant when it leaves a task with a
    duration from its start, a task with a duration from a finish shown in start form, or a
    start-form zero-duration task.
    """
    zero = a.dur == 0
    start_form: BoolArray = zero & ~linked & (es == start_w)
    shown: BoolArray = np.zeros(a.n, dtype=np.bool_)
    if not a.pred.size:
        return start_form, shown
    p, s = a.pred, a.succ
    driving = (a.lag == 0) & (es[p] + a.offset == es[s])
    to_zero = driving & zero[s]
    to_finish = driving & ~zero[s] & (a.kind >= 2)
    if not (to_zero.any() or to_finish.any()):
        return start_form, shown
    from_start = ~a.from_finish
    while True:
        hands = np.where(zero[p], start_form[p], from_start | shown[p])
        new_start_form = start_form.copy()
        new_start_form[s[to_zero & hands]] = True
        new_shown = shown.copy()
        new_shown[s[to_finish & hands]] = True
        if np.array_equal(new_start_form, start_form) and np.array_equal(new_shown, shown):
            return start_form, shown
        start_form, shown = new_start_form, new_shown


def _backward(a: _Arrays, layers: Layering, finish_w: int) -> IntArray:
    ls = finish_w - a.dur
    depth = layers.depth
    edge_order, edge_bounds = layers.by_pred
    pred, succ, offset = a.pred[edge_order], a.succ[edge_order], a.offset[edge_order]
    for lv in range(depth - 1, -1, -1):
        lo, hi = edge_bounds[lv], edge_bounds[lv + 1]
        if hi > lo:
            np.minimum.at(ls, pred[lo:hi], ls[succ[lo:hi]] - offset[lo:hi])
    return ls


def _alap_flags(project: Project) -> list[bool]:
    if ConstraintType.ALAP not in _values(project.tasks, "constraint"):
        return [False] * len(project.tasks)
    return [c == ConstraintType.ALAP for c in map(attrgetter("constraint"), project.tasks)]


def _to_instants(cal: CompiledCalendar, w: IntArray, finish: bool) -> IntArray:
    if cal.is_24h or not w.size:
        return w.copy()
    starts_a, cum_a, cum_end = cal.period_arrays(int(w.min()), int(w.max()))
    if finish:
        k = np.searchsorted(cum_end, w, side="left")
    else:
        k = np.searchsorted(cum_a, w, side="right") - 1
    result: IntArray = starts_a[k] + w - cum_a[k]
    return result


@dataclass(slots=True)
class Solved:
    """Working indices, instants (milestones at their shown instants) and floats of a solve."""

    es: IntArray
    ef: IntArray
    ls: IntArray
    lf: IntArray
    es_t: IntArray
    ef_t: IntArray
    ls_t: IntArray
    lf_t: IntArray
    start_bound_t: IntArray  # start-form instant of each early start
    total_float: IntArray
    free_float: IntArray
    finish_t: int
    finish_shown: dict[int, int]  # early finishes shown apart from ef_t


def solve(
    a: _Arrays,
    level: IntArray,
    cal: CompiledCalendar,
    start: tuple[int, int],
    layers: Layering | None = None,
) -> Solved:
    """Forward and backward passes over the arrays; ``start`` is the project start (index,
    instant)."""
    start_w, start_t = start
    if layers is None:
        layers = layering(a, level)
    dur = a.dur
    zero = dur == 0
    es, start_form, shown_at_start = _forward(a, layers, start_w)
    ef = es + dur
    start_bound_t = _to_instants(cal, es, finish=False)
    es_t = start_bound_t.copy()
    ef_t = _to_instants(cal, ef, finish=True)
    # Zero-duration tasks are shown at a start-form or finish-form instant of their index.
    es_t[zero & ~start_form] = _to_instants(cal, es[zero & ~start_form], finish=True)
    ef_t[zero] = es_t[zero]
    at_start = np.flatnonzero(shown_at_start)
    shown_t = _to_instants(cal, ef[at_start], finish=False)
    differs = shown_t != ef_t[at_start]
    at_start, shown_t = at_start[differs], shown_t[differs]
    ef_t[at_start] = shown_t
    finish_shown = dict(zip(at_start.tolist(), shown_t.tolist(), strict=True))
    finish_t = int(ef_t.max()) if a.n else start_t
    finish_w = cal.index(finish_t)
    ls = _backward(a, layers, finish_w)
    lf = ls + dur
    total_float = ls - es
    free = finish_w - ef
    if a.pred.size:
        slack = es[a.succ] - a.offset - es[a.pred]
        np.minimum.at(free, a.pred, slack)
    free = np.maximum(0, np.minimum(free, total_float))
    ls_t = _to_instants(cal, ls, finish=False)
    lf_t = _to_instants(cal, lf, finish=True)
    return Solved(
        es,
        ef,
        ls,
        lf,
        es_t,
        ef_t,
        ls_t,
        lf_t,
        start_bound_t,
        total_float,
        free,
        finish_t,
        finish_shown,
    )


def _compute(
    project: Project,
    a: _Arrays,
    level: IntArray,
    cal: CompiledCalendar,
    start: tuple[int, int],
    names: tuple[list[str], dict[str, int]],
) -> Schedule:
    ids, index = names
    start_t = start[1]
    n = a.n
    dur = a.dur
    r = solve(a, level, cal, start)
    es, ef, ls, lf, total_float = r.es, r.ef, r.ls, r.lf, r.total_float
    es_t, ef_t, ls_t, lf_t, free, finish_t = (
        r.es_t,
        r.ef_t,
        r.ls_t,
        r.lf_t,
        r.free_float,
        r.finish_t,
    )
    limit = project.options.critical_float_minutes
    critical = np.flatnonzero(total_float <= limit)
    critical = critical[np.lexsort((critical, ef_t[critical], es_t[critical]))]
    snapshot = _Snapshot(
        ids=ids,
        summary=[False] * n,
        total=dur.tolist(),
        remaining=dur.tolist(),
        milestone=a.milestone_flag,
        alap=_alap_flags(project),
        progress=[False] * n,
        never_critical=[False] * n,
        instants=(es_t.tolist(), ef_t.tolist(), ls_t.tolist(), lf_t.tolist()),
        indices=(es.tolist(), ef.tolist(), ls.tolist(), lf.tolist()),
        floats=(total_float.tolist(), free.tolist()),
        critical_limit=limit,
        cals=[cal] * n,
        calendar=cal,
        finish_shown=r.finish_shown,
        index=index,
    )
    negative = [ids[i] for i in np.flatnonzero(total_float < 0)]
    warnings: tuple[ScheduleWarning, ...] = ()
    if negative:
        warnings = (
            ScheduleWarning(
                "negative-float",
                f"{len(negative)} task(s) have negative total float: " + ", ".join(negative[:20]),
                tuple(negative),
            ),
        )
    return Schedule(
        project_start=cal.to_datetime(start_t),
        project_finish=cal.to_datetime(finish_t),
        tasks=_LazyTaskSchedules(snapshot),
        critical_path=tuple(ids[i] for i in critical),
        warnings=warnings,
        status_date=project.status_date,
    )


class VectorModel:
    """The arrays of an eligible project, kept up to date across incremental changes so that a
    change reaching most of the network is re-solved in bulk."""

    def __init__(self, arrays: _Arrays, level: IntArray, cal: CompiledCalendar) -> None:
        self.arrays = arrays
        self.level = level
        self.cal = cal
        self._layers: Layering | None = None

    @classmethod
    def build(cls, project: Project, cal: CompiledCalendar) -> VectorModel | None:
        """The model of ``project``, or None when it does not fit the vectorised path."""
        if not _eligible(project):
            return None
        index = {t.id: i for i, t in enumerate(project.tasks)}
        try:
            arrays = _Arrays(project, index)
        except KeyError:
            return None
        level = _levels(arrays.n, arrays.pred, arrays.succ)
        if level is None or (arrays.n and int(arrays.dur.min()) < 0):
            return None
        return cls(arrays, level, cal)

    def set_duration(self, i: int, minutes: int) -> None:
        self.arrays.dur[i] = minutes
        self.arrays.reweigh()

    def add_link(self, pred: int, succ: int, link: Link) -> bool:
        """Add a link's edge; False when the link takes the project off the vectorised path."""
        lag = link.lag
        if lag.percent is not None or (
            lag.minutes and (lag.elapsed or lag.calendar is LagCalendar.TWENTY_FOUR_HOUR)
        ):
            return False
        a = self.arrays
        a.pred = np.append(a.pred, pred)
        a.succ = np.append(a.succ, succ)
        a.kind = np.append(a.kind, _KIND[link.type])
        a.lag = np.append(a.lag, lag.minutes)
        a.reweigh()
        self._layers = None
        if self.level[pred] >= self.level[succ]:
            level = _levels(a.n, a.pred, a.succ)
            if level is None:
                return False
            self.level = level
        return True

    def remove_links(self, pred: int, succ: int, link_type: LinkType | None) -> None:
        a = self.arrays
        drop = (a.pred == pred) & (a.succ == succ)
        if link_type is not None:
            drop &= a.kind == _KIND[link_type]
        keep = ~drop
        a.pred, a.succ, a.kind, a.lag = a.pred[keep], a.succ[keep], a.kind[keep], a.lag[keep]
        a.reweigh()
        self._layers = None

    def solve(self, start: tuple[int, int]) -> Solved:
        if self._layers is None:
            self._layers = layering(self.arrays, self.level)
        return solve(self.arrays, self.level, self.cal, start, self._layers)
