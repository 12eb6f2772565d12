"""Uploads are accepted by kind (an allowlist of extensions, checked against the content)."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tandem.core.errors import ValidationFailed
from tandem.records.file_kinds import ACCEPTED_SUMMARY
from tandem.records.models import DocumentVersion
from tandem.testing.factories_records import make_document, make_version

pytestmark = pytest.mark.django_db

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8
ZIP = b"PK\x03\x04\x14\x00\x00\x00"
NOT_ACCEPTED = f"not an accepted kind; accepted: {ACCEPTED_SUMMARY}"


def test_the_accepted_kinds_are_named():
    assert ACCEPTED_SUMMARY == (
        "documents (.doc, .docx, .odt, .rtf); spreadsheets (.xls, .xlsx, .ods); "
        "presentations (.ppt, .pptx, .odp); PDFs (.pdf); "
        "images (.png, .jpg, .jpeg, .gif, .webp, .bmp, .tif, .tiff, .svg); "
        "text (.txt, .md, .json); CSV (.csv, .tsv); ZIP archives (.zip); calendars (.ics); "
        "schedules (.xml, .mpp, .xer, .mpx)"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("charter.pdf", b"%PDF-1.7\n"),
        ("spec.docx", ZIP),
        ("spec.doc", OLE2),
        ("old.doc", b"{\\rtf1\\ansi hello}"),
        ("notes.odt", ZIP),
        ("budget.xlsx", ZIP),
        ("budget.xls", OLE2),
        ("export.xls", b"<table><tr><td>1</td></tr></table>"),
        ("deck.pptx", ZIP),
        ("deck.ppt", OLE2),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("anim.gif", b"GIF89a\x01\x00"),
        ("pic.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
        ("diagram.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("readme.md", b"# Plan\n"),
        ("data.json", b'{"a": 1}'),
        ("routes.csv", "Straße;Zeit\n".encode("cp1252")),
        ("routes16.csv", "a,b\n".encode("utf-16")),
        ("all.zip", ZIP),
        ("kickoff.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"),
        ("plan.xml", b"\xef\xbb\xbf<?xml version='1.0'?><Project/>"),
        ("plan.mpp", OLE2),
        ("plan.xer", b"ERMHDR\t19.12\t2024-01-01\n"),
        ("empty.txt", b""),
    ],
)
def test_files_of_accepted_kinds_are_kept(world, name, content):
    v = make_version(world, make_document(world), name=name, content=content)
    assert DocumentVersion.objects.get(pk=v.pk).original_name == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a.exe.", "'a.exe.': Files without an extension are not accepted."),
        ("x.js", "'x.js': .js files are not accepted."),
        ("page.html", "'page.html': .html files are not accepted."),
        ("report.pdf.sh", "'report.pdf.sh': .sh files are not accepted."),
        ("archive.tar.gz", "'archive.tar.gz': .gz files are not accepted."),
        ("README", "'README': Files without an extension are not accepted."),
    ],
)
def test_other_kinds_are_refused_naming_the_accepted_ones(world, name, message):
    with pytest.raises(ValidationFailed) as caught:
        make_version(world, make_document(world), name=name, content=b"text")
    assert caught.value.message == f"{message} Accepted kinds: {ACCEPTED_SUMMARY}."
    assert caught.value.fields == {"file": [NOT_ACCEPTED]}
    assert not DocumentVersion.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html>not a pdf</html>"),
        ("photo.png", b"\xff\xd8\xff\xe0 a jpeg"),
        ("spec.docx", b"plain text"),
        ("notes.txt", b"\x00\x01\x02binary"),
        ("invite.ics", b"hello"),
        ("plan.xer", b"<Project/>"),
        ("empty.pdf", b""),
    ],
)
def test_content_of_another_kind_is_refused(world, name, content):
    ext = "." + name.rpartition(".")[2]
    with pytest.raises(ValidationFailed) as caught:
        make_version(world, make_document(world), name=name, content=content)
    assert caught.value.fields == {"file": [f"the content is not that of a {ext} file"]}
    assert not DocumentVersion.objects.exists()


def test_api_refuses_a_script_with_the_accepted_kinds(world):
    doc = make_document(world)
    client = Client()
    client.force_login(world.member)
    response = client.post(
        f"/api/documents/{doc.pk}/versions", {"file": SimpleUploadedFile("x.js", b"alert(1)")}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"file": [NOT_ACCEPTED]}
    assert not DocumentVersion.objects.exists()


def test_upload_page_shows_the_refusal_on_the_form(world):
    doc = make_document(world)
    client = Client()
    client.force_login(world.member)
    response = client.post(
        f"/documents/{doc.pk}/upload/", {"file": SimpleUploadedFile("a.exe.", b"MZ\x90\x00")}
    )
    assert response.status_code == 422
    assert html.escape("executable programs are not accepted") in response.content.decode()
    assert not DocumentVersion.objects.exists()
