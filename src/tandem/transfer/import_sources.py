"""Reading an uploaded plan file of any supported kind, within limits checked before parsing.

Kinds: MS Project XML (MSPDI), native MS Project ``.mpp`` (through MPXJ, when installed with a
Java runtime), Primavera P6 XER and P6 XML, CSV and Excel ``.xlsx`` (``import_tabular``).
The kind comes from the content; the name only settles CSV (text that is none of the others).
XML is parsed with defusedxml (the engine's readers): no DTD entities, no external ones.

Every failure is a ``FileFormatError`` whose message names the file and, where it can, the line
or element.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405  (types only; parsing uses defusedxml)
from dataclasses import dataclass, field

from django.conf import settings

from tandem.engine.formats import ImportedProject, ImportNote, detect_format, load_project_file
from tandem.engine.formats.xer_reader import decode_xer, parse_xer_tables
from tandem.engine.formats.xmltree import parse_xml
from tandem.engine.scheduling.model import FileFormatError

from .import_mpp import mpp_to_mspdi
from .import_tabular import looks_like_text, read_tabular

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_TASKS = 20_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
KIND_LABELS = {
    "mspdi": "MS Project XML",
    "mpp": "MS Project (.mpp)",
    "xer": "Primavera P6 XER",
    "p6xml": "Primavera P6 XML",
    "csv": "CSV",
    "xlsx": "Excel",
}


def max_bytes() -> int:
    return int(getattr(settings, "TANDEM_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_tasks() -> int:
    return int(getattr(settings, "TANDEM_IMPORT_MAX_TASKS", DEFAULT_MAX_TASKS))


@dataclass(frozen=True)
class SourceProject:
    """A project inside a multi-project file (P6): the id to choose it by, and its name."""

    id: str
    name: str


@dataclass
class ReadFile:
    """A file read: its kind, the project, the projects the file holds, and what the readers
    keep beside the schedule (task notes, resource e-mail addresses) by the file's ids."""

    kind: str
    imported: ImportedProject
    projects: list[SourceProject] = field(default_factory=list)
    task_notes: dict[str, str] = field(default_factory=dict)
    resource_emails: dict[str, str] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)
    unread_notes: list[ImportNote] = field(default_factory=list)  # ``unread`` with codes

    def note_unread(self, code: str, text: str) -> None:
        self.unread.append(text)
        self.unread_notes.append(ImportNote(code, text))


def sniff_kind(data: bytes, name: str) -> str:
    """The file's kind from its first bytes; FileFormatError when it is none Tandem reads."""
    lower = name.lower()
    if data.startswith(OLE2_MAGIC):
        return "mpp"
    if lower.endswith(".mpp"):
        raise FileFormatError(
            "not an MS Project .mpp file (it does not start as one); in MS Project, "
            "save the plan as XML and import that",
            name,
        )
    if data.startswith(ZIP_MAGIC):
        if lower.endswith((".xlsx", ".xlsm")) or b"xl/" in data[:2000]:
            return "xlsx"
        raise FileFormatError("a ZIP archive that is not an Excel .xlsx workbook", name)
    kind = detect_format(data)
    if kind is not None:
        return kind
    if lower.endswith((".csv", ".txt")) and looks_like_text(data):
        return "csv"
    raise FileFormatError(
        "not a plan file Tandem reads (MS Project XML or .mpp, Primavera XER or P6 XML, "
        "CSV or Excel .xlsx)",
        name,
        1,
    )


def count_tasks(data: bytes, kind: str) -> int:
    """A cheap upper bound of the file's tasks, before parsing."""
    if kind == "mspdi":
        return data.count(b"<Task>") + data.count(b"<Task ")
    if kind == "p6xml":
        return data.count(b"<Activity>") + data.count(b"<Activity ")
    if kind == "xer":
        return data.count(b"\n%R")
    if kind == "csv":
        return data.count(b"\n")
    return 0


def check_limits(data: bytes, name: str, kind: str) -> None:
    limit = max_bytes()
    if len(data) > limit:
        raise FileFormatError(
            f"the file is {len(data) / 1_048_576:.1f} MB; the most Tandem imports is "
            f"{limit / 1_048_576:.0f} MB",
            name,
        )
    tasks = count_tasks(data, kind)
    if tasks > max_tasks():
        raise FileFormatError(
            f"the file holds about {tasks:,} tasks; the most Tandem imports is {max_tasks():,}",
            name,
        )


def read_file(
    data: bytes, name: str, *, source_project: str | None = None, time_zone: str = "UTC"
) -> ReadFile:
    """Check the limits, recognise the kind and read the file (nothing is stored)."""
    if len(data) > max_bytes():
        check_limits(data, name, "")
    if not data.strip():
        raise FileFormatError("the file is empty", name)
    kind = sniff_kind(data, name)
    check_limits(data, name, kind)
    if kind == "mpp":
        data = mpp_to_mspdi(data, name)
        check_limits(data, name, "mspdi")
        read = _read_engine_file(data, name, "mspdi", source_project, time_zone)
        read.kind = "mpp"
        return read
    if kind in ("csv", "xlsx"):
        tabular = read_tabular(data, name, kind, time_zone=time_zone)
        if len(tabular.imported.project.tasks) > max_tasks():
            check_limits(b"\n" * (max_tasks() + 1), name, "csv")
        return ReadFile(kind, tabular.imported, task_notes=tabular.notes)
    return _read_engine_file(data, name, kind, source_project, time_zone)


def _read_engine_file(
    data: bytes, name: str, kind: str, source_project: str | None, time_zone: str
) -> ReadFile:
    imported = load_project_file(data, timezone=time_zone, project_id=source_project, name=name)
    read = ReadFile(kind, imported)
    if kind == "mspdi":
        _mspdi_extras(parse_xml(data, name), read)
    elif kind == "xer":
        _xer_extras(data, name, read)
    elif kind == "p6xml":
        _p6xml_extras(parse_xml(data, name), read)
    return read


def _text(element: ET.Element, tag: str) -> str:
    return (element.findtext(tag) or "").strip()


def _mspdi_extras(root: ET.Element, read: ReadFile) -> None:
    for task in root.findall("Tasks/Task"):
        notes = _text(task, "Notes")
        if notes:
            read.task_notes[_text(task, "UID")] = notes
    for resource in root.findall("Resources/Resource"):
        email = _text(resource, "EmailAddress")
        if email:
            read.resource_emails[_text(resource, "UID")] = email


def _xer_extras(data: bytes, name: str, read: ReadFile) -> None:
    text, _ = decode_xer(data)
    tables = parse_xer_tables(text, name)
    read.projects = [
        SourceProject(row.get("proj_id"), row.get("proj_short_name") or row.get("proj_id"))
        for row in tables.get("PROJECT", [])
        if row.get("export_flag") != "N"
    ]
    for row in tables.get("RSRC", []):
        if row.get("email_addr"):
            read.resource_emails[row.get("rsrc_id")] = row.get("email_addr")
    if tables.get("TASKMEMO"):
        read.note_unread(
            "activity_notebook_not_imported",
            "activity notebook entries (TASKMEMO) are not imported",
        )


def _p6xml_extras(root: ET.Element, read: ReadFile) -> None:
    read.projects = [
        SourceProject(_text(p, "ObjectId"), _text(p, "Name") or _text(p, "Id"))
        for p in root.findall("Project")
    ]
    for resource in root.findall("Resource"):
        email = _text(resource, "EmailAddress")
        if email:
            read.resource_emails[_text(resource, "ObjectId")] = email
    if root.findall(".//ActivityNote"):
        read.note_unread("activity_notes_not_imported", "activity notes are not imported")
