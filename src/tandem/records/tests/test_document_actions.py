import hashlib

import pytest
from django.core.files.storage import default_storage

from tandem.core.errors import Forbidden, PayloadTooLarge, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.records import actions
from tandem.records.models import Document, DocumentVersion
from tandem.records.uploads import clean_file_name, served_type
from tandem.testing.factories_records import make_document, make_version, upload_file

pytestmark = pytest.mark.django_db


def test_upload_stores_file_under_random_name_with_hash_and_size(world):
    # given
    doc = make_document(world)
    content = b"%PDF-1.7 the charter"
    # when
    v = make_version(world, doc, content=content)
    # then
    stored = DocumentVersion.objects.get(pk=v.pk)
    assert stored.number == 1
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "charter.pdf"
    assert stored.uploaded_by == world.member
    assert "charter" not in stored.file.name
    assert stored.file.name.startswith("documents/")
    assert len(stored.file.name.split("/")[-1]) == 32
    with default_storage.open(stored.file.name, "rb") as fh:
        assert fh.read() == content
    event = AuditEvent.objects.get(action="document_version.created")
    assert event.project_id == world.project.pk
    assert event.changes["sha256"] == [None, stored.sha256]


def test_versions_are_numbered_in_order(world):
    doc = make_document(world)
    assert [make_version(world, doc).number for _ in range(3)] == [1, 2, 3]


def test_oversized_upload_is_413_and_stores_nothing(world, settings):
    settings.TANDEM_MAX_UPLOAD_BYTES = 10
    doc = make_document(world)
    with pytest.raises(PayloadTooLarge, match="limit is 10 bytes"):
        make_version(world, doc, content=b"x" * 11)
    assert not DocumentVersion.objects.exists()


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b.pdf", "a\\b.pdf", "nul\x00.pdf", " ", ".."])
def test_malicious_file_names_are_refused(world, name):
    # given: a file whose name was not reduced by Django's multipart parser (an import, a job)
    doc = make_document(world)
    upload = upload_file()
    upload._name = name
    # when / then
    with pytest.raises(ValidationFailed) as exc:
        actions.do_upload_version(doc, acting_user=world.member, upload=upload)
    assert "file" in exc.value.fields
    assert not DocumentVersion.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("setup.exe", b"MZ\x90\x00"), ("tool.pdf", b"MZ\x90\x00 disguised"), ("run.bat", b"echo")],
)
def test_programs_are_refused(world, name, content):
    doc = make_document(world)
    with pytest.raises(ValidationFailed, match="not accepted"):
        make_version(world, doc, name=name, content=content)
    assert not DocumentVersion.objects.exists()


def test_refused_upload_leaves_no_file_behind(world):
    doc = make_document(world)
    before = (
        set(default_storage.listdir("documents")[1])
        if default_storage.exists("documents")
        else set()
    )
    with pytest.raises(ValidationFailed):
        make_version(world, doc, name="x.exe", content=b"MZ")
    after = (
        set(default_storage.listdir("documents")[1])
        if default_storage.exists("documents")
        else set()
    )
    assert after == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("page.html", "application/octet-stream"),
        ("logo.svg", "application/octet-stream"),
        ("app.js", "application/octet-stream"),
        ("notes.txt", "text/plain"),
        ("photo.PNG", "image/png"),
        ("archive.tar.gz", "application/octet-stream"),
        ("noextension", "application/octet-stream"),
    ],
)
def test_only_harmless_types_are_served_under_their_own_type(name, expected):
    assert served_type(name) == expected


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("logo.svg", b"<svg onload=alert(1)></svg>", "application/octet-stream"),
        ("notes.txt", b"<script>alert(1)</script>", "text/plain"),
        ("photo.PNG", b"\x89PNG\r\n\x1a\n rest", "image/png"),
    ],
)
def test_accepted_files_keep_the_type_they_are_served_with(world, name, content, expected):
    v = make_version(world, make_document(world), name=name, content=content)
    assert v.content_type == expected


def test_file_names_are_cleaned():
    assert clean_file_name("  re\u0301port\r\n.pdf ") == "r\u00e9port.pdf"
    long = "a" * 300 + ".docx"
    cleaned = clean_file_name(long)
    assert len(cleaned) == 255
    assert cleaned.endswith(".docx")


def test_member_adds_team_document_but_cannot_share_it(world):
    doc = make_document(world, by=world.member)
    assert doc.visibility == "team"
    with pytest.raises(Forbidden):
        make_document(world, by=world.member, visibility="stakeholders")
    assert Document.objects.count() == 1


def test_stakeholder_cannot_upload(world):
    doc = make_document(world, visibility="stakeholders")
    with pytest.raises(Forbidden):
        actions.do_upload_version(doc, acting_user=world.stakeholder, upload=upload_file())
    assert not DocumentVersion.objects.exists()


def test_javascript_link_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        make_document(world, link="javascript:alert(1)")
    assert list(exc.value.fields) == ["link"]
    doc = make_document(world, link="https://example.org/spec")
    with pytest.raises(ValidationFailed):
        actions.do_update_document(
            doc, acting_user=world.coordinator, version=1, changes={"link": "data:text/html,x"}
        )
    assert Document.objects.get(pk=doc.pk).link == "https://example.org/spec"


def test_delete_document_removes_files_after_commit(world, django_capture_on_commit_callbacks):
    doc = make_document(world)
    v = make_version(world, doc)
    name = v.file.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_delete_document(doc, acting_user=world.coordinator, version=1)
    assert not default_storage.exists(name)
    assert not DocumentVersion.objects.exists()


def test_member_cannot_edit_or_delete_documents(world):
    doc = make_document(world)
    with pytest.raises(Forbidden):
        actions.do_update_document(
            doc, acting_user=world.member, version=1, changes={"title": "Mine"}
        )
    with pytest.raises(Forbidden):
        actions.do_delete_document(doc, acting_user=world.member, version=1)
    assert Document.objects.get(pk=doc.pk).title == "Project charter"
