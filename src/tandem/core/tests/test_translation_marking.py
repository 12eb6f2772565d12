"""Every text a template shows is marked for translation, so a translator can add a language
without touching a template.

The scanner removes what is not literal text (``{{ }}``, ``{% %}``, ``{# #}``, comments, scripts,
styles, tags, and whatever sits inside ``{% translate %}`` / ``{% blocktranslate %}``) and reports
each remaining text with letters, and each literal ``placeholder``, ``title``, ``aria-label``,
``alt``, ``data-confirm`` and submit-button ``value``, as ``file:line``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]

# Apps whose templates are still to be marked; remove an app once its templates pass.
NOT_YET_MARKED: set[str] = set()
# Single templates still to be marked (paths under src/tandem).
NOT_YET_MARKED_FILES: set[str] = set()

# Words that are the same in every language: the product's name.
ALLOWED_TEXTS = {"Tandem"}

CHECKED_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "data-confirm"}
SUBMIT_INPUT_TYPES = {"submit", "button", "reset"}
LETTER = re.compile(r"[^\W\d_]")

_BLOCKS = [
    re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<script\b[^>]*>.*?</script\s*>", re.S | re.I),
    re.compile(r"<style\b[^>]*>.*?</style\s*>", re.S | re.I),
]
_TAG = re.compile(r"{%.*?%}", re.S)
_VARIABLE = re.compile(r"{{(.*?)}}", re.S)
# A filter argument that is itself shown: {{ x|default:"Never" }}, {{ x|yesno:"Yes,No" }}.
_SHOWN_ARGUMENT = re.compile(r"\|\s*(?:default|default_if_none|yesno)\s*:\s*(\"[^\"]*\"|'[^']*')")


def _blank(match: re.Match[str]) -> str:
    """The match's newlines only, so line numbers stay true."""
    return "\n" * match.group(0).count("\n")


def _variable(match: re.Match[str]) -> str:
    shown = " ".join(arg[1:-1] for arg in _SHOWN_ARGUMENT.findall(match.group(1)))
    return shown + "\n" * match.group(0).count("\n")


def strip_template_syntax(source: str) -> str:
    for block in _BLOCKS:
        source = block.sub(_blank, source)
    source = _TAG.sub(_blank, source)
    return _VARIABLE.sub(_variable, source)


def _is_text(value: str) -> bool:
    for allowed in ALLOWED_TEXTS:
        value = value.replace(allowed, "")
    return bool(LETTER.search(value))


# Markup passed through a block, such as {% block main_attrs %} class="wide"{% endblock %}.
_ATTRIBUTES_ONLY = re.compile(r"""^\s*(?:[\w:-]+=(?:"[^"]*"|'[^']*')\s*)+$""")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_data(self, data: str) -> None:
        if _is_text(data) and not _ATTRIBUTES_ONLY.match(data):
            leading = data[: len(data) - len(data.lstrip())]
            self.found.append((self.getpos()[0] + leading.count("\n"), " ".join(data.split())))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            checked = name in CHECKED_ATTRIBUTES or (
                name == "value"
                and tag == "input"
                and (values.get("type") or "").lower() in SUBMIT_INPUT_TYPES
            )
            if checked and value and _is_text(value):
                self.found.append((self.getpos()[0], f'{name}="{value}"'))

    handle_startendtag = handle_starttag


def unmarked_texts(source: str, *, html: bool = True) -> list[tuple[int, str]]:
    """(line, text) of each literal text of a template not marked for translation."""
    stripped = strip_template_syntax(source)
    if not html:
        return [
            (number, " ".join(line.split()))
            for number, line in enumerate(stripped.splitlines(), start=1)
            if _is_text(line)
        ]
    finder = _Finder()
    finder.feed(stripped)
    finder.close()
    return finder.found


def _templates() -> list[Path]:
    return sorted(
        path
        for pattern in ("*/templates/**/*.html", "*/templates/**/*.txt")
        for path in SRC.glob(pattern)
    )


def test_every_shown_text_of_a_template_is_marked_for_translation() -> None:
    problems = []
    for path in _templates():
        relative = path.relative_to(SRC).as_posix()
        if relative.split("/")[0] in NOT_YET_MARKED or relative in NOT_YET_MARKED_FILES:
            continue
        source = path.read_text(encoding="utf-8")
        for line, text in unmarked_texts(source, html=path.suffix == ".html"):
            problems.append(f"src/tandem/{relative}:{line}: {text[:80]}")
    assert not problems, "Text not marked for translation:\n" + "\n".join(problems)


def test_the_exemptions_name_real_apps_and_files() -> None:
    apps = {path.relative_to(SRC).parts[0] for path in _templates()}
    assert apps >= NOT_YET_MARKED
    for relative in NOT_YET_MARKED_FILES:
        assert (SRC / relative).is_file(), relative


BAD = """{% extends "tandem/base.html" %}
{% block content %}
<h1>{% translate "Budget" %}</h1>
<p>Remaining {{ amount }}</p><title>Budget · Tandem</title>
<input placeholder="Search tasks" name="q">
<a href="/x" title="{{ t }}" aria-label="Close">×</a>
<input type="submit" value="Save">
<button data-confirm="Delete this task?">{% translate "Delete" %}</button>
<td>{{ who|default:"Nobody" }}</td>
<img alt="Chart of costs" src="/c.svg">
{% endblock %}
"""

GOOD = """{% extends "tandem/base.html" %}
{% load i18n %}
{% block title %}{% translate "Budget" %}{% endblock %}
{% block content %}
{# A comment with words #}
{% comment %}More words{% endcomment %}
<!-- html comment -->
<h1 class="big" id="budget-heading">{% translate "Budget" %}</h1>
<p>{% blocktranslate with amount=total|amount:currency %}Remaining {{ amount }}{% endblocktranslate %}</p>
<p>{% blocktranslate count n=tasks|length %}{{ n }} task{% plural %}{{ n }} tasks{% endblocktranslate %}</p>
<input placeholder="{% translate 'Search tasks' %}" name="q" type="search">
<input type="hidden" name="next" value="back">
<a href="{% url 'home' %}" title="{{ t }}" aria-label="{% translate 'Close' %}">×</a>
<span id="x-{{ t.team_id|default:'none' }}">{{ n }} · {{ m }} — 12 %</span>
<script type="application/json" id="data">{"label": "Words"}</script>
{% block main_attrs %} class="wide" data-x='y'{% endblock %}
<footer>Tandem</footer><title>{% translate "Sign in" %} · Tandem</title>
{% endblock %}
"""


def test_the_scanner_flags_each_unmarked_text_and_its_line() -> None:
    found = unmarked_texts(BAD)

    assert found == [
        (4, "Remaining"),
        (4, "Budget · Tandem"),
        (5, 'placeholder="Search tasks"'),
        (6, 'aria-label="Close"'),
        (7, 'value="Save"'),
        (8, 'data-confirm="Delete this task?"'),
        (9, "Nobody"),
        (10, 'alt="Chart of costs"'),
    ]


def test_the_scanner_passes_marked_text() -> None:
    assert unmarked_texts(GOOD) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Hello {{ name }},\n\n{% translate 'Bye' %}\n", [(1, "Hello ,")]),
        ("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}\n{{ url }}\n", []),
    ],
)
def test_the_scanner_reads_plain_text_emails(source: str, expected: list[tuple[int, str]]) -> None:
    assert unmarked_texts(source, html=False) == expected
