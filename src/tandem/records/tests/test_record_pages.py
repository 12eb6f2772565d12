import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tandem.records.models import Comment, Decision, DocumentVersion, StatusUpdate
from tandem.testing.factories_records import (
    make_comment,
    make_decision,
    make_document,
    make_status_update,
    make_version,
)
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def _client(user):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_download_is_an_attachment_with_nosniff(world):
    # An HTML page is no longer accepted as an upload; one stored before the allowlist is
    # still served as a sandboxed attachment.
    doc = make_document(world)
    v = make_version(world, doc, name="page.txt", content=b"<html><script>x</script></html>")
    DocumentVersion.objects.filter(pk=v.pk).update(
        original_name="page.html", content_type="text/html"
    )
    resp = _client(world.member).get(f"/document-versions/{v.pk}/download/")
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/octet-stream"
    assert resp["Content-Disposition"] == 'attachment; filename="page.html"'
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert resp.content == b"<html><script>x</script></html>"


def test_non_ascii_names_are_encoded_in_the_header(world):
    doc = make_document(world)
    v = make_version(world, doc, name='r\u00e9sum\u00e9 "final".pdf')
    resp = _client(world.member).get(f"/document-versions/{v.pk}/download/")
    assert resp["Content-Disposition"].startswith("attachment; filename*=utf-8''r%C3%A9sum%C3%A9")
    assert resp["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("role", "shared", "status"),
    [
        ("stakeholder", True, 200),
        ("stakeholder", False, 404),
        ("outsider", True, 404),
        ("stranger", True, 404),
        ("member", False, 200),
    ],
)
def test_download_follows_document_visibility(world, role, shared, status):
    doc = make_document(world, visibility="stakeholders" if shared else "team")
    v = make_version(world, doc, content=b"%PDF secret")
    resp = _client(getattr(world, role)).get(f"/document-versions/{v.pk}/download/")
    assert resp.status_code == status
    if status == 200:
        assert resp.content == b"%PDF secret"
    else:
        assert b"secret" not in resp.content


def test_anonymous_download_is_sent_to_sign_in(world):
    doc = make_document(world, visibility="stakeholders")
    v = make_version(world, doc)
    resp = _client(None).get(f"/document-versions/{v.pk}/download/")
    assert resp.status_code == 302
    assert resp["Location"].startswith("/login/")


def test_upload_page_stores_new_version(world):
    doc = make_document(world)
    resp = _client(world.member).post(
        f"/documents/{doc.pk}/upload/",
        {"file": SimpleUploadedFile("plan.txt", b"v2"), "comment": "second"},
    )
    assert resp.status_code == 302
    v = DocumentVersion.objects.get(document=doc)
    assert (v.original_name, v.comment, v.content_type) == ("plan.txt", "second", "text/plain")


def test_oversized_upload_page_is_413(world, settings):
    settings.TANDEM_MAX_UPLOAD_BYTES = 5
    doc = make_document(world)
    resp = _client(world.member).post(
        f"/documents/{doc.pk}/upload/", {"file": SimpleUploadedFile("big.txt", b"0123456789")}
    )
    assert resp.status_code == 413
    assert not DocumentVersion.objects.exists()


def test_stakeholder_sees_only_shared_documents_and_published_updates(world):
    make_document(world, title="Shared plan", visibility="stakeholders")
    make_document(world, title="Internal memo")
    make_status_update(world, summary="For stakeholders", publish=True)
    make_status_update(world, summary="Draft for stakeholders")
    make_status_update(world, summary="Team only", audience="team", publish=True)
    client = _client(world.stakeholder)
    docs = client.get(f"/projects/{world.project.pk}/documents/").content.decode()
    assert "Shared plan" in docs
    assert "Internal memo" not in docs
    assert "Add a document" not in docs
    status = client.get(f"/projects/{world.project.pk}/status/").content.decode()
    assert "For stakeholders" in status
    assert "Draft for stakeholders" not in status
    assert "Team only" not in status
    assert "Publish" not in status


def test_pages_escape_script_payloads(world):
    doc = make_document(world, title=XSS, description=XSS)
    decision = make_decision(world, title=XSS, context=XSS)
    make_status_update(world, summary=XSS)
    client = _client(world.coordinator)
    for url in (
        f"/projects/{world.project.pk}/documents/",
        f"/documents/{doc.pk}/",
        f"/projects/{world.project.pk}/decisions/",
        f"/decisions/{decision.pk}/",
        f"/projects/{world.project.pk}/status/",
        f"/projects/{world.project.pk}/history/",
    ):
        html = client.get(url).content.decode()
        assert XSS not in html, url
        assert ESCAPED in html, url


def test_publish_button_publishes(world):
    update = make_status_update(world)
    resp = _client(world.coordinator).post(f"/status/{update.pk}/publish/", {"version": "1"})
    assert resp.status_code == 302
    assert StatusUpdate.objects.get(pk=update.pk).published is True


def test_member_cannot_publish(world):
    update = make_status_update(world)
    resp = _client(world.member).post(f"/status/{update.pk}/publish/", {"version": "1"})
    assert resp.status_code == 403
    assert StatusUpdate.objects.get(pk=update.pk).published is False


def test_decision_page_refuses_javascript_free_text_nowhere_but_stores_it_escaped(world):
    resp = _client(world.coordinator).post(
        f"/projects/{world.project.pk}/decisions/",
        {"title": XSS, "status": "proposed", "decided_on": "2026-02-31"},
    )
    assert resp.status_code == 422
    assert "decided_on" in resp.context["form"].errors
    assert not Decision.objects.exists()


def test_object_history_lists_the_changes_of_one_object(world):
    risk = make_risk(world, title="Tracked")
    make_risk(world, title="Other")
    resp = _client(world.member).get(f"/projects/{world.project.pk}/history/risks.risk/{risk.pk}/")
    assert resp.status_code == 200
    events = list(resp.context["events"])
    assert [(e.action, e.object_id) for e in events] == [("risk.created", str(risk.pk))]
    page = resp.content.decode()
    assert "History of risk “Tracked”" in page
    assert "<li>title: Tracked</li>" in page


def test_history_is_not_for_stakeholders(world):
    resp = _client(world.stakeholder).get(f"/projects/{world.project.pk}/history/")
    assert resp.status_code == 403


def test_large_files_are_streamed(world, settings, monkeypatch):
    monkeypatch.setattr("tandem.records.downloads.IN_MEMORY_BYTES", 4)
    doc = make_document(world)
    v = make_version(world, doc, content=b"%PDF streamed")
    resp = _client(world.member).get(f"/document-versions/{v.pk}/download/")
    assert resp.streaming
    assert b"".join(resp.streaming_content) == b"%PDF streamed"
    resp.close()
    assert resp["Content-Disposition"] == 'attachment; filename="charter.pdf"'
    assert resp["X-Content-Type-Options"] == "nosniff"


def test_author_edits_and_removes_own_comment_with_htmx(world):
    risk = make_risk(world)
    comment = make_comment(world, risk, body="First thought")
    client = _client(world.member)
    html = client.get(f"/risks/{risk.pk}/").content.decode()
    assert f'action="/comments/{comment.pk}/edit/"' in html
    resp = client.post(
        f"/comments/{comment.pk}/edit/",
        {"version": "1", "body": XSS},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 200
    assert ESCAPED in resp.content.decode()
    assert Comment.objects.get(pk=comment.pk).body == XSS
    resp = client.post(
        f"/comments/{comment.pk}/delete/", {"version": "2"}, headers={"HX-Request": "true"}
    )
    assert resp.status_code == 200
    assert not Comment.objects.exists()


def test_others_see_no_edit_control_and_cannot_edit(world):
    risk = make_risk(world)
    comment = make_comment(world, risk)
    client = _client(world.coordinator)
    html = client.get(f"/risks/{risk.pk}/").content.decode()
    assert f'action="/comments/{comment.pk}/edit/"' not in html
    assert f'action="/comments/{comment.pk}/delete/"' in html  # leads moderate
    resp = client.post(f"/comments/{comment.pk}/edit/", {"version": "1", "body": "hijack"})
    assert resp.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Looks fine"
