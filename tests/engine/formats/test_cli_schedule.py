"""``tandem schedule``: table, JSON, MSPDI output, comparison and errors."""

import json

import pytest

from tandem.cli import main as tandem
from tandem.cli.schedule import main
from tandem.engine.formats import load_mspdi

PLAN = b"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>Plan</Name><StartDate>2024-01-01T08:00:00</StartDate><CalendarUID>1</CalendarUID>
  <Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
    <WeekDays>
      <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
      <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay>
      <WeekDay><DayType>3</DayType><DayWorking>1</DayWorking></WeekDay>
      <WeekDay><DayType>4</DayType><DayWorking>1</DayWorking></WeekDay>
      <WeekDay><DayType>5</DayType><DayWorking>1</DayWorking></WeekDay>
      <WeekDay><DayType>6</DayType><DayWorking>1</DayWorking></WeekDay>
      <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
    </WeekDays></Calendar></Calendars>
  <Tasks>
    <Task><UID>1</UID><Name>Dig</Name><OutlineLevel>1</OutlineLevel><Duration>PT16H0M0S</Duration>
      <DurationFormat>7</DurationFormat><Start>2024-01-01T08:00:00</Start>
      <Finish>2024-01-02T17:00:00</Finish><TotalSlack>0</TotalSlack><Critical>1</Critical></Task>
    <Task><UID>2</UID><Name>Pour</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>
      <DurationFormat>7</DurationFormat><Start>2024-01-03T08:00:00</Start>
      <Finish>2024-01-03T17:00:00</Finish><TotalSlack>4800</TotalSlack><Critical>1</Critical>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
  </Tasks>
</Project>"""


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.xml"
    path.write_bytes(PLAN)
    return path


def test_table(plan, capsys):
    assert main([str(plan)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Plan (mspdi): 2024-01-01 08:00 - 2024-01-03 17:00"
    assert out[2].split() == ["1", "Dig", "2024-01-01", "08:00", "2024-01-02", "17:00", "0d", "yes"]
    assert out[3].split() == [
        "2",
        "Pour",
        "2024-01-03",
        "08:00",
        "2024-01-03",
        "17:00",
        "0d",
        "yes",
    ]


def test_json(plan, capsys):
    assert tandem(["schedule", str(plan), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["project"] == "Plan"
    assert data["format"] == "mspdi"
    assert [task["id"] for task in data["tasks"]] == ["1", "2"]
    assert data["tasks"][1]["start"] == "2024-01-03T08:00:00+00:00"
    assert data["tasks"][1]["total_float_minutes"] == 0


def test_compare_reports_each_difference_and_the_share(plan, capsys):
    assert main([str(plan), "--compare"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == "2 'Pour': float 0d vs 1d (computed vs stored)"
    assert out[-1] == (
        "compared 2 tasks: 1 match to the minute (50.0%); "
        "start 2/2, finish 2/2, total_float 1/2, critical 2/2"
    )


def test_mspdi_output_holds_the_computed_schedule(plan, tmp_path, capsys):
    target = tmp_path / "out.xml"
    assert main([str(plan), "--mspdi", str(target)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"wrote {target}"
    written = load_mspdi(target)
    assert written.stored["2"].total_float_minutes == 0
    assert written.stored["2"].finish.isoformat() == "2024-01-03T17:00:00+00:00"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just text", "not an MSPDI, XER or P6-XML file"),
        (b"<Project><Tasks>", "not well-formed XML"),
        (
            PLAN.replace(
                b"<PredecessorUID>1</PredecessorUID>", b"<PredecessorUID>2</PredecessorUID>"
            ),
            "cycle",
        ),
    ],
)
def test_bad_files_exit_2_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    assert main([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("tandem schedule: ")
    assert message in captured.err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "absent.xer")]) == 2
    assert "cannot read file" in capsys.readouterr().err
