"""An update from a newer file says what it changes in the reader's language: each change line is
kept as a code with values beside its English text, and worded when the preview is shown; a
preview kept before codes existed reads as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from tandem.core import l10n
from tandem.engine.formats import write_mspdi
from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling import schedule_project
from tandem.testing.pseudo_catalog import pseudo_language
from tandem.transfer.importing import do_import_project
from tandem.transfer.models import PlanImport
from tandem.transfer.tests.update_files import DAY, START, WEEK, version_1
from tandem.transfer.update_wording import change_text
from tandem.transfer.wording import worded

pytestmark = pytest.mark.django_db

TEXTS = {
    "renamed from “%(name)s”": "[ŕêñåɱêđ ƒŗøɱ %(name)s]",
    "duration %(before)s → %(after)s": "[đũŗåţîøñ %(before)s ⇒ %(after)s]",
    "%(count)sd": "%(count)s[đ]",
    "%(field)s %(before)s → %(after)s": "[%(field)s: %(before)s ⇒ %(after)s]",
    "status": "[śţåţũś]",
    "Not started": "[Ñøţ śţåŗţêđ]",
    "In progress": "[Îñ þŗøĝŗêśś]",
    "moved to the top level": "[ɱøṽêđ ţø ţĥê ţøþ]",
    "moved under “%(parent)s” (new)": "[ɱøṽêđ ũñđêŗ %(parent)s, ñêŵ]",
    "%(name)s (new resource)": "[%(name)s, ñêŵ ŗêśøũŗċê]",
}


def _task(uid: str, name: str, days: int, **fields: Any) -> engine.Task:
    return engine.Task(id=uid, name=name, duration=engine.Duration(days * DAY), **fields)


def _newer() -> bytes:
    """Version 1 of the house with Walls renamed, Foundations started, Windows three days long
    at the top level, Handover under a new task Snagging, and a new resource, Mixer, on Walls."""
    tasks = (
        _task("1", "Build", 0),
        _task("2", "Foundations", 3, parent_id="1", percent_complete=50.0, actual_start=START),
        _task("3", "Brick walls", 4, parent_id="1"),
        _task("4", "Roof", 2, parent_id="1"),
        _task("5", "Windows", 3),
        _task("9", "Snagging", 0),
        _task("8", "Handover", 0, milestone=True, parent_id="9"),
    )
    project = engine.Project(
        name="House",
        start=START,
        calendar_id="1",
        calendars=(engine.Calendar(id="1", name="Standard", week=WEEK),),
        tasks=tasks,
        links=(),
        resources=(engine.Resource(id="7", name="Crane"), engine.Resource(id="11", name="Mixer")),
        assignments=(engine.Assignment("2", "7", 1.0), engine.Assignment("3", "11", 1.0)),
        status_date=dt.datetime(2025, 3, 4, 17, tzinfo=dt.UTC),
    )
    return write_mspdi(project, schedule_project(project))


def _preview(world, language: str):
    project = do_import_project(version_1(), "house.xml", acting_user=world.admin).project
    client = Client()
    client.force_login(world.admin)
    response = client.post(
        f"/api/projects/{project.pk}/imports",
        {"file": SimpleUploadedFile("house-v2.xml", _newer())},
        headers={"accept-language": language},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    page = client.get(f"/imports/{body['id']}/", headers={"accept-language": language})
    return {**body["preview"]["update"], "import_id": body["id"]}, page.content.decode()


def _changes(update) -> dict[str, list[str]]:
    return {row["task"]: row["changes"] for row in update["tasks_changed"]}


def test_the_change_lines_are_in_the_readers_language(world, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        update, page = _preview(world, "xx")

    changes = _changes(update)
    assert changes["Brick walls"] == ["[ŕêñåɱêđ ƒŗøɱ Walls]"]
    assert "[đũŗåţîøñ 2[đ] ⇒ 3[đ]]" in changes["Windows"]
    assert "[ɱøṽêđ ţø ţĥê ţøþ]" in changes["Windows"]
    assert "[[śţåţũś]: [Ñøţ śţåŗţêđ] ⇒ [Îñ þŗøĝŗêśś]]" in changes["Foundations"]
    assert changes["Handover"] == ["[ɱøṽêđ ũñđêŗ Snagging, ñêŵ]"]
    [added] = [a for a in update["assignments_added"] if a["task"] == "Brick walls"]
    assert added["resource"] == "[Mixer, ñêŵ ŗêśøũŗċê]"
    for text in ("[ŕêñåɱêđ ƒŗøɱ Walls]", "[ɱøṽêđ ũñđêŗ Snagging, ñêŵ]", "[Mixer, ñêŵ ŗêśøũŗċê]"):
        assert text in page
    assert "renamed from" not in page
    assert "moved to the top level" not in page


def test_in_english_the_change_lines_read_as_before(world, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        update, page = _preview(world, "en")

    changes = _changes(update)
    assert changes["Brick walls"] == ["renamed from “Walls”"]
    assert "duration 2d → 3d" in changes["Windows"]
    assert "moved to the top level" in changes["Windows"]
    assert "status Not started → In progress" in changes["Foundations"]
    assert "% complete 0 → 50" in changes["Foundations"]
    assert changes["Handover"] == ["moved under “Snagging” (new)"]
    [added] = [a for a in update["assignments_added"] if a["task"] == "Brick walls"]
    assert added["resource"] == "Mixer (new resource)"
    assert "renamed from “Walls”" in page
    # the English stays beside the codes in the kept preview
    walls = next(row for row in update["tasks_changed"] if row["task"] == "Brick walls")
    assert walls["details"] == [{"code": "renamed", "values": {"name": "Walls"}}]


def test_the_preview_keeps_the_english_for_the_command_line_and_old_readers(world, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        update, _page = _preview(world, "xx")

    stored = PlanImport.objects.get(pk=update["import_id"]).preview["update"]
    changes = _changes(stored)
    assert changes["Brick walls"] == ["renamed from “Walls”"]
    assert "status Not started → In progress" in changes["Foundations"]
    assert "actual start - → 2025-03-03" in changes["Foundations"]
    assert changes["Handover"] == ["moved under “Snagging” (new)"]


def test_a_preview_kept_before_codes_existed_reads_as_it_was(tmp_path):
    kept = {
        "tasks_changed": [{"task": "Brick walls", "changes": ["renamed from “Walls”"]}],
        "assignments_added": [
            {"task": "Walls", "resource": "Mixer (new resource)", "units": "100"}
        ],
    }
    with pseudo_language(tmp_path, TEXTS), translation.override("xx"):
        assert worded({"update": kept})["update"] == kept
        assert worded(kept) == kept


def test_dates_and_numbers_follow_the_readers_locale_and_an_unknown_code_keeps_its_english():
    date_change = {
        "code": "field",
        "values": {"field": "actual_start", "before": "", "after": "2025-03-03"},
    }
    number_change = {
        "code": "field",
        "values": {"field": "remaining", "before": "1234.5", "after": "2"},
    }
    with l10n.override("de-DE"):
        assert change_text(date_change) == "actual start - → 03.03.2025"
        assert change_text(number_change) == "remaining duration 1.234,5 → 2"
    assert change_text({"code": "new_kind", "values": {}}, "something new") == "something new"
