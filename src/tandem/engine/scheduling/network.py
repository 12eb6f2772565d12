"""The project as arrays: task indices, calendars, durations, expanded links, topological order.

Links into a summary task apply to each of its leaf descendants (so a predecessor of a phase holds
back every task in it); links out of a summary task start from the summary's rolled-up dates.
Each child also has an edge to its parent, which orders rollups after children and makes a link
between a summary and its own descendant a reported cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from .calendars import CalendarSet, CompiledCalendar, compile_calendars
from .model import (
    Calendar,
    DependencyCycleError,
    DurationUnit,
    LagCalendar,
    Link,
    LinkType,
    Project,
    ScheduleOptions,
    SchedulingError,
    Task,
    UnknownTaskError,
)

__all__ = ["duration_minutes"]

FS, SS, FF, SF = 0, 1, 2, 3
LINK_KINDS = {LinkType.FS: FS, LinkType.SS: SS, LinkType.FF: FF, LinkType.SF: SF}

# (other node, kind, lag minutes, calendar the lag counts on or None when the lag is zero)
Edge = tuple[int, int, int, CompiledCalendar | None]


def duration_minutes(value: float, unit: DurationUnit, options: ScheduleOptions) -> int:
    """Minutes in ``value`` units: days use ``minutes_per_day``, weeks ``minutes_per_week``,
    months ``days_per_month`` working days. Rounded to the nearest minute."""
    per_unit = {
        DurationUnit.MINUTE: 1,
        DurationUnit.HOUR: 60,
        DurationUnit.DAY: options.minutes_per_day,
        DurationUnit.WEEK: options.minutes_per_week,
        DurationUnit.MONTH: options.minutes_per_day * options.days_per_month,
    }[unit]
    return round(value * per_unit)


@dataclass(slots=True)
class Network:
    """Arrays describing a project, indexed by task position (``index[task_id]``)."""

    project: Project
    calendars: CalendarSet
    project_calendar: CompiledCalendar
    ids: list[str]
    index: dict[str, int]
    tasks: list[Task]
    cal: list[CompiledCalendar]
    total: list[int]  # planned duration in minutes of the task's calendar
    remaining: list[int]  # minutes still to work (== total unless in progress)
    summary: list[bool]
    parent: list[int]
    children: list[list[int]]
    in_edges: list[list[Edge]] = field(default_factory=list)
    out_edges: list[list[Edge]] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    position: list[int] = field(default_factory=list)  # place of each node in ``order``
    # Level of effort tasks: their links to successors (kept out of out_edges/in_edges: they
    # set the task's finish and drive nothing) and, per successor, the tasks spanning it.
    loe: list[bool] = field(default_factory=list)
    span_out: dict[int, list[Edge]] = field(default_factory=dict)
    spanned_by: dict[int, list[int]] = field(default_factory=dict)
    # Tasks whose work resources sit on calendars with different working time: each
    # assignment's calendar (intersected with the task's own) and its work / units in minutes.
    parts: dict[int, tuple[tuple[CompiledCalendar, int], ...]] = field(default_factory=dict)


def _index_tasks(tasks: Sequence[Task]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, task in enumerate(tasks):
        if task.id in index:
            raise SchedulingError(f"duplicate task id {task.id!r}")
        index[task.id] = i
    return index


def resource_calendar_ids(project: Project) -> dict[str, str]:
    """Task id -> calendar of its work resources, for tasks whose assigned work resources all
    work on one calendar (MS Project schedules such a task on its resources' calendar).

    Calendars are compared by working time, not by id: resources on two calendars with the
    same working time work on one calendar (the project calendar when it is one of them).
    """
    resources = {r.id: r for r in project.resources}
    found: dict[str, set[str]] = {}
    for assignment in project.assignments:
        resource = resources.get(assignment.resource_id)
        if resource is None or resource.kind != "work":
            continue
        # A resource without a calendar works on the project calendar.
        calendar_id = resource.calendar_id or project.calendar_id
        found.setdefault(assignment.task_id, set()).add(calendar_id)
    result: dict[str, str] = {}
    keys: dict[str, object] | None = None
    for task_id, ids in found.items():
        if len(ids) == 1:
            result[task_id] = next(iter(ids))
            continue
        if keys is None:
            keys = working_time_keys(project)
        if len({keys.get(i, i) for i in ids}) == 1:
            result[task_id] = project.calendar_id if project.calendar_id in ids else min(ids)
    return result


def working_time_keys(project: Project) -> dict[str, object]:
    """Calendar id -> a value equal for calendars with the same working time: the week with
    inherited weekdays resolved, and the exceptions (own, then inherited) without their names."""
    definitions = {c.id: c for c in project.calendars}

    def week(calendar: Calendar, seen: frozenset[str]) -> tuple[object, ...]:
        base = definitions.get(calendar.base_calendar_id or "")
        if base is None or base.id in seen or not calendar.inherits:
            return calendar.week
        inherited = week(base, seen | {base.id})
        return tuple(inherited[d] if calendar.inherits[d] else calendar.week[d] for d in range(7))

    keys: dict[str, object] = {}
    for calendar in project.calendars:
        exceptions: list[object] = []
        current: Calendar | None = calendar
        seen: set[str] = set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            exceptions.extend(
                (e.start, e.end, e.working_times, e.recurrence) for e in current.exceptions
            )
            current = definitions.get(current.base_calendar_id or "")
        keys[calendar.id] = (week(calendar, frozenset({calendar.id})), tuple(exceptions))
    return keys


def own_calendar_assignments(project: Project) -> dict[str, list[tuple[str, int]]]:
    """Task id -> (resource calendar id, work / units in minutes) of each work assignment, for
    auto-scheduled tasks whose work resources sit on calendars with different working time and
    whose work assignments all give work and units above zero (MS Project schedules each such
    assignment on its own resource's calendar; the task finishes when the last one does).
    """
    resources = {r.id: r for r in project.resources}
    found: dict[str, list[tuple[str, int]]] = {}
    invalid: set[str] = set()
    for a in project.assignments:
        resource = resources.get(a.resource_id)
        if resource is None or resource.kind != "work" or a.units == 0:
            continue
        if a.work_minutes is None or a.work_minutes <= 0 or a.units < 0:
            invalid.add(a.task_id)
            continue
        calendar_id = resource.calendar_id or project.calendar_id
        found.setdefault(a.task_id, []).append((calendar_id, round(a.work_minutes / a.units)))
    candidates = {t: parts for t, parts in found.items() if t not in invalid and len(parts) > 1}
    if not candidates:
        return {}
    keys = working_time_keys(project)
    manual = {t.id for t in project.tasks if t.manual or t.milestone or t.duration.elapsed}
    return {
        task_id: parts
        for task_id, parts in candidates.items()
        if task_id not in manual and len({keys.get(c, c) for c, _ in parts}) > 1
    }


def work_durations(project: Project) -> dict[str, int]:
    """Task id -> planned minutes from assignment work, for tasks with ``duration_from_work``.

    Each work assignment with work and units above zero lasts ``work_minutes / units``
    (rounded to the minute); the task lasts as long as its longest assignment. Tasks without
    such an assignment are absent (they keep ``Task.duration``).
    """
    wanted = {t.id for t in project.tasks if t.duration_from_work}
    if not wanted:
        return {}
    kinds = {r.id: r.kind for r in project.resources}
    found: dict[str, int] = {}
    for a in project.assignments:
        if a.task_id not in wanted or kinds.get(a.resource_id) != "work":
            continue
        if a.work_minutes is None or a.work_minutes <= 0 or a.units <= 0:
            continue
        minutes = round(a.work_minutes / a.units)
        found[a.task_id] = max(found.get(a.task_id, 0), minutes)
    return found


def _task_calendar(net: Network, task: Task, from_resources: dict[str, str]) -> CompiledCalendar:
    if task.duration.elapsed:
        return net.calendars.twenty_four_hour
    resource_calendar = from_resources.get(task.id)
    if task.calendar_id is not None:
        if resource_calendar is None or task.ignore_resource_calendar:
            return net.calendars.get(task.calendar_id, referenced_by=f"task {task.id!r}")
        # MS Project works such a task only when both its calendar and its resources' do.
        return net.calendars.intersection(
            (task.calendar_id, resource_calendar),
            referenced_by=f"task {task.id!r} and its resources",
        )
    if resource_calendar is not None:
        return net.calendars.get(resource_calendar, referenced_by=f"resources of task {task.id!r}")
    return net.project_calendar


def _remaining_minutes(task: Task, total: int) -> int:
    if task.actual_finish is not None:
        return 0
    if task.actual_start is None:
        return total
    if task.remaining_duration is not None:
        return max(0, task.remaining_duration.minutes)
    return max(0, round(total * (1.0 - task.percent_complete / 100.0)))


def build_network(project: Project) -> Network:
    """Index the project's tasks, compile calendars, expand links and order the graph.

    Raises UnknownTaskError for a link or parent naming a missing task, CalendarError for an
    unknown or empty calendar, DependencyCycleError for a cycle (task ids in order).
    """
    tasks = list(project.tasks)
    index = _index_tasks(tasks)
    if project.start.tzinfo is None:
        raise SchedulingError(f"project {project.name!r}: start must be an aware datetime")
    origin = project.start.astimezone(ZoneInfo(project.timezone)).date()
    calendars = compile_calendars(project.calendars, origin, project.timezone)
    origin_cal = calendars.get(project.calendar_id, referenced_by=f"project {project.name!r}")
    n = len(tasks)
    net = Network(
        project=project,
        calendars=calendars,
        project_calendar=origin_cal,
        ids=[t.id for t in tasks],
        index=index,
        tasks=tasks,
        cal=[],
        total=[],
        remaining=[],
        summary=[False] * n,
        parent=[-1] * n,
        children=[[] for _ in range(n)],
        loe=[t.level_of_effort for t in tasks],
    )
    for i, task in enumerate(tasks):
        if task.parent_id is not None:
            p = index.get(task.parent_id)
            if p is None:
                raise UnknownTaskError(task.parent_id, f"parent of task {task.id!r}")
            net.parent[i] = p
            net.children[p].append(i)
            net.summary[p] = True
    _check_hierarchy(net)
    from_resources = resource_calendar_ids(project) if project.assignments else {}
    from_work = work_durations(project) if project.assignments else {}
    for task in tasks:
        cal = _task_calendar(net, task, from_resources)
        total = from_work.get(task.id, task.duration.minutes)
        if total < 0:
            raise SchedulingError(f"task {task.id!r} has a negative duration ({total} minutes)")
        net.cal.append(cal)
        net.total.append(total)
        net.remaining.append(_remaining_minutes(task, total))
    if project.assignments:
        _own_calendar_parts(net)
    link_edges(net, project.links)
    return net


def _own_calendar_parts(net: Network) -> None:
    for task_id, parts in own_calendar_assignments(net.project).items():
        i = net.index.get(task_id)
        if i is None or net.summary[i]:
            continue
        task = net.tasks[i]
        own = None if task.ignore_resource_calendar else task.calendar_id
        net.parts[i] = tuple(
            (
                net.calendars.get(c, referenced_by=f"resources of task {task_id!r}")
                if own is None
                else net.calendars.intersection(
                    (own, c), referenced_by=f"task {task_id!r} and its resources"
                ),
                minutes,
            )
            for c, minutes in parts
        )


def _check_hierarchy(net: Network) -> None:
    """Raise DependencyCycleError when parents form a loop (A in B, B in A)."""
    settled: set[int] = set()
    for start in range(len(net.ids)):
        path: list[int] = []
        on_path: set[int] = set()
        node = start
        while node >= 0 and node not in settled:
            if node in on_path:
                raise DependencyCycleError(tuple(net.ids[i] for i in path[path.index(node) :]))
            path.append(node)
            on_path.add(node)
            node = net.parent[node]
        settled.update(path)


def _leaves(net: Network, node: int) -> list[int]:
    if not net.summary[node]:
        return [node]
    found: list[int] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if net.summary[current]:
            stack.extend(reversed(net.children[current]))
        else:
            found.append(current)
    return found


def lag_calendar(net: Network, link: Link, pred: int, succ: int) -> CompiledCalendar:
    """The calendar a link's lag counts on (elapsed lags count on the 24-hour calendar)."""
    lag = link.lag
    if lag.elapsed or lag.calendar is LagCalendar.TWENTY_FOUR_HOUR:
        return net.calendars.twenty_four_hour
    if lag.calendar is LagCalendar.SUCCESSOR:
        return net.cal[succ]
    if lag.calendar is LagCalendar.PROJECT:
        return net.project_calendar
    return net.cal[pred]


def lag_minutes(net: Network, link: Link, pred: int) -> int:
    """Lag in minutes; a percentage lag is that share of the predecessor's planned duration."""
    if link.lag.percent is not None:
        return round(net.total[pred] * link.lag.percent / 100.0)
    return link.lag.minutes


def link_edges(net: Network, links: Iterable[Link]) -> None:
    """(Re)build the expanded edges and the topological order from ``links``."""
    n = len(net.ids)
    net.in_edges = [[] for _ in range(n)]
    net.out_edges = [[] for _ in range(n)]
    for link in links:
        add_link_edges(net, link)
    _detach_spans(net)
    order_network(net)


def _detach_spans(net: Network) -> None:
    """Move level of effort tasks' links to successors out of the driving edges."""
    net.span_out, net.spanned_by = {}, {}
    for i, is_loe in enumerate(net.loe):
        if not is_loe or not net.out_edges[i]:
            continue
        net.span_out[i] = net.out_edges[i]
        net.out_edges[i] = []
        for s, kind, lag, cal in net.span_out[i]:
            net.in_edges[s].remove((i, kind, lag, cal))
            net.spanned_by.setdefault(s, []).append(i)


def add_link_edges(net: Network, link: Link) -> list[tuple[int, int]]:
    """Add one link's edges (one per leaf of a summary successor); returns (pred, succ) pairs."""
    pred = net.index.get(link.predecessor_id)
    succ = net.index.get(link.successor_id)
    if pred is None or succ is None:
        missing = link.predecessor_id if pred is None else link.successor_id
        raise UnknownTaskError(missing, f"link {link.predecessor_id!r} -> {link.successor_id!r}")
    # LinkType is a StrEnum: plain "FS" strings hash and compare equal to its members.
    kind = LINK_KINDS[link.type]
    minutes = lag_minutes(net, link, pred)
    if not net.summary[succ]:
        lag_cal = lag_calendar(net, link, pred, succ) if minutes else None
        net.out_edges[pred].append((succ, kind, minutes, lag_cal))
        net.in_edges[succ].append((pred, kind, minutes, lag_cal))
        return [(pred, succ)]
    pairs = []
    for leaf in _leaves(net, succ):
        lag_cal = lag_calendar(net, link, pred, leaf) if minutes else None
        net.out_edges[pred].append((leaf, kind, minutes, lag_cal))
        net.in_edges[leaf].append((pred, kind, minutes, lag_cal))
        pairs.append((pred, leaf))
    return pairs


def order_network(net: Network) -> None:
    """Kahn's topological order over links and child-to-parent rollup edges."""
    n = len(net.ids)
    indegree = [len(edges) for edges in net.in_edges]
    for i in range(n):
        indegree[i] += len(net.children[i])
    # A level of effort task comes after the successors whose dates it takes.
    spanned_by = net.spanned_by
    for i, edges in net.span_out.items():
        indegree[i] += len(edges)
    ready = [i for i in range(n) if indegree[i] == 0]
    order: list[int] = []
    out_edges, parent = net.out_edges, net.parent
    while ready:
        node = ready.pop()
        order.append(node)
        for succ, _kind, _lag, _cal in out_edges[node]:
            indegree[succ] -= 1
            if indegree[succ] == 0:
                ready.append(succ)
        p = parent[node]
        if p >= 0:
            indegree[p] -= 1
            if indegree[p] == 0:
                ready.append(p)
        if spanned_by and node in spanned_by:
            for span in spanned_by[node]:
                indegree[span] -= 1
                if indegree[span] == 0:
                    ready.append(span)
    if len(order) < n:
        raise DependencyCycleError(_find_cycle(net, {i for i in range(n) if indegree[i] > 0}))
    net.order = order
    position = [0] * n
    for place, node in enumerate(order):
        position[node] = place
    net.position = position


def _successors(net: Network, node: int) -> list[int]:
    found = [succ for succ, _k, _l, _c in net.out_edges[node]]
    found.extend(net.spanned_by.get(node, ()))  # a level of effort task follows its successors
    if net.parent[node] >= 0:
        found.append(net.parent[node])
    return found


def _find_cycle(net: Network, stuck: set[int]) -> tuple[str, ...]:
    """A cycle among nodes Kahn could not order, as task ids in link order."""
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(stuck):
        if root in state:
            continue
        path = [root]
        iters = [iter(_successors(net, root))]
        state[root] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if nxt not in stuck or state.get(nxt) == 2:
                continue
            if state.get(nxt) == 1:
                return tuple(net.ids[i] for i in path[path.index(nxt) :])
            state[nxt] = 1
            path.append(nxt)
            iters.append(iter(_successors(net, nxt)))
    raise SchedulingError("dependency cycle among tasks: " + ", ".join(net.ids[i] for i in stuck))
