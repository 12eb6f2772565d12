"""Refusals and invalid input reach the reader in their language, through the API and the pages.

The pseudo-language ``xx`` is made from the messages marked in the apps' source (Babel extracts
them as ``makemessages`` would): each one is wrapped in ⟪ ⟫, its placeholders kept. A message
still written as a plain string or an f-string is missing from the catalog and stays English, so
the tests below fail for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from django.test import Client
from django.utils import translation
from django.utils.html import escape

import tandem
from tandem.accounts.actions import do_create_token, do_update_person
from tandem.comms import actions as comms_actions
from tandem.core.errors import TandemError
from tandem.goals.actions import do_create_goal
from tandem.meetings.timezones import check_time_zone
from tandem.monitoring.actions import check_thresholds
from tandem.planning.actions import do_add_dependency
from tandem.planning.models import Dependency, Task
from tandem.planning.task_filters import filter_from
from tandem.planning.workload import window
from tandem.projects.policies import ProjectArchived, access_project
from tandem.reports import actions as report_actions
from tandem.risks.actions import do_create_risk
from tandem.risks.analysis import AnalysisRequest, check_request
from tandem.search.queries import read_search
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = pytest.mark.django_db

APPS = ("planning", "risks", "meetings", "projects", "goals", "monitoring", "reports", "search")
APPS += ("comms",)
KEYWORDS = {**DEFAULT_KEYWORDS, "gettext_lazy": None, "ngettext_lazy": (1, 2)}
SOURCE = Path(tandem.__file__).parent


def pseudo(text: str) -> str:
    return f"⟪{text}⟫"


def _marked_messages() -> dict[str | tuple[str, str], str | tuple[str, str]]:
    """Every message marked in the apps' Python source, with its pseudo translation."""
    texts: dict[str | tuple[str, str], str | tuple[str, str]] = {}
    for app in APPS:
        found = extract_from_dir(
            SOURCE / app,
            method_map=[
                ("**/tests/**", "ignore"),
                ("**/migrations/**", "ignore"),
                ("**.py", "python"),
            ],
            keywords=KEYWORDS,
        )
        for _file, _line, message, _comments, context in found:
            if context:
                continue
            if isinstance(message, tuple):
                singular, plural = message[0], message[1]
                texts[(singular, plural)] = (pseudo(singular), pseudo(plural))
            elif message:
                texts[message] = pseudo(message)
    return texts


@pytest.fixture(scope="module")
def marked() -> dict[str | tuple[str, str], str | tuple[str, str]]:
    return _marked_messages()


@pytest.fixture
def xx(tmp_path: Path, marked) -> Iterator[None]:
    with pseudo_language(tmp_path, marked):
        yield


def test_the_catalog_holds_the_apps_error_messages(marked) -> None:
    assert "This dependency would create a cycle: %(message)s" in marked
    assert "Only the project manager edits the register." in marked
    assert "Unknown task fields: %(unknown)s" in marked
    assert "No project %(project_id)s." in marked


# -- The API ------------------------------------------------------------------------------------


def _cycle(world) -> tuple[int, dict[str, Any], str]:
    """A link that would close a cycle: (project id, the request body, the cycle in words)."""
    design = make_task(world.project, "Design")
    build = make_task(world.project, "Build")
    make_link(design, build)
    body = {"predecessor_id": build.pk, "successor_id": design.pk}
    return world.project.pk, body, "2 Build -> 1 Design -> 2 Build"


def _post(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


def test_an_api_error_answers_in_the_language_the_client_asks_for(world, xx) -> None:
    project_id, body, cycle = _cycle(world)
    client = Client()
    client.force_login(world.coordinator)
    url = f"/api/projects/{project_id}/dependencies"

    asked = _post(client, url, body, accept_language="xx")
    english = _post(client, url, body)

    assert asked.status_code == 422
    assert asked.json()["error"] == {
        "code": "validation_failed",
        "message": pseudo("This dependency would create a cycle: %(message)s") % {"message": cycle},
        "fields": {"predecessor": [cycle]},
    }
    assert english.status_code == 422
    assert english.json()["error"]["message"] == f"This dependency would create a cycle: {cycle}"
    assert Dependency.objects.count() == 1


def test_a_conflict_answers_in_the_language_the_client_asks_for(world, xx) -> None:
    phase = make_task(world.project, "Phase")
    make_task(world.project, "Design", parent=phase)
    client = Client()
    client.force_login(world.manager)

    phase.refresh_from_db()
    version = f'"{phase.version}"'

    asked = client.delete(
        f"/api/tasks/{phase.pk}", headers={"accept-language": "xx", "if-match": version}
    )
    english = client.delete(
        f"/api/tasks/{phase.pk}", headers={"accept-language": "en", "if-match": version}
    )

    assert english.status_code == 409
    assert english.json()["error"]["message"].startswith("Task 1 Phase has 1 subtask")
    assert asked.status_code == 409
    assert asked.json()["error"]["message"] == pseudo(english.json()["error"]["message"])


def test_a_token_answers_in_its_owners_profile_language(world, xx) -> None:
    project_id, body, cycle = _cycle(world)
    _token, raw = do_create_token(acting_user=world.coordinator, name="script")
    bearer = f"Bearer {raw}"
    url = f"/api/projects/{project_id}/dependencies"
    english = _post(Client(), url, body, authorization=bearer, accept_language="en")
    do_update_person(
        world.coordinator,
        acting_user=world.coordinator,
        version=world.coordinator.version,
        changes={"language": "xx"},
    )

    chosen = _post(Client(), url, body, authorization=bearer, accept_language="en")

    expected = "This dependency would create a cycle: %(message)s"
    assert english.status_code == 422
    assert english.json()["error"]["message"] == expected % {"message": cycle}
    assert chosen.status_code == 422
    assert chosen.json()["error"]["message"] == pseudo(expected) % {"message": cycle}


def test_a_token_without_a_profile_language_follows_the_client(world, xx) -> None:
    project_id, body, cycle = _cycle(world)
    _token, raw = do_create_token(acting_user=world.coordinator, name="script")
    url = f"/api/projects/{project_id}/dependencies"

    asked = _post(Client(), url, body, authorization=f"Bearer {raw}", accept_language="xx")

    assert asked.status_code == 422
    assert asked.json()["error"]["message"] == pseudo(
        "This dependency would create a cycle: %(message)s"
    ) % {"message": cycle}


# -- The pages ----------------------------------------------------------------------------------


def test_a_page_shows_an_action_error_in_the_persons_profile_language(world, xx) -> None:
    design = make_task(world.project, "Design")
    build = make_task(world.project, "Build")
    make_link(design, build)
    do_update_person(
        world.coordinator,
        acting_user=world.coordinator,
        version=world.coordinator.version,
        changes={"language": "xx"},
    )
    client = Client()
    client.force_login(world.coordinator)

    response = client.post(
        f"/tasks/{design.pk}/predecessors/",
        {"predecessor": build.pk, "type": "FS", "lag": "0", "lag_unit": "days"},
        headers={"HX-Request": "true", "Accept-Language": "en"},
    )

    page = response.content.decode()
    message = pseudo("This dependency would create a cycle: %(message)s") % {
        "message": "2 Build -> 1 Design -> 2 Build"
    }
    assert response.status_code == 200
    assert escape(message) in page
    assert "<li>This dependency would create a cycle" not in page
    assert Dependency.objects.count() == 1


def test_a_refusal_page_is_in_the_persons_profile_language(world, xx) -> None:
    do_update_person(
        world.outsider,
        acting_user=world.outsider,
        version=world.outsider.version,
        changes={"language": "xx"},
    )
    client = Client()
    client.force_login(world.outsider)

    response = client.get(f"/projects/{world.project.pk}/plan/")

    assert response.status_code == 404
    assert escape(pseudo(f"No project {world.project.pk}.")) in response.content.decode()


# -- A sample of the apps' errors ---------------------------------------------------------------


def _raised(call: Callable[[], Any]) -> TandemError:
    with pytest.raises(TandemError) as caught:
        call()
    return caught.value


def _pseudo_fields(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: [pseudo(m) for m in messages] for name, messages in fields.items()}


# (what, the call, whether the message and whether the field messages are one marked text each)
SAMPLES: list[tuple[str, Callable[[Any], Any], bool, bool]] = [
    ("planning window", lambda w: window("year", dt.date(2026, 1, 5)), True, True),
    ("planning filter", lambda w: filter_from({"status": "nope"}), False, True),
    ("planning link", lambda w: _self_link(w), True, False),
    (
        "risks register",
        lambda w: do_create_risk(w.project, acting_user=w.member, title="R"),
        True,
        True,
    ),
    ("risks analysis", lambda w: check_request(AnalysisRequest(iterations=1)), True, True),
    ("meetings zone", lambda w: check_time_zone("Nowhere/Zone"), False, True),
    ("projects archived", lambda w: _raise(ProjectArchived(w.project.code)), True, True),
    ("projects unseen", lambda w: access_project(w.member, 10**9), True, True),
    ("goals", lambda w: do_create_goal(w.project, acting_user=w.member, name="G"), True, True),
    ("monitoring", lambda w: check_thresholds({"bogus": 1}), False, True),
    (
        "reports period",
        lambda w: report_actions._check_period(dt.date(2026, 2, 1), dt.date(2026, 1, 1)),
        True,
        True,
    ),
    ("search", lambda w: read_search(w.member, "a\x00b", None, None), True, True),
    ("comms", lambda w: comms_actions._check_preference({"digest_hour": 99}), False, True),
]


def _raise(error: TandemError) -> None:
    raise error


def _self_link(world) -> Any:
    task = Task.objects.filter(project=world.project, name="Self").first()
    task = task or make_task(world.project, "Self")
    do_add_dependency(acting_user=world.manager, predecessor=task, successor=task)


@pytest.mark.parametrize(
    ("what", "call", "whole_message", "whole_fields"), SAMPLES, ids=[s[0] for s in SAMPLES]
)
def test_each_app_raises_its_errors_in_the_readers_language(
    world, xx, what, call, whole_message, whole_fields
) -> None:
    english = _raised(lambda: call(world))
    with translation.override("xx"):
        translated = _raised(lambda: call(world))

    assert "⟪" not in english.message
    if whole_message:
        assert translated.message == pseudo(english.message)
    else:
        assert translated.message.startswith("⟪")
        assert translated.message != english.message
    if whole_fields:
        assert translated.fields == _pseudo_fields(english.fields)
    assert type(translated) is type(english)
