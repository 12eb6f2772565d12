"""Every text the static scripts show is taken from the translation catalog (``gettext``,
``ngettext``, ``pgettext`` or ``interpolate`` of ``tandem/i18n.js``), so a translator can add a
language without touching a script.

A pragmatic scanner, like the templates' one in ``test_translation_marking.py``: it reads each
script's string and template literals (comments and regular expressions skipped) and reports, as
``file:line``, a literal with letters that sits where a text is shown and is not inside a
catalog call. Shown means: assigned to ``textContent``, ``innerText``, ``title``,
``placeholder``, ``alt`` or ``ariaLabel``; the value of an ``aria-label``, ``title``,
``placeholder`` or ``alt`` key; the value given to ``setAttribute`` for one of those
attributes; the text passed to ``alert``, ``confirm``, ``prompt``, ``toast`` or a status line's
``say``; the text argument of the scripts' own element builders (``el(tag, class, text)``,
``button(text, ...)``, ``field(label, ...)``). An ``interpolate`` format must itself come from
the catalog: only its values may be literals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]

# Vendored, minified third-party code: not Tandem's texts.
VENDORED = re.compile(r"\.min\.js$")

WRAPPERS = {"gettext", "ngettext", "pgettext", "npgettext"}
# Calls whose argument at these positions is shown to the reader.
SHOWN_ARGUMENTS = {
    "alert": {0},
    "confirm": {0},
    "prompt": {0},
    "toast": {0},
    "say": {0},
    "el": {2},
    "button": {0},
    "field": {0},
}
SHOWN_PROPERTIES = {"textContent", "innerText", "title", "placeholder", "alt", "ariaLabel"}
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
LETTER = re.compile(r"[^\W\d_]")
# After these a "/" starts a regular expression, not a division.
_REGEX_AFTER_PUNCT = set("(,=:[!&|?{};+-*%<>~^")
_REGEX_AFTER_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void"}
_WORD = re.compile(r"[A-Za-z_$][\w$]*|\d[\w.]*")


@dataclass
class Token:
    kind: str  # "string" (a quoted string or a template literal's fixed part), "word", "punct"
    value: str
    line: int


def _skip_regex(source: str, i: int) -> int:
    """The index after the regular expression literal that starts at ``source[i] == "/"``."""
    i += 1
    in_class = False
    while i < len(source) and source[i] != "\n":
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            i += 1
            while i < len(source) and (source[i].isalnum() or source[i] == "_"):
                i += 1
            return i
        i += 1
    return i


class _Tokenizer:
    """Splits a script into strings, words and punctuation; skips comments and regexes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.i = 0
        self.line = 1
        self.tokens: list[Token] = []
        # One counter per template literal whose ${...} is being read: its braces still open.
        self.templates: list[int] = []

    def run(self) -> list[Token]:
        source = self.source
        while self.i < len(source):
            c = source[self.i]
            if c.isspace():
                self.line += c == "\n"
                self.i += 1
            elif source.startswith(("//", "/*"), self.i):
                self._comment()
            elif c in "'\"":
                self._string(c)
            elif c == "`":
                self._template_part(self.i + 1)
            elif c == "}" and self.templates and self.templates[-1] == 0:
                self.templates.pop()
                self._template_part(self.i + 1)
            elif c == "/":
                self._slash()
            else:
                self._word_or_punct(c)
        return self.tokens

    def _comment(self) -> None:
        source, i = self.source, self.i
        end = source.find("\n" if source.startswith("//", i) else "*/", i + 2)
        end = len(source) if end < 0 else end + (0 if source.startswith("//", i) else 2)
        self.line += source.count("\n", i, end)
        self.i = end

    def _string(self, quote: str) -> None:
        source, j = self.source, self.i + 1
        while j < len(source) and source[j] not in (quote, "\n"):
            j += 2 if source[j] == "\\" else 1
        self.tokens.append(Token("string", source[self.i + 1 : j], self.line))
        self.i = j + 1

    def _template_part(self, i: int) -> None:
        """A template literal's fixed part, from i up to the literal's end or a ${."""
        source, start, first_line = self.source, i, self.line
        while i < len(source) and source[i] != "`" and not source.startswith("${", i):
            if source[i] == "\\":
                i += 1
            self.line += source[i] == "\n"
            i += 1
        self.tokens.append(Token("string", source[start:i], first_line))
        if source.startswith("${", i):
            self.templates.append(0)
            i += 1
        self.i = i + 1

    def _slash(self) -> None:
        last = self.tokens[-1] if self.tokens else None
        if (
            last is None
            or (last.kind == "punct" and last.value in _REGEX_AFTER_PUNCT)
            or (last.kind == "word" and last.value in _REGEX_AFTER_WORDS)
        ):
            self.i = _skip_regex(self.source, self.i)
        else:
            self.tokens.append(Token("punct", "/", self.line))
            self.i += 1

    def _word_or_punct(self, c: str) -> None:
        word = _WORD.match(self.source, self.i)
        if word:
            self.tokens.append(Token("word", word.group(0), self.line))
            self.i = word.end()
            return
        if self.templates and c in "{}":
            self.templates[-1] += 1 if c == "{" else -1
        self.tokens.append(Token("punct", c, self.line))
        self.i += 1


def tokenize(source: str) -> list[Token]:
    return _Tokenizer(source).run()


@dataclass
class _Frame:
    opener: str
    callee: str | None
    argument: int = 0
    first_argument: str | None = None
    # The key being given a value in an object literal ("aria-label": ...), if shown.
    shown_key: bool = False


def _is_text(value: str) -> bool:
    return bool(LETTER.search(value))


def unmarked_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) of each literal that is shown but not taken from the catalog."""
    tokens = tokenize(source)
    frames: list[_Frame] = []
    # Depth of the statement in which a shown property is being assigned, if one is.
    assigned_at: int | None = None
    found: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "punct" and token.value in "([{":
            callee = (
                before.value if token.value == "(" and before and before.kind == "word" else None
            )
            frames.append(_Frame(token.value, callee))
            continue
        if token.kind == "punct" and token.value in ")]}":
            if frames:
                frames.pop()
            if assigned_at is not None and len(frames) < assigned_at:
                assigned_at = None
            continue
        depth = len(frames)
        if token.kind == "punct" and token.value in ",;":
            if assigned_at == depth:
                assigned_at = None
            if token.value == "," and frames:
                frames[-1].argument += 1
                frames[-1].shown_key = False
            continue
        if token.kind == "punct" and token.value == ":" and frames and frames[-1].opener == "{":
            frames[-1].shown_key = bool(before and before.value in SHOWN_ATTRIBUTES)
            continue
        if (
            token.kind == "punct"
            and token.value == "="
            and before is not None
            and before.kind == "word"
            and before.value in SHOWN_PROPERTIES
            and index >= 2
            and tokens[index - 2].value == "."
            and not (after and after.value == "=")
        ):
            assigned_at = depth
            continue
        if token.kind != "string":
            continue
        if frames and frames[-1].argument == 0 and frames[-1].first_argument is None:
            frames[-1].first_argument = token.value
        shown = _is_shown(frames, assigned_at)
        wrapped = any(
            frame.callee in WRAPPERS or (frame.callee == "interpolate" and frame.argument > 0)
            for frame in frames
        )
        if shown and not wrapped and _is_text(token.value):
            found.append((token.line, token.value.strip()))
    return found


def _is_shown(frames: list[_Frame], assigned_at: int | None) -> bool:
    """Whether a literal inside ``frames`` is shown: the nearest place that shows it (a shown
    assignment, key or argument) is reached before any other call, whose result it would be."""
    for depth in range(len(frames), -1, -1):
        if assigned_at == depth:
            return True
        if depth == 0:
            return False
        frame = frames[depth - 1]
        if _shows(frame):
            return True
        # interpolate(format, ...) shows its format, filled in.
        if frame.callee is not None and not (frame.callee == "interpolate" and frame.argument == 0):
            return False
    return False


def _shows(frame: _Frame) -> bool:
    if frame.shown_key:
        return True
    if frame.callee == "setAttribute":
        return frame.argument == 1 and frame.first_argument in SHOWN_ATTRIBUTES
    return frame.callee in SHOWN_ARGUMENTS and frame.argument in SHOWN_ARGUMENTS[frame.callee]


def _scripts() -> list[Path]:
    return sorted(path for path in SRC.glob("*/static/**/*.js") if not VENDORED.search(path.name))


def test_every_text_a_script_shows_comes_from_the_catalog() -> None:
    problems = [
        f"{path.relative_to(SRC)}:{line}: {text!r}"
        for path in _scripts()
        for line, text in unmarked_texts(path.read_text(encoding="utf-8"))
    ]

    assert problems == [], "Texts shown by scripts without gettext():\n" + "\n".join(problems)


def test_the_scanner_reads_the_scripts_it_is_meant_to() -> None:
    names = {path.relative_to(SRC).as_posix() for path in _scripts()}

    assert "planning/static/planning/gantt.js" in names
    assert "worklists/static/worklists/board.js" in names
    assert "core/static/tandem/i18n.js" in names
    assert not any("htmx-2" in name for name in names)


SAMPLE_UNMARKED = """\
node.textContent = "Saved";
toast(`Moved ${name} to the next column`);
row.append(el("p", "muted", "None."));
select.setAttribute("aria-label", `Lag of ${label}`);
const lag = input("number", "lag", 0, { step: "any", "aria-label": "Lag" });
this.say(interpolate("Moved %(task)s", { task }, true));
toggle.title = open ? "Collapse" : "Expand";
if (!ok) window.alert("The server could not be reached");
"""

SAMPLE_MARKED_OR_NOT_SHOWN = """\
// node.textContent = "A comment is not code";
/* toast("Nor is this") */
node.textContent = gettext("Saved");
toast(interpolate(gettext("Moved %(task)s to the next column"), { task: "x" }, true));
row.append(el("div", "g-bar small"));
select.setAttribute("role", "button");
node.className = "muted small";
document.addEventListener("click", () => null);
const text = value.replace(/"quoted"/g, "");
const words = title === "Heading" ? 1 : 2;
count.textContent = ngettext("%(n)s task", "%(n)s tasks", n);
cell.textContent = `${days}`;
column.querySelector("[data-count]").textContent = column.querySelectorAll(".card").length;
say(labelOf("todo"));
const lag = input("number", "lag", 0, { step: "any", "aria-label": gettext("Lag") });
"""


def test_the_scanner_finds_each_unmarked_text_with_its_line() -> None:
    found = unmarked_texts(SAMPLE_UNMARKED)

    assert found == [
        (1, "Saved"),
        (2, "Moved"),
        (2, "to the next column"),
        (3, "None."),
        (4, "Lag of"),
        (5, "Lag"),
        (6, "Moved %(task)s"),
        (7, "Collapse"),
        (7, "Expand"),
        (8, "The server could not be reached"),
    ]


def test_the_scanner_passes_texts_from_the_catalog_and_code_that_is_not_shown() -> None:
    assert unmarked_texts(SAMPLE_MARKED_OR_NOT_SHOWN) == []
