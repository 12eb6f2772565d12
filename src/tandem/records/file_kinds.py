"""The kinds of file a project keeps: an allowlist by extension, checked against the content.

Only office documents, spreadsheets, presentations, PDFs, images, text, archives, calendars and
schedule exchange files are accepted. The extension must be one of ``ACCEPTED`` and the first
bytes must look like that kind (a PDF starts with ``%PDF``, an Office file is a ZIP or an OLE2
container, a text file has no NUL bytes...). The check is cheap, not a full parse: its job is to
refuse programs, scripts and disguised files, whatever their name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# How many bytes of a file are looked at.
HEAD_BYTES = 8192

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _text(head: bytes) -> str | None:
    """The head decoded as text, or None if it is binary (NUL bytes outside UTF-16)."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head:
        return None
    return head.decode("utf-8", errors="replace")


def _is_text(head: bytes) -> bool:
    return _text(head) is not None


def _text_starting(*markers: str) -> Callable[[bytes], bool]:
    def check(head: bytes) -> bool:
        text = _text(head)
        return text is not None and text.lstrip("\ufeff \t\r\n").upper().startswith(markers)

    return check


def _text_containing(marker: str) -> Callable[[bytes], bool]:
    def check(head: bytes) -> bool:
        text = _text(head)
        return text is not None and marker in text.upper()

    return check


def _starts(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(signatures)


def _pdf(head: bytes) -> bool:
    # Readers accept a PDF header anywhere in the first kilobyte.
    return b"%PDF" in head[:1024]


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


_zip = _starts(b"PK\x03\x04", b"PK\x05\x06")
_ole = _starts(_OLE2)
_rtf = _starts(b"{\\rtf")


def _any(*checks: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
    return lambda head: any(check(head) for check in checks)


@dataclass(frozen=True)
class Kind:
    label: str
    # extension (lower case, with the dot) -> does the content look like it?
    extensions: dict[str, Callable[[bytes], bool]]


KINDS = [
    Kind(
        "documents",
        {".doc": _any(_ole, _rtf), ".docx": _zip, ".odt": _zip, ".rtf": _rtf},
    ),
    Kind(
        "spreadsheets",
        # An .xls is often an HTML or XML table saved by another program.
        {".xls": _any(_ole, _zip, _is_text), ".xlsx": _zip, ".ods": _zip},
    ),
    Kind("presentations", {".ppt": _ole, ".pptx": _zip, ".odp": _zip}),
    Kind("PDFs", {".pdf": _pdf}),
    Kind(
        "images",
        {
            ".png": _starts(b"\x89PNG\r\n\x1a\n"),
            ".jpg": _starts(b"\xff\xd8\xff"),
            ".jpeg": _starts(b"\xff\xd8\xff"),
            ".gif": _starts(b"GIF87a", b"GIF89a"),
            ".webp": _webp,
            ".bmp": _starts(b"BM"),
            ".tif": _starts(b"II*\x00", b"MM\x00*"),
            ".tiff": _starts(b"II*\x00", b"MM\x00*"),
            # Served as an attachment of type octet-stream, never shown in the page.
            ".svg": _text_containing("<SVG"),
        },
    ),
    Kind("text", {".txt": _is_text, ".md": _is_text, ".json": _is_text}),
    Kind("CSV", {".csv": _is_text, ".tsv": _is_text}),
    Kind("ZIP archives", {".zip": _zip}),
    Kind("calendars", {".ics": _text_containing("BEGIN:VCALENDAR")}),
    Kind(
        "schedules",
        {
            ".xml": _text_starting("<"),
            ".mpp": _ole,
            ".xer": _text_starting("ERMHDR"),
            ".mpx": _text_starting("MPX"),
        },
    ),
]
ACCEPTED: dict[str, Callable[[bytes], bool]] = {
    ext: check for kind in KINDS for ext, check in kind.extensions.items()
}
ACCEPTED_SUMMARY = "; ".join(f"{kind.label} ({', '.join(kind.extensions)})" for kind in KINDS)


def extension(name: str) -> str:
    """The lower-case extension with its dot (``.pdf``); ``""`` when there is none, and for a
    name ending in a dot (``a.exe.``), which Windows would open as ``a.exe``."""
    stem, dot, ext = name.lower().rpartition(".")
    return f".{ext}" if dot and stem and ext else ""


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: str = ""  # "kind" (extension not allowed) or "content" (does not match)


def judge(name: str, head: bytes) -> Verdict:
    """Whether a file called ``name`` whose first bytes are ``head`` may be kept."""
    check = ACCEPTED.get(extension(name))
    if check is None:
        return Verdict(False, "kind")
    if not check(head):
        return Verdict(False, "content")
    return Verdict(True)
