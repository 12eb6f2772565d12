"""The API's refusals are told in the reader's language: a client sending ``Accept-Language: xx``
(a pseudo-language whose catalog wraps each text in brackets) reads the message and the field
messages from the catalog, with the values filled in; a client sending none reads English."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tandem.planning.actions import do_assign
from tandem.resources.models import TimeEntry
from tandem.testing.factories_planning import make_task
from tandem.testing.pseudo_catalog import pseudo_language

MONDAY = dt.date(2026, 3, 2)

WEEK_CLOSED = (
    "The week of %(day)s %(week_start)s is %(state)s: its time is read-only unless the project "
    "manager returns it."
)
TEXTS = {
    WEEK_CLOSED: "[Ŵêêķ %(day)s %(week_start)s îš %(state)s: ŗêåđ-øñļý]",
    "submitted": "[šũƀɱîţţêđ]",
    "the week of %(week_start)s is %(state)s": "[ŵêêķ %(week_start)s: %(state)s]",
    "No person %(person_id)s.": "[Ñø ƥêŗšøñ %(person_id)s.]",
    "%(week)s is outside 1900-2199.": "[%(week)s îš øũţšîđê 1900-2199.]",
    "a date between 1900 and 2199": "[å đåţê ƀêţŵêêñ 1900 åñđ 2199]",
}


@pytest.fixture
def xx(tmp_path: Path):
    with pseudo_language(tmp_path, TEXTS):
        yield


@pytest.fixture
def design(world):
    task = make_task(world.project, "Design")
    do_assign(task, acting_user=world.manager, person=world.member)
    return task


def _url(world, tail="", week=MONDAY):
    return f"/api/projects/{world.project.pk}/timesheets/{week.isoformat()}{tail}"


def _send(
    api_client, method: str, url: str, data: Any = None, *, language=None, if_match=None
) -> Any:
    headers = {} if language is None else {"Accept-Language": language}
    if if_match is not None:
        headers["If-Match"] = f'"{if_match}"'
    body = {} if data is None else {"data": json.dumps(data), "content_type": "application/json"}
    return getattr(api_client.client, method)(url, headers=headers, **body)


def _closed_week(world, design, api_client, *, language):
    member = api_client.as_user(world.member)
    cell = {"task_id": design.pk, "date": MONDAY.isoformat(), "hours": "3"}
    assert member.patch(_url(world), {"entries": [cell]}, if_match=0).status_code == 200
    assert member.post(_url(world, "/submit"), {}, if_match=0).status_code == 200
    more = {"entries": [{**cell, "date": (MONDAY + dt.timedelta(days=1)).isoformat()}]}
    return _send(api_client, "patch", _url(world), more, language=language, if_match=1)


def test_a_closed_week_is_refused_in_the_readers_language(world, design, api_client, xx):
    refused = _closed_week(world, design, api_client, language="xx")

    assert refused.status_code == 409
    assert refused["Content-Language"] == "xx"
    error = refused.json()["error"]
    assert error["code"] == "conflict"
    assert error["message"] == "[Ŵêêķ 2 March 2026 îš [šũƀɱîţţêđ]: ŗêåđ-øñļý]"
    assert error["fields"] == {"date": ["[ŵêêķ 2026-03-02: [šũƀɱîţţêđ]]"]}
    assert TimeEntry.objects.count() == 1


def test_a_closed_week_is_refused_in_english_by_default(world, design, api_client, xx):
    refused = _closed_week(world, design, api_client, language=None)

    assert refused.status_code == 409
    assert refused.json()["error"] == {
        "code": "conflict",
        "message": "The week of 2 March 2026 is submitted: its time is read-only unless the "
        "project manager returns it.",
        "fields": {"date": ["the week of 2026-03-02 is submitted"]},
    }


@pytest.mark.parametrize(
    ("language", "message"),
    [("xx", "[Ñø ƥêŗšøñ 999999.]"), (None, "No person 999999.")],
)
def test_an_unknown_person_is_not_found_in_the_readers_language(
    world, design, api_client, xx, language, message
):
    api_client.as_user(world.manager)

    missing = _send(api_client, "get", _url(world) + "?person_id=999999", language=language)

    assert missing.status_code == 404
    assert missing.json()["error"] == {"code": "not_found", "message": message, "fields": {}}


@pytest.mark.parametrize(
    ("language", "message", "field"),
    [
        ("xx", "[0001-01-01 îš øũţšîđê 1900-2199.]", "[å đåţê ƀêţŵêêñ 1900 åñđ 2199]"),
        (None, "0001-01-01 is outside 1900-2199.", "a date between 1900 and 2199"),
    ],
)
def test_invalid_input_is_refused_in_the_readers_language(
    world, design, api_client, xx, language, message, field
):
    api_client.as_user(world.member)

    refused = _send(api_client, "get", _url(world, week=dt.date(1, 1, 1)), language=language)

    assert refused.status_code == 422
    assert refused.json()["error"] == {
        "code": "validation_failed",
        "message": message,
        "fields": {"week": [field]},
    }
