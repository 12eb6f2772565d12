"""Primavera P6 concepts shared by the XER and P6-XML readers.

Both readers collect a :class:`P6Data` (activities, relationships, calendars, WBS ...) and
:func:`build_p6_project` turns it into the scheduling model. P6 stores durations, lags and
floats in hours; activity ids (``task_code`` / ``Id``) become task ids. P6 decides criticality
by total float against the project's threshold, so the stored Critical flag is derived from the
stored total float that way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from ..scheduling.calendars import CalendarSet, compile_calendars
from ..scheduling.model import (
    Assignment,
    Calendar,
    ConstraintType,
    Duration,
    DurationUnit,
    Lag,
    LagCalendar,
    Link,
    LinkType,
    Project,
    Resource,
    ScheduleOptions,
    SchedulingError,
    Task,
    WorkingTime,
)
from .imported import ImportedProject, ImportNote, StoredTaskResult

__all__: list[str] = []

# XER codes and P6-XML names of constraints.
CONSTRAINTS: dict[str, ConstraintType] = {
    "CS_ALAP": ConstraintType.ALAP,
    "CS_MSO": ConstraintType.START_ON,
    "CS_MSOA": ConstraintType.SNET,
    "CS_MSOB": ConstraintType.SNLT,
    "CS_MEO": ConstraintType.FINISH_ON,
    "CS_MEOA": ConstraintType.FNET,
    "CS_MEOB": ConstraintType.FNLT,
    "CS_MANDSTART": ConstraintType.MSO,
    "CS_MANDFIN": ConstraintType.MFO,
    "As Late As Possible": ConstraintType.ALAP,
    "Start On": ConstraintType.START_ON,
    "Start On or After": ConstraintType.SNET,
    "Start On or Before": ConstraintType.SNLT,
    "Finish On": ConstraintType.FINISH_ON,
    "Finish On or After": ConstraintType.FNET,
    "Finish On or Before": ConstraintType.FNLT,
    "Mandatory Start": ConstraintType.MSO,
    "Mandatory Finish": ConstraintType.MFO,
}
LINK_TYPES: dict[str, LinkType] = {
    "PR_FS": LinkType.FS,
    "PR_SS": LinkType.SS,
    "PR_FF": LinkType.FF,
    "PR_SF": LinkType.SF,
    "Finish to Start": LinkType.FS,
    "Start to Start": LinkType.SS,
    "Finish to Finish": LinkType.FF,
    "Start to Finish": LinkType.SF,
}
LAG_CALENDARS: dict[str, LagCalendar] = {
    "rcal_Predecessor": LagCalendar.PREDECESSOR,
    "rcal_Successor": LagCalendar.SUCCESSOR,
    "rcal_24Hour": LagCalendar.TWENTY_FOUR_HOUR,
    "rcal_ProjDefault": LagCalendar.PROJECT,
    "Predecessor Activity Calendar": LagCalendar.PREDECESSOR,
    "Successor Activity Calendar": LagCalendar.SUCCESSOR,
    "24 Hour Calendar": LagCalendar.TWENTY_FOUR_HOUR,
    "Project Default Calendar": LagCalendar.PROJECT,
}
# Activity types: XER code / XML name -> (milestone, out-of-scope reason or "").
ACTIVITY_TYPES: dict[str, tuple[bool, str]] = {
    "TT_Task": (False, ""),
    "TT_Rsrc": (False, "resource-dependent activity"),
    "TT_Mile": (True, ""),
    "TT_FinMile": (True, ""),
    "TT_LOE": (False, ""),
    "TT_WBS": (False, "WBS summary activity"),
    "Task Dependent": (False, ""),
    "Resource Dependent": (False, "resource-dependent activity"),
    "Start Milestone": (True, ""),
    "Finish Milestone": (True, ""),
    "Level of Effort": (False, ""),
    "WBS Summary": (False, "WBS summary activity"),
}
RESOURCE_DEPENDENT = frozenset(("TT_Rsrc", "Resource Dependent"))
FINISH_MILESTONES = frozenset(("TT_FinMile", "Finish Milestone"))
LEVEL_OF_EFFORT = frozenset(("TT_LOE", "Level of Effort"))
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class P6Activity:
    """One activity as P6 stores it (hours, P6 names); ``line`` locates it for messages."""

    object_id: str
    code: str
    name: str
    line: int | str
    calendar_id: str | None = None
    wbs_id: str | None = None
    kind: str = "TT_Task"
    status: str = "not_started"  # not_started | in_progress | completed
    planned_hours: float = 0.0
    remaining_hours: float | None = None
    percent_complete: float = 0.0
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    constraint: str = ""
    constraint_date: datetime | None = None
    secondary_constraint: str = ""
    stored_start: datetime | None = None
    stored_finish: datetime | None = None
    early_start: datetime | None = None
    early_finish: datetime | None = None
    late_start: datetime | None = None
    late_finish: datetime | None = None
    total_float_hours: float | None = None


@dataclass
class P6Wbs:
    """A WBS node; the project's own node (XER ``proj_node_flag``) has ``project_node`` set."""

    parent: str | None
    code: str
    name: str = ""
    sequence: float = 0.0
    project_node: bool = False


@dataclass
class P6Relationship:
    predecessor: str
    successor: str
    kind: str
    lag_hours: float
    line: int | str


@dataclass
class P6Data:
    """A P6 project as read from a file, before conversion to the model."""

    source_format: str
    project_id: str
    name: str
    start: datetime
    calendar_id: str
    calendars: list[Calendar]
    data_date: datetime | None = None
    finish_by: datetime | None = None
    hours_per_day: float = 8.0
    hours_per_week: float | None = None
    hours_per_month: float | None = None
    lag_calendar: LagCalendar = LagCalendar.PREDECESSOR
    retained_logic: bool = True
    critical_float_hours: float = 0.0
    wbs: dict[str, P6Wbs] = field(default_factory=dict)
    activities: list[P6Activity] = field(default_factory=list)
    relationships: list[P6Relationship] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    assignments: list[tuple[str, str, float, float | None]] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)
    timezone: str = "UTC"


def excel_date(serial: str) -> date:
    """A P6 calendar date (days since 1899-12-30, as spreadsheets count)."""
    return _EXCEL_EPOCH + timedelta(days=int(float(serial)))


def work_period(start: int, finish: int) -> WorkingTime:
    """A P6 working period; an end of 00:00 means midnight, ends at :29/:59 are rounded up.

    P6-XML writes "08:00-11:59" for the period up to noon.
    """
    if finish % 30 == 29:
        finish += 1
    if finish <= start:
        finish += 1440
    return (start, min(finish, 1440))


def wbs_path(data: P6Data, wbs_id: str | None) -> str:
    """Dotted WBS codes from the top of the project's WBS to ``wbs_id`` (project node left out)."""
    codes: list[str] = []
    seen: set[str] = set()
    while wbs_id is not None and wbs_id in data.wbs and wbs_id not in seen:
        seen.add(wbs_id)
        node = data.wbs[wbs_id]
        if not node.project_node:
            codes.append(node.code)
        wbs_id = node.parent
    return ".".join(reversed(codes))


def _task_ids(data: P6Data) -> dict[str, str]:
    """Activity object id -> task id (the activity code, or the object id when codes repeat)."""
    codes = [activity.code for activity in data.activities]
    unique = len(set(codes)) == len(codes) and all(codes)
    return {a.object_id: (a.code if unique else a.object_id) for a in data.activities}


def _actual_minutes(
    data: P6Data, activity: P6Activity, calendars: CalendarSet | None
) -> int | None:
    """Working minutes from the actual start to the data date on the activity's calendar."""
    if calendars is None or activity.actual_start is None or data.data_date is None:
        return None
    try:
        calendar = calendars.get(activity.calendar_id or data.calendar_id)
        return max(0, calendar.working_time_between(activity.actual_start, data.data_date))
    except SchedulingError:
        return None


def _task(data: P6Data, activity: P6Activity, task_id: str, calendars: CalendarSet | None) -> Task:
    milestone = ACTIVITY_TYPES.get(activity.kind, (False, ""))[0]
    minutes = round(activity.planned_hours * 60)
    remaining = None
    if activity.status == "in_progress" and activity.remaining_hours is not None:
        remaining = Duration(round(activity.remaining_hours * 60), DurationUnit.HOUR)
        # P6 counts the time from the actual start to the data date as done and schedules the
        # remaining duration from the data date: the activity's duration is the at-completion
        # duration (actual + remaining), not the original planned one.
        actual = _actual_minutes(data, activity, calendars)
        if actual is not None:
            minutes = actual + remaining.minutes
    calendar_ids = {calendar.id for calendar in data.calendars}
    calendar_id = activity.calendar_id if activity.calendar_id in calendar_ids else None
    if activity.kind in RESOURCE_DEPENDENT and resource_calendars(data, activity):
        calendar_id = None  # P6 schedules it on its work resources' calendar
    constraint = CONSTRAINTS.get(activity.constraint, ConstraintType.ASAP)
    dated = constraint not in {ConstraintType.ASAP, ConstraintType.ALAP}
    return Task(
        id=task_id,
        name=activity.name,
        duration=Duration(0 if milestone else minutes, DurationUnit.HOUR),
        milestone=milestone,
        finish_milestone=activity.kind in FINISH_MILESTONES,
        level_of_effort=activity.kind in LEVEL_OF_EFFORT,
        calendar_id=calendar_id,
        # A task-dependent activity works on its own calendar whatever its resources' say.
        ignore_resource_calendar=True,
        constraint=constraint if (not dated or activity.constraint_date) else ConstraintType.ASAP,
        constraint_date=activity.constraint_date if dated else None,
        actual_start=activity.actual_start if activity.status != "not_started" else None,
        actual_finish=activity.actual_finish if activity.status == "completed" else None,
        percent_complete=100.0 if activity.status == "completed" else activity.percent_complete,
        remaining_duration=remaining,
        wbs=wbs_path(data, activity.wbs_id),
        outline_level=1,
    )


def resource_calendars(data: P6Data, activity: P6Activity) -> set[str] | None:
    """Calendars of the work resources assigned to ``activity``: None when they are unknown
    (no assignment in the file, or one naming a resource the file does not define), an empty
    set when only material or cost resources are assigned."""
    resources = {r.id: r for r in data.resources}
    found: set[str] | None = None
    for task, resource_id, _units, _work in data.assignments:
        if task != activity.object_id:
            continue
        resource = resources.get(resource_id)
        if resource is None:
            return None
        found = found if found is not None else set()
        if resource.kind == "work":
            found.add(resource.calendar_id or data.calendar_id)
    return found


def _wbs_task_id(wbs_id: str) -> str:
    return f"WBS-{wbs_id}"


def with_wbs_summaries(data: P6Data, tasks: dict[str, Task]) -> list[Task]:
    """Activities (by object id) under summary tasks for their WBS nodes, parents first.

    WBS nodes without activities below them are left out (a summary needs children); the
    project's own node is the project itself. Siblings follow P6's sequence numbers.
    """
    nodes = {key: node for key, node in data.wbs.items() if not node.project_node}
    children: dict[str | None, list[str]] = {}
    for key, node in nodes.items():
        parent = node.parent if node.parent in nodes else None
        children.setdefault(parent, []).append(key)
    placed: dict[str | None, list[str]] = {}
    for activity in data.activities:
        home = activity.wbs_id if activity.wbs_id in nodes else None
        placed.setdefault(home, []).append(activity.object_id)
    used: set[str] = set()

    def holds_work(key: str) -> bool:
        return bool(placed.get(key)) or any(holds_work(child) for child in children.get(key, []))

    result: list[Task] = []

    def visit(key: str | None, parent_task: str | None, level: int) -> None:
        for object_id in placed.get(key, []):
            result.append(replace(tasks[object_id], parent_id=parent_task, outline_level=level))
        ordered = sorted(children.get(key, []), key=lambda k: (nodes[k].sequence, nodes[k].code))
        for child in ordered:
            if child in used or not holds_work(child):
                continue
            used.add(child)
            node = nodes[child]
            summary = _wbs_task_id(child)
            result.append(
                Task(
                    id=summary,
                    name=node.name or node.code,
                    duration=Duration(0, DurationUnit.HOUR),
                    parent_id=parent_task,
                    wbs=wbs_path(data, child),
                    outline_level=level,
                )
            )
            visit(child, summary, level + 1)

    visit(None, None, 1)
    return result


def _stored(data: P6Data, activity: P6Activity, task_id: str) -> StoredTaskResult:
    total = activity.total_float_hours
    return StoredTaskResult(
        task_id=task_id,
        name=activity.name,
        start=activity.stored_start,
        finish=activity.stored_finish,
        early_start=activity.early_start,
        early_finish=activity.early_finish,
        late_start=activity.late_start,
        late_finish=activity.late_finish,
        total_float_minutes=None if total is None else round(total * 60),
        critical=None if total is None else total <= data.critical_float_hours,
    )


def _links(data: P6Data, ids: dict[str, str], issues: dict[str, list[str]]) -> list[Link]:
    """Relationships inside the project; one to another project is dropped and noted."""
    links = []
    for relation in data.relationships:
        if relation.predecessor not in ids or relation.successor not in ids:
            external = relation.successor if relation.successor in ids else relation.predecessor
            if external in ids:
                issues.setdefault(ids[external], []).append("relationship to another project")
            data.notes.append(
                ImportNote(
                    "link_outside_project",
                    f"relationship {relation.predecessor}->{relation.successor} "
                    f"(line {relation.line}) names an activity outside the project; dropped",
                    {
                        "predecessor": ids.get(relation.predecessor, relation.predecessor),
                        "successor": ids.get(relation.successor, relation.successor),
                        "line": str(relation.line),
                    },
                )
            )
            continue
        lag = Lag(
            round(relation.lag_hours * 60), unit=DurationUnit.HOUR, calendar=data.lag_calendar
        )
        links.append(
            Link(ids[relation.predecessor], ids[relation.successor], LINK_TYPES[relation.kind], lag)
        )
    return links


def build_p6_project(data: P6Data) -> ImportedProject:
    """Convert collected P6 data into an :class:`ImportedProject` (inputs + stored dates)."""
    ids = _task_ids(data)
    try:
        calendars: CalendarSet | None = compile_calendars(
            data.calendars, data.start.date(), data.timezone
        )
    except SchedulingError:
        calendars = None  # reported when the project is scheduled
    issues: dict[str, list[str]] = {}
    activity_tasks, stored = {}, {}
    for activity in data.activities:
        task_id = ids[activity.object_id]
        activity_tasks[activity.object_id] = _task(data, activity, task_id, calendars)
        stored[task_id] = _stored(data, activity, task_id)
        reason = ACTIVITY_TYPES.get(activity.kind, (False, f"activity type {activity.kind}"))[1]
        shared = resource_calendars(data, activity)
        if activity.kind in RESOURCE_DEPENDENT and shared is not None and len(shared) <= 1:
            # One work-resource calendar (the scheduler applies it), or none: the activity
            # calendar. Without any assignment in the file its resources are unknown.
            reason = ""
        if reason:
            issues.setdefault(task_id, []).append(reason)
        if activity.secondary_constraint:
            issues.setdefault(task_id, []).append("secondary constraint")
    links = _links(data, ids, issues)
    tasks = with_wbs_summaries(data, activity_tasks)
    assignments = tuple(
        Assignment(ids[task], resource, units, None if work is None else round(work * 60))
        for task, resource, units, work in data.assignments
        if task in ids and any(r.id == resource for r in data.resources)
    )
    minutes_per_day = round(data.hours_per_day * 60) or 480
    minutes_per_week = round((data.hours_per_week or 0) * 60) or minutes_per_day * 5
    days_per_month = round((data.hours_per_month or 0) / data.hours_per_day) or 20
    project = Project(
        name=data.name,
        start=data.start,
        calendar_id=data.calendar_id,
        calendars=tuple(data.calendars),
        tasks=tuple(tasks),
        links=tuple(links),
        resources=tuple(data.resources),
        assignments=assignments,
        status_date=data.data_date,
        timezone=data.timezone,
        options=ScheduleOptions(
            minutes_per_day=minutes_per_day,
            minutes_per_week=minutes_per_week,
            days_per_month=days_per_month,
            retained_logic=data.retained_logic,
            critical_float_minutes=round(data.critical_float_hours * 60),
            p6_rules=True,
        ),
    )
    reasons = sorted({reason for found in issues.values() for reason in found})
    if data.finish_by is not None:
        # P6 measures late dates from a must-finish-by date; the model has no such bound.
        reasons.append("project must-finish-by date")
    return ImportedProject(
        project=project,
        source_format=data.source_format,
        stored=stored,
        notes=tuple(note.text for note in data.notes),
        out_of_scope=tuple(reasons),
        task_issues={task: tuple(found) for task, found in issues.items()},
        note_details=tuple(data.notes),
    )
