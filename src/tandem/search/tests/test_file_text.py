"""Documents are found by the words inside their uploaded files; the index can be rebuilt."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from tandem.search.file_text import MAX_TEXT_CHARS, Unreadable, read_text
from tandem.search.models import FileText, SearchEntry
from tandem.testing.factories_records import make_decision, make_document, make_version

from .helpers import docx_with_text, pdf_with_text

pytestmark = pytest.mark.django_db


def _found(api_client, user, query: str) -> list[tuple[str, str]]:
    response = api_client.as_user(user).get("/api/search?" + urlencode({"q": query}))
    assert response.status_code == 200, response.content
    return [(i["kind"], i["title"]) for i in response.json()["items"]]


def test_finds_a_document_by_a_word_inside_its_uploaded_pdf(
    world, api_client, django_capture_on_commit_callbacks
):
    # Given a document whose name and description do not hold the word, and a PDF that does
    document = make_document(world, title="Budget", description="Figures for Q3")
    with django_capture_on_commit_callbacks(execute=True):
        version = make_version(
            world, document, name="q3.pdf", content=pdf_with_text("Quarterly hovercraft costs")
        )
    # Then the file's text was read and the document is found by the word
    assert "hovercraft" in FileText.objects.get(version=version).text
    assert _found(api_client, world.member, "hovercraft") == [("document", "Budget")]
    # and not by people outside the project
    assert _found(api_client, world.outsider, "hovercraft") == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.docx", docx_with_text("The gondola arrives Monday")),
        ("notes.txt", b"The gondola arrives Monday"),
        ("notes.md", b"# Plan\n\nThe *gondola* arrives Monday"),
    ],
)
def test_finds_words_in_word_text_and_markdown_files(
    world, api_client, django_capture_on_commit_callbacks, name, content
):
    document = make_document(world, title="Logistics")
    with django_capture_on_commit_callbacks(execute=True):
        make_version(world, document, name=name, content=content, content_type="text/plain")
    assert _found(api_client, world.member, "gondola") == [("document", "Logistics")]


def test_a_damaged_pdf_keeps_its_document_findable_by_name(
    world, api_client, django_capture_on_commit_callbacks
):
    document = make_document(world, title="Broken scan")
    with django_capture_on_commit_callbacks(execute=True):
        version = make_version(world, document, name="scan.pdf", content=b"%PDF-1.4 garbage")
    assert FileText.objects.get(version=version).problem.startswith("the PDF cannot be read")
    assert _found(api_client, world.member, "scan") == [("document", "Broken scan")]


def test_reading_stops_at_the_limit():
    text = read_text("big.txt", io.BytesIO(b"word " * MAX_TEXT_CHARS))
    assert len(text) == MAX_TEXT_CHARS
    with pytest.raises(Unreadable):
        read_text("program.exe", io.BytesIO(b"MZ"))


def test_reindex_rebuilds_the_index(world, api_client, django_capture_on_commit_callbacks):
    # Given records written while the index was not followed (e.g. a restore)
    make_decision(world, title="Restored", decision="capybara")
    document = make_document(world, title="Restored file")
    make_version(world, document, name="r.pdf", content=pdf_with_text("capybara inside"))
    SearchEntry.objects.create(
        kind="decision", object_id=999_999, project=world.project, title="Ghost", body="capybara"
    )
    assert _found(api_client, world.member, "capybara") == []
    # When the index is rebuilt
    out = io.StringIO()
    call_command("reindex", stdout=out)
    # Then both are found, and the row of a record that no longer exists is gone
    assert sorted(_found(api_client, world.member, "capybara")) == [
        ("decision", "Restored"),
        ("document", "Restored file"),
    ]
    assert not SearchEntry.objects.filter(title="Ghost").exists()
    assert "decision: 1 indexed" in out.getvalue()
