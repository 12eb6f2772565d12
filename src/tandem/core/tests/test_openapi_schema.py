"""The OpenAPI schema describes what the API really asks for and answers."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.core.openapi import reads_version
from tandem.testing.factories import make_world
from tandem.testing.factories_meetings import make_meeting, make_meeting_decision

pytestmark = pytest.mark.django_db

# Writes that need no version: revoking a token replaces nothing another client could have read.
VERSIONLESS = {
    ("delete", "/api/tokens/{token_id}"),
    # Sets many tasks' estimates at once: each item carries its task's version (412 when stale).
    ("patch", "/api/projects/{project_id}/risk-analysis/estimates"),
}


def _schema(client: Any) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, details)
        for path, methods in schema["paths"].items()
        for method, details in methods.items()
    ]


def _if_match(details: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        p for p in details.get("parameters", []) if p["in"] == "header" and p["name"] == "If-Match"
    ]


def test_every_patch_and_delete_documents_the_version_precondition(client: Any) -> None:
    operations = _operations(_schema(client))
    writes = [(m, p, d) for m, p, d in operations if m in ("patch", "delete")]
    assert len(writes) > 40
    missing = [
        (method, path)
        for method, path, details in writes
        if (method, path) not in VERSIONLESS
        and (len(_if_match(details)) != 1 or not {"412", "428"} <= set(details["responses"]))
    ]
    assert missing == []
    versioned = [(m, p) for m, p, d in writes if _if_match(d) or "428" in d["responses"]]
    assert [w for w in versioned if w in VERSIONLESS] == []


def test_other_writes_that_read_a_version_document_it_too(client: Any) -> None:
    operations = {(m, p): d for m, p, d in _operations(_schema(client))}
    for key in [
        ("post", "/api/meetings/{meeting_id}/cancel"),
        ("put", "/api/meetings/{meeting_id}/minutes"),
        ("post", "/api/status-updates/{update_id}/publish"),
    ]:
        assert len(_if_match(operations[key])) == 1, key
        assert {"412", "428"} <= set(operations[key]["responses"]), key
    create = operations[("post", "/api/projects/{project_id}/tasks")]
    assert _if_match(create) == []
    assert "428" not in create["responses"]


def test_every_operation_documents_the_common_errors(client: Any) -> None:
    operations = _operations(_schema(client))
    missing = [
        (method, path, status)
        for method, path, details in operations
        for status in ("401", "403", "422")
        if status not in details["responses"]
    ]
    assert missing == []
    error = operations[0][2]["responses"]["401"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ErrorOut"}
    no_404 = [(m, p) for m, p, d in operations if "{" in p and "404" not in d["responses"]]
    assert no_404 == []


def test_version_detection_follows_helpers_and_ignores_unrelated_functions() -> None:
    from tandem.accounts.api import revoke_token
    from tandem.meetings.api import update_meeting

    assert reads_version(update_meeting) is True
    assert reads_version(revoke_token) is False
    assert reads_version(None) is False


def test_meeting_decisions_answer_every_field_their_schema_requires(client: Any) -> None:
    world = make_world()
    meeting = make_meeting(world)
    make_meeting_decision(world, meeting)
    schema = _schema(client)
    get = schema["paths"]["/api/meetings/{meeting_id}/decisions"]["get"]
    ref = get["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"]
    required = set(schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["required"])
    client.force_login(world.member)
    response = client.get(f"/api/meetings/{meeting.pk}/decisions")
    assert response.status_code == 200
    [decision] = response.json()
    assert "project_id" not in required
    assert required <= set(decision)


def test_document_upload_documents_its_multipart_body(client: Any) -> None:
    operation = _schema(client)["paths"]["/api/documents/{document_id}/versions"]["post"]
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["required"] == ["file"]
    assert body["properties"]["file"] == {"type": "string", "format": "binary"}


def test_no_two_schemas_share_a_name() -> None:
    """The OpenAPI components are keyed by class name: two ``PersonOut`` classes would make one
    operation document the other's body (a client generated from the schema would break)."""
    import importlib
    import pkgutil

    from ninja import Schema

    import tandem

    for module in pkgutil.walk_packages(tandem.__path__, "tandem."):
        if ".tests" in module.name or module.name.startswith(("tandem.engine", "tandem.bench")):
            continue
        if module.name.rsplit(".", 1)[-1].startswith(("api", "schemas")) or "_api" in module.name:
            importlib.import_module(module.name)
    seen: dict[str, str] = {}
    clashes = []

    def visit(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("tandem."):
                where = f"{sub.__module__}.{sub.__qualname__}"
                if sub.__name__ in seen and seen[sub.__name__] != where:
                    clashes.append(f"{seen[sub.__name__]} and {where}")
                seen.setdefault(sub.__name__, where)
            visit(sub)

    visit(Schema)
    assert clashes == []
