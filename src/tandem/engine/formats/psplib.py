"""PSPLIB single-mode RCPSP reader (``.sm`` files, Kolisch & Sprecher 1996).

An ``.sm`` file lists jobs (including a dummy source and sink) with their successors
(finish-to-start, no lag), one duration and a demand per renewable resource, and the resources'
availabilities. Jobs become activities named by their job number ("1", "2", ...); renewable
resources are named "R1", "R2", ... Durations are periods.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..leveling.problem import (
    LevelingActivity,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
)
from ..scheduling.model import FileFormatError

__all__ = [
    "PsplibFormatError",
    "PsplibInstance",
    "parse_psplib",
    "read_psplib",
    "read_psplib_makespans",
]


class PsplibFormatError(FileFormatError):
    """A malformed PSPLIB file; the message starts with ``path:line``."""


@dataclass(frozen=True, slots=True)
class PsplibInstance:
    """A parsed ``.sm`` file: the problem plus the header's horizon and due date (periods)."""

    name: str
    problem: LevelingProblem
    horizon: int
    due_date: int | None


class _Lines:
    """Numbered, non-blank lines with the file name for error messages."""

    def __init__(self, text: str, source: str) -> None:
        self.items = [(no, line) for no, line in enumerate(text.splitlines(), 1) if line.strip()]
        self.pos = 0
        self.source = source

    def error(self, message: str, line: int | None = None) -> PsplibFormatError:
        if line is None:
            line = self.items[self.pos][0] if self.pos < len(self.items) else len(self.items)
        return PsplibFormatError(message, self.source, line)

    def seek(self, pattern: str) -> tuple[int, str]:
        """Advance to the first line matching ``pattern`` (regex, case-insensitive)."""
        regex = re.compile(pattern, re.IGNORECASE)
        while self.pos < len(self.items):
            item = self.items[self.pos]
            self.pos += 1
            if regex.search(item[1]):
                return item
        raise PsplibFormatError(f"missing section or field matching {pattern!r}", self.source, None)

    def take(self) -> tuple[int, str]:
        if self.pos >= len(self.items):
            raise self.error("file ends too early")
        item = self.items[self.pos]
        self.pos += 1
        return item

    def ints(self) -> Iterator[tuple[int, list[int]]]:
        while True:
            no, line = self.take()
            yield no, self._to_ints(no, line)

    def _to_ints(self, no: int, line: str) -> list[int]:
        try:
            return [int(x) for x in line.split()]
        except ValueError:
            raise self.error(f"expected whole numbers, got {line.strip()!r}", no) from None


def _header_int(lines: _Lines, pattern: str) -> int:
    no, line = lines.seek(pattern)
    match = re.search(r":\s*(-?\d+)", line)
    if not match:
        raise lines.error(f"expected a number after ':' in {line.strip()!r}", no)
    return int(match.group(1))


def parse_psplib(text: str, *, source: str = "<string>", name: str = "") -> PsplibInstance:
    """Parse the text of a single-mode ``.sm`` file.

    Raises :class:`PsplibFormatError` (``source:line: message``) for missing sections, rows that
    are not numbers, wrong job counts or numbering, multi-mode jobs, unknown successors and
    negative durations, demands or availabilities.
    """
    lines = _Lines(text, source)
    n_jobs = _header_int(lines, r"^\s*jobs\b")
    horizon = _header_int(lines, r"^\s*horizon\b")
    n_res = _header_int(lines, r"^\s*-\s*renewable\b")
    if n_jobs < 1 or n_res < 0:
        raise lines.error(f"bad job count {n_jobs} or resource count {n_res}")
    due_date = _project_due_date(lines)
    lines.seek(r"^\s*PRECEDENCE RELATIONS")
    lines.seek(r"^\s*jobnr")
    successors = _precedences(lines, n_jobs)
    lines.seek(r"^\s*REQUESTS/DURATIONS")
    lines.seek(r"^\s*jobnr")
    no, line = lines.take()
    if not line.strip().startswith("-"):
        lines.pos -= 1
    durations, demands = _requests(lines, n_jobs, n_res)
    lines.seek(r"^\s*RESOURCEAVAILABILITIES")
    lines.take()
    no, row = next(lines.ints())
    if len(row) < n_res or any(c < 0 for c in row[:n_res]):
        raise lines.error(f"expected {n_res} non-negative availabilities, got {row}", no)
    resources = tuple(LevelingResource(f"R{k + 1}", row[k]) for k in range(n_res))
    for job, demand in enumerate(demands, 1):
        for k, amount in enumerate(demand):
            if amount > row[k]:
                raise lines.error(
                    f"job {job} needs {amount} of R{k + 1}, availability is {row[k]}", no
                )
    activities = tuple(
        LevelingActivity(
            str(j + 1),
            durations[j],
            {f"R{k + 1}": amount for k, amount in enumerate(demands[j]) if amount},
        )
        for j in range(n_jobs)
    )
    links = tuple(
        LevelingPrecedence(str(j + 1), str(s)) for j in range(n_jobs) for s in successors[j]
    )
    return PsplibInstance(
        name, LevelingProblem(activities, resources, links, name), horizon, due_date
    )


def _project_due_date(lines: _Lines) -> int | None:
    start = lines.pos
    try:
        lines.seek(r"^\s*pronr\.")
        _no, values = next(lines.ints())
    except PsplibFormatError:
        lines.pos = start
        return None
    return values[3] if len(values) > 3 else None


def _precedences(lines: _Lines, n_jobs: int) -> list[list[int]]:
    successors: list[list[int]] = []
    rows = lines.ints()
    for expected in range(1, n_jobs + 1):
        no, row = next(rows)
        if len(row) < 3 or row[0] != expected:
            raise lines.error(f"expected precedence row of job {expected}", no)
        if row[1] != 1:
            raise lines.error(f"job {expected} has {row[1]} modes; only single-mode is read", no)
        count, succ = row[2], row[3:]
        if count != len(succ):
            raise lines.error(
                f"job {expected} lists {len(succ)} successors, header says {count}", no
            )
        bad = [s for s in succ if not 1 <= s <= n_jobs]
        if bad:
            raise lines.error(f"job {expected} names unknown successor job {bad[0]}", no)
        successors.append(succ)
    return successors


def _requests(lines: _Lines, n_jobs: int, n_res: int) -> tuple[list[int], list[list[int]]]:
    durations: list[int] = []
    demands: list[list[int]] = []
    rows = lines.ints()
    for expected in range(1, n_jobs + 1):
        no, row = next(rows)
        if len(row) != 3 + n_res or row[0] != expected:
            raise lines.error(
                f"expected job {expected}: number, mode, duration and {n_res} demands", no
            )
        if row[2] < 0 or any(r < 0 for r in row[3:]):
            raise lines.error(f"job {expected} has a negative duration or demand", no)
        durations.append(row[2])
        demands.append(row[3:])
    return durations, demands


def read_psplib(path: str | Path) -> PsplibInstance:
    """Read a single-mode ``.sm`` file; the instance is named after the file (``j301_1``)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="ascii", errors="strict")
    except UnicodeDecodeError as exc:
        raise PsplibFormatError(f"not an ASCII text file ({exc.reason})", str(file), None) from None
    return parse_psplib(text, source=str(file), name=file.stem)


def read_psplib_makespans(path: str | Path, prefix: str) -> dict[str, int]:
    """Read a PSPLIB solution table (``j30opt.sm``, ``j60hrs.sm``): instance name -> makespan.

    ``prefix`` is the set name ("j30"); rows are ``parameter instance makespan ...`` and the
    instance ``j30{parameter}_{instance}`` is produced. Header lines are skipped.
    """
    file = Path(path)
    result: dict[str, int] = {}
    for no, line in enumerate(file.read_text(encoding="latin-1").splitlines(), 1):
        parts = line.split()
        if len(parts) >= 3 and parts[0].isdigit() and parts[1].isdigit():
            try:
                result[f"{prefix}{parts[0]}_{parts[1]}"] = int(parts[2])
            except ValueError:
                raise PsplibFormatError(f"bad makespan {parts[2]!r}", str(file), no) from None
    if not result:
        raise PsplibFormatError("no makespan rows found", str(file), None)
    return result
