"""The API's own answers to invalid input (a missing or unknown field, a wrong type) and to
unauthenticated calls are told in the client's language; other validator words stay as given."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = pytest.mark.django_db

TEXTS = {
    "Invalid input: %(summary)s": "Ŀŋṽâĺîď: %(summary)s",
    "This field is required.": "Ŗêɋûîŗêď.",
    "Unknown field: it is not one this request takes.": "Ûŋķŋøŵŋ.",
    "Enter a whole number.": "Ŵĥøĺê ŋûɱƀêŗ.",
    "Sign in or send a personal access token.": "Šîĝŋ îŋ.",
}


def _post_task(client: Client, project_id: int, body: str, language: str | None) -> dict:
    headers = {"accept-language": language} if language else {}
    answer = client.post(
        f"/api/projects/{project_id}/tasks",
        data=body,
        content_type="application/json",
        headers=headers,
    )
    assert answer.status_code == 422, answer.content
    return answer.json()["error"]


def test_invalid_input_is_told_in_the_clients_language(world, tmp_path):
    client = Client()
    client.force_login(world.manager)
    body = '{"estimate": "1", "colour": "red"}'
    with pseudo_language(tmp_path, TEXTS):
        english = _post_task(client, world.project.pk, body, None)
        said = _post_task(client, world.project.pk, body, "xx")
    assert english["fields"]["name"] == ["This field is required."]
    assert english["fields"]["colour"] == ["Unknown field: it is not one this request takes."]
    assert english["message"].startswith("Invalid input: ")
    assert said["fields"]["name"] == ["Ŗêɋûîŗêď."]
    assert said["fields"]["colour"] == ["Ûŋķŋøŵŋ."]
    assert said["message"].startswith("Ŀŋṽâĺîď: ")


def test_a_wrong_type_and_a_missing_sign_in_are_told_in_the_clients_language(world, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        anonymous = Client().get("/api/projects", headers={"accept-language": "xx"})
        assert anonymous.status_code == 401
        assert anonymous.json()["error"]["message"] == "Šîĝŋ îŋ."
        client = Client()
        client.force_login(world.manager)
        listed = client.get("/api/projects/two", headers={"accept-language": "xx"})
    assert listed.status_code == 422, listed.content
    assert listed.json()["error"]["fields"]["project_id"] == ["Ŵĥøĺê ŋûɱƀêŗ."]
