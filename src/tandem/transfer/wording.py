"""The import's notes and losses in the reader's language.

The file readers of the engine say what they chose (which project of the file, which calendar
instead of a missing one, a link left out) as a stable code with values beside an English text;
the preview keeps both (``note_details``; ``code`` and ``values`` on a loss). When a preview or
report is shown, :func:`worded` words each in the language of the person reading it, naming tasks
rather than the file's ids. A code this module does not know (and a preview kept before codes
existed) keeps its English text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.engine.formats import ImportNote, task_issue_code

from .import_convert import Loss

NOTES: Mapping[str, Promise] = {
    "project_calendar_missing": gettext_lazy(
        "The project's calendar %(calendar)s is not in the file; %(used)s is used instead."
    ),
    "task_ids_not_unique": gettext_lazy(
        "The task ids in the file's Text1 field repeat; the file's unique ids are kept instead."
    ),
    "task_calendar_unknown": gettext_lazy(
        "%(task)s: calendar %(calendar)s is not in the file; the project calendar is used."
    ),
    "link_to_missing_task": gettext_lazy(
        "The link from %(predecessor)s to %(successor)s names a task that is not in the file; "
        "it is left out."
    ),
    "link_outside_project": gettext_lazy(
        "The relationship from %(predecessor)s to %(successor)s (line %(line)s) names an "
        "activity outside the project; it is left out."
    ),
    "several_projects": gettext_lazy(
        "The file holds %(count)s projects (%(projects)s); %(chosen)s is read."
    ),
    "decoded_as": gettext_lazy("The file declares no encoding; it is read as %(encoding)s."),
    "calendar_skipped": gettext_lazy(
        "Calendar %(calendar)s cannot be read and no task uses it; it is left out (%(problem)s)."
    ),
    "activity_notebook_not_imported": gettext_lazy(
        "Activity notebook entries (TASKMEMO) are not imported."
    ),
    "activity_notes_not_imported": gettext_lazy("Activity notes are not imported."),
}

# What the file holds that Tandem's scheduling does not follow (the engine's task issues).
FEATURES: Mapping[str, Promise] = {
    "split_task": gettext_lazy("split task"),
    "leveling_delay": gettext_lazy("leveling delay"),
    "external_task": gettext_lazy("external task or subproject"),
    "inactive_task": gettext_lazy("inactive task"),
    "cross_project_link": gettext_lazy("cross-project link"),
    "resource_calendars_differ": gettext_lazy("work resources on different calendars"),
    "link_to_another_project": gettext_lazy("relationship to another project"),
    "secondary_constraint": gettext_lazy("secondary constraint"),
    "resource_dependent_activity": gettext_lazy("resource-dependent activity"),
    "wbs_summary_activity": gettext_lazy("WBS summary activity"),
    "project_must_finish_by": gettext_lazy("project must-finish-by date"),
    "activity_type": gettext_lazy("activity type %(type)s"),
}
TASK_ISSUE = "task_issue"
_TASK_VALUES = ("task", "predecessor", "successor")


def notes_json(notes: Iterable[ImportNote], task_names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Notes as the preview keeps them; a task a note names gets its name beside its id
    (``task_name`` beside ``task``)."""
    out = []
    for note in notes:
        values = dict(note.values)
        for key in _TASK_VALUES:
            if key in values and values[key] in task_names:
                values[f"{key}_name"] = task_names[values[key]]
        out.append({"code": note.code, "text": note.text, "values": values})
    return out


def task_issue_loss(reason: str, task_id: str, task_name: str) -> Loss:
    """The loss of a task the file schedules in a way Tandem does not (an engine task issue)."""
    code, values = task_issue_code(reason)
    return Loss(
        f"{reason} (the file's own schedule may differ; Tandem's matches 'tandem schedule')",
        task_id,
        task_name,
        affects_dates=False,
        code=TASK_ISSUE if code else "",
        values={"issue": code, **values} if code else {},
    )


def _named(values: Mapping[str, Any]) -> dict[str, Any]:
    named = dict(values)
    for key in _TASK_VALUES:
        if values.get(f"{key}_name"):
            named[key] = values[f"{key}_name"]
    return named


def note_text(note: Mapping[str, Any]) -> str:
    """One kept note in the reader's language."""
    sentence = NOTES.get(str(note.get("code", "")))
    try:
        return str(sentence) % _named(note.get("values") or {}) if sentence else note["text"]
    except (KeyError, TypeError, ValueError):  # a translation naming a value the note lacks
        return str(note.get("text", ""))


def loss_message(loss: Mapping[str, Any]) -> str:
    """One kept loss in the reader's language."""
    values = loss.get("values") or {}
    feature = FEATURES.get(str(values.get("issue", "")))
    if loss.get("code") != TASK_ISSUE or feature is None:
        return str(loss.get("message", ""))
    try:
        worded = str(feature) % values if "%(" in str(feature) else str(feature)
    except (KeyError, TypeError, ValueError):
        return str(loss.get("message", ""))
    return _(
        "%(feature)s (the file's own schedule may differ; Tandem's matches 'tandem schedule')"
    ) % {"feature": worded}


def worded(data: Mapping[str, Any]) -> dict[str, Any]:
    """A kept preview or report with its notes and losses in the reader's language."""
    out = dict(data)
    if "note_details" in data:
        out["notes"] = [note_text(note) for note in data["note_details"]]
    if "losses" in data:
        out["losses"] = [{**loss, "message": loss_message(loss)} for loss in data["losses"]]
    return out
