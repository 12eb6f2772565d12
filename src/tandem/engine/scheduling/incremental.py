"""Incremental rescheduling: after one change, recompute only what the change can reach.

Early dates are recomputed for the changed tasks and, in topological order, for successors
(and summary parents) whose inputs changed; propagation stops where a task's early dates come
out unchanged. If the project finish moves, every late date may move, so the backward pass runs
in full; otherwise late dates and floats are recomputed for tasks whose successors' dates changed,
in reverse topological order, again stopping where nothing changes. When the project fits the
vectorised path (:mod:`.fastpath`) and a change reaches more than 1/32 of the tasks or moves
the project finish, the whole network is re-solved in bulk from arrays kept up to date instead.
The result equals a full recompute (the test suite checks this on random networks).
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from datetime import datetime

import numpy as np

from .cpm import ScheduleState, gc_paused
from .fastpath import VectorModel
from .model import Link, LinkType, Project, Schedule, SchedulingError, Task
from .network import (
    LINK_KINDS,
    Network,
    _remaining_minutes,
    add_link_edges,
    build_network,
    lag_calendar,
    lag_minutes,
    order_network,
)

__all__ = ["IncrementalScheduler"]


class IncrementalScheduler:
    """Holds a computed schedule and updates it after single changes.

    Each change method returns the new :class:`Schedule`; earlier schedules stay unchanged.
    Projects scheduled from their finish, projects with level of effort tasks (whose dates
    follow their successors') and, under P6's rules, with ALAP tasks (delayed within their free
    float after the backward pass) are recomputed in full after each change.
    """

    def __init__(self, project: Project) -> None:
        self._rebuild(project)

    def _rebuild(self, project: Project) -> None:
        with gc_paused():
            self._build(project)

    def _build(self, project: Project) -> None:
        self._net: Network = build_network(project)
        self._links: list[Link] = list(project.links)
        self._percent_links: dict[int, list[Link]] = {}
        for link in self._links:
            self._note_percent_link(link)
        self._state = ScheduleState(self._net)
        self._state.run()
        self._schedule = self._state.to_schedule()
        self._vector = (
            None
            if self._state.from_finish
            else VectorModel.build(project, self._net.project_calendar)
        )

    @property
    def schedule(self) -> Schedule:
        """The current schedule."""
        return self._schedule

    @property
    def project(self) -> Project:
        """The project with every change applied so far."""
        net = self._net
        return replace(net.project, tasks=tuple(net.tasks), links=tuple(self._links))

    def _index(self, task_id: str) -> int:
        found = self._net.index.get(task_id)
        if found is None:
            raise SchedulingError(f"unknown task {task_id!r}")
        return found

    # Changes ------------------------------------------------------------------------------

    def set_duration(self, task_id: str, minutes: int) -> Schedule:
        """Change a task's planned duration (minutes on its calendar)."""
        if minutes < 0:
            raise SchedulingError(f"task {task_id!r}: negative duration {minutes}")
        i = self._index(task_id)
        net = self._net
        task = net.tasks[i]
        if task.duration_from_work:
            raise SchedulingError(
                f"task {task_id!r}: its duration comes from its assignments' work "
                "(duration_from_work); replace the task to change that"
            )
        new_task = replace(task, duration=replace(task.duration, minutes=minutes))
        # Percentage lags follow the predecessor's duration: drop their edges at the old
        # duration, add them back at the new one.
        percent_links = self._percent_links.get(i, [])
        touched = {i}
        for link in percent_links:
            touched.update(self._remove_edges(link))
        net.tasks[i] = new_task
        net.total[i] = 0 if task.milestone and minutes == 0 else minutes
        net.remaining[i] = _remaining_minutes(new_task, net.total[i])
        for link in percent_links:
            touched.update(s for _p, s in add_link_edges(net, link))
        bulk = False
        if self._vector is not None:
            self._vector.set_duration(i, net.total[i])
            # Growing past its float, or shrinking a critical task, moves the project finish.
            delta = net.total[i] - task.duration.minutes
            tf = self._state.total_float[i]
            bulk = delta > tf or (delta < 0 and tf <= 0)
        return self._update(touched, {i} | touched, bulk)

    def add_link(self, link: Link) -> Schedule:
        """Add a dependency; raises DependencyCycleError (and changes nothing) on a cycle."""
        net = self._net
        if any(net.loe):
            # Level of effort tasks reorder the network: rebuild (a cycle leaves it as it was).
            project = self.project
            self._rebuild(replace(project, links=(*project.links, link)))
            return self._schedule
        pairs = add_link_edges(net, link)
        if any(net.position[p] >= net.position[s] for p, s in pairs):
            try:
                order_network(net)
            except SchedulingError:
                self._remove_edges(link)
                raise
        self._links.append(link)
        self._note_percent_link(link)
        if self._vector is not None and not self._vector.add_link(
            net.index[link.predecessor_id], net.index[link.successor_id], link
        ):
            self._vector = None
        succs = {s for _p, s in pairs}
        preds = {p for p, _s in pairs}
        return self._update(succs, preds | succs)

    def remove_link(
        self, predecessor_id: str, successor_id: str, link_type: LinkType | None = None
    ) -> Schedule:
        """Remove the link(s) from ``predecessor_id`` to ``successor_id`` (of ``link_type``)."""
        found = [
            link
            for link in self._links
            if link.predecessor_id == predecessor_id
            and link.successor_id == successor_id
            and (link_type is None or link.type == link_type)
        ]
        if not found:
            raise SchedulingError(f"no link {predecessor_id!r} -> {successor_id!r} to remove")
        succs: set[int] = set()
        for link in found:
            self._links.remove(link)
            if link.lag.percent is not None:
                self._percent_links[self._index(predecessor_id)].remove(link)
            succs.update(self._remove_edges(link))
        pred = self._index(predecessor_id)
        if self._vector is not None:
            self._vector.remove_links(pred, self._index(successor_id), link_type)
        return self._update(succs, succs | {pred})

    def set_actual_dates(
        self, task_id: str, actual_start: datetime | None, actual_finish: datetime | None = None
    ) -> Schedule:
        """Record (or clear, with None) a task's actual start and finish."""
        i = self._index(task_id)
        net, state = self._net, self._state
        task = replace(net.tasks[i], actual_start=actual_start, actual_finish=actual_finish)
        net.tasks[i] = task
        net.remaining[i] = _remaining_minutes(task, net.total[i])
        pcal = net.project_calendar
        state.actual_start_t[i] = None if actual_start is None else pcal.from_datetime(actual_start)
        state.actual_finish_t[i] = (
            None if actual_finish is None else pcal.from_datetime(actual_finish)
        )
        state.progress[i] = actual_start is not None or actual_finish is not None
        state.completed[i] = actual_finish is not None
        state.set_progress_flags(i)
        preds = {p for p, _k, _l, _c in net.in_edges[i]}
        self._vector = None  # progress takes the project off the vectorised path
        return self._update({i}, preds | {i})

    def replace_task(self, task: Task) -> Schedule:
        """Replace a task's definition (same id and parent) and recompute everything."""
        i = self._index(task.id)
        if task.parent_id != self._net.tasks[i].parent_id:
            raise SchedulingError(f"task {task.id!r}: changing the parent is not supported")
        project = self.project
        tasks = tuple(task if t.id == task.id else t for t in project.tasks)
        self._rebuild(replace(project, tasks=tasks))
        return self._schedule

    # Machinery ----------------------------------------------------------------------------

    def _note_percent_link(self, link: Link) -> None:
        if link.lag.percent is not None:
            pred = self._net.index[link.predecessor_id]
            self._percent_links.setdefault(pred, []).append(link)

    def _remove_edges(self, link: Link) -> set[int]:
        net = self._net
        pred = net.index[link.predecessor_id]
        kind = LINK_KINDS[LinkType(link.type)]
        minutes = lag_minutes(net, link, pred)
        removed: set[int] = set()
        for edge in list(net.out_edges[pred]):
            leaf, edge_kind, edge_lag, edge_cal = edge
            expected_cal = lag_calendar(net, link, pred, leaf) if minutes else None
            if (edge_kind, edge_lag, edge_cal) == (kind, minutes, expected_cal) and (
                self._leaf_of(leaf, link.successor_id)
            ):
                net.out_edges[pred].remove(edge)
                net.in_edges[leaf].remove((pred, edge_kind, edge_lag, edge_cal))
                removed.add(leaf)
        return removed

    def _leaf_of(self, leaf: int, ancestor_id: str) -> bool:
        net = self._net
        target = net.index[ancestor_id]
        node = leaf
        while node >= 0:
            if node == target:
                return True
            node = net.parent[node]
        return False

    def _update(
        self, forward_seeds: set[int], backward_seeds: set[int], bulk: bool = False
    ) -> Schedule:
        state = self._state
        if any(self._net.loe) or any(state.p6_alap):
            self._rebuild(self.project)
            return self._schedule
        if state.from_finish:
            self._state = ScheduleState(self._net)
            self._state.run()
            self._schedule = self._state.to_schedule()
            return self._schedule
        # A change that reaches much of the network is re-solved in bulk when the project fits
        # the vectorised path; otherwise only the reached tasks are recomputed.
        if bulk and self._vector is not None:
            self._load(self._vector)
            self._schedule = state.to_schedule()
            return self._schedule
        budget = len(self._net.ids) // 32 if self._vector is not None else None
        changed = self._forward(forward_seeds, budget)
        if changed is None or (
            self._vector is not None and state.project_finish() != state.finish_t
        ):
            self._load(self._vector)
        else:
            finish = state.project_finish()
            if finish != state.finish_t:
                state.finish_t = finish
                state.run_backward()
            else:
                seeds = set(backward_seeds) | changed
                for i in changed:
                    seeds.update(p for p, _k, _l, _c in self._net.in_edges[i])
                self._backward(seeds)
        self._schedule = state.to_schedule()
        return self._schedule

    def _load(self, vector: VectorModel | None) -> None:
        """Solve the arrays in bulk and copy the results into the per-task state."""
        assert vector is not None  # noqa: S101 - only called with a model
        state = self._state
        pcal = self._net.project_calendar
        r = vector.solve((pcal.index(state.start_t), state.start_t))
        state.es_w, state.ef_w = r.es.tolist(), r.ef.tolist()
        state.ls_w, state.lf_w = r.ls.tolist(), r.lf.tolist()
        state.es_t, state.ef_t = r.es_t.tolist(), r.ef_t.tolist()
        state.ls_t, state.lf_t = r.ls_t.tolist(), r.lf_t.tolist()
        state.late_start_bound = r.ls_t.tolist()
        state.early_start_bound = r.start_bound_t.tolist()
        state.total_float, state.free_float = r.total_float.tolist(), r.free_float.tolist()
        limit = state.options.critical_float_minutes
        state.critical_candidates = set(np.flatnonzero(r.total_float <= limit).tolist())
        state.negative_float = set(np.flatnonzero(r.total_float < 0).tolist())
        state.finish_t = r.finish_t
        state.finish_shown = dict(r.finish_shown)

    def _forward(self, seeds: set[int], budget: int | None) -> set[int] | None:
        """Recompute early dates from ``seeds`` on; None once more than ``budget`` tasks were
        recomputed (the caller then re-solves in bulk)."""
        net, state = self._net, self._state
        position, order = net.position, net.order
        heap = [position[i] for i in seeds]
        heapq.heapify(heap)
        queued = set(heap)
        changed: set[int] = set()
        while heap:
            if budget is not None and len(queued) > budget:
                return None
            node = order[heapq.heappop(heap)]
            before = _early_values(state, node)
            state.forward_node(node)
            after = _early_values(state, node)
            if before == after and node not in seeds:
                continue
            changed.add(node)
            nexts = [s for s, _k, _l, _c in net.out_edges[node]]
            if net.parent[node] >= 0:
                nexts.append(net.parent[node])
            for nxt in nexts:
                place = position[nxt]
                if place not in queued:
                    queued.add(place)
                    heapq.heappush(heap, place)
        return changed

    def _backward(self, seeds: set[int]) -> None:
        net, state = self._net, self._state
        position, order = net.position, net.order
        heap = [-position[i] for i in seeds]
        heapq.heapify(heap)
        queued = set(heap)
        touched: set[int] = set()
        while heap:
            node = order[-heapq.heappop(heap)]
            touched.add(node)
            before = _late_values(state, node)
            state.backward_node(node)
            if before == _late_values(state, node) and node not in seeds:
                continue
            nexts = [p for p, _k, _l, _c in net.in_edges[node]]
            if net.summary[node]:
                nexts.extend(net.children[node])
            for nxt in nexts:
                key = -position[nxt]
                if key not in queued:
                    queued.add(key)
                    heapq.heappush(heap, key)
        self._rollup_ancestors(touched)

    def _rollup_ancestors(self, touched: set[int]) -> None:
        net, state = self._net, self._state
        summaries: set[int] = set()
        for node in touched:
            parent = node if net.summary[node] else net.parent[node]
            while parent >= 0 and parent not in summaries:
                summaries.add(parent)
                parent = net.parent[parent]
        for node in sorted(summaries, key=net.position.__getitem__):
            state.rollup_late(node)


def _early_values(state: ScheduleState, i: int) -> tuple[int, ...]:
    # The minutes by which a constraint beats logic set the task's own float (a changed
    # amount with unchanged dates still needs the backward pass).
    return (state.es_t[i], state.ef_t[i], state.es_w[i], state.ef_w[i], state.overridden[i])


def _late_values(state: ScheduleState, i: int) -> tuple[int, ...]:
    return (
        state.ls_t[i],
        state.lf_t[i],
        state.ls_w[i],
        state.lf_w[i],
        state.late_start_bound[i],
        state.bound_f[i],
        state.bound_s[i],
        state.ebound_f[i],
        state.ebound_s[i],
    )
