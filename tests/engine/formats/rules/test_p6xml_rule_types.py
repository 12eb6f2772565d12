"""The P6-XML reader reads the same rule-bearing types as the XER reader: level of effort
activities, start and finish milestones, and the non-mandatory Start On / Finish On.

Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00; 2024-01-01 is a Monday.
    A 16h: Mon 01 08:00 - Tue 02 17:00; FM (finish milestone after A): Tue 02 17:00;
    SM (start milestone after A): Wed 03 08:00; L (level of effort, SS after A, FF before B)
    spans Mon 01 08:00 to B's finish; B 8h after SM, Start On Thu 04 08:00: Thu 04
    08:00 - 17:00 (the Start On date is later than logic's Wed 03).
"""

from tandem.engine.formats import load_p6xml
from tandem.engine.scheduling import ConstraintType, schedule_project

from .p6xer import dates

_DAYS = "".join(
    f"<StandardWorkHours><DayOfWeek>{day}</DayOfWeek>"
    "<WorkTime><Start>08:00:00</Start><Finish>11:59:00</Finish></WorkTime>"
    "<WorkTime><Start>13:00:00</Start><Finish>16:59:00</Finish></WorkTime></StandardWorkHours>"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
)


def _activity(object_id: int, code: str, kind: str, hours: float, extra: str = "") -> str:
    return (
        f"<Activity><ObjectId>{object_id}</ObjectId><Id>{code}</Id><Name>{code}</Name>"
        f"<Type>{kind}</Type><PlannedDuration>{hours}</PlannedDuration>"
        f"<RemainingDuration>{hours}</RemainingDuration><Status>Not Started</Status>{extra}"
        "</Activity>"
    )


def _link(object_id: int, pred: int, succ: int, kind: str) -> str:
    return (
        f"<Relationship><ObjectId>{object_id}</ObjectId>"
        f"<PredecessorActivityObjectId>{pred}</PredecessorActivityObjectId>"
        f"<SuccessorActivityObjectId>{succ}</SuccessorActivityObjectId><Type>{kind}</Type>"
        "<Lag>0</Lag></Relationship>"
    )


XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<APIBusinessObjects xmlns="http://xmlns.oracle.com/Primavera/P6/V8.3/API/BusinessObjects">
  <Calendar><ObjectId>7</ObjectId><Name>Std</Name><HoursPerDay>8</HoursPerDay>
    <StandardWorkWeek>{_DAYS}</StandardWorkWeek></Calendar>
  <Project><Id>P</Id><ObjectId>1</ObjectId><Name>Rules</Name>
    <PlannedStartDate>2024-01-01T08:00:00</PlannedStartDate>
    <DataDate>2024-01-01T08:00:00</DataDate>
    <ActivityDefaultCalendarObjectId>7</ActivityDefaultCalendarObjectId>
    {_activity(1, "A", "Task Dependent", 16)}
    {_activity(2, "FM", "Finish Milestone", 0)}
    {_activity(3, "SM", "Start Milestone", 0)}
    {_activity(4, "L", "Level of Effort", 8)}
    {
    _activity(
        5,
        "B",
        "Task Dependent",
        8,
        "<PrimaryConstraintType>Start On</PrimaryConstraintType>"
        "<PrimaryConstraintDate>2024-01-04T08:00:00</PrimaryConstraintDate>",
    )
}
    {_link(11, 1, 2, "Finish to Start")}{_link(12, 1, 3, "Finish to Start")}
    {_link(13, 1, 4, "Start to Start")}{_link(14, 4, 5, "Finish to Finish")}
    {_link(15, 3, 5, "Finish to Start")}
  </Project>
</APIBusinessObjects>""".encode()


def test_p6xml_reads_rule_types_and_schedules_them():
    imported = load_p6xml(XML)
    tasks = {t.id: t for t in imported.project.tasks}
    assert tasks["L"].level_of_effort
    assert (tasks["FM"].finish_milestone, tasks["SM"].finish_milestone) == (True, False)
    assert tasks["B"].constraint is ConstraintType.START_ON
    assert imported.out_of_scope == ()
    s = schedule_project(imported.project).tasks
    assert dates(s["FM"])[:2] == ("2024-01-02 17:00", "2024-01-02 17:00")
    assert dates(s["SM"])[:2] == ("2024-01-03 08:00", "2024-01-03 08:00")
    assert dates(s["B"]) == ("2024-01-04 08:00", "2024-01-04 17:00", 0)
    assert dates(s["L"])[:2] == ("2024-01-01 08:00", "2024-01-04 17:00")
    assert not s["L"].critical
