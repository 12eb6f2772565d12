"""An import's notes and losses reach the reader in their language and name the tasks: the
engine's readers give codes and values, the preview keeps them, each reader gets them worded."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling import schedule_project
from tandem.resources.models import CalendarException
from tandem.testing.pseudo_catalog import pseudo_language
from tandem.transfer.import_convert import convert
from tandem.transfer.importing import preview_import, staffing_losses
from tandem.transfer.tests.import_files import WEEK, mspdi_plan
from tandem.transfer.tests.update_files import version_1
from tandem.transfer.wording import loss_message, note_text, worded

pytestmark = pytest.mark.django_db

TEXTS = {
    "The link from %(predecessor)s to %(successor)s names a task that is not in the file; "
    "it is left out.": "[Ŀîñķ %(predecessor)s → %(successor)s ŀêƒţ øũţ]",
    "inactive task": "[îñåçţîṽê]",
    "%(feature)s (the file's own schedule may differ; Tandem's matches 'tandem schedule')": (
        "[%(feature)s: ţĥê ƒîļê ɱåý đîƒƒêŗ]"
    ),
}


def _file() -> bytes:
    """The house plan with Handover (UID 4) inactive and linked from a task the file lacks."""
    text = mspdi_plan().decode()
    start = text.index("<UID>4</UID>")
    end = text.index("</Task>", start)
    handover = (
        text[start:end].replace("<Active>1</Active>", "<Active>0</Active>")
        + "<PredecessorLink><PredecessorUID>99</PredecessorUID><Type>1</Type></PredecessorLink>"
    )
    return (text[:start] + handover + text[end:]).encode()


def _upload(world, language: str):
    client = Client()
    client.force_login(world.admin)
    response = client.post(
        "/api/imports",
        {"file": SimpleUploadedFile("house.xml", _file())},
        headers={"accept-language": language},
    )
    assert response.status_code == 201, response.content
    return client, response.json()


def test_notes_and_losses_are_in_the_readers_language(world, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        client, body = _upload(world, "xx")
        page = client.get(
            f"/imports/{body['id']}/", headers={"accept-language": "xx"}
        ).content.decode()

    preview = body["preview"]
    assert preview["notes"] == ["[Ŀîñķ 99 → Handover ŀêƒţ øũţ]"]
    [loss] = [x for x in preview["losses"] if x["code"] == "task_issue"]
    assert (loss["task"], loss["values"]) == ("Handover", {"issue": "inactive_task"})
    assert loss["message"] == "[[îñåçţîṽê]: ţĥê ƒîļê ɱåý đîƒƒêŗ]"
    assert "[Ŀîñķ 99 → Handover ŀêƒţ øũţ]" in page
    assert "[[îñåçţîṽê]: ţĥê ƒîļê ɱåý đîƒƒêŗ]" in page
    assert "names a missing or null task" not in page


def test_in_english_the_notes_name_the_task_and_the_losses_read_as_before(world, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        _client, body = _upload(world, "en")

    preview = body["preview"]
    assert preview["notes"] == [
        "The link from 99 to Handover names a task that is not in the file; it is left out."
    ]
    assert not any(re.search(r"UID \d", note) for note in preview["notes"])
    # the engine's English stays beside the codes in the kept preview
    assert preview["note_details"][0]["code"] == "link_to_missing_task"
    assert preview["note_details"][0]["text"].startswith("Task UID 4 <PredecessorLink>")
    [loss] = [x for x in preview["losses"] if x["code"] == "task_issue"]
    assert loss["message"] == (
        "inactive task (the file's own schedule may differ; Tandem's matches 'tandem schedule')"
    )


def test_a_preview_kept_before_codes_existed_reads_as_it_was():
    kept = {
        "notes": ["decoded as cp1251 (XER declares no encoding)"],
        "losses": [{"task_id": "1", "task": "Dig", "message": "inactive task", "affects_dates": 0}],
    }

    assert worded(kept) == kept


def test_an_unknown_code_keeps_the_english_text():
    assert note_text({"code": "new_note", "text": "something new", "values": {}}) == (
        "something new"
    )
    loss = {"code": "task_issue", "values": {"issue": "new_issue"}, "message": "odd thing"}
    assert loss_message(loss) == "odd thing"


def _lossy_plan():
    """A project whose conversion loses something at every level: the options, a milestone with
    a duration, a rounded percentage, a 30-minute task, a long name, a doubled assignment, a
    constraint and a deadline inside a working day."""
    start = dt.datetime(2025, 3, 3, 8, tzinfo=dt.UTC)
    calendar = engine.Calendar(id="1", name="Standard", week=WEEK)
    tasks = (
        engine.Task(id="1", name="Gate", duration=engine.Duration(480), milestone=True),
        engine.Task(id="2", name="Dig", duration=engine.Duration(960), percent_complete=33.3),
        engine.Task(id="3", name="Call", duration=engine.Duration(30)),
        engine.Task(id="4", name="N" * 250, duration=engine.Duration(480)),
        engine.Task(
            id="5",
            name="Pour",
            duration=engine.Duration(480),
            constraint=engine.ConstraintType.SNET,
            constraint_date=dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC),
            deadline=dt.datetime(2025, 3, 7, 12, tzinfo=dt.UTC),
        ),
    )
    project = engine.Project(
        name="Lossy",
        start=start,
        calendar_id="1",
        calendars=(calendar,),
        tasks=tasks,
        resources=(engine.Resource(id="7", name="member"),),
        assignments=(engine.Assignment("2", "7", 1.0), engine.Assignment("2", "7", 1.0)),
        options=engine.ScheduleOptions(
            honor_constraints=False, retained_logic=False, critical_float_minutes=60
        ),
    )
    return convert(project, schedule_project(project), source_format="mspdi")


def test_the_conversions_losses_read_as_before_in_english_and_translate():
    plan = _lossy_plan()
    coded = [loss for loss in plan.losses if loss.code]
    assert {loss.code for loss in coded} >= {
        "links_beat_constraints",
        "progress_override",
        "critical_with_float",
        "milestone_with_duration",
        "percent_rounded",
        "short_duration",
        "name_cut",
        "assigned_twice",
        "constraint_to_day_start",
        "deadline_to_day_end",
    }
    for loss in coded:
        kept = {"code": loss.code, "values": loss.values, "message": loss.message}
        assert loss_message(kept) == loss.message, loss.code
    rounded = next(x for x in coded if x.code == "percent_rounded")
    assert rounded.values == {"percent": "33.3", "rounded": "33"}


def test_a_rounded_percentage_is_worded_in_the_readers_language(tmp_path):
    texts = {
        "%(percent)s%% complete is rounded to %(rounded)s%%": "[%(percent)s%% → %(rounded)s%%]"
    }
    loss = {"code": "percent_rounded", "values": {"percent": "33.3", "rounded": "33"}}
    with pseudo_language(tmp_path, texts), translation.override("xx"):
        assert loss_message(loss) == "[33.3% → 33%]"


def _calendar_plan():
    """A project whose links and resources lose something: an elapsed lag of 100 minutes, a lag
    counted on a predecessor's own calendar, a resource on a night calendar and one working
    every day."""
    start = dt.datetime(2025, 3, 3, 8, tzinfo=dt.UTC)
    night = (((1200, 1380),),) * 5 + ((), ())
    every_day = (((480, 720), (780, 1020)),) * 7
    calendars = (
        engine.Calendar(id="1", name="Standard", week=WEEK),
        engine.Calendar(id="2", name="Night", week=night),
        engine.Calendar(id="3", name="Every day", week=every_day),
    )
    tasks = (
        engine.Task(id="1", name="Dig", duration=engine.Duration(480), calendar_id="2"),
        engine.Task(id="2", name="Pour", duration=engine.Duration(480)),
        engine.Task(id="3", name="Cure", duration=engine.Duration(480)),
    )
    links = (
        engine.Link("1", "2", engine.LinkType.FS, engine.Lag(480)),
        engine.Link("2", "3", engine.LinkType.FS, engine.Lag(100, elapsed=True)),
    )
    project = engine.Project(
        name="Calendars",
        start=start,
        calendar_id="1",
        calendars=calendars,
        tasks=tasks,
        links=links,
        resources=(
            engine.Resource(id="7", name="Guard", calendar_id="2"),
            engine.Resource(id="8", name="Pump", calendar_id="3"),
        ),
        assignments=(engine.Assignment("2", "7", 1.0), engine.Assignment("3", "8", 1.0)),
    )
    return convert(project, schedule_project(project), source_format="mspdi")


def test_link_and_resource_calendar_losses_read_as_before_and_translate(tmp_path):
    plan = _calendar_plan()
    by_code = {loss.code: loss for loss in plan.losses}
    english = {
        "elapsed_lag_rounded": "the link from Pour: an elapsed lag of 100 minutes is rounded",
        "lag_on_project_calendar": "the link from Dig: its lag counts on the project calendar",
        "resource_calendar_apart": (
            "Guard's calendar shares no working time with the project calendar; Tandem "
            "schedules the task on the project calendar"
        ),
        "resource_calendar_wider": (
            "Pump's calendar has working time outside the project calendar's; Tandem works "
            "the task only when both calendars do"
        ),
    }
    for code, message in english.items():
        loss = by_code[code]
        assert loss.message == message, code
        assert loss_message({"code": code, "values": loss.values, "message": "?"}) == message
    texts = {
        "the link from %(predecessor)s: an elapsed lag of %(minutes)s minutes is rounded": (
            "[%(predecessor)s: %(minutes)s ɱîñ ŗøũñđêđ]"
        ),
        "%(resource)s's calendar shares no working time with the project calendar; Tandem "
        "schedules the task on the project calendar": "[%(resource)s: ñø ţîɱê îñ ċøɱɱøñ]",
    }
    kept = [{"code": c, "values": by_code[c].values, "message": by_code[c].message}
            for c in ("elapsed_lag_rounded", "resource_calendar_apart")]  # fmt: skip
    with pseudo_language(tmp_path, texts), translation.override("xx"):
        assert [loss_message(x) for x in kept] == [
            "[Pour: 100 ɱîñ ŗøũñđêđ]",
            "[Guard: ñø ţîɱê îñ ċøɱɱøñ]",
        ]


def test_a_person_with_days_off_is_a_staffing_loss_read_as_before_and_translated(world, tmp_path):
    preview = preview_import(version_1(), "house.xml", acting_user=world.admin)
    CalendarException.objects.create(person=world.admin, name="Off", start=dt.date(2025, 3, 5))
    losses = staffing_losses(preview.plan, {"7": f"person:{world.admin.pk}"})

    assert losses
    english = (
        f"scheduled on {world.admin}'s working hours and days off, not on the file's resource "
        "calendar"
    )
    for loss in losses:
        assert (loss.code, loss.values) == ("staffed_on_person_hours", {"person": str(world.admin)})
        assert loss.message == english
        assert loss_message({"code": loss.code, "values": loss.values}) == english
    texts = {
        "scheduled on %(person)s's working hours and days off, not on the file's resource "
        "calendar": "[%(person)s: ŵøŗķîñĝ ĥøũŗś]"
    }
    kept = {"code": losses[0].code, "values": losses[0].values, "message": english}
    with pseudo_language(tmp_path, texts), translation.override("xx"):
        assert loss_message(kept) == f"[{world.admin}: ŵøŗķîñĝ ĥøũŗś]"
