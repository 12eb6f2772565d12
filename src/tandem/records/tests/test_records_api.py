import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.records.models import Comment, Decision, Document, DocumentVersion, StatusUpdate
from tandem.testing.factories_records import (
    make_comment,
    make_decision,
    make_document,
    make_status_update,
    make_version,
)
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db

BOUNDARY = "tandemboundary"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _raw_multipart(filename: str, content: bytes) -> bytes:
    return (
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def test_upload_through_the_api(world):
    doc = make_document(world)
    resp = _client(world.member).post(
        f"/api/documents/{doc.pk}/versions",
        {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan"), "comment": "first"},
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["number"] == 1
    assert body["size"] == 13
    assert body["sha256"] == hashlib.sha256(b"%PDF-1.7 plan").hexdigest()
    assert body["original_name"] == "plan.pdf"
    assert body["comment"] == "first"
    assert _client(world.member).get(f"/api/documents/{doc.pk}").json()["latest_version"] == 1


def test_upload_without_file_is_422(world):
    doc = make_document(world)
    resp = _client(world.member).post(f"/api/documents/{doc.pk}/versions", {"comment": "x"})
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"] == {"file": ["This field is required."]}


def test_oversized_upload_is_413_before_reading(world, settings):
    settings.TANDEM_MAX_UPLOAD_BYTES = 1000
    doc = make_document(world)
    resp = _client(world.member).post(
        f"/api/documents/{doc.pk}/versions",
        {"file": SimpleUploadedFile("big.bin", b"x" * 200_000)},
    )
    assert resp.status_code == 413
    assert resp.json()["error"]["code"] == "payload_too_large"
    assert not DocumentVersion.objects.exists()


def test_upload_just_over_the_limit_is_413(world, settings):
    settings.TANDEM_MAX_UPLOAD_BYTES = 1000
    doc = make_document(world)
    resp = _client(world.member).post(
        f"/api/documents/{doc.pk}/versions", {"file": SimpleUploadedFile("a.txt", b"x" * 1001)}
    )
    assert resp.status_code == 413
    assert not DocumentVersion.objects.exists()
    resp = _client(world.member).post(
        f"/api/documents/{doc.pk}/versions", {"file": SimpleUploadedFile("a.txt", b"x" * 1000)}
    )
    assert resp.status_code == 201


def test_path_in_multipart_file_name_never_reaches_the_disk(world):
    # Django's multipart parser keeps only the last path part; the stored name is random anyway.
    doc = make_document(world)
    resp = _client(world.member).post(
        f"/api/documents/{doc.pk}/versions",
        data=_raw_multipart("../../etc/passwd.txt", b"root:x:0:0"),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert resp.status_code == 201, resp.content
    v = DocumentVersion.objects.get()
    assert v.original_name == "passwd.txt"
    assert ".." not in v.file.name
    assert v.file.name.startswith("documents/")


def test_executable_upload_is_422(world):
    doc = make_document(world)
    resp = _client(world.member).post(
        f"/api/documents/{doc.pk}/versions",
        {"file": SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00\x03")},
    )
    assert resp.status_code == 422
    assert "executable" in resp.json()["error"]["message"]
    assert not DocumentVersion.objects.exists()


def test_api_download_headers(world):
    doc = make_document(world, visibility="stakeholders")
    v = make_version(world, doc, name="icon.svg", content=b"<svg onload=alert(1)>")
    resp = _client(world.stakeholder).get(f"/api/document-versions/{v.pk}/download")
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/octet-stream"
    assert resp["Content-Disposition"] == 'attachment; filename="icon.svg"'
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp.content == b"<svg onload=alert(1)>"


def test_javascript_link_is_422_and_changes_nothing(world, api_client):
    client = api_client.as_user(world.coordinator)
    url = f"/api/projects/{world.project.pk}/documents"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,hi", "ftp://x.org/f"):
        resp = client.post(url, {"title": "Spec", "link": bad})
        assert resp.status_code == 422, bad
        assert list(resp.json()["error"]["fields"]) == ["link"]
    assert not Document.objects.exists()
    assert client.post(url, {"title": "Spec", "link": "https://example.org/s"}).status_code == 201


def test_member_cannot_share_a_document_through_the_api(world, api_client):
    resp = api_client.as_user(world.member).post(
        f"/api/projects/{world.project.pk}/documents",
        {"title": "Mine", "visibility": "stakeholders"},
    )
    assert resp.status_code == 403
    assert not Document.objects.exists()


def test_stakeholder_document_list_holds_only_shared_ones(world, api_client):
    make_document(world, title="Shared", visibility="stakeholders")
    make_document(world, title="Internal")
    body = (
        api_client.as_user(world.stakeholder)
        .get(f"/api/projects/{world.project.pk}/documents")
        .json()
    )
    assert [d["title"] for d in body["items"]] == ["Shared"]


def test_decision_crud_with_versions(world, api_client):
    client = api_client.as_user(world.coordinator)
    resp = client.post(
        f"/api/projects/{world.project.pk}/decisions",
        {"title": "Cloud vendor", "decided_on": "2026-02-03", "decided_by_id": world.manager.pk},
    )
    assert resp.status_code == 201, resp.content
    did = resp.json()["id"]
    assert client.get(f"/api/decisions/{did}")["ETag"] == '"1"'
    assert client.patch(f"/api/decisions/{did}", {"status": "accepted"}).status_code == 428
    resp = client.patch(f"/api/decisions/{did}", {"status": "accepted"}, if_match=1)
    assert resp.json()["status"] == "accepted"
    assert client.delete(f"/api/decisions/{did}", if_match=1).status_code == 412
    assert client.delete(f"/api/decisions/{did}", if_match=2).status_code == 204
    assert not Decision.objects.exists()


def test_decision_with_unknown_meeting_or_person_is_422(world, api_client):
    client = api_client.as_user(world.coordinator)
    url = f"/api/projects/{world.project.pk}/decisions"
    resp = client.post(url, {"title": "x", "meeting_id": 555555})
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"] == {"meeting_id": ["unknown meeting id 555555"]}
    resp = client.post(url, {"title": "x", "decided_by_id": world.stranger.pk})
    assert resp.status_code == 422
    assert not Decision.objects.exists()


def test_status_update_invalid_period_is_422(world, api_client):
    resp = api_client.as_user(world.coordinator).post(
        f"/api/projects/{world.project.pk}/status-updates",
        {"period_start": "2026-03-10", "period_end": "2026-03-01", "summary": "x"},
    )
    assert resp.status_code == 422
    assert not StatusUpdate.objects.exists()


def test_publish_through_the_api(world, api_client):
    update = make_status_update(world)
    client = api_client.as_user(world.coordinator)
    assert client.post(f"/api/status-updates/{update.pk}/publish", {}).status_code == 428
    resp = client.post(f"/api/status-updates/{update.pk}/publish", {}, if_match=1)
    assert resp.status_code == 200
    assert resp.json()["published"] is True
    stake = api_client.as_user(world.stakeholder)
    assert stake.get(f"/api/status-updates/{update.pk}").status_code == 200
    body = stake.get(f"/api/projects/{world.project.pk}/status-updates").json()
    assert [u["id"] for u in body["items"]] == [update.pk]


def test_comments_api_and_author_rule(world, api_client):
    risk = make_risk(world)
    member = api_client.as_user(world.member)
    resp = member.post(
        "/api/comments", {"target_type": "risks.risk", "target_id": risk.pk, "body": "<b>hi</b>"}
    )
    assert resp.status_code == 201, resp.content
    cid = resp.json()["id"]
    assert resp.json()["target_type"] == "risks.risk"
    resp = api_client.as_user(world.manager).patch(
        f"/api/comments/{cid}", {"body": "x"}, if_match=1
    )
    assert resp.status_code == 403
    assert Comment.objects.get(pk=cid).body == "<b>hi</b>"
    body = (
        api_client.as_user(world.coordinator)
        .get(f"/api/comments?target_type=risks.risk&target_id={risk.pk}")
        .json()
    )
    assert [c["body"] for c in body["items"]] == ["<b>hi</b>"]


def test_comment_on_unknown_target_is_404_or_422(world, api_client):
    client = api_client.as_user(world.member)
    resp = client.post("/api/comments", {"target_type": "risks.risk", "target_id": 9, "body": "x"})
    assert resp.status_code == 404
    resp = client.post(
        "/api/comments", {"target_type": "accounts.user", "target_id": 1, "body": "x"}
    )
    assert resp.status_code == 422
    assert not Comment.objects.exists()


def test_stakeholder_reads_no_comments_even_on_shared_documents(world, api_client):
    shared = make_document(world, visibility="stakeholders")
    internal = make_document(world)
    c1 = make_comment(world, shared)
    make_comment(world, internal)
    member = api_client.as_user(world.member)
    body = member.get(f"/api/comments?target_type=records.document&target_id={shared.pk}").json()
    assert [c["id"] for c in body["items"]] == [c1.pk]
    client = api_client.as_user(world.stakeholder)
    body = client.get(f"/api/comments?target_type=records.document&target_id={shared.pk}").json()
    assert body["items"] == []
    resp = client.get(f"/api/comments?target_type=records.document&target_id={internal.pk}")
    assert resp.status_code == 404


def test_audit_api_lists_the_rows_of_one_object(world, api_client):
    decision = make_decision(world)
    make_decision(world, title="Other")
    body = (
        api_client.as_user(world.member)
        .get(
            f"/api/projects/{world.project.pk}/audit"
            f"?object_type=records.decision&object_id={decision.pk}"
        )
        .json()
    )
    assert body["count"] == 1
    row = body["items"][0]
    assert row["action"] == "decision.created"
    assert row["actor_id"] == world.coordinator.pk
    assert row["changes"]["title"] == [None, "Use PostgreSQL"]
    assert AuditEvent.objects.filter(object_type="records.decision").count() == 2


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("documents", "category=memes", "category"),
        ("documents", "visibility=public", "visibility"),
        ("decisions", "status=maybe", "status"),
        ("status-updates", "audience=press", "audience"),
    ],
)
def test_unknown_filter_values_are_422(world, api_client, path, query, field):
    resp = api_client.as_user(world.coordinator).get(
        f"/api/projects/{world.project.pk}/{path}?{query}"
    )
    assert resp.status_code == 422
    assert list(resp.json()["error"]["fields"]) == [field]
