"""Rescheduling a plan after a change: incrementally from a per-process cache when it can.

A full reschedule reads every task and link, builds the engine's project and runs the critical
path method: about 0.4 s on a 5,000-task plan, most of it reading and converting the rows. The
engine's ``IncrementalScheduler`` instead keeps a computed schedule and updates it after one
change in milliseconds. This module keeps one per project (per process), with the rows it was
built from, and applies an action's change (``PlanChange``) to it.

The cache must never answer for a plan another process (or a raw write) has changed. Before
each use the plan's fingerprint (count, sum of versions and largest id of the tasks and of the
links, leaving out the rows the change itself names) is read from the database and compared with
the cached rows; the frame (calendar, hours, start, status date) is rebuilt and compared too.
Any difference, a change the scheduler cannot apply in place (a task added, removed or moved in
the breakdown), or a missing entry means a full build. Every write bumps the version of the row
it changes, so a version sum catches them; positions and WBS codes, renumbered without a version
bump, do not change dates.

An entry is taken out of the cache while a transaction uses it and put back only when that
transaction commits, so a rolled back change never leaves its schedule behind, and two threads
never share a scheduler.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import Count, Max, Sum

from tandem.engine.scheduling import IncrementalScheduler
from tandem.engine.scheduling import model as engine
from tandem.projects.models import Project

from .models import Dependency, Task
from .schedule_warnings import describe_warnings
from .scheduling import (
    PlanFrame,
    PlanLink,
    PlanTask,
    engine_links,
    engine_tasks,
    plan_frame,
    plan_links,
    plan_tasks,
    scheduling_failed,
)

Fingerprint = tuple[int, int, int]
# Fields of an engine task that do not change dates: a rename alone needs no rescheduling.
_LABEL_FIELDS = ("name", "wbs", "outline_level", "priority", "do_not_level")


@dataclass
class PlanChange:
    """What an action changed: tasks it wrote (with their planned dates before the action),
    links added, changed or removed, and whether the breakdown itself changed (tasks added,
    removed or moved: a full build)."""

    before: dict[int, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    links: set[int] = field(default_factory=set)
    structural: bool = False

    @property
    def tasks(self) -> set[int]:
        return set(self.before)


@dataclass
class PlanState:
    """A scheduler and the rows it was given (with their stored dates and versions)."""

    project_id: int
    frame: PlanFrame
    scheduler: IncrementalScheduler
    tasks: dict[int, PlanTask]
    links: dict[int, PlanLink]
    engine_tasks: dict[int, engine.Task]
    # Tasks whose dates may differ from the stored ones (None: any task).
    reach: set[int] | None = None
    # Stored dates equal the schedule's for every task outside ``reach`` (manual tasks aside):
    # true once a reschedule compared and wrote them all; a state built only to read is not.
    synced: bool = False

    @property
    def schedule(self) -> engine.Schedule:
        return self.scheduler.schedule


_entries: dict[int, PlanState] = {}
_lock = threading.Lock()


def _take(project_id: int) -> PlanState | None:
    with _lock:
        return _entries.pop(project_id, None)


def keep(state: PlanState, *, synced: bool = True) -> None:
    """Put the state back in the cache when the current transaction commits (at once outside
    a transaction); ``synced``: the stored dates now equal the schedule's."""

    def store() -> None:
        state.reach = set()
        state.synced = synced
        with _lock:
            _entries[state.project_id] = state

    transaction.on_commit(store)


@dataclass(frozen=True)
class PlanSnapshot:
    """A schedule with the rows it was computed from, safe to read while the cache moves on."""

    schedule: engine.Schedule
    tasks: list[PlanTask]
    links: list[PlanLink]
    frame: PlanFrame

    def warnings(self) -> dict[int, list[str]]:
        """Each task's warnings, by task id (``schedule_warnings``)."""
        return describe_warnings(self.schedule, self.tasks, self.links, self.frame.conv)[1]


def current(project: Project) -> PlanSnapshot:
    """The project's schedule as the database holds the plan now (to read warnings and
    floats), from the cache when its fingerprint matches."""
    frame = plan_frame(project)
    state = _take(project.pk)
    no_change: set[int] = set()
    if (
        state is None
        or state.frame.project != frame.project
        or _stored_fingerprint(project.pk, no_change, no_change)
        != _cached_fingerprint(state, no_change, no_change)
    ):
        state = build(project.pk, frame)
    snapshot = PlanSnapshot(
        state.schedule, list(state.tasks.values()), list(state.links.values()), state.frame
    )
    keep(state, synced=state.synced)
    return snapshot


def forget(project_id: int | None = None) -> None:
    """Drop the cached state of a project (or of every project)."""
    with _lock:
        if project_id is None:
            _entries.clear()
        else:
            _entries.pop(project_id, None)


def reschedule(project: Project, change: PlanChange) -> PlanState:
    """The project's schedule after ``change``: applied to the cached scheduler when the cache
    matches the database, else computed in full. 422 when the plan cannot be scheduled."""
    frame = plan_frame(project)
    state = _take(project.pk)
    if state is not None and state.frame.project == frame.project and not change.structural:
        synced = state.synced
        try:
            if _apply(state, change):
                if not synced:
                    # Built to be read (a page): its stored dates were never compared.
                    state.reach = None
                return state
        except engine.SchedulingError as exc:
            raise scheduling_failed(exc) from exc
    return build(project.pk, frame)


def build(project_id: int, frame: PlanFrame) -> PlanState:
    tasks = plan_tasks(project_id)
    links = plan_links(project_id)
    etasks = engine_tasks(frame, tasks)
    eproject = replace(frame.project, tasks=etasks, links=engine_links(frame, links))
    try:
        scheduler = IncrementalScheduler(eproject)
    except engine.SchedulingError as exc:
        raise scheduling_failed(exc) from exc
    return PlanState(
        project_id=project_id,
        frame=frame,
        scheduler=scheduler,
        tasks={t.id: t for t in tasks},
        links={link.id: link for link in links},
        engine_tasks={t.id: e for t, e in zip(tasks, etasks, strict=True)},
        reach=None,
    )


def _stored_fingerprint(
    project_id: int, skip_tasks: set[int], skip_links: set[int]
) -> tuple[Fingerprint, Fingerprint]:
    def of(rows: dict[str, int | None]) -> Fingerprint:
        return (rows["n"] or 0, rows["v"] or 0, rows["m"] or 0)

    aggregate = {"n": Count("id"), "v": Sum("version"), "m": Max("id")}
    tasks = Task.objects.filter(project_id=project_id).exclude(pk__in=skip_tasks)
    links = Dependency.objects.filter(project_id=project_id).exclude(pk__in=skip_links)
    return of(tasks.aggregate(**aggregate)), of(links.aggregate(**aggregate))


def _cached_fingerprint(
    state: PlanState, skip_tasks: set[int], skip_links: set[int]
) -> tuple[Fingerprint, Fingerprint]:
    def of(rows: Iterable[PlanTask | PlanLink], skip: set[int]) -> Fingerprint:
        kept = [(r.id, r.version) for r in rows if r.id not in skip]
        return (len(kept), sum(v for _, v in kept), max((i for i, _ in kept), default=0))

    return of(state.tasks.values(), skip_tasks), of(state.links.values(), skip_links)


def _apply(state: PlanState, change: PlanChange) -> bool:
    """Apply ``change`` to the cached scheduler; False when only a full build will do."""
    fingerprint = _stored_fingerprint(state.project_id, change.tasks, change.links)
    if fingerprint != _cached_fingerprint(state, change.tasks, change.links):
        return False
    seeds: set[int] = set()
    fresh = {t.id: t for t in plan_tasks(state.project_id, change.tasks)}
    if set(fresh) != change.tasks or not change.tasks <= set(state.tasks):
        return False
    for task in fresh.values():
        if not _apply_task(state, task):
            return False
        seeds.add(task.id)
    if not _apply_links(state, change.links, seeds):
        return False
    state.reach = _reach(state, seeds)
    return True


def _apply_task(state: PlanState, task: PlanTask) -> bool:
    old = state.engine_tasks[task.id]
    (new,) = engine_tasks(state.frame, [task])
    if new.parent_id != old.parent_id:
        return False
    same_labels = replace(new, **{f: getattr(old, f) for f in _LABEL_FIELDS})
    scheduler, task_id = state.scheduler, str(task.id)
    if same_labels == old:
        pass
    elif replace(same_labels, duration=old.duration) == old:
        scheduler.set_duration(task_id, new.duration.minutes)
    elif replace(same_labels, actual_start=old.actual_start, actual_finish=old.actual_finish) == (
        old
    ):
        scheduler.set_actual_dates(task_id, new.actual_start, new.actual_finish)
    else:
        scheduler.replace_task(new)
    state.engine_tasks[task.id] = new
    state.tasks[task.id] = task
    return True


def _apply_links(state: PlanState, link_ids: set[int], seeds: set[int]) -> bool:
    fresh = {link.id: link for link in plan_links(state.project_id, link_ids)}
    for link_id in sorted(link_ids):
        old, new = state.links.pop(link_id, None), fresh.get(link_id)
        if old is not None:
            if old.predecessor_id not in state.tasks or old.successor_id not in state.tasks:
                return False
            state.scheduler.remove_link(
                str(old.predecessor_id), str(old.successor_id), engine.LinkType(old.type)
            )
            seeds.add(old.successor_id)
        if new is not None:
            if new.predecessor_id not in state.tasks or new.successor_id not in state.tasks:
                return False
            (elink,) = engine_links(state.frame, [new])
            state.scheduler.add_link(elink)
            state.links[link_id] = new
            seeds.add(new.successor_id)
    return True


def _reach(state: PlanState, seeds: set[int]) -> set[int] | None:
    """The tasks whose scheduled dates can follow from a change to ``seeds``: their successors
    (a link into a summary reaches every task under it), the summaries above them, and onwards.
    None (every task) when the plan has tasks shown at their late dates (ALAP), which any change
    of the project finish moves."""
    if any(t.constraint_type == "ALAP" for t in state.tasks.values()):
        return None
    children: dict[int, list[int]] = defaultdict(list)
    for task in state.tasks.values():
        if task.parent_id is not None:
            children[task.parent_id].append(task.id)
    successors: dict[int, list[int]] = defaultdict(list)
    for link in state.links.values():
        successors[link.predecessor_id].append(link.successor_id)
    found = set(seeds)
    stack = list(seeds)
    expanded: set[int] = set()  # tasks whose whole subtree is already in ``found``
    while stack:
        node = stack.pop()
        nexts = list(successors.get(node, ()))
        parent = state.tasks[node].parent_id if node in state.tasks else None
        if parent is not None:
            nexts.append(parent)
        below = [s for s in successors.get(node, ()) if s not in expanded]
        while below:
            current = below.pop()
            expanded.add(current)
            nexts.append(current)
            below.extend(c for c in children.get(current, ()) if c not in expanded)
        for nxt in nexts:
            if nxt not in found:
                found.add(nxt)
                stack.append(nxt)
    return found
