"""Open a schedule file of any supported format, recognised by its content (not its name)."""

from __future__ import annotations

from pathlib import Path

from ..scheduling.model import FileFormatError, Project
from .imported import ImportedProject, source_bytes
from .mspdi_reader import load_mspdi
from .p6xml_reader import load_p6xml
from .xer_reader import load_xer
from .xmltree import root_tag

__all__ = ["detect_format", "load_project_file", "read_project_file"]


def detect_format(data: bytes) -> str | None:
    """``"mspdi"``, ``"xer"``, ``"p6xml"`` or None, from the first bytes of a file."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"ERMHDR"):
        return "xer"
    tag = root_tag(data)
    if tag == "Project":
        return "mspdi"
    if tag in {"APIBusinessObjects", "BusinessObjects"}:
        return "p6xml"
    return None


def load_project_file(
    source: str | Path | bytes,
    *,
    timezone: str = "UTC",
    project_id: str | None = None,
    name: str | None = None,
) -> ImportedProject:
    """Read an MSPDI, XER or P6-XML file, whichever the content is.

    ``project_id`` picks a project of a multi-project P6 file (the first one otherwise; the
    choice is recorded in ``notes``). Raises FileFormatError for unknown or malformed content.
    """
    data, where = source_bytes(source, name)
    kind = detect_format(data)
    if kind == "mspdi":
        return load_mspdi(data, timezone=timezone, name=where)
    if kind == "xer":
        return load_xer(data, timezone=timezone, project_id=project_id, name=where)
    if kind == "p6xml":
        return load_p6xml(data, timezone=timezone, project_id=project_id, name=where)
    raise FileFormatError("not an MSPDI, XER or P6-XML file", where, 1)


def read_project_file(
    source: str | Path | bytes, *, timezone: str = "UTC", project_id: str | None = None
) -> Project:
    """:func:`load_project_file` without the stored results: just the :class:`Project`."""
    return load_project_file(source, timezone=timezone, project_id=project_id).project
