"""Templates write dates through the locale filters (``local_date``, ``local_datetime``,
``local_time``), so a page follows its reader's locale. Django's ``|date`` and ``|time`` stay only
for machine formats: an input's ``value``, a ``datetime=`` attribute, a link's ``?week=``, ISO in a
``data-`` attribute, a timestamp compared with another. Each other use is reported as
``file:line``."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]

# Formats that a program reads, never a person: ISO 8601 dates and moments, Unix seconds.
MACHINE_FORMATS = {"Y-m-d", "c", "U", r"Y-m-d\TH:i", r"Y-m-d\TH:i:s", "Y-m-d H:i:s", "r"}

_DATE_FILTER = re.compile(r"\|\s*(date|time)\b(?:\s*:\s*(\"[^\"]*\"|'[^']*'))?")


def human_date_formats(source: str) -> list[tuple[int, str]]:
    """(line, filter) of each ``|date`` / ``|time`` whose format is not a machine format; a
    filter without a format writes Django's default (``Jan. 22, 2027``), so it counts too."""
    found = []
    for match in _DATE_FILTER.finditer(source):
        pattern = match.group(2)
        if pattern is not None and pattern[1:-1] in MACHINE_FORMATS:
            continue
        found.append((source.count("\n", 0, match.start()) + 1, match.group(0)))
    return found


def _templates() -> list[Path]:
    return sorted(
        path
        for pattern in ("*/templates/**/*.html", "*/templates/**/*.txt")
        for path in SRC.glob(pattern)
    )


def test_the_scanner_finds_human_formats_and_lets_machine_formats_pass() -> None:
    source = (
        "<input value=\"{{ d|date:'Y-m-d' }}\">\n"
        '<time datetime="{{ m|date:"c" }}">{{ m|date:"d M Y H:i T" }}</time>\n'
        "{{ d|date }} {{ m|time:'H:i' }} {{ d|local_date }} {{ m|date:'U' }}\n"
    )
    assert human_date_formats(source) == [
        (2, '|date:"d M Y H:i T"'),
        (3, "|date"),
        (3, "|time:'H:i'"),
    ]


def test_templates_write_dates_in_the_readers_locale() -> None:
    problems = []
    for path in _templates():
        relative = path.relative_to(SRC).as_posix()
        for line, used in human_date_formats(path.read_text(encoding="utf-8")):
            problems.append(
                f"{relative}:{line}: {used} (use local_date, local_datetime, local_time)"
            )
    assert not problems, "\n".join(problems)
