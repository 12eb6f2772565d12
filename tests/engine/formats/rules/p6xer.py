"""Write small XER files by hand for the P6 rule tests.

Each test describes its activities and relationships in a few lines; :func:`xer` turns them
into the tab-separated tables P6 exports (PROJECT, CALENDAR, SCHEDOPTIONS, PROJWBS, TASK,
TASKPRED), and :func:`schedule_xer` reads and schedules the file with the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from tandem.engine.formats import load_xer
from tandem.engine.scheduling import Schedule, TaskSchedule, schedule_project

UTC = ZoneInfo("UTC")

# P6 numbers weekdays 1 = Sunday .. 7 = Saturday.
_P6_DAY = {"sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
ALL_DAYS = (*WEEKDAYS, "sat", "sun")


OFFICE = (("08:00", "12:00"), ("13:00", "17:00"))


def clndr(days: tuple[str, ...], shifts: tuple[tuple[str, str], ...] = OFFICE) -> str:
    """clndr_data of a week working ``shifts`` (default 08:00-12:00, 13:00-17:00) on ``days``."""
    parts = []
    for name, number in _P6_DAY.items():
        periods = "".join(f"(0||{k}(s|{s}|f|{f})())" for k, (s, f) in enumerate(shifts))
        parts.append(f"(0||{number}()({periods if name in days else ''}))")
    return f"(0||CalendarData()((0||DaysOfWeek()({''.join(parts)}))))"


@dataclass
class Act:
    """One TASK row; hours as P6 stores them, dates as "YYYY-MM-DD HH:MM"."""

    code: str
    hours: float = 8.0
    kind: str = "TT_Task"
    status: str = "TK_NotStart"
    remaining: float | None = None
    actual_start: str = ""
    actual_finish: str = ""
    constraint: str = ""
    constraint_date: str = ""
    calendar: str = "1"


def xer(
    activities: list[Act],
    relations: list[tuple[str, str, str, float]] = (),  # type: ignore[assignment]
    *,
    plan_start: str = "2024-01-01 08:00",
    data_date: str = "2024-01-01 08:00",
    calendars: dict[str, str] | None = None,
    retained_logic: bool = True,
) -> bytes:
    """The XER text of one project; ``relations`` are (predecessor, successor, type, lag hours)."""
    calendars = calendars or {"1": clndr(WEEKDAYS)}
    ids = {a.code: str(n) for n, a in enumerate(activities, start=1)}
    rows = [
        "ERMHDR\t8.2\t2024-01-01\tProject\tadmin",
        "%T\tPROJECT",
        "%F\tproj_id\tproj_short_name\tclndr_id\tplan_start_date\tlast_recalc_date"
        "\tcritical_drtn_hr_cnt\texport_flag",
        f"%R\t10\tRULES\t1\t{plan_start}\t{data_date}\t0\tY",
        "%T\tCALENDAR",
        "%F\tclndr_id\tclndr_name\tbase_clndr_id\tday_hr_cnt\tclndr_data",
        *(f"%R\t{key}\tCal {key}\t\t8\t{data}" for key, data in calendars.items()),
        "%T\tSCHEDOPTIONS",
        "%F\tproj_id\tsched_calendar_on_relationship_lag\tsched_progress_override",
        f"%R\t10\trcal_Predecessor\t{'N' if retained_logic else 'Y'}",
        "%T\tPROJWBS",
        "%F\twbs_id\tproj_id\tparent_wbs_id\tproj_node_flag\twbs_short_name",
        "%R\t100\t10\t\tY\tRULES",
        "%T\tTASK",
        "%F\ttask_id\tproj_id\twbs_id\tclndr_id\ttask_code\ttask_name\ttask_type\tstatus_code"
        "\ttarget_drtn_hr_cnt\tremain_drtn_hr_cnt\tact_start_date\tact_end_date\tcstr_type"
        "\tcstr_date\tcomplete_pct_type",
    ]
    for a in activities:
        remaining = a.hours if a.remaining is None else a.remaining
        if a.status == "TK_Complete":
            remaining = 0.0
        rows.append(
            "\t".join(
                [
                    "%R",
                    ids[a.code],
                    "10",
                    "100",
                    a.calendar,
                    a.code,
                    a.code,
                    a.kind,
                    a.status,
                    f"{a.hours:g}",
                    f"{remaining:g}",
                    a.actual_start,
                    a.actual_finish,
                    a.constraint,
                    a.constraint_date,
                    "CP_Drtn",
                ]
            )
        )
    rows += ["%T\tTASKPRED", "%F\ttask_pred_id\ttask_id\tpred_task_id\tpred_type\tlag_hr_cnt"]
    for n, (pred, succ, kind, lag) in enumerate(relations, start=1):
        rows.append(f"%R\t{n}\t{ids[succ]}\t{ids[pred]}\tPR_{kind}\t{lag:g}")
    rows.append("%E")
    return "\n".join(rows).encode("utf-8")


def schedule_xer(data: bytes) -> Schedule:
    return schedule_project(load_xer(data).project)


def at(text: str) -> datetime:
    """An instant in the files' zone, from "YYYY-MM-DD HH:MM"."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def dates(task: TaskSchedule) -> tuple[str, str, float]:
    """(start, finish, total float in hours) as the tests write them."""
    return (
        f"{task.start:%Y-%m-%d %H:%M}",
        f"{task.finish:%Y-%m-%d %H:%M}",
        task.total_float_minutes / 60,
    )
