"""User text is always escaped: no template or view switches Django's autoescaping off.

A page that needs markup from code builds it with ``format_html`` (which escapes its arguments);
nothing in Tandem marks a string as safe by hand. Pages' own tests check the rendered payloads.
"""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
UNSAFE_TEMPLATE = re.compile(r"\|\s*safe\b|\|\s*safeseq\b|autoescape\s+off")
UNSAFE_PYTHON = re.compile(r"\bmark_safe\s*\(|\bSafeString\s*\(|\bSafeText\s*\(")


# Modules allowed to mark markup safe, each with the reason and the test that holds it to it.
TRUSTED_PYTHON = {
    # matplotlib's SVG writer escapes every text it draws: test_charts draws "<script>" labels.
    "core/charts.py",
    # Search snippets: every piece of the text is escaped, then matches wrapped in <mark>
    # (search/tests check markup in documents comes out escaped).
    "search/queries.py",
}


def _sources(pattern: str) -> list[Path]:
    return [p for p in SRC.rglob(pattern) if "tests" not in p.parts]


def test_templates_never_turn_escaping_off():
    templates = _sources("*.html")
    assert len(templates) > 20
    offenders = [
        f"{p.relative_to(SRC)}:{n}"
        for p in templates
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if UNSAFE_TEMPLATE.search(line)
    ]
    assert offenders == []


def test_code_never_marks_strings_safe_by_hand():
    offenders = [
        f"{p.relative_to(SRC)}:{n}"
        for p in _sources("*.py")
        if str(p.relative_to(SRC)) not in TRUSTED_PYTHON
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if UNSAFE_PYTHON.search(line)
    ]
    assert offenders == []
