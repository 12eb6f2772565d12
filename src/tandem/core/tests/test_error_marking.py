"""Every message of a domain error is marked for translation where it is raised.

A ``raise NotFound("No such task.")`` (or an f-string) reaches readers in English whatever their
language; ``raise NotFound(_("No such task."))`` reaches them through the catalog. The scan reads
the source of every app (not its tests, not the engine, which never imports Django) and lists
each literal message by file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import tandem

ERRORS = frozenset(
    {
        "TandemError",
        "ValidationFailed",
        "NotFound",
        "Forbidden",
        "Conflict",
        "PreconditionRequired",
        "PreconditionFailed",
        "PayloadTooLarge",
    }
)
# Helpers that raise one of them with the message they are given: (name, index of the message).
MESSAGE_HELPERS = {"require_right": 3, "require": 1, "_require": 3, "fail": 1, "_fail": 1}
NOT_SCANNED = frozenset({"engine", "tests", "migrations"})
# Apps whose messages are still being marked; each leaves this list once it is done.
NOT_YET_MARKED: frozenset[str] = frozenset()
SOURCE = Path(tandem.__file__).parent


def _sources() -> Iterator[Path]:
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).parts
        if NOT_SCANNED.intersection(parts) or parts[0] in NOT_YET_MARKED:
            continue
        if path.name.startswith("test_") or path.name == "conftest.py":
            continue
        yield path


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal_messages(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, why) for each literal message given to a domain error or a helper raising one."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            if _name(call.func) in ERRORS and call.args and _is_literal(call.args[0]):
                yield call.args[0].lineno, f"raise {_name(call.func)}(<literal>)"
            fields = next((k.value for k in call.keywords if k.arg == "fields"), None)
            if isinstance(fields, ast.Dict) and _name(call.func) in ERRORS:
                for value in fields.values:
                    if isinstance(value, ast.List) and any(_is_literal(e) for e in value.elts):
                        yield value.lineno, "fields={...: [<literal>]}"
        elif isinstance(node, ast.Call) and _name(node.func) in MESSAGE_HELPERS:
            index = MESSAGE_HELPERS[_name(node.func) or ""]
            if len(node.args) > index and _is_literal(node.args[index]):
                yield node.args[index].lineno, f"{_name(node.func)}(..., <literal>)"


def _unmarked() -> list[str]:
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        for line, why in sorted(_literal_messages(tree)):
            found.append(f"{path.relative_to(SOURCE.parent)}:{line}: {why}")
    return found


def test_error_messages_are_marked_for_translation() -> None:
    unmarked = _unmarked()

    assert unmarked == [], "Messages to mark with gettext:\n" + "\n".join(unmarked)


def test_the_scan_finds_a_literal_message() -> None:
    tree = ast.parse(
        "def f(task):\n"
        "    raise NotFound('No such task.')\n"
        "def g(task):\n"
        "    raise Conflict(f'Task {task} is done.', fields={'status': ['done']})\n"
        "def h(user, project):\n"
        "    require_right(user, project, 'tasks.edit', 'You may not.')\n"
        "def i(task):\n"
        "    raise Conflict(_('Task %(task)s is done.') % {'task': task})\n"
        "def j(message):\n"
        "    raise Forbidden(message)\n"
    )

    assert sorted(_literal_messages(tree)) == [
        (2, "raise NotFound(<literal>)"),
        (4, "fields={...: [<literal>]}"),
        (4, "raise Conflict(<literal>)"),
        (6, "require_right(..., <literal>)"),
    ]


def test_the_scan_reads_the_apps_not_their_tests_nor_the_engine() -> None:
    scanned = {path.relative_to(SOURCE).parts[0] for path in _sources()}

    assert {"planning", "risks", "meetings", "projects"} <= scanned
    assert not scanned & (NOT_YET_MARKED | {"engine"})
    assert not any("tests" in path.parts for path in _sources())
