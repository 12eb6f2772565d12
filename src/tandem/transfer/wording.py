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
from .update_wording import worded_update

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
# What the conversion to Tandem's plan cannot keep as it is (the English is the loss's message).
LOSSES: Mapping[str, Promise] = {
    "scheduled_backwards": gettext_lazy(
        "the file schedules from the project finish backwards; Tandem schedules from the start"
    ),
    "links_beat_constraints": gettext_lazy(
        "the file lets links win over constraints; Tandem honours constraints"
    ),
    "progress_override": gettext_lazy(
        "the file schedules progress with 'progress override'; Tandem keeps the logic of "
        "unfinished predecessors (retained logic)"
    ),
    "critical_with_float": gettext_lazy(
        "the file counts tasks with some float as critical; Tandem counts only those without float"
    ),
    "working_day_rounded": gettext_lazy(
        "a working day of %(minutes)s minutes is rounded to %(hours)s hours"
    ),
    "project_start_time": gettext_lazy(
        "the project starts at %(time)s; Tandem starts it at the beginning of the working day "
        "(%(day_start)s)"
    ),
    "remaining_where_progress_puts_it": gettext_lazy(
        "the file leaves remaining work where progress puts it; Tandem schedules work not yet "
        "done after the status date"
    ),
    "status_date_time": gettext_lazy(
        "the status date's time %(time)s becomes the end of that working day"
    ),
    "elapsed_duration": gettext_lazy(
        "elapsed duration of %(days)s days stored as as many working days"
    ),
    "milestone_with_duration": gettext_lazy(
        "a milestone with a duration: Tandem's milestones take no time"
    ),
    "short_duration": gettext_lazy(
        "a duration of %(minutes)s minutes is stored as 1 hour (the least)"
    ),
    "name_cut": gettext_lazy("the name is cut to 200 characters"),
    "level_of_effort": gettext_lazy("a level of effort activity becomes an ordinary task"),
    "task_calendar_not_kept": gettext_lazy(
        "its own calendar (%(calendar)s) is not kept: Tandem schedules every task on the "
        "project calendar"
    ),
    "constraint_not_mandatory": gettext_lazy(
        "P6's non-mandatory on-date constraint becomes %(constraint)s"
    ),
    "constraint_without_date": gettext_lazy(
        "the %(constraint)s constraint has no date and is dropped"
    ),
    "percent_rounded": gettext_lazy("%(percent)s%% complete is rounded to %(rounded)s%%"),
    "remaining_without_start": gettext_lazy(
        "a remaining duration without an actual start is not kept (the remaining work follows "
        "from % complete)"
    ),
    "manual_whole_days": gettext_lazy(
        "a manually scheduled task lasts whole working days in Tandem (from its start to its "
        "finish)"
    ),
    "link_to_itself": gettext_lazy("a link from the task to itself is dropped"),
    "second_link": gettext_lazy(
        "a second link between the same two tasks is dropped (Tandem keeps one link per pair)"
    ),
    "cost_resource": gettext_lazy(
        "the cost resource %(resource)s is stored as a material resource"
    ),
    "resource_calendars_one": gettext_lazy(
        "work resources on different calendars: scheduled on one calendar"
    ),
    "actual_start_to_day_start": gettext_lazy(
        "the actual start at %(time)s becomes the start of that working day"
    ),
    "manual_start_to_day_start": gettext_lazy(
        "the manual start at %(time)s becomes the start of that working day"
    ),
    "constraint_to_day_start": gettext_lazy(
        "the %(constraint)s constraint at %(time)s becomes the start of that working day"
    ),
    "actual_finish_to_day_end": gettext_lazy(
        "the actual finish at %(time)s becomes the end of that working day"
    ),
    "deadline_to_day_end": gettext_lazy(
        "the deadline at %(time)s becomes the end of that working day"
    ),
    "constraint_to_day_end": gettext_lazy(
        "the %(constraint)s constraint at %(time)s becomes the end of that working day"
    ),
    "assigned_twice": gettext_lazy("the same resource assigned twice is kept once"),
    "elapsed_lag_rounded": gettext_lazy(
        "the link from %(predecessor)s: an elapsed lag of %(minutes)s minutes is rounded"
    ),
    "lag_on_project_calendar": gettext_lazy(
        "the link from %(predecessor)s: its lag counts on the project calendar"
    ),
    "resource_calendar_apart": gettext_lazy(
        "%(resource)s's calendar shares no working time with the project calendar; Tandem "
        "schedules the task on the project calendar"
    ),
    "resource_calendar_wider": gettext_lazy(
        "%(resource)s's calendar has working time outside the project calendar's; Tandem "
        "works the task only when both calendars do"
    ),
    "staffed_on_person_hours": gettext_lazy(
        "scheduled on %(person)s's working hours and days off, not on the file's resource calendar"
    ),
    "staffed_on_resource_calendar": gettext_lazy(
        "scheduled on %(resource)s's calendar, not on the file's resource calendar"
    ),
    "staffed_on_chosen_time": gettext_lazy(
        "scheduled on the chosen person's or resource's working time, not on the file's "
        "resource calendar"
    ),
    "assignment_at_zero": gettext_lazy("an assignment at 0% is stored at 0.01%"),
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


def _filled(sentence: Promise, values: Mapping[str, Any]) -> str:
    text = str(sentence)
    return text % values if "%(" in text else text


def loss_message(loss: Mapping[str, Any]) -> str:
    """One kept loss in the reader's language."""
    values = loss.get("values") or {}
    sentence = LOSSES.get(str(loss.get("code", "")))
    if sentence is not None:
        try:
            return _filled(sentence, values)
        except (KeyError, TypeError, ValueError):  # a translation naming a value the loss lacks
            return str(loss.get("message", ""))
    feature = FEATURES.get(str(values.get("issue", "")))
    if loss.get("code") != TASK_ISSUE or feature is None:
        return str(loss.get("message", ""))
    try:
        worded = _filled(feature, values)
    except (KeyError, TypeError, ValueError):
        return str(loss.get("message", ""))
    return _(
        "%(feature)s (the file's own schedule may differ; Tandem's matches 'tandem schedule')"
    ) % {"feature": worded}


def worded(data: Mapping[str, Any]) -> dict[str, Any]:
    """A kept preview or report with its notes, losses and (an update's) change lines in the
    reader's language."""
    out = worded_update(data)
    if isinstance(data.get("update"), Mapping):
        out["update"] = worded_update(data["update"])
    if "note_details" in data:
        out["notes"] = [note_text(note) for note in data["note_details"]]
    if "losses" in data:
        out["losses"] = [{**loss, "message": loss_message(loss)} for loss in data["losses"]]
    return out
