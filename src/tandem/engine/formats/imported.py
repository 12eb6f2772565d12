"""What a reader returns: the project (inputs only) plus the dates the file's author computed.

The stored results are never fed back into the project; they exist so that a schedule
computed by Tandem can be compared with the one MS Project or P6 saved in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..scheduling.model import FileFormatError, Project

__all__ = ["ImportNote", "ImportedProject", "StoredTaskResult", "task_issue_code"]


@dataclass(frozen=True, slots=True)
class ImportNote:
    """A choice the reader made, as a stable ``code`` with its ``values`` (ids, names, counts as
    text) beside the English ``text`` (what :attr:`ImportedProject.notes` holds), so that an
    application can word it in its reader's language. Codes and their values:

    - ``"project_calendar_missing"``: ``calendar`` (the file's id), ``used`` (the id read
      instead), ``used_name`` (its name, when the file gives one);
    - ``"task_ids_not_unique"``: MS Project's Text1 ids repeat; the UIDs are kept as ids;
    - ``"task_calendar_unknown"``: ``task`` (id), ``calendar``; the project calendar is used;
    - ``"link_to_missing_task"``: ``predecessor``, ``successor`` (task ids); dropped;
    - ``"link_outside_project"``: ``predecessor``, ``successor`` (the task id of an activity
      of the project, P6's object id of the other), ``line``; dropped;
    - ``"several_projects"``: ``count``, ``projects`` (the file's projects, listed), ``chosen``;
    - ``"decoded_as"``: ``encoding`` (an XER file without a declared encoding);
    - ``"calendar_skipped"``: ``calendar``, ``problem`` (English); an unused calendar that
      cannot be read.
    """

    code: str
    text: str
    values: Mapping[str, str] = field(default_factory=dict)


# The reasons of ``task_issues`` and ``out_of_scope`` (English, stable) and their codes.
_TASK_ISSUE_CODES: Mapping[str, str] = {
    "split task": "split_task",
    "leveling delay": "leveling_delay",
    "external task or subproject": "external_task",
    "inactive task": "inactive_task",
    "cross-project link": "cross_project_link",
    "work resources on different calendars": "resource_calendars_differ",
    "relationship to another project": "link_to_another_project",
    "secondary constraint": "secondary_constraint",
    "resource-dependent activity": "resource_dependent_activity",
    "WBS summary activity": "wbs_summary_activity",
    "project must-finish-by date": "project_must_finish_by",
}
_ACTIVITY_TYPE = "activity type "


def task_issue_code(reason: str) -> tuple[str, dict[str, str]]:
    """The stable code of a ``task_issues`` / ``out_of_scope`` reason and its values:
    ``("activity_type", {"type": ...})`` for an unknown P6 activity type, ``("", {})`` for a
    reason without a code."""
    if reason in _TASK_ISSUE_CODES:
        return _TASK_ISSUE_CODES[reason], {}
    if reason.startswith(_ACTIVITY_TYPE):
        return "activity_type", {"type": reason.removeprefix(_ACTIVITY_TYPE)}
    return "", {}


@dataclass(frozen=True, slots=True)
class StoredTaskResult:
    """One task's schedule as saved in the file (for comparison only).

    ``total_float_minutes`` is in the unit the application counts slack in: working minutes,
    or elapsed minutes when ``float_elapsed`` (MS Project counts an elapsed-duration task's slack
    in elapsed time). ``None`` means the file does not hold the value.
    """

    task_id: str
    name: str = ""
    start: datetime | None = None
    finish: datetime | None = None
    early_start: datetime | None = None
    early_finish: datetime | None = None
    late_start: datetime | None = None
    late_finish: datetime | None = None
    total_float_minutes: int | None = None
    critical: bool | None = None
    summary: bool = False
    float_elapsed: bool = False


@dataclass(frozen=True, slots=True)
class ImportedProject:
    """A project read from a file.

    ``stored``: the file's own computed dates by task id. ``notes``: choices the reader made
    (e.g. which project of a multi-project file), in English; ``note_details`` the same notes,
    in the same order, with codes and values (see :class:`ImportNote`). ``out_of_scope``: features present in the file
    that Tandem's model does not represent (manually scheduled tasks, split tasks, leveling
    delay ...), each a short human-readable reason; a comparison with the stored dates is not
    expected to match for the tasks concerned. ``task_issues`` maps task ids to those reasons
    (:func:`task_issue_code` gives each reason's code).
    """

    project: Project
    source_format: str
    stored: Mapping[str, StoredTaskResult] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    task_issues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    note_details: tuple[ImportNote, ...] = ()


def source_bytes(source: str | Path | bytes, name: str | None = None) -> tuple[bytes, str]:
    """Read a file (or take raw bytes) and return ``(data, name for messages)``.

    Raises FileFormatError when the file cannot be read.
    """
    if isinstance(source, bytes):
        return source, name or "<bytes>"
    path = Path(source)
    try:
        return path.read_bytes(), name or str(path)
    except OSError as exc:
        raise FileFormatError(f"cannot read file: {exc.strerror or exc}", str(path)) from exc
