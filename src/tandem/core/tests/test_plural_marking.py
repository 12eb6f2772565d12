"""A count is written with the noun that agrees with it ("1 task", "2 tasks"), through
``ngettext`` or ``{% blocktranslate count %}``, never as "task(s)": a translator cannot word
"(s)" in a language whose plural is not a suffix, and English readers deserve the right form too.
Each "(s)" plural left in a template or in a string of the app's Python is reported as
``file:line``. Code such as ``name(s)`` is not text; ``http(s)`` names two URL schemes."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]

_PLURAL = re.compile(r"[A-Za-z]\(s\)")
ALLOWED = {"http(s)"}

# Not read by people of every language: the engine (no Django, English reasons the app words),
# tests, and the benchmark tools' operator output.
SKIPPED_PARTS = {"engine", "tests", "bench", "migrations"}


def _plurals(text: str) -> list[str]:
    found = []
    for match in _PLURAL.finditer(text):
        start = text.rfind(" ", 0, match.start()) + 1
        word = re.sub(r"^\W+", "", text[start : match.end()])
        if word.lower() not in ALLOWED:
            found.append(word)
    return found


def plurals_in_python(source: str) -> list[tuple[int, str]]:
    """(line, word) of each "(s)" plural inside a string of ``source``; code and comments do
    not count."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING:
            continue
        for offset, line in enumerate(token.string.splitlines()):
            found.extend((token.start[0] + offset, word) for word in _plurals(line))
    return found


def plurals_in_template(source: str) -> list[tuple[int, str]]:
    """(line, word) of each "(s)" plural in a template."""
    return [
        (number, word)
        for number, line in enumerate(source.splitlines(), start=1)
        for word in _plurals(line)
    ]


def _skipped(path: Path) -> bool:
    parts = path.relative_to(SRC).parts
    benchmark_command = parts[0] == "cli" and parts[-1].startswith("bench")
    return benchmark_command or bool(SKIPPED_PARTS & set(parts))


def test_the_scanner_finds_plurals_in_text_and_lets_code_and_urls_pass() -> None:
    python = (
        'names = ", ".join(name(s) for s in subjects)  # one task(s) in a comment\n'
        'message = _("%(count)s task(s) moved")\n'
        'doc = """Fetches http(s) URLs.\n'
        '    and key result(s)."""\n'
        'shown = f"{n} hour(s)"\n'
    )
    assert plurals_in_python(python) == [(2, "task(s)"), (4, "result(s)"), (5, "hour(s)")]
    template = "<p>{{ n }} line(s)</p>\n<a href='https://x'>HTTP(S)</a> (s) alone\n"
    assert plurals_in_template(template) == [(1, "line(s)")]


def test_no_text_writes_a_plural_as_s_in_brackets() -> None:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        if _skipped(path):
            continue
        for line, word in plurals_in_python(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(SRC).as_posix()}:{line}: {word}")
    for pattern in ("*/templates/**/*.html", "*/templates/**/*.txt"):
        for path in sorted(SRC.glob(pattern)):
            for line, word in plurals_in_template(path.read_text(encoding="utf-8")):
                problems.append(f"{path.relative_to(SRC).as_posix()}:{line}: {word}")
    assert not problems, (
        'Write the count with ngettext / {% blocktranslate count %}, not "(s)":\n'
        + "\n".join(problems)
    )
