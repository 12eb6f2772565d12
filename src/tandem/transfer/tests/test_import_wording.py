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
from tandem.testing.pseudo_catalog import pseudo_language
from tandem.transfer.import_convert import convert
from tandem.transfer.tests.import_files import WEEK, mspdi_plan
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
