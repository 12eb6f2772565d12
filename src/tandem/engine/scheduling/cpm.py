"""Critical path method on working calendars, following MS Project's conventions.

Conventions
    * Every date is computed on the minute axis of :mod:`.calendars`; working time between two
      dates is counted on the task's calendar: its own, else the calendar shared by all its
      assigned work resources (as MS Project schedules assignments), else the project calendar;
      the 24-hour calendar for an elapsed duration. A task with its own calendar and resources
      sharing another works only when both do (their intersection), unless
      ``Task.ignore_resource_calendar``. With ``Task.duration_from_work`` the planned duration
      is the longest work assignment's ``work_minutes / units``. An auto-scheduled, not started
      task whose work resources sit on calendars with different working time (and whose work
      assignments all give work) is scheduled assignment by assignment: from the task start each
      lasts ``work_minutes / units`` on its resource's calendar (intersected with the task's
      own), the task finishes with the last; its late start is the earliest of theirs, counted
      back from its late finish. Its floats count on the task's calendar as usual.
    * A start lands on the next working minute; a finish is the end of the last working minute
      (a one-day task from Monday 08:00 finishes Monday 17:00, its FS successor starts Tuesday
      08:00). A zero-duration task (milestone) keeps its driving instant when that instant lies in
      or at the edge of a working period: a milestone after a task finishing Friday 17:00 sits at
      Friday 17:00.
    * FS: successor start >= predecessor finish + lag; SS: start >= start + lag; FF: finish >=
      finish + lag; SF: finish >= start + lag. A lag counts working minutes on its lag calendar
      (predecessor's by default, as P6; MS Project files should use ``LagCalendar.PROJECT``);
      elapsed lags count wall-clock minutes; a percentage lag is that share of the predecessor's
      planned duration. Precisely: the driven date is no earlier than the earliest instant whose
      working index on the lag calendar is the driving date's plus the lag (any sign); the
      backward pass uses the exact inverse (the latest such instant), so a critical chain through
      a lag has zero float even across non-working time of the lag calendar.
    * The project start is the default start of tasks without predecessors only: a linked task
      follows its links, even to dates before the project start (after a manually scheduled
      predecessor placed earlier, or through a lead). A start-no-earlier-than,
      finish-no-earlier-than or must-start/finish-on date before the project start places an
      unlinked task on that date (MS Project does). A manually scheduled summary's manual start
      is a floor for every task under it. Tasks with no successor finish no later
      than the project finish (the latest early finish), which is what MS Project's total slack of
      such tasks is measured against.
    * Constraints: SNET/FNET bound early dates; SNLT/FNLT bound late dates; P6's non-mandatory
      Start On / Finish On (START_ON/FINISH_ON) bound both, the early date from below and the
      late date from above, so logic wins and negative float shows the conflict; MSO/MFO fix both
      (their late dates are the constraint dates, which is what their predecessors see, and
      their own float is the lesser of that and the float their successors leave). With
      ``honor_constraints`` a constraint wins over logic (MSO/MFO/SNLT/FNLT move the task back to
      the date; float goes negative); without it logic wins and the constraint is reported unmet.
      A deadline bounds the late finish only. ALAP tasks are shown at their late dates.
    * Total float = min(late start - early start, late finish - early finish) in working minutes
      of the task's own calendar (the project calendar when it has none), not of the working
      time it shares with its resources; a constraint that beats logic leaves the task the
      negative float by which logic is violated; free float = how far the early finish can slip before delaying any
      successor's early date (or the project finish), never negative, never above total float.
      Critical = total float <= ``critical_float_minutes``. Completed tasks have zero float and
      are not critical; an in-progress task's float is its finish float. A manually scheduled
      task with an estimated duration and no links (a placeholder) is never critical: the
      reference files (MS Project 2010-2019) mark 1,060 such tasks with zero float not critical,
      while linked ones, or ones with a firm duration, are.
    * Summary tasks span their children (earliest start, latest finish, on the summary's
      calendar) and are not scheduled by their own duration. A link into a summary applies to
      each of its leaf tasks; a link out of a summary starts from the summary's rolled-up dates and
      bounds each child's late dates.
    * Progress: an actual finish fixes both dates. An actual start fixes the start; the remaining
      duration (``remaining_duration``, else from ``percent_complete``) follows the work done.
      Without a status date, a started, unfinished task holds its FS predecessors' late finish
      to where its remaining work resumes (its late dates when nothing remains).
      With a status date (and ``remaining_after_status_date``), remaining work and unstarted
      tasks start no earlier than the status date; with ``retained_logic`` the remaining work of
      an in-progress task still waits for unfinished predecessors, with progress override it does
      not.
    * Manually scheduled tasks (``Task.manual``) with a ``manual_start`` stay there; their
      outgoing SS/SF links do not bound their late dates, which is what MS Project 2010+ stores.
    * Scheduling from the finish (``schedule_from_start`` False): the backward pass runs from
      ``Project.finish`` first, ASAP tasks are treated as ALAP, the project start is the earliest
      late start and the forward pass runs from there.

P6 rules (``ScheduleOptions.p6_rules``, set by the XER and P6-XML readers)
    * A late-start bound in the task's non-working time lets it start at the end of its last
      working period before that instant (the bound's own working index, no step back).
    * Start milestones sit at the start of the next working period; finish milestones at the end
      of the previous one, which is also their late date and what predecessors on other
      calendars are bound to (re-fitted to their own calendar).
    * A task started with no remaining duration finishes at the first working moment at or
      after the data date.
    * With retained logic a completed task stays in the network as a zero-remaining node: it
      drives its successors from its actual finish (or later when an open predecessor pushes
      it; lags from it count from there), late dates flow through it to its predecessors, and
      it shows its actual dates, with no float, never critical.
    * Level of effort tasks (``Task.level_of_effort``) start as their predecessors' links allow
      and finish as their successors' links say; they drive nothing, constrain nothing, have no
      float of their own and are never critical.
    * ALAP tasks move later only within their free float, in backward-pass order (the last task
      first), and show those delayed early dates; total float is measured from them.
    The vectorised path declines such projects; the incremental scheduler recomputes in full
    after a change when the project has level of effort tasks or ALAP tasks.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime

from .calendars import CompiledCalendar
from .model import (
    ConstraintType,
    Project,
    Schedule,
    ScheduleWarning,
    SchedulingError,
    TaskSchedule,
)
from .network import Network, build_network

__all__: list[str] = []

NEG = -(1 << 62)
POS = 1 << 62

# Constraint codes kept in an int array for the passes.
_ASAP, _ALAP, _SNET, _SNLT, _FNET, _FNLT, _MSO, _MFO, _SO, _FO = range(10)
# Constraints that set an early date by themselves (see ScheduleState._early_floor).
_DATED_EARLY = frozenset((_SNET, _FNET, _MSO, _MFO, _SO, _FO))
# Constraints on the finish (their working index is the finish's, not the start's).
_ON_FINISH = frozenset((_FNET, _FNLT, _MFO, _FO))
_CONSTRAINT_CODES = {
    ConstraintType.ASAP: _ASAP,
    ConstraintType.ALAP: _ALAP,
    ConstraintType.SNET: _SNET,
    ConstraintType.SNLT: _SNLT,
    ConstraintType.FNET: _FNET,
    ConstraintType.FNLT: _FNLT,
    ConstraintType.MSO: _MSO,
    ConstraintType.MFO: _MFO,
    ConstraintType.START_ON: _SO,
    ConstraintType.FINISH_ON: _FO,
}


def _start_index_bound(c: CompiledCalendar, t: int) -> int:
    """Largest working index whose start instant is not after ``t``."""
    k = c.index(t)
    return k if c.start_at(k) <= t else k - 1


class ScheduleState:
    """Arrays of computed dates for a :class:`Network`; the passes work node by node so that
    :class:`~.incremental.IncrementalScheduler` can re-run them on part of the graph."""

    def __init__(self, net: Network) -> None:
        self.net = net
        project = net.project
        pcal = net.project_calendar
        self.options = project.options
        self.p6 = project.options.p6_rules
        # Working index of a late-start bound: P6 lets a start bound that falls in non-working
        # time start the task at the end of its last working period before it.
        self.start_bound_index = CompiledCalendar.index if self.p6 else _start_index_bound
        self.from_finish = not project.options.schedule_from_start
        self.start_t = pcal.start_at(pcal.index(pcal.from_datetime(project.start)))
        if self.from_finish:
            if project.finish is None:
                raise SchedulingError(
                    f"project {project.name!r} is scheduled from its finish but has no finish date"
                )
            self.finish_anchor: int | None = pcal.from_datetime(project.finish)
        else:
            self.finish_anchor = None
        self.status_t = (
            pcal.from_datetime(project.status_date)
            if project.status_date is not None and project.options.remaining_after_status_date
            else None
        )
        self._read_task_dates()
        self._allocate_results(len(net.ids))
        self.finish_t = 0

    def _read_task_dates(self) -> None:
        net = self.net
        n = len(net.ids)
        self.constraint = [_CONSTRAINT_CODES[ConstraintType(t.constraint)] for t in net.tasks]
        self.constraint_t = [self._instant(t.constraint_date) for t in net.tasks]
        self.deadline_t = [self._instant(t.deadline) for t in net.tasks]
        self.actual_start_t = [self._instant(t.actual_start) for t in net.tasks]
        self.actual_finish_t = [self._instant(t.actual_finish) for t in net.tasks]
        self.manual_start_t = [
            self._instant(t.manual_start) if t.manual else None for t in net.tasks
        ]
        # The finish typed on a manual task, shown when it is the computed finish in working
        # time (see forward_node).
        self.manual_finish_t = [
            self._instant(t.manual_finish) if t.manual and t.manual_start else None
            for t in net.tasks
        ]
        for i, code in enumerate(self.constraint):
            if code not in (_ASAP, _ALAP) and self.constraint_t[i] is None:
                raise SchedulingError(
                    f"task {net.ids[i]!r} has a {net.tasks[i].constraint} constraint without a date"
                )
            if self.from_finish and code == _ASAP:
                self.constraint[i] = _ALAP
        # Tasks whose start a leveling delay moves: not those a must-start/finish-on date or a
        # manual start pins (progress takes its own branch of the passes before the delay).
        self.delayed = [
            t.leveling_delay.minutes > 0
            and self.constraint[i] not in (_MSO, _MFO)
            and self.manual_start_t[i] is None
            for i, t in enumerate(net.tasks)
        ]
        # Tasks that can raise constraint or deadline warnings, in task order.
        self.dated_tasks = [
            i
            for i in range(n)
            if self.constraint[i] not in (_ASAP, _ALAP) or self.deadline_t[i] is not None
        ]
        self.progress = [
            self.actual_start_t[i] is not None or self.actual_finish_t[i] is not None
            for i in range(n)
        ]
        self.completed = [t is not None for t in self.actual_finish_t]
        # Tasks keep their manual flag through incremental changes (replace_task rebuilds).
        self.has_manual = any(t.manual for t in net.tasks)
        self.summary_floor = self._summary_floors() if self.has_manual else [None] * n
        self.slack_cal = self._slack_calendars()
        self.milestone_flags = [t.milestone for t in net.tasks]
        # P6: start milestones sit at the next working period's start, finish milestones at
        # the previous period's end (see forward_node and _set_late).
        self.start_milestone = [
            self.p6 and t.milestone and not t.finish_milestone for t in net.tasks
        ]
        self.finish_milestone = [self.p6 and t.milestone and t.finish_milestone for t in net.tasks]
        # P6 delays an ALAP task within its free float only (see _alap_within_free_float) and
        # shows those delayed early dates; MS Project shows ALAP tasks at their late dates.
        self.p6_alap = [
            self.p6 and not self.from_finish and code == _ALAP for code in self.constraint
        ]
        self.alap_flags = [
            code == _ALAP and not self.p6_alap[i] for i, code in enumerate(self.constraint)
        ]
        # Actual (start, finish) of completed zero-remaining nodes, shown apart from their
        # es_t/ef_t (the instant they drive their successors from).
        self.actual_shown: dict[int, tuple[int, int]] = {}
        self.zero_node = [False] * n
        self.logic_driven = [False] * n
        for i in range(n):
            self.set_progress_flags(i)
        # Without a status date, a started, unfinished task bounds its finish-to-start
        # predecessors at the point where its remaining work resumes (see backward_node).
        self.resume_bounds = net.project.status_date is None and not self.p6

    def set_progress_flags(self, i: int) -> None:
        """Whether links into task ``i`` constrain it: completed tasks and in-progress tasks
        without retained logic after a status date ignore their predecessors. Under P6's rules
        with retained logic a completed task stays in the network as a zero-remaining node
        (``zero_node``, see :meth:`_completed_node`)."""
        retained = self.status_t is not None and self.options.retained_logic
        done = self.actual_finish_t[i] is not None
        self.zero_node[i] = done and retained and self.p6
        self.logic_driven[i] = not self.net.loe[i] and (
            self.zero_node[i] or (not done and (self.actual_start_t[i] is None or retained))
        )
        if not self.zero_node[i]:
            self.actual_shown.pop(i, None)

    def _slack_calendars(self) -> list[CompiledCalendar | None]:
        """Per task, the calendar its total float is counted on when that is not the calendar
        it is scheduled on: MS Project counts slack on the task's own calendar (the project
        calendar when it has none), not on the working time it shares with its resources."""
        net = self.net
        found: list[CompiledCalendar | None] = [None] * len(net.ids)
        for i, task in enumerate(net.tasks):
            if task.duration.elapsed or net.cal[i] is net.project_calendar:
                continue
            own = (
                net.calendars.get(task.calendar_id)
                if task.calendar_id is not None
                else net.project_calendar
            )
            if own is not net.cal[i]:
                found[i] = own
        return found

    def _summary_floors(self) -> list[int | None]:
        """Per task, the latest manual start of the manually scheduled summaries above it.

        MS Project starts no task under a manually scheduled summary before the summary's
        manual start, whatever the project start or the task's links allow.
        """
        net = self.net
        floors: list[int | None] = [None] * len(net.ids)
        for i in range(len(net.ids)):
            starts = []
            p = net.parent[i]
            while p >= 0:
                at = self.manual_start_t[p]
                if at is not None:
                    starts.append(at)
                p = net.parent[p]
            floors[i] = max(starts, default=None)
        return floors

    def _allocate_results(self, n: int) -> None:
        self.es_t, self.ef_t, self.es_w, self.ef_w = [0] * n, [0] * n, [0] * n, [0] * n
        self.ls_t, self.lf_t, self.ls_w, self.lf_w = [0] * n, [0] * n, [0] * n, [0] * n
        self.total_float, self.free_float = [0] * n, [0] * n
        self.critical_candidates: set[int] = set(range(n))
        self.negative_float: set[int] = set()
        self.late_start_bound = [0] * n  # latest instant a link may drive the start to
        self.early_start_bound = [0] * n  # same for the early start (free float)
        self.bound_f, self.bound_s = [POS] * n, [POS] * n  # late bounds a summary passes down
        self.ebound_f, self.ebound_s = [POS] * n, [POS] * n  # same from early dates
        self.overridden = [0] * n  # minutes by which a constraint beat logic
        self.finish_shown: dict[int, int] = {}  # early finishes shown apart from ef_t
        self.resume_t: list[int | None] = [None] * n  # where started tasks' remaining work resumes

    def _instant(self, value: datetime | None) -> int | None:
        return None if value is None else self.net.project_calendar.from_datetime(value)

    # Forward pass -------------------------------------------------------------------------

    def forward_node(self, i: int) -> None:
        """Compute early dates of node ``i`` from its predecessors (or its children)."""
        net = self.net
        if net.summary[i]:
            self._rollup_early(i)
            return
        if self.actual_finish_t[i] is not None:
            self._fixed_early(i)
            return
        if net.loe[i]:
            self._forward_task(i)
            self._span_finish(i)
            return
        self._forward_task(i)

    def _forward_task(self, i: int) -> None:
        net = self.net
        c = net.cal[i]
        edges = net.in_edges[i]
        cs = self._start_floor(i, c, bool(edges))
        cf = NEG
        ef_t, es_t = self.ef_t, self.es_t
        for p, kind, lag, lag_cal in edges:
            base = ef_t[p] if kind % 2 == 0 else es_t[p]
            if lag_cal is not None:
                base = lag_cal.shift_forward(base, lag)
            if kind < 2:
                if base > cs:
                    cs = base
            elif base > cf:
                cf = base
        status = self.status_t
        if status is not None and status > cs:
            cs = status
        manual_at = self.manual_start_t[i]
        d = net.remaining[i]
        if manual_at is not None:
            cs, cf = manual_at, self._typed_finish(i, c, manual_at, d)
        w = c.index(cs) if cs != NEG else NEG
        if cf != NEG:
            wf = c.index(cf) - d
            if wf > w:
                w = wf
        if self.constraint[i] > _ALAP and manual_at is None:
            w = self._constrain_early(i, c, w, d)
        if self.actual_start_t[i] is not None:
            self._resume_early(i, c, w, d)
            return
        # Free float is measured against the start before the leveling delay.
        self.early_start_bound[i] = c.start_at(w)
        w = self._delay(i, c, w) if self.delayed[i] else w
        self.es_w[i] = w
        self.ef_w[i] = w + d
        parts = net.parts.get(i) if manual_at is None else None
        if d and parts:
            # Each assignment works its own calendar from the task start; the last one ends it.
            start = self.es_t[i] = c.start_at(w)
            finish = self.ef_t[i] = max(pc.finish_at(pc.index(start) + m) for pc, m in parts)
            self.ef_w[i] = c.index(finish)
        elif d:
            self.es_t[i] = c.start_at(w)
            self.ef_t[i] = c.finish_at(w + d)
            self._show_driven_finish(i, c, cf, w + d)
        else:
            self._place_zero(i, c, cs if cs > cf else cf, w, manual_at is None)

    def _place_zero(self, i: int, c: CompiledCalendar, t: int, w: int, constrained: bool) -> None:
        """Place a zero-duration task at working index ``w``: at its driving instant ``t`` (or
        its constraint's time, see _zero_at_constraint) when that has index ``w``, else at the
        start of ``w``."""
        if constrained and self.constraint[i] > _ALAP:
            t = self._zero_at_constraint(i, c, t, w)
        t = c.snap_zero(t) if c.index(t) == w and not self.start_milestone[i] else c.start_at(w)
        self.es_t[i] = self.ef_t[i] = t

    def _typed_finish(self, i: int, c: CompiledCalendar, start: int, d: int) -> int:
        """A manual task's typed finish when it is its computed finish in working time (MS
        Project shows "Monday 08:00" as typed, not the equal "Friday 17:00"), else NEG; passed
        on as a driving finish so that _show_driven_finish shows it."""
        typed = self.manual_finish_t[i]
        if typed is None or d == 0 or c.index(typed) != c.index(start) + d:
            return NEG
        return typed

    def _zero_at_constraint(self, i: int, c: CompiledCalendar, t: int, w: int) -> int:
        """The instant a zero-duration task shows at when its constraint places it: the
        constraint's time of day (a milestone that must finish on Friday 17:00 sits there, not
        at Monday 08:00), unless logic drives it to a later instant of the same working index."""
        date_t = self.constraint_t[i]
        assert date_t is not None  # noqa: S101 - checked in __init__
        if c.index(date_t) == w and (c.index(t) != w or date_t > t):
            return date_t
        return t

    def _span_finish(self, i: int) -> None:
        """A level of effort task finishes as the links to its successors say (the latest such
        finish); without such links it keeps the finish of its own duration."""
        c = self.net.cal[i]
        finish = NEG
        for s, kind, lag, lag_cal in self.net.span_out.get(i, ()):
            if kind == 1 or kind == 3:
                continue  # SS/SF tie its start, not its finish
            t = self.es_t[s] if kind == 0 else self.ef_t[s]
            if lag_cal is not None:
                t = lag_cal.shift_back(t, lag)
            if t > finish:
                finish = t
        if finish == NEG:
            return
        self.finish_shown.pop(i, None)
        self.ef_w[i] = w = max(self.es_w[i], c.index(finish))
        self.ef_t[i] = c.finish_at(w) if w > self.es_w[i] else self.es_t[i]

    def _start_floor(self, i: int, c: CompiledCalendar, linked: bool) -> int:
        """The earliest start before links: the project start is the default start only of
        tasks without predecessors (a linked task follows its links, even to dates before the
        project start); a manually scheduled summary's start bounds every task under it."""
        if linked:
            cs = NEG
        elif self.constraint[i] in _DATED_EARLY:
            cs = self._early_floor(i, c)
        else:
            cs = self.start_t
        floor = self.summary_floor[i]
        return cs if floor is None or floor < cs else floor

    def _delay(self, i: int, c: CompiledCalendar, w: int) -> int:
        """The working index ``w`` moved by the task's leveling delay: elapsed minutes from the
        start instant (then on to the next working minute), or working minutes."""
        delay = self.net.tasks[i].leveling_delay
        if delay.elapsed:
            return c.index(c.start_at(w) + delay.minutes)
        return w + delay.minutes

    def _undelay(self, i: int, c: CompiledCalendar, w: int) -> int:
        """The latest start instant before the leveling delay whose delayed start is not after
        working index ``w`` (the exact inverse of :meth:`_delay`, for the backward pass)."""
        delay = self.net.tasks[i].leveling_delay
        if delay.elapsed:
            return c.start_at(_start_index_bound(c, c.start_at(w) - delay.minutes))
        return c.start_at(w - delay.minutes)

    def _early_floor(self, i: int, c: CompiledCalendar) -> int:
        # A dated start/finish constraint, not the project start, is the task's lower bound:
        # MS Project places a task with an SNET date before the project start on that date.
        date_t = self.constraint_t[i]
        assert date_t is not None  # noqa: S101 - checked in __init__
        target = c.index(date_t)
        if self.constraint[i] in _ON_FINISH:
            target -= self.net.remaining[i]
        return min(self.start_t, c.start_at(target))

    def _show_driven_finish(self, i: int, c: CompiledCalendar, cf: int, finish_w: int) -> None:
        # MS Project puts a finish driven by a link at the driving instant when that instant
        # is the start of a working period (an SF link from a Monday 08:00 start finishes its
        # successor "Monday 08:00", not "Friday 17:00"). Its own successors then start from
        # there, and the backward pass inverts that (see backward_node).
        shown = c.snap_zero(cf) if cf != NEG and c.index(cf) == finish_w else None
        if shown is not None and shown != self.ef_t[i]:
            self.finish_shown[i] = self.ef_t[i] = shown
        else:
            self.finish_shown.pop(i, None)

    def _constrain_early(self, i: int, c: CompiledCalendar, w: int, d: int) -> int:
        code = self.constraint[i]
        date_t = self.constraint_t[i]
        assert date_t is not None  # noqa: S101 - checked in __init__
        target = c.index(date_t)
        if code in _ON_FINISH:
            target -= d
        self.overridden[i] = 0
        if code in (_SNET, _FNET, _SO, _FO):
            return max(w, target)
        if code in (_MSO, _MFO) and w < target:
            return target
        if w > target and self.options.honor_constraints:
            self.overridden[i] = w - target
            return target
        return w

    def _fixed_early(self, i: int) -> None:
        c = self.net.cal[i]
        finish = self.actual_finish_t[i]
        assert finish is not None  # noqa: S101 - caller checked
        start = self.actual_start_t[i]
        if start is None:
            start = c.start_at(c.index(finish) - self.net.total[i])
        self.es_t[i], self.ef_t[i] = start, finish
        self.es_w[i], self.ef_w[i] = c.index(start), c.index(finish)
        self.early_start_bound[i] = start
        self.finish_shown.pop(i, None)
        self.overridden[i] = 0  # its constraint no longer applies (stale after an update)
        if self.zero_node[i]:
            self._completed_node(i)

    def _completed_node(self, i: int) -> None:
        """P6, retained logic: a completed task is a zero-remaining node at its actual finish,
        or later when an open predecessor pushes it; links from it count from that instant."""
        c = self.net.cal[i]
        self.actual_shown[i] = (self.es_t[i], self.ef_t[i])
        t = self.ef_t[i]
        ef_t, es_t = self.ef_t, self.es_t
        for p, kind, lag, lag_cal in self.net.in_edges[i]:
            base = ef_t[p] if kind % 2 == 0 else es_t[p]
            if lag_cal is not None:
                base = lag_cal.shift_forward(base, lag)
            if base > t:
                t = base
        self.es_t[i] = self.ef_t[i] = self.early_start_bound[i] = t
        self.es_w[i] = self.ef_w[i] = c.index(t)

    def _resume_early(self, i: int, c: CompiledCalendar, w_logic: int, d: int) -> None:
        start = self.actual_start_t[i]
        assert start is not None  # noqa: S101 - caller checked
        done = max(0, self.net.total[i] - d)
        resume = c.index(start) + done
        if self.status_t is not None:
            resume = max(resume, c.index(self.status_t))
            if self.options.retained_logic:
                resume = max(resume, w_logic)
        self.es_t[i] = self.early_start_bound[i] = start
        self.es_w[i] = c.index(start)
        self.finish_shown.pop(i, None)
        self.resume_t[i] = c.start_at(resume) if d > 0 else None
        self.ef_w[i] = resume + d
        self.ef_t[i] = c.finish_at(resume + d) if resume + d > self.es_w[i] else start
        if d == 0 and self.p6 and self.status_t is not None:
            # P6: started with nothing left, it finishes at the first working moment at or
            # after the data date.
            self.ef_t[i] = max(start, c.start_at(resume))

    def _rollup_early(self, i: int) -> None:
        kids = self.net.children[i]
        start = min(self.es_t[k] for k in kids)
        if self.actual_shown:
            shown = self.actual_shown
            start = min(start, min((shown[k][0] for k in kids if k in shown), default=start))
        finish = max(self.ef_t[k] for k in kids)
        c = self.net.cal[i]
        self.es_t[i], self.ef_t[i] = start, finish
        self.es_w[i], self.ef_w[i] = c.index(start), c.index(finish)

    # Backward pass ------------------------------------------------------------------------

    def backward_node(self, i: int) -> None:
        """Compute late dates and free float of node ``i`` from its successors and parent."""
        net = self.net
        if net.loe[i] and not net.summary[i]:
            self._span_late(i)
            return
        lf, ls, ff_f, ff_s = POS, POS, POS, POS
        cals, driven = net.cal, self.logic_driven
        manual = net.tasks[i].manual
        for s, kind, lag, lag_cal in net.out_edges[i]:
            if not driven[s]:
                if kind != 0 or not self.resume_bounds or self.actual_finish_t[s] is not None:
                    continue
                # A started successor (no status date) holds its FS predecessors to where its
                # remaining work resumes; with nothing remaining, to its late dates.
                resume = self.resume_t[s]
                late = early = self.late_start_bound[s] if resume is None else resume
            # The latest instants the successor's driven date still allows (see shift_back).
            elif kind < 2:
                late, early = self.late_start_bound[s], self.early_start_bound[s]
            else:
                late = cals[s].start_at(self.lf_w[s])
                early = cals[s].start_at(self.ef_w[s])
            if lag_cal is not None:
                late = lag_cal.shift_back(late, lag)
                early = lag_cal.shift_back(early, lag)
            if kind % 2 == 0:
                lf = min(lf, late)
                ff_f = min(ff_f, early)
            elif not manual:
                ls = min(ls, late)
                ff_s = min(ff_s, early)
        p = net.parent[i]
        if p >= 0:
            lf, ls = min(lf, self.bound_f[p]), min(ls, self.bound_s[p])
            ff_f, ff_s = min(ff_f, self.ebound_f[p]), min(ff_s, self.ebound_s[p])
        if net.summary[i]:
            self.bound_f[i], self.bound_s[i] = lf, ls
            self.ebound_f[i], self.ebound_s[i] = ff_f, ff_s
            return
        c = net.cal[i]
        d = net.remaining[i]
        if d == 0:
            self._backward_zero(i, c, min(lf, ls, self.finish_t), min(ff_f, ff_s, self.finish_t))
            return
        w = ff_bound = c.index(self.finish_t)
        # A finish shown at a period start drives successors from there: invert that for link
        # bounds (the project finish bounds it like any task).
        to_index = _start_index_bound if i in self.finish_shown else CompiledCalendar.index
        if lf != POS:
            w = min(w, to_index(c, lf))
        if ff_f != POS:
            ff_bound = min(ff_bound, to_index(c, ff_f))
        d = self._late_span(i, c, w, d)
        if ls != POS:
            w = min(w, self.start_bound_index(c, ls) + d)
        self._late_with_pin(i, c, self._constrain_late(i, c, w, d), d)
        self._set_free_float(i, c, d, ff_bound, ff_s)

    def _late_span(self, i: int, c: CompiledCalendar, w: int, d: int) -> int:
        """The task's working minutes on ``c`` before its late finish ``w``: ``d``, or for a not
        started task with assignments on their own calendars, back to the earliest of their late
        starts (each counted back on its own calendar from the late finish)."""
        parts = self.net.parts.get(i)
        if not parts or self.progress[i]:
            return d
        late_finish = c.finish_at(w)
        late_start = min(pc.start_at(pc.index(late_finish) - m) for pc, m in parts)
        return max(0, w - c.index(late_start))

    def _set_free_float(
        self, i: int, c: CompiledCalendar, d: int, ff_bound: int, ff_s: int
    ) -> None:
        free = ff_bound - self.ef_w[i]
        if ff_s != POS:
            free = min(free, self.start_bound_index(c, ff_s) - self.es_w[i])
        self.free_float[i] = max(0, min(free, self.total_float[i]))
        if self.p6_alap[i]:
            self._alap_within_free_float(i, c, d)

    def _alap_within_free_float(self, i: int, c: CompiledCalendar, d: int) -> None:
        """P6's As Late As Possible: the early dates move later by the free float, so no
        successor's early dates move. The backward pass visits the last task first, so a
        predecessor's free float is measured against this task's delayed dates; total float
        is measured from them."""
        ff = self.free_float[i]
        if ff <= 0 or self.progress[i]:
            return
        w = self.es_w[i] + ff
        self.es_w[i], self.ef_w[i] = w, w + d
        if d:
            self.es_t[i], self.ef_t[i] = c.start_at(w), c.finish_at(w + d)
        else:
            t = c.start_at(w) if self.start_milestone[i] else c.finish_at(w)
            self.es_t[i] = self.ef_t[i] = t
        self.early_start_bound[i] = self.es_t[i]
        self.finish_shown.pop(i, None)
        self.free_float[i] = 0
        self._set_total_float(i, self.total_float[i] - ff)

    def _span_late(self, i: int) -> None:
        """A level of effort task has no float of its own: late dates are its early dates."""
        self.ls_t[i], self.lf_t[i] = self.es_t[i], self.ef_t[i]
        self.ls_w[i], self.lf_w[i] = self.es_w[i], self.ef_w[i]
        self.late_start_bound[i] = self.es_t[i]
        self._set_total_float(i, 0)
        self.free_float[i] = 0

    def _backward_zero(self, i: int, c: CompiledCalendar, late: int, early: int) -> None:
        if self.zero_node[i]:
            # Its successors' late dates flow through it to its predecessors; it shows its
            # actual dates, no float, and is never critical.
            self.ls_t[i], self.lf_t[i] = self.actual_shown[i]
            self.ls_w[i] = self.lf_w[i] = c.index(late)
            self.late_start_bound[i] = late
            self._set_total_float(i, 0)
            self.free_float[i] = 0
            return
        self._late_with_pin(i, c, self._constrain_late(i, c, c.index(late), 0), 0)
        free = c.index(early) - self.es_w[i]
        self.free_float[i] = max(0, min(free, self.total_float[i]))
        if self.p6_alap[i]:
            self._alap_within_free_float(i, c, 0)

    def _constrain_late(self, i: int, c: CompiledCalendar, w: int, d: int) -> int:
        code = self.constraint[i]
        date_t = self.constraint_t[i]
        if date_t is not None and code in (_SNLT, _FNLT, _SO, _FO):
            target = c.index(date_t)
            w = min(w, target if code in _ON_FINISH else target + d)
        deadline = self.deadline_t[i]
        if deadline is not None:
            w = min(w, c.index(deadline))
        return w

    def _late_with_pin(self, i: int, c: CompiledCalendar, w: int, d: int) -> None:
        """Set late dates from the logic bound ``w``; a must-start/finish-on constraint pins them.

        As in MS Project (and P6's mandatory constraints), a pinned task's late dates are its
        constraint dates, which is what its predecessors see: logic does not flow through it
        backwards. Its own total float is the lesser of the float against its constraint and
        the float its successors and deadline leave it.
        """
        code = self.constraint[i]
        date_t = self.constraint_t[i]
        if code not in (_MSO, _MFO) or date_t is None or self.progress[i]:
            self._set_late(i, c, w, d)
        else:
            pinned = c.index(date_t) + (d if code == _MSO else 0)
            logic_float = min(w - d - self.es_w[i], w - self.ef_w[i])
            self._set_late(i, c, pinned, d)
            self._set_total_float(i, min(self.total_float[i], logic_float))
        # A constraint that wins over logic leaves the task the negative float by which its
        # predecessors are violated.
        overridden = self.overridden[i]
        if overridden > 0 and not self.progress[i] and -overridden < self.total_float[i]:
            self._set_total_float(i, -overridden)

    def _set_late(self, i: int, c: CompiledCalendar, w: int, d: int) -> None:
        if self.actual_finish_t[i] is not None:
            self.ls_t[i], self.lf_t[i] = self.es_t[i], self.ef_t[i]
            self.ls_w[i], self.lf_w[i] = self.es_w[i], self.ef_w[i]
            self.late_start_bound[i] = self.es_t[i]
            self._set_total_float(i, 0)
            return
        self.lf_w[i] = w
        self.lf_t[i] = c.finish_at(w)
        sc = self.slack_cal[i]
        if self.actual_start_t[i] is not None:
            self.ls_t[i], self.ls_w[i] = self.es_t[i], self.es_w[i]
            if w <= self.es_w[i]:
                self.lf_t[i] = self.es_t[i]
            elif d == 0 and self.p6:
                self.lf_t[i] = c.start_at(w)  # as the early finish (see _resume_early)
            self.late_start_bound[i] = c.start_at(w - d)
            if sc is None:
                self._set_total_float(i, w - self.ef_w[i])
            else:
                self._set_total_float(i, sc.index(self.lf_t[i]) - sc.index(self.ef_t[i]))
            return
        self.ls_w[i] = w - d
        self.ls_t[i] = self.late_start_bound[i] = c.start_at(w - d)
        if self.finish_milestone[i] and d == 0:
            # P6: a finish milestone's late date is the end of the previous working period on
            # its calendar; predecessors are bound to that instant on their own calendars.
            self.ls_t[i] = self.late_start_bound[i] = self.lf_t[i]
        if self.delayed[i]:
            self.late_start_bound[i] = self._undelay(i, c, w - d)
        if sc is None:
            start_float = self.ls_w[i] - self.es_w[i]
            finish_float = w - self.ef_w[i]
        else:
            start_float = sc.index(self.ls_t[i]) - sc.index(self.es_t[i])
            finish_float = sc.index(self.lf_t[i]) - sc.index(self.ef_t[i])
        self._set_total_float(i, start_float if start_float < finish_float else finish_float)

    def _set_total_float(self, i: int, value: int) -> None:
        self.total_float[i] = value
        # Kept up to date so that the critical path and negative-float warnings need not scan
        # every task after an incremental change.
        if value <= self.options.critical_float_minutes:
            self.critical_candidates.add(i)
        else:
            self.critical_candidates.discard(i)
        if value < 0:
            self.negative_float.add(i)
        else:
            self.negative_float.discard(i)

    def rollup_late(self, i: int) -> None:
        """Late dates and floats of summary ``i`` from its children (children done first)."""
        net = self.net
        kids = net.children[i]
        c = net.cal[i]
        self.ls_t[i] = min(self.ls_t[k] for k in kids)
        self.lf_t[i] = max(self.lf_t[k] for k in kids)
        self.ls_w[i], self.lf_w[i] = c.index(self.ls_t[i]), c.index(self.lf_t[i])
        self._set_total_float(i, min(self.ls_w[i] - self.es_w[i], self.lf_w[i] - self.ef_w[i]))
        self.free_float[i] = max(0, min(self.total_float[i], *(self.free_float[k] for k in kids)))

    # Whole passes -------------------------------------------------------------------------

    def project_finish(self) -> int:
        """The latest early finish of any task (the project start for an empty project)."""
        if self.finish_anchor is not None:
            return self.finish_anchor
        return max(self.ef_t, default=self.start_t)

    def run(self) -> None:
        """Forward pass, project finish, backward pass and summary rollups over all nodes."""
        order = self.net.order
        if self.from_finish:
            self._run_from_finish()
            return
        for i in order:
            self.forward_node(i)
        self.finish_t = self.project_finish()
        self.run_backward()

    def run_backward(self) -> None:
        order = self.net.order
        for k in range(len(order) - 1, -1, -1):
            self.backward_node(order[k])
        for i in order:
            if self.net.summary[i]:
                self.rollup_late(i)

    def _run_from_finish(self) -> None:
        order = self.net.order
        self.finish_t = self.project_finish()
        # Early dates are unknown before the backward pass; seed them with the anchor so that
        # free float and late milestone display have defined inputs, then redo both passes.
        n = len(order)
        self.es_t = [self.finish_t] * n
        self.ef_t = [self.finish_t] * n
        self.run_backward()
        pcal = self.net.project_calendar
        leaves = [i for i in order if not self.net.summary[i]]
        earliest = min((self.ls_t[i] for i in leaves), default=self.finish_t)
        self.start_t = pcal.start_at(pcal.index(earliest))
        for i in order:
            self.forward_node(i)
        self.run_backward()

    # Output -------------------------------------------------------------------------------

    def critical(self, i: int) -> bool:
        if self.actual_finish_t[i] is not None or self.placeholder(i) or self.net.loe[i]:
            return False
        return self.total_float[i] <= self.options.critical_float_minutes

    def placeholder(self, i: int) -> bool:
        """A manually scheduled task with an estimated duration and no links: MS Project never
        marks it critical, whatever its float (see the module conventions)."""
        task = self.net.tasks[i]
        return (
            task.manual
            and task.duration.estimated
            and not self.net.in_edges[i]
            and not self.net.out_edges[i]
        )

    def never_critical(self) -> list[bool]:
        """Per task: completed, or a placeholder (:meth:`placeholder`)."""
        loe = self.net.loe
        if not self.has_manual and not self.net.span_out and not any(loe):
            return list(self.completed)
        return [done or loe[i] or self.placeholder(i) for i, done in enumerate(self.completed)]

    def warnings(self) -> tuple[ScheduleWarning, ...]:
        return tuple(collect_warnings(self))

    def to_schedule(self) -> Schedule:
        """Freeze the arrays into a :class:`Schedule` (task entries are built on first access)."""
        net = self.net
        pcal = net.project_calendar
        snapshot = _Snapshot.from_state(self)
        critical = sorted(
            (i for i in self.critical_candidates if not net.summary[i] and self.critical(i)),
            key=lambda i: (self.es_t[i], self.ef_t[i], i),
        )
        return Schedule(
            project_start=pcal.to_datetime(self.start_t),
            project_finish=pcal.to_datetime(self.finish_t),
            tasks=_LazyTaskSchedules(snapshot),
            critical_path=tuple(net.ids[i] for i in critical),
            warnings=self.warnings(),
            status_date=net.project.status_date,
        )


def collect_warnings(state: ScheduleState) -> list[ScheduleWarning]:
    """Constraints beaten by logic or beating it, missed deadlines, negative float."""
    net = state.net
    found: list[ScheduleWarning] = []
    for i in state.dated_tasks:
        task_id = net.ids[i]
        c = net.cal[i]
        if state.overridden[i] > 0:
            found.append(
                ScheduleWarning(
                    "constraint-overrides-logic",
                    f"task {task_id!r}: {net.tasks[i].constraint} constraint holds it "
                    f"{state.overridden[i]} working minutes before its predecessors allow",
                    (task_id,),
                )
            )
        found.extend(_unmet_constraint(state, i, c))
        deadline = state.deadline_t[i]
        if deadline is not None and state.ef_w[i] > c.index(deadline):
            found.append(
                ScheduleWarning(
                    "deadline-missed",
                    f"task {task_id!r} finishes after its deadline",
                    (task_id,),
                )
            )
    negative = [net.ids[i] for i in sorted(state.negative_float) if not net.summary[i]]
    if negative:
        found.append(
            ScheduleWarning(
                "negative-float",
                f"{len(negative)} task(s) have negative total float: " + ", ".join(negative[:20]),
                tuple(negative),
            )
        )
    return found


def _unmet_constraint(state: ScheduleState, i: int, c: CompiledCalendar) -> list[ScheduleWarning]:
    code = state.constraint[i]
    date_t = state.constraint_t[i]
    if date_t is None or code in (_ASAP, _ALAP) or state.net.summary[i]:
        return []
    target = c.index(date_t)
    start, finish = state.es_w[i], state.ef_w[i]
    unmet = {
        _SNET: start < target,
        _SNLT: start > target,
        _FNET: finish < target,
        _FNLT: finish > target,
        _MSO: start != target,
        _MFO: finish != target,
        _SO: start != target,
        _FO: finish != target,
    }[code]
    if not unmet or state.actual_start_t[i] is not None or state.actual_finish_t[i] is not None:
        return []
    task_id = state.net.ids[i]
    return [
        ScheduleWarning(
            "constraint-unmet",
            f"task {task_id!r}: logic prevents its {state.net.tasks[i].constraint} constraint",
            (task_id,),
        )
    ]


class _Snapshot:
    """Copies of the state's arrays, so later incremental changes leave a schedule unchanged."""

    def __init__(
        self,
        *,
        ids: list[str],
        summary: list[bool],
        total: list[int],
        remaining: list[int],
        milestone: list[bool],
        alap: list[bool],
        progress: list[bool],
        never_critical: list[bool],
        instants: tuple[list[int], list[int], list[int], list[int]],
        indices: tuple[list[int], list[int], list[int], list[int]],
        floats: tuple[list[int], list[int]],
        critical_limit: int,
        cals: list[CompiledCalendar],
        calendar: CompiledCalendar,
        finish_shown: dict[int, int] | None = None,
        index: dict[str, int] | None = None,
        start_milestone: list[bool] | None = None,
        actual_shown: dict[int, tuple[int, int]] | None = None,
        spans: list[bool] | None = None,
    ) -> None:
        self.ids = ids
        self.index = index if index is not None else {task_id: i for i, task_id in enumerate(ids)}
        self.summary, self.total, self.remaining = summary, total, remaining
        self.milestone, self.alap, self.progress = milestone, alap, progress
        self.never_critical = never_critical
        self.es_t, self.ef_t, self.ls_t, self.lf_t = instants
        self.es_w, self.ef_w, self.ls_w, self.lf_w = indices
        self.total_float, self.free_float = floats
        self.critical_limit = critical_limit
        self.cals = cals
        self.finish_shown = finish_shown or {}
        self.pcal = calendar
        self.start_milestone = start_milestone
        self.actual_shown = actual_shown or {}
        self.spans = spans

    @classmethod
    def from_state(cls, state: ScheduleState) -> _Snapshot:
        net = state.net
        return cls(
            ids=list(net.ids),
            summary=list(net.summary),
            total=list(net.total),
            remaining=list(net.remaining),
            milestone=list(state.milestone_flags),
            alap=list(state.alap_flags),
            progress=list(state.progress),
            never_critical=state.never_critical(),
            spans=list(net.loe) if any(net.loe) else None,
            instants=(list(state.es_t), list(state.ef_t), list(state.ls_t), list(state.lf_t)),
            indices=(list(state.es_w), list(state.ef_w), list(state.ls_w), list(state.lf_w)),
            floats=(list(state.total_float), list(state.free_float)),
            critical_limit=state.options.critical_float_minutes,
            cals=list(net.cal),
            calendar=net.project_calendar,
            finish_shown={i: t for i, t in state.finish_shown.items() if not state.progress[i]},
            index=net.index,
            start_milestone=list(state.start_milestone) if state.p6 else None,
            actual_shown=dict(state.actual_shown),
        )

    def build(self, i: int) -> TaskSchedule:
        dt = self.pcal.to_datetime
        es, ef, ls, lf = self.es_t[i], self.ef_t[i], self.ls_t[i], self.lf_t[i]
        if self.remaining[i] == 0 and not self.summary[i] and not self.progress[i]:
            # A zero-duration task is shown early where the forward pass put it; late, at the
            # same place when it has no float, else at the end of its last working minute.
            late_w = self.lf_w[i]
            ls = lf = es if late_w == self.es_w[i] else self.cals[i].finish_at(late_w)
            if self.start_milestone is not None and self.start_milestone[i]:
                ls = lf = self.cals[i].start_at(late_w)  # P6: where a start milestone sits
        if i in self.finish_shown and self.lf_w[i] == self.ef_w[i]:
            lf = ef  # no float: shown late where it is shown early
        if i in self.actual_shown:
            es = ls = self.actual_shown[i][0]
            ef = lf = self.actual_shown[i][1]
        late_shown = self.alap[i] and not self.progress[i] and not self.summary[i]
        start, finish = (ls, lf) if late_shown else (es, ef)
        spans = self.summary[i] or (self.spans is not None and self.spans[i])
        duration = self.ef_w[i] - self.es_w[i] if spans else self.total[i]
        return TaskSchedule(
            task_id=self.ids[i],
            start=dt(start),
            finish=dt(finish),
            early_start=dt(es),
            early_finish=dt(ef),
            late_start=dt(ls),
            late_finish=dt(lf),
            total_float_minutes=self.total_float[i],
            free_float_minutes=self.free_float[i],
            critical=not self.never_critical[i] and self.total_float[i] <= self.critical_limit,
            duration_minutes=duration,
            summary=self.summary[i],
            milestone=self.milestone[i] or (duration == 0 and not self.summary[i]),
            start_float_minutes=self.ls_w[i] - self.es_w[i],
            finish_float_minutes=self.lf_w[i] - self.ef_w[i],
            remaining_duration_minutes=self.remaining[i],
        )


class _LazyTaskSchedules(Mapping[str, TaskSchedule]):
    """Task schedules by id, converted to datetimes on first access."""

    def __init__(self, snapshot: _Snapshot) -> None:
        self._snapshot = snapshot
        self._built: dict[str, TaskSchedule] = {}

    def __getitem__(self, task_id: str) -> TaskSchedule:
        found = self._built.get(task_id)
        if found is None:
            found = self._snapshot.build(self._snapshot.index[task_id])
            self._built[task_id] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._snapshot.ids)

    def __len__(self) -> int:
        return len(self._snapshot.ids)


def compute_schedule(project: Project) -> Schedule:
    """The general (per-task) scheduler behind :func:`~.scheduler.schedule_project`."""
    with gc_paused():
        state = ScheduleState(build_network(project))
        state.run()
        return state.to_schedule()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the passes allocate many small tuples and no cycles,
    and collections triggered by those allocations cost a third of the run time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
