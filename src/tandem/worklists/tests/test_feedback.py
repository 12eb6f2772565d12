"""A message after every save, a toast for htmx answers, and a confirm step before destroying."""

import json

import pytest

from tandem.planning.models import Dependency
from tandem.testing.factories_meetings import make_meeting
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_resources import make_time_entry

pytestmark = pytest.mark.django_db


def _linked(world):
    design = make_task(world.project, "Design", estimate=2)
    build = make_task(world.project, "Build", estimate=3, assignee_ids=[world.member.pk])
    return build, make_link(design, build)


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_save_that_says_nothing_itself_says_saved(client, world):
    build, link = _linked(world)
    client.force_login(world.manager)
    answer = client.post(f"/dependencies/{link.pk}/remove/", {"version": link.version}, follow=True)
    assert answer.redirect_chain == [(f"/tasks/{build.pk}/", 302)]
    # The schedule's note about what moved is not a word about the save itself.
    assert _messages(answer) == ["Rescheduled 1 task: 2 Build.", "Saved."]
    # Said once: the next page is quiet.
    assert _messages(client.get(f"/tasks/{build.pk}/")) == []


def test_a_view_that_says_what_it_did_is_not_repeated(client, world):
    client.force_login(world.member)
    answer = client.post(
        f"/projects/{world.project.pk}/saved-views/",
        {"name": "Late", "overdue": "1", "page": "task-list"},
        follow=True,
    )
    assert _messages(answer) == ["Saved the view “Late”: it is listed above the tasks."]


def test_an_htmx_save_carries_its_messages_as_a_toast(client, world):
    build, link = _linked(world)
    client.force_login(world.manager)
    answer = client.post(
        f"/dependencies/{link.pk}/remove/",
        {"version": link.version},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert not Dependency.objects.filter(pk=link.pk).exists()
    trigger = json.loads(answer["HX-Trigger"])
    assert trigger == {
        "tandem:toast": {
            "messages": [
                {"level": "info", "text": "Rescheduled 1 task: 2 Build."},
                {"level": "success", "text": "Saved."},
            ]
        }
    }
    # Shown by the toast, so not again on the next page.
    assert _messages(client.get(f"/tasks/{build.pk}/")) == []


def test_signing_in_is_not_a_save(client, world):
    answer = client.post(
        "/login/", {"username": "member", "password": "pw-test-12345"}, follow=True
    )
    assert answer.redirect_chain[-1] == ("/", 302)
    assert "Saved." not in _messages(answer)


def test_refused_writes_get_no_saved_message(client, world):
    build, link = _linked(world)
    client.force_login(world.manager)
    answer = client.post(
        f"/dependencies/{link.pk}/remove/",
        {"version": link.version + 5},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 412
    assert "HX-Trigger" not in answer
    assert Dependency.objects.filter(pk=link.pk).exists()


def test_destructive_forms_ask_first(client, world):
    build, link = _linked(world)
    make_time_entry(build, world.member)
    meeting = make_meeting(world)
    client.force_login(world.manager)
    pages = {
        f"/tasks/{build.pk}/": [
            'data-confirm-button="Remove link"',
            'data-confirm-button="Remove"',
        ],
        f"/projects/{world.project.pk}/time/": ['data-confirm-button="Delete time entry"'],
        f"/meetings/{meeting.pk}/": ['data-confirm-button="Cancel meeting"'],
    }
    for url, marks in pages.items():
        page = client.get(url).content.decode()
        for mark in marks:
            assert mark in page, (url, mark)
        assert 'src="/static/tandem/feedback.js"' in page


def test_a_form_that_explains_its_refusal_is_not_called_saved(client, world):
    client.force_login(world.manager)
    answer = client.post(
        f"/projects/{world.project.pk}/schedule/settings/", {"version": "x"}, follow=True
    )
    said = _messages(answer)
    assert said
    assert "Saved." not in said
