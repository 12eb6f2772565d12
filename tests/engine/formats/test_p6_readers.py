"""XER and P6-XML readers: tables, clndr_data, encodings, projects, progress and errors."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tandem.engine.formats import (
    detect_format,
    load_p6xml,
    load_project_file,
    load_xer,
    read_xer,
)
from tandem.engine.formats.xer_reader import parse_clndr_data
from tandem.engine.scheduling import (
    ConstraintType,
    FileFormatError,
    LagCalendar,
    LinkType,
    schedule_project,
)

UTC = ZoneInfo("UTC")
CLNDR = (
    "(0||CalendarData()((0||DaysOfWeek()((0||1()())"
    "(0||2()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))"
    "(0||3()((0||0(f|17:00|s|08:00)())))(0||4()((0||0(s|08:00|f|17:00)())))"
    "(0||5()((0||0(s|08:00|f|17:00)())))(0||6()((0||0(s|22:00|f|00:00)())))(0||7()())))"
    "(0||Exceptions()((0||0(d|45292)())(0||1(d|45293)((0||0(s|09:00|f|11:00)())))))))"
)


def _xer(
    tasks: str, preds: str = "", extra_projects: str = "", schedoptions: str = "rcal_Successor"
) -> bytes:
    rows = [
        "ERMHDR\t8.2\t2024-01-01\tProject\tadmin",
        "%T\tPROJECT",
        "%F\tproj_id\tproj_short_name\tclndr_id\tplan_start_date\tlast_recalc_date\tcritical_drtn_hr_cnt\texport_flag",
        "%R\t10\tALPHA\t1\t2024-01-01 00:00\t2024-01-03 08:00\t0\tY",
        *([extra_projects] if extra_projects else []),
        "%T\tCALENDAR",
        "%F\tclndr_id\tclndr_name\tbase_clndr_id\tday_hr_cnt\tclndr_data",
        f"%R\t1\tFive day\t\t8\t{CLNDR}",
        "%T\tSCHEDOPTIONS",
        "%F\tproj_id\tsched_calendar_on_relationship_lag\tsched_progress_override",
        f"%R\t10\t{schedoptions}\tN",
        "%T\tPROJWBS",
        "%F\twbs_id\tproj_id\tparent_wbs_id\tproj_node_flag\twbs_short_name",
        "%R\t100\t10\t\tY\tALPHA",
        "%R\t101\t10\t100\tN\tDESIGN",
        "%T\tTASK",
        "%F\ttask_id\tproj_id\twbs_id\tclndr_id\ttask_code\ttask_name\ttask_type\tstatus_code"
        "\ttarget_drtn_hr_cnt\tremain_drtn_hr_cnt\tact_start_date\tact_end_date\tcstr_type\tcstr_date"
        "\tcomplete_pct_type\tphys_complete_pct\ttotal_float_hr_cnt\tearly_start_date\tearly_end_date",
        tasks,
        "%T\tTASKPRED",
        "%F\ttask_pred_id\ttask_id\tpred_task_id\tpred_type\tlag_hr_cnt",
        *([preds] if preds else []),
        "%E",
    ]
    return "\n".join(rows).encode("utf-8")


TASKS = "\n".join(
    [
        "%R\t1\t10\t101\t1\tA100\tSurvey\tTT_Task\tTK_Complete\t16\t0\t2024-01-01 08:00\t2024-01-02 17:00\t\t\tCP_Drtn\t0\t\t\t",
        "%R\t2\t10\t101\t1\tA110\tDesign\tTT_Task\tTK_Active\t40\t24\t2024-01-03 08:00\t\t\t\tCP_Drtn\t0\t0\t\t",
        "%R\t3\t10\t101\t1\tA120\tPermit\tTT_Task\tTK_NotStart\t8\t8\t\t\tCS_MSOA\t2024-01-15 08:00\tCP_Drtn\t0\t4\t\t",
        "%R\t4\t10\t101\t1\tM1\tDone\tTT_FinMile\tTK_NotStart\t0\t0\t\t\t\t\tCP_Drtn\t0\t\t\t",
    ]
)


def test_clndr_data_tree():
    tree = parse_clndr_data(CLNDR)
    assert [section.name for section in tree.children] == ["DaysOfWeek", "Exceptions"]
    assert tree.children[0].children[1].children[1].attributes == {"s": "13:00", "f": "17:00"}


def test_xer_tasks_links_calendars_and_progress():
    imported = load_xer(_xer(TASKS, "%R\t9\t3\t2\tPR_SS\t4\n%R\t10\t4\t3\tPR_FF\t0"))
    project = imported.project
    assert project.name == "ALPHA"
    assert project.status_date == datetime(2024, 1, 3, 8, tzinfo=UTC)
    calendar = project.calendars[0]
    assert calendar.week[0] == ((480, 720), (780, 1020))
    assert calendar.week[4] == ((1320, 1440),)
    assert calendar.week[6] == ()
    assert calendar.exceptions[0].start == date(2024, 1, 1)
    assert calendar.exceptions[1].working_times == ((540, 660),)
    phase, survey, design, permit, done = project.tasks
    assert (phase.id, phase.name, phase.parent_id, phase.outline_level) == (
        "WBS-101",
        "DESIGN",
        None,
        1,
    )
    assert {task.parent_id for task in (survey, design, permit, done)} == {"WBS-101"}
    assert survey.outline_level == 2
    assert survey.actual_finish == datetime(2024, 1, 2, 17, tzinfo=UTC)
    assert survey.percent_complete == 100.0
    assert design.remaining_duration is not None
    assert design.remaining_duration.minutes == 24 * 60
    assert design.percent_complete == 40.0
    assert design.wbs == "DESIGN"
    assert (permit.constraint, permit.constraint_date) == (
        ConstraintType.SNET,
        datetime(2024, 1, 15, 8, tzinfo=UTC),
    )
    assert done.milestone is True
    ss, ff = project.links
    assert (ss.predecessor_id, ss.successor_id, ss.type) == ("A110", "A120", LinkType.SS)
    assert (ss.lag.minutes, ss.lag.calendar) == (240, LagCalendar.SUCCESSOR)
    assert ff.type is LinkType.FF
    assert imported.stored["A110"].total_float_minutes == 0
    assert imported.stored["A110"].critical is True
    assert imported.stored["A120"].critical is False
    schedule = schedule_project(project)
    # The remaining 24 h run from the data date (Wednesday 08:00): 9 h Wednesday, 9 h Thursday,
    # 2 h Friday night, 4 h Monday morning.
    assert schedule.tasks["A110"].finish == datetime(2024, 1, 8, 12, tzinfo=UTC)


def test_xer_project_choice_and_cp1251():
    other = "%R\t11\tBETA\t1\t2024-02-01 00:00\t\t0\tY"
    data = _xer(TASKS.replace("Survey", "Съёмка"), extra_projects=other).decode().encode("cp1251")
    imported = load_xer(data)
    assert imported.project.tasks[1].name == "Съёмка"
    assert imported.notes[0] == "decoded as cp1251 (XER declares no encoding)"
    assert (
        "file holds 2 projects (10 (ALPHA), 11 (BETA)); read the first, 10 (ALPHA)"
        in imported.notes[1]
    )
    # the same notes with codes and values, for an application to word
    assert [note.text for note in imported.note_details] == list(imported.notes)
    assert [(note.code, dict(note.values)) for note in imported.note_details[:2]] == [
        ("decoded_as", {"encoding": "cp1251"}),
        (
            "several_projects",
            {"count": "2", "projects": "10 (ALPHA), 11 (BETA)", "chosen": "10 (ALPHA)"},
        ),
    ]
    beta = read_xer(data, project_id="BETA")
    assert (beta.name, beta.tasks) == ("BETA", ())
    with pytest.raises(
        FileFormatError, match="no project 'GAMMA'; the file holds 10 \\(ALPHA\\), 11 \\(BETA\\)"
    ):
        read_xer(data, project_id="GAMMA")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", r"<bytes>:1: not an XER file"),
        (b"ERMHDR\t8\n%R\t1\t2", r"<bytes>:2: %R row before the %F field list"),
        (b"ERMHDR\t8\n%T\tX\n%F\ta\n%R\t1\t2\t3", r"<bytes>:4: row has 3 values for 1 fields of X"),
        (
            _xer(TASKS.replace("TT_Task\tTK_NotStart\t8", "TT_Bogus\tTK_NotStart\t8")),
            r":\d+: TASK A120: unknown task_type 'TT_Bogus'",
        ),
        (
            _xer(TASKS.replace("2024-01-15 08:00", "15/01/2024")),
            r":\d+: cstr_date '15/01/2024' is not a 'YYYY-MM-DD HH:MM' date",
        ),
        (_xer(TASKS, "%R\t9\t3\t2\tPR_XX\t4"), r":\d+: TASKPRED 9: unknown pred_type 'PR_XX'"),
        (
            _xer(TASKS).replace(b"(d|45292)", b"d|45292)"),
            r"<bytes>:7: CALENDAR 1: malformed clndr_data \(expected",
        ),
    ],
)
def test_malformed_xer_names_the_line(data, message):
    with pytest.raises(FileFormatError, match=message):
        load_xer(data)


P6XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<APIBusinessObjects xmlns="http://xmlns.oracle.com/Primavera/P6/V8.3/API/BusinessObjects">
  <Calendar><ObjectId>7</ObjectId><Name>Std</Name><HoursPerDay>8</HoursPerDay>
    <StandardWorkWeek>
      <StandardWorkHours><DayOfWeek>Monday</DayOfWeek>
        <WorkTime><Start>08:00:00</Start><Finish>11:59:00</Finish></WorkTime>
        <WorkTime><Start>13:00:00</Start><Finish>16:59:00</Finish></WorkTime></StandardWorkHours>
      <StandardWorkHours><DayOfWeek>Tuesday</DayOfWeek>
        <WorkTime><Start>08:00:00</Start><Finish>16:00:00</Finish></WorkTime></StandardWorkHours>
    </StandardWorkWeek>
    <HolidayOrExceptions><HolidayOrException><Date>2024-01-09T00:00:00</Date></HolidayOrException>
    </HolidayOrExceptions></Calendar>
  <Project><Id>STUB</Id><ObjectId>1</ObjectId></Project>
  <Project><Id>P2</Id><ObjectId>2</ObjectId><Name>Second</Name>
    <PlannedStartDate>2024-01-01T00:00:00</PlannedStartDate>
    <ActivityDefaultCalendarObjectId>7</ActivityDefaultCalendarObjectId>
    <RelationshipLagCalendar>24 Hour Calendar</RelationshipLagCalendar>
    <Activity><ObjectId>20</ObjectId><Id>B1</Id><Name>One</Name><Type>Task Dependent</Type>
      <PlannedDuration>10,5</PlannedDuration><Status>Not Started</Status>
      <PrimaryConstraintType>Finish On or Before</PrimaryConstraintType>
      <PrimaryConstraintDate>2024-01-31T17:00:00</PrimaryConstraintDate></Activity>
    <Activity><ObjectId>21</ObjectId><Id>B2</Id><Name>Two</Name><Type>Start Milestone</Type>
      <PlannedDuration>0</PlannedDuration><Status>Not Started</Status><TotalFloat>8</TotalFloat></Activity>
    <Relationship><ObjectId>5</ObjectId><PredecessorActivityObjectId>20</PredecessorActivityObjectId>
      <SuccessorActivityObjectId>21</SuccessorActivityObjectId><Type>Start to Start</Type><Lag>2</Lag></Relationship>
  </Project>
</APIBusinessObjects>"""


def test_p6xml_project_calendars_activities():
    imported = load_p6xml(P6XML)
    project = imported.project
    assert "read the first with a planned start, P2 (2)" in imported.notes[0]
    assert imported.note_details[0].code == "several_projects"
    assert imported.note_details[0].values["chosen"] == "P2 (2)"
    assert project.calendars[0].week[0] == ((480, 720), (780, 1020))
    assert project.calendars[0].exceptions[0].working_times == ()
    one, two = project.tasks
    assert one.duration.minutes == 630
    assert (one.constraint, one.constraint_date) == (
        ConstraintType.FNLT,
        datetime(2024, 1, 31, 17, tzinfo=UTC),
    )
    assert two.milestone is True
    (link,) = project.links
    assert (link.type, link.lag.minutes, link.lag.calendar) == (
        LinkType.SS,
        120,
        LagCalendar.TWENTY_FOUR_HOUR,
    )
    assert imported.stored["B2"].total_float_minutes == 480
    with pytest.raises(
        FileFormatError, match="no project 'P9'; the file holds STUB \\(1\\), P2 \\(2\\)"
    ):
        load_p6xml(P6XML, project_id="P9")


def test_p6xml_errors_name_the_element():
    bad = P6XML.replace(b"<Type>Start to Start</Type>", b"<Type>Sideways</Type>")
    with pytest.raises(
        FileFormatError, match="Relationship 5: unknown relationship <Type> 'Sideways'"
    ):
        load_p6xml(bad)
    with pytest.raises(
        FileFormatError, match="Activity B1: <PlannedDuration> 'ten' is not a number"
    ):
        load_p6xml(P6XML.replace(b"10,5", b"ten"))


def test_format_detection_by_content():
    assert detect_format(_xer(TASKS)) == "xer"
    assert detect_format(P6XML) == "p6xml"
    assert detect_format(b'<?xml version="1.0"?>\n<!-- c --><Project xmlns="x"/>') == "mspdi"
    assert detect_format(b"plain text") is None
    assert load_project_file(_xer(TASKS)).source_format == "xer"
    with pytest.raises(FileFormatError, match="not an MSPDI, XER or P6-XML file"):
        load_project_file(b"plain text")


@pytest.mark.benchdata
def test_xer_and_p6xml_exports_of_one_project_read_alike(benchdata):
    folder = benchdata / "p6/mpxj/generated/task-percentcomplete"
    from_xer = load_project_file(folder / "percent-complete-8.4.xer").project
    from_xml = load_project_file(folder / "percent-complete-8.4.pmxml").project
    assert from_xer.tasks == from_xml.tasks
    assert from_xer.calendars == from_xml.calendars
    assert from_xer.status_date == from_xml.status_date
    assert [task.percent_complete for task in from_xer.tasks] == [0, 25, 75, 100] * 3


def test_p6xml_wbs_nodes_become_summary_tasks():
    wbs = (
        b"<WBS><ObjectId>90</ObjectId><Code>A</Code><Name>Phase A</Name><SequenceNumber>2</SequenceNumber></WBS>"
        b"<WBS><ObjectId>91</ObjectId><ParentObjectId>90</ParentObjectId><Code>1</Code><Name>Step</Name></WBS>"
        b"<WBS><ObjectId>92</ObjectId><Code>E</Code><Name>Empty</Name><SequenceNumber>1</SequenceNumber></WBS>"
        b"<Activity><ObjectId>20</ObjectId>"
    )
    data = P6XML.replace(b"<Activity><ObjectId>20</ObjectId>", wbs, 1).replace(
        b"<Name>One</Name>", b"<Name>One</Name><WBSObjectId>91</WBSObjectId>"
    )
    tasks = load_p6xml(data).project.tasks
    assert [(t.id, t.parent_id, t.outline_level, t.wbs) for t in tasks] == [
        ("B2", None, 1, ""),
        ("WBS-90", None, 1, "A"),
        ("WBS-91", "WBS-90", 2, "A.1"),
        ("B1", "WBS-91", 3, "A.1"),
    ]


def test_must_finish_by_date_is_reported_out_of_scope():
    data = P6XML.replace(
        b"<PlannedStartDate>",
        b"<MustFinishByDate>2024-03-01T17:00:00</MustFinishByDate><PlannedStartDate>",
    )
    assert load_p6xml(data).out_of_scope == ("project must-finish-by date",)
    assert load_p6xml(P6XML).out_of_scope == ()


@pytest.mark.benchdata
def test_resource_dependent_activity_with_only_material_resources_keeps_its_calendar(benchdata):
    # encoding1251.xer: A1010 is resource dependent and assigned only the material resource 8228,
    # so P6 schedules it on its activity calendar; A1000 (task dependent) has work resources on
    # calendars 5829 and 6590 and still works on its own calendar.
    imported = load_project_file(benchdata / "p6/aspose/encoding1251.xer")
    tasks = {task.id: task for task in imported.project.tasks}
    assert imported.out_of_scope == ()
    assert tasks["A1010"].calendar_id == "178"
    assert all(task.ignore_resource_calendar for task in tasks.values())
    schedule = schedule_project(imported.project)
    for task_id, stored in imported.stored.items():
        assert (schedule.tasks[task_id].start, schedule.tasks[task_id].finish) == (
            stored.start,
            stored.finish,
        )


@pytest.mark.benchdata
def test_resource_dependent_activities_with_unknown_resources_stay_out_of_scope(benchdata):
    imported = load_project_file(benchdata / "p6/aspose/PrimaveraProject.xml")
    assert "resource-dependent activity" in imported.task_issues["PD1000"]
