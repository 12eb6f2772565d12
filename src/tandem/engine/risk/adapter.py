"""Build a risk network from the scheduling model (:class:`tandem.engine.scheduling.Project`).

The simulation works on one time axis: working minutes of the project calendar from the project
start. Leaf tasks become risk tasks; a link into a summary task applies to each of its leaves (as
the scheduler does), and an FS or FF link out of a summary task is one link from each leaf (the
summary finish is the latest leaf finish). Logic only: constraints, actual dates and task
calendars other than the project calendar are not modelled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from tandem.engine.scheduling import LinkType, Project, Task, compile_calendars

from .errors import RiskModelError, RiskUnknownTaskError
from .model import (
    Amount,
    Correlation,
    DurationDistribution,
    RiskEvent,
    RiskLink,
    RiskLinkType,
    RiskNetwork,
    RiskTask,
    ThreePointEstimate,
)


def _children(project: Project) -> dict[str, list[str]]:
    known = {t.id for t in project.tasks}
    children: dict[str, list[str]] = {}
    for task in project.tasks:
        if task.parent_id is not None:
            if task.parent_id not in known:
                raise RiskUnknownTaskError(task.parent_id, f"parent of task {task.id!r}")
            children.setdefault(task.parent_id, []).append(task.id)
    return children


def _leaves(task_id: str, children: Mapping[str, list[str]]) -> list[str]:
    found: list[str] = []
    stack = [task_id]
    while stack:
        current = stack.pop()
        if current in children:
            stack.extend(reversed(children[current]))
        else:
            found.append(current)
    return found


def _remaining_minutes(task: Task) -> float:
    # The scheduler's rule: progress counts once the task has an actual start.
    total = float(task.duration.minutes)
    if task.actual_finish is not None:
        return 0.0
    if task.actual_start is None:
        return total
    if task.remaining_duration is not None:
        return float(max(0, task.remaining_duration.minutes))
    return max(0.0, total * (1.0 - task.percent_complete / 100.0))


def _duration(
    task: Task,
    estimates: Mapping[str, ThreePointEstimate],
    default_range: tuple[float, float] | None,
    distribution: DurationDistribution,
    remaining_only: bool,
) -> Amount:
    if task.id in estimates:
        return estimates[task.id]
    if task.duration.elapsed:
        raise RiskModelError(
            f"task {task.id!r} has an elapsed duration: give a three-point estimate in working minutes"
        )
    minutes = _remaining_minutes(task) if remaining_only else float(task.duration.minutes)
    if default_range is None or minutes == 0:
        return minutes
    low, high = default_range
    return ThreePointEstimate(minutes * low, minutes, minutes * high, distribution)


def _links(project: Project, children: Mapping[str, list[str]]) -> list[RiskLink]:
    known = {t.id for t in project.tasks}
    links: list[RiskLink] = []
    for link in project.links:
        where = f"link {link.predecessor_id!r} -> {link.successor_id!r}"
        for task_id in (link.predecessor_id, link.successor_id):
            if task_id not in known:
                raise RiskUnknownTaskError(task_id, where)
        if link.lag.elapsed:
            raise RiskModelError(f"{where}: elapsed lags cannot be placed on the working-time axis")
        summary_predecessor = link.predecessor_id in children
        if summary_predecessor and (
            link.type in (LinkType.SS, LinkType.SF) or link.lag.percent is not None
        ):
            raise RiskModelError(
                f"{where}: an SS/SF link or a percentage lag from a summary task is not supported; "
                "link from its tasks instead"
            )
        for predecessor in _leaves(link.predecessor_id, children):
            for successor in _leaves(link.successor_id, children):
                links.append(
                    RiskLink(
                        predecessor,
                        successor,
                        RiskLinkType(link.type.value),
                        lag=0.0 if link.lag.percent is not None else float(link.lag.minutes),
                        lag_percent=link.lag.percent,
                    )
                )
    return links


def risk_network_from_project(
    project: Project,
    estimates: Mapping[str, ThreePointEstimate] | None = None,
    *,
    default_range: tuple[float, float] | None = None,
    distribution: DurationDistribution = DurationDistribution.PERT,
    events: Sequence[RiskEvent] = (),
    correlations: Sequence[Correlation] = (),
    costs: Mapping[str, tuple[float, float]] | None = None,
    remaining_only: bool = False,
) -> RiskNetwork:
    """A :class:`RiskNetwork` in working minutes for the leaf tasks of ``project``.

    ``estimates`` gives three-point estimates (working minutes) by task id; other tasks use their
    planned duration, widened to ``(low * d, d, high * d)`` when ``default_range=(low, high)`` is
    given (e.g. ``(0.9, 1.5)``). ``costs`` maps a task id to ``(fixed_cost, cost_per_minute)``.
    A percentage lag scales with the sampled predecessor duration. With ``remaining_only`` the
    network holds the work still to do at the status date (time 0 is then the status date, see
    :func:`project_working_time_mapper`): finished tasks last 0, started ones their remaining
    duration (``remaining_duration``, else the share ``percent_complete`` leaves), and
    ``estimates`` are read as estimates of the remaining work. Raises
    :class:`RiskModelError` for estimates of unknown or summary tasks, elapsed durations without
    an estimate, elapsed lags, and SS/SF links from summary tasks.
    """
    chosen = dict(estimates or {})
    children = _children(project)
    known = {t.id for t in project.tasks}
    for task_id in [*chosen, *(costs or {})]:
        if task_id not in known:
            raise RiskUnknownTaskError(task_id, "estimates or costs")
        if task_id in children:
            raise RiskModelError(f"task {task_id!r} is a summary task: estimate its tasks instead")
    if default_range is not None and not 0 <= default_range[0] <= 1 <= default_range[1]:
        raise RiskModelError(
            f"default_range must satisfy 0 <= low <= 1 <= high, got {default_range}"
        )
    tasks = []
    for task in project.tasks:
        if task.id in children:
            continue
        fixed, per_minute = (costs or {}).get(task.id, (0.0, 0.0))
        tasks.append(
            RiskTask(
                task.id,
                _duration(task, chosen, default_range, distribution, remaining_only),
                milestone=task.milestone,
                fixed_cost=fixed,
                cost_per_unit=per_minute,
                name=task.name,
            )
        )
    return RiskNetwork(
        tuple(tasks), tuple(_links(project, children)), tuple(events), tuple(correlations)
    )


def project_working_time_mapper(
    project: Project, origin: datetime | None = None
) -> Callable[[float], datetime]:
    """Map working minutes after ``origin`` (default the project start; pass the status date for
    a remaining-work network) on the project calendar to a datetime.

    A positive amount lands on the end of its last working minute (17:00 rather than 08:00 the
    next day), as the scheduler shows finishes; fractions of a minute are rounded. Raises the
    scheduler's ``CalendarError`` for an unknown or empty project calendar.
    """
    first = project.start if origin is None else origin
    if first.tzinfo is None or project.start.tzinfo is None:
        raise RiskModelError(f"project {project.name!r}: start and origin must be aware datetimes")
    origin_day = project.start.astimezone(ZoneInfo(project.timezone)).date()
    calendar = compile_calendars(project.calendars, origin_day, project.timezone).get(
        project.calendar_id
    )
    start = calendar.next_working_instant(first)

    def to_datetime(minutes: float) -> datetime:
        return calendar.add_working_time(start, round(minutes))

    return to_datetime
