"""What an update from a newer file changes, in the reader's language.

Each change of a task (renamed, a new duration, a field's value, moved) is kept in the preview as
a stable code with values beside its English text (``tasks_changed[].details`` beside
``changes``); :func:`worded_update` words them in the language of the person reading, with dates
and numbers in their locale. A code this module does not know (and a preview kept before codes
existed) keeps its English text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.l10n import format_date, format_number
from tandem.planning.models import ConstraintType, Task, TaskStatus

# A task field's name in a change line, where it is not the field's own verbose name.
FIELD_LABELS: Mapping[str, Promise] = {
    "is_milestone": gettext_lazy("milestone"),
    "constraint_type": gettext_lazy("constraint"),
    "percent_complete": gettext_lazy("% complete"),
}
DATE_FIELDS = frozenset(
    {"constraint_date", "deadline", "actual_start", "actual_finish", "start_date", "finish_date"}
)
NUMBER_FIELDS = frozenset({"percent_complete", "remaining"})
YES_NO_FIELDS = frozenset({"is_milestone", "manually_scheduled"})

CHANGES: Mapping[str, Promise] = {
    "renamed": gettext_lazy("renamed from “%(name)s”"),
    "duration": gettext_lazy("duration %(before)s → %(after)s"),
    "field": gettext_lazy("%(field)s %(before)s → %(after)s"),
    "notes_changed": gettext_lazy("notes changed"),
    "manual_start": gettext_lazy("manual start %(before)s → %(after)s"),
    "manual_finish": gettext_lazy("manual finish %(before)s → %(after)s"),
    "moved_under": gettext_lazy("moved under “%(parent)s”"),
    "moved_to_top": gettext_lazy("moved to the top level"),
    "moved_under_new": gettext_lazy("moved under “%(parent)s” (new)"),
}


def raw_value(value: Any) -> str:
    """A field's value as the preview keeps it: ``""`` for none, ISO dates, plain numbers,
    ``true``/``false``, a choice's stored value."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    if label is not None:
        return str(label)
    try:
        model_field = Task._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(model_field, "verbose_name", name.replace("_", " ")))


def _choice(choices: Callable[[str], Any], raw: str) -> str:
    try:
        return str(choices(raw).label)
    except ValueError:
        return raw


def value_words(name: str, raw: str) -> str:
    """A kept field value in the reader's language and locale."""
    if raw == "":
        return "-"
    if name == "status":
        return _choice(TaskStatus, raw)
    if name == "constraint_type":
        return _choice(ConstraintType, raw)
    if name in YES_NO_FIELDS:
        return _("yes") if raw == "true" else _("no")
    if name in DATE_FIELDS:
        try:
            return format_date(dt.date.fromisoformat(raw))
        except ValueError:
            return raw
    if name in NUMBER_FIELDS:
        return format_number(raw) or raw
    return raw


def duration_words(value: str, unit: str) -> str:
    """``5d``, ``4h`` (a milestone: ``0d``), ``-`` without an estimate."""
    if value == "":
        return "-"
    count = format_number(value) or value
    if unit == "hours":
        return _("%(count)sh") % {"count": count}
    return _("%(count)sd") % {"count": count}


def _values(code: str, values: Mapping[str, Any]) -> dict[str, str]:
    if code == "duration":
        return {
            "before": duration_words(values["before"], values.get("before_unit", "")),
            "after": duration_words(values["after"], values.get("after_unit", "")),
        }
    if code == "field":
        name = str(values["field"])
        return {
            "field": field_label(name),
            "before": value_words(name, str(values["before"])),
            "after": value_words(name, str(values["after"])),
        }
    if code in ("manual_start", "manual_finish"):
        name = "start_date" if code == "manual_start" else "finish_date"
        return {
            "before": value_words(name, str(values["before"])),
            "after": value_words(name, str(values["after"])),
        }
    return {key: str(value) for key, value in values.items()}


def change_text(change: Mapping[str, Any], english: str = "") -> str:
    """One kept change in the reader's language; ``english`` when its code is unknown."""
    code = str(change.get("code", ""))
    sentence = CHANGES.get(code)
    if sentence is None:
        return english
    try:
        text = str(sentence)
        return text % _values(code, change.get("values") or {}) if "%(" in text else text
    except (KeyError, TypeError, ValueError):  # a translation naming a value the change lacks
        return english


def _task_row(row: Mapping[str, Any]) -> dict[str, Any]:
    details = row.get("details")
    english = list(row.get("changes") or [])
    if not isinstance(details, list) or len(details) != len(english):
        return dict(row)
    return {
        **row,
        "changes": [change_text(d, text) for d, text in zip(details, english, strict=True)],
    }


def _assignment(row: Mapping[str, Any]) -> dict[str, Any]:
    if not row.get("new_resource"):
        return dict(row)
    return {**row, "resource": _("%(name)s (new resource)") % {"name": row["new_resource"]}}


def worded_update(data: Mapping[str, Any]) -> dict[str, Any]:
    """A kept update preview (or report) with its change lines in the reader's language."""
    out = dict(data)
    if isinstance(data.get("tasks_changed"), list):
        out["tasks_changed"] = [_task_row(row) for row in data["tasks_changed"]]
    if isinstance(data.get("assignments_added"), list):
        out["assignments_added"] = [_assignment(row) for row in data["assignments_added"]]
    return out
