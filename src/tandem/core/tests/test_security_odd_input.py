"""Values no database can hold (huge integers, lone surrogates, NaN) are a 422, never a 500."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client, override_settings

from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.goals.models import Goal
from tandem.risks import actions as risk_actions
from tandem.risks.models import Risk
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db
HUGE = 2**64
INT64_MAX = 2**63 - 1


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _post_json(client: Client, url: str, raw: str):
    return client.post(url, data=raw, content_type="application/json")


def test_huge_integer_in_an_id_list_is_a_422_naming_it(world):
    audit_before = AuditEvent.objects.count()
    body = json.dumps({"name": "Launch", "task_ids": [HUGE]})
    response = _post_json(_client(world.manager), f"/api/projects/{world.project.pk}/goals", body)
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "validation_failed",
            "message": f"Invalid input: task_ids.0: number out of range (at most {INT64_MAX})",
            "fields": {"task_ids.0": [f"number out of range (at most {INT64_MAX})"]},
        }
    }
    assert (Goal.objects.count(), AuditEvent.objects.count()) == (0, audit_before)


def test_huge_integer_id_and_overlong_literal_are_422(world):
    fields = {"title": "t", "probability": 3, "impact": 3, "owner_id": 2**63}
    body = json.dumps(fields)[:-1] + ', "cost_impact": ' + "9" * 5000 + "}"
    response = _post_json(_client(world.manager), f"/api/projects/{world.project.pk}/risks", body)
    assert response.status_code == 422
    assert sorted(response.json()["error"]["fields"]) == ["cost_impact", "owner_id"]
    assert Risk.objects.count() == 0


def test_largest_64_bit_integer_is_still_read_as_a_number(world):
    body = json.dumps({"name": "Launch", "task_ids": [INT64_MAX]})
    response = _post_json(_client(world.manager), f"/api/projects/{world.project.pk}/goals", body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"task_ids": [f"unknown: [{INT64_MAX}]"]}


def test_huge_integer_in_a_query_parameter_is_never_a_500(world):
    response = _client(world.manager).get(f"/api/projects/{world.project.pk}/tasks?assignee={HUGE}")
    if connection.vendor == "sqlite":
        # SQLite cannot bind the number at all: the input is refused.
        assert response.status_code == 422
        assert response.json()["error"]["fields"] == {
            "__all__": [f"number out of range (at most {INT64_MAX})"]
        }
    else:
        # PostgreSQL compares it as a numeric: nobody has that id.
        assert response.status_code == 200
        assert response.json()["count"] == 0


def test_huge_integer_in_a_page_form_is_a_422_page(world):
    response = _client(world.manager).post(
        f"/projects/{world.project.pk}/risks/",
        {"title": "Late", "probability": "3", "impact": "3", "tasks": [str(HUGE)]},
    )
    assert response.status_code == 422
    expected = (
        "a number is out of range"
        if connection.vendor == "sqlite"
        else f"Select a valid choice. {HUGE} is not one of the available choices."
    )
    assert expected in response.content.decode()
    assert Risk.objects.count() == 0


@pytest.mark.parametrize(
    "raw",
    [
        '{"title": "a\\ud800b", "probability": 3, "impact": 3}',
        '{"title": "ok", "probability": 3, "impact": 3, "\\udfff": 1}',
    ],
)
def test_lone_surrogate_in_a_json_body_is_a_422_in_json(world, raw):
    response = _post_json(_client(world.manager), f"/api/projects/{world.project.pk}/risks", raw)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert list(error["fields"].values()) == [
        ["contains an unpaired UTF-16 surrogate (not a valid character)"]
    ]
    assert Risk.objects.count() == 0


def test_lone_surrogate_reaching_an_action_names_the_field(world):
    risk = make_risk(world)
    with pytest.raises(ValidationFailed) as caught:
        risk_actions.do_update_risk(
            risk, acting_user=world.manager, version=1, changes={"cause": "x\udc80"}
        )
    assert caught.value.fields == {"cause": ["Unpaired surrogate characters are not allowed."]}
    assert Risk.objects.get(pk=risk.pk).cause == ""


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_numbers_are_a_422(world, constant):
    raw = '{"title": "t", "probability": 3, "impact": 3, "cost_impact": ' + constant + "}"
    response = _post_json(_client(world.manager), f"/api/projects/{world.project.pk}/risks", raw)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_failed"


@pytest.mark.parametrize("debug", [False, True])
def test_body_over_five_mebibytes_is_413_json_in_debug_too(world, debug):
    risk = make_risk(world)
    audit_before = AuditEvent.objects.count()
    body = {"target_type": "risks.risk", "target_id": risk.pk, "body": "x" * (5 * 1024 * 1024)}
    with override_settings(DEBUG=debug):
        response = _post_json(_client(world.member), "/api/comments", json.dumps(body))
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "payload_too_large"
    assert AuditEvent.objects.count() == audit_before
