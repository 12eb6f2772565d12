"""Reading the words of uploaded files (PDF, Word .docx, plain text, Markdown) for the index.

Reading has limits, so a huge or hostile file cannot hold the worker: files over
``MAX_FILE_BYTES`` are not read, at most ``MAX_PDF_PAGES`` pages and ``MAX_TEXT_CHARS``
characters are kept, and a PDF stops being read after ``MAX_SECONDS``. A file that cannot be read
keeps its document findable by name and description; the reason is kept in ``FileText.problem``.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import BinaryIO

from defusedxml import ElementTree
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from tandem.records.models import DocumentVersion

from .indexing import reindex
from .models import FileText

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
MAX_PDF_PAGES = 500
MAX_SECONDS = 20.0
# The uncompressed size of a .docx's text part that is still read (a ZIP bomb is refused).
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Unreadable(Exception):
    """The file's words cannot be read; the message says why, in words for people."""


def _pdf_text(data: BinaryIO) -> str:
    started = time.monotonic()
    try:
        reader = PdfReader(data)
        if reader.is_encrypted:
            raise Unreadable("the PDF is encrypted")
        parts: list[str] = []
        length = 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or length >= MAX_TEXT_CHARS:
                break
            if time.monotonic() - started > MAX_SECONDS:
                log.info("Stopped reading a PDF after %s pages (time limit)", number)
                break
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise Unreadable(f"the PDF cannot be read ({type(exc).__name__})") from exc
    return "\n".join(parts)


def _docx_text(data: BinaryIO) -> str:
    try:
        with zipfile.ZipFile(data) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise Unreadable("the document's text part is too large")
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise Unreadable("the Word file cannot be read") from exc
    except ValueError as exc:  # defusedxml refuses entities and DTDs
        raise Unreadable("the Word file holds markup that is not read") from exc
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
    return "\n".join(p for p in paragraphs if p)


def _plain_text(data: BinaryIO) -> str:
    raw = data.read(MAX_TEXT_CHARS * 4)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


READERS: dict[str, Callable[[BinaryIO], str]] = {
    ".pdf": _pdf_text,
    ".docx": _docx_text,
    ".txt": _plain_text,
    ".md": _plain_text,
    ".markdown": _plain_text,
}


def read_text(name: str, data: BinaryIO) -> str:
    """The words of a file named ``name`` (its extension picks the reader), within the limits.

    Raises ``Unreadable`` when the kind is not read or the file is damaged.
    """
    reader = READERS.get(PurePosixPath(name.lower()).suffix)
    if reader is None:
        raise Unreadable("this kind of file is found by its name only")
    text = reader(data).replace("\x00", "")
    return text[:MAX_TEXT_CHARS]


def do_read_file_text(version_id: int) -> FileText | None:
    """Read one uploaded version's words into the index (idempotent: read again, same row)."""
    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return None
    text, problem = "", ""
    if version.size > MAX_FILE_BYTES:
        problem = "the file is too large to read"
    else:
        try:
            with version.file.open("rb") as handle:
                text = read_text(version.original_name, io.BytesIO(handle.read()))
        except Unreadable as exc:
            problem = str(exc)
        except OSError as exc:
            problem = "the stored file cannot be opened"
            log.warning("Cannot open document version %s: %s", version_id, exc)
    row, _ = FileText.objects.update_or_create(
        version=version, defaults={"text": text, "problem": problem[:200]}
    )
    reindex("document", version.document_id)
    return row
