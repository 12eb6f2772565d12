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

__all__ = ["ImportedProject", "StoredTaskResult"]


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
    (e.g. which project of a multi-project file). ``out_of_scope``: features present in the file
    that Tandem's model does not represent (manually scheduled tasks, split tasks, leveling
    delay ...), each a short human-readable reason; a comparison with the stored dates is not
    expected to match for the tasks concerned. ``task_issues`` maps task ids to those reasons.
    """

    project: Project
    source_format: str
    stored: Mapping[str, StoredTaskResult] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    task_issues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


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
