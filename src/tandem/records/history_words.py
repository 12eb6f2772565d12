"""The audit trail told in words: "Maria Keller changed task *Testing and pilot*: status from
Not started to In progress".

Audit rows keep plain values (ids for foreign keys, ISO strings for dates, choice codes) so that
they outlive what they point at; this module turns one page of them into sentences for people:
names instead of ids (looked up in one query per kind of object on the page), labels instead of
codes, dates as people write them, and consecutive rows of one action by one person grouped into
one entry ("added 12 dependencies").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext, ngettext_lazy

from tandem.core import l10n
from tandem.core.audit import current_object_type
from tandem.core.models import AuditEvent

# Consecutive rows of one action by one person at most this far apart form one entry.
GROUP_WITHIN = dt.timedelta(seconds=5)
# Fields that say nothing to a reader (bookkeeping, or the project the history is already of).
HIDDEN_FIELDS = frozenset(
    {
        "project",
        "version",
        "wbs_sort",
        "created_at",
        "updated_at",
        "organization",
        "position",
        "ical_uid",
        "ical_sequence",
        "series_key",
        "author",  # the person who did it, named at the start of the line
    }
)
LONG_TEXT = 160

# Verbs stay English inside an entry (grouping compares them): each names its headline in
# ``SENTENCES``, which is translated when shown.
VERBS = {
    "created": "added",
    "added": "added",
    "updated": "changed",
    "deleted": "deleted",
    "removed": "removed",
    "raised": "raised",
    "escalated": "escalated",
    "converted": "turned into a task",
    "published": "published",
    "recorded": "recorded",
    "superseded": "superseded",
    "archived": "archived",
    "unarchived": "restored from the archive",
    "restored": "restored",
    "purged": "removed for good",
    "imported": "imported",
}


# The headline of one object, and of a burst of ``count`` of them, as whole sentences: %(kind)s
# and %(kinds)s are the model's verbose names, translated with the rest when the page is made.
SENTENCES = {
    "added": (
        gettext_lazy("%(actor)s added %(kind)s"),
        ngettext_lazy(
            "%(actor)s added %(count)d %(kind)s", "%(actor)s added %(count)d %(kinds)s", "count"
        ),
    ),
    "changed": (
        gettext_lazy("%(actor)s changed %(kind)s"),
        ngettext_lazy(
            "%(actor)s changed %(count)d %(kind)s", "%(actor)s changed %(count)d %(kinds)s", "count"
        ),
    ),
    "deleted": (
        gettext_lazy("%(actor)s deleted %(kind)s"),
        ngettext_lazy(
            "%(actor)s deleted %(count)d %(kind)s", "%(actor)s deleted %(count)d %(kinds)s", "count"
        ),
    ),
    "removed": (
        gettext_lazy("%(actor)s removed %(kind)s"),
        ngettext_lazy(
            "%(actor)s removed %(count)d %(kind)s", "%(actor)s removed %(count)d %(kinds)s", "count"
        ),
    ),
    "raised": (
        gettext_lazy("%(actor)s raised %(kind)s"),
        ngettext_lazy(
            "%(actor)s raised %(count)d %(kind)s", "%(actor)s raised %(count)d %(kinds)s", "count"
        ),
    ),
    "escalated": (
        gettext_lazy("%(actor)s escalated %(kind)s"),
        ngettext_lazy(
            "%(actor)s escalated %(count)d %(kind)s",
            "%(actor)s escalated %(count)d %(kinds)s",
            "count",
        ),
    ),
    "turned into a task": (
        gettext_lazy("%(actor)s turned %(kind)s into a task"),
        ngettext_lazy(
            "%(actor)s turned %(count)d %(kind)s into tasks",
            "%(actor)s turned %(count)d %(kinds)s into tasks",
            "count",
        ),
    ),
    "published": (
        gettext_lazy("%(actor)s published %(kind)s"),
        ngettext_lazy(
            "%(actor)s published %(count)d %(kind)s",
            "%(actor)s published %(count)d %(kinds)s",
            "count",
        ),
    ),
    "recorded": (
        gettext_lazy("%(actor)s recorded %(kind)s"),
        ngettext_lazy(
            "%(actor)s recorded %(count)d %(kind)s",
            "%(actor)s recorded %(count)d %(kinds)s",
            "count",
        ),
    ),
    "superseded": (
        gettext_lazy("%(actor)s superseded %(kind)s"),
        ngettext_lazy(
            "%(actor)s superseded %(count)d %(kind)s",
            "%(actor)s superseded %(count)d %(kinds)s",
            "count",
        ),
    ),
    "archived": (
        gettext_lazy("%(actor)s archived %(kind)s"),
        ngettext_lazy(
            "%(actor)s archived %(count)d %(kind)s",
            "%(actor)s archived %(count)d %(kinds)s",
            "count",
        ),
    ),
    "restored from the archive": (
        gettext_lazy("%(actor)s restored %(kind)s from the archive"),
        ngettext_lazy(
            "%(actor)s restored %(count)d %(kind)s from the archive",
            "%(actor)s restored %(count)d %(kinds)s from the archive",
            "count",
        ),
    ),
    "restored": (
        gettext_lazy("%(actor)s restored %(kind)s"),
        ngettext_lazy(
            "%(actor)s restored %(count)d %(kind)s",
            "%(actor)s restored %(count)d %(kinds)s",
            "count",
        ),
    ),
    "removed for good": (
        gettext_lazy("%(actor)s removed %(kind)s for good"),
        ngettext_lazy(
            "%(actor)s removed %(count)d %(kind)s for good",
            "%(actor)s removed %(count)d %(kinds)s for good",
            "count",
        ),
    ),
    "imported": (
        gettext_lazy("%(actor)s imported %(kind)s"),
        ngettext_lazy(
            "%(actor)s imported %(count)d %(kind)s",
            "%(actor)s imported %(count)d %(kinds)s",
            "count",
        ),
    ),
    "rescheduled": (
        gettext_lazy("%(actor)s rescheduled the plan"),
        gettext_lazy("%(actor)s rescheduled the plan"),
    ),
    "commented": (
        gettext_lazy("%(actor)s commented"),
        ngettext_lazy(
            "%(actor)s commented %(count)d time", "%(actor)s commented %(count)d times", "count"
        ),
    ),
}


@dataclass
class Change:
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        if not self.before:
            return _("%(label)s: %(after)s") % {"label": self.label, "after": self.after}
        if not self.after:
            return _("%(label)s: %(before)s removed") % {"label": self.label, "before": self.before}
        return _("%(label)s: %(before)s → %(after)s") % {
            "label": self.label,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class Entry:
    """One line of the history: who did what to which object, with the changes under it."""

    when: dt.datetime
    actor: str
    verb: str
    kind: str
    subject: str
    object_type: str
    object_id: str
    changes: list[str] = field(default_factory=list)
    count: int = 1
    subjects: list[str] = field(default_factory=list)
    kinds: str = ""

    @property
    def headline(self) -> str:
        words = {
            "actor": self.actor,
            "kind": self.kind,
            "kinds": self.kinds or _plural(self.kind),
            "count": self.count,
        }
        sentences = SENTENCES.get(self.verb)
        if sentences is None:
            # An action without a sentence of its own (its verb is the action's name).
            return _("%(actor)s %(verb)s %(kind)s") % {**words, "verb": self.verb}
        one, many = sentences
        return str((one if self.count == 1 else many) % words)


def _plural(kind: str) -> str:
    """An English plural, for an object type no model names any more."""
    if kind.endswith("y") and not kind.endswith(("ay", "ey", "oy")):
        return kind[:-1] + "ies"
    if kind.endswith(("s", "x", "ch", "sh")):
        return kind + "es"
    return kind + "s"


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(current_object_type(object_type))
    except (LookupError, ValueError):
        return None


def _kind(object_type: str, model: type[models.Model] | None) -> str:
    """The model's name in the active language (the reader's, when the page is made)."""
    if model is None:
        return object_type.rsplit(".", 1)[-1].replace("_", " ")
    return str(model._meta.verbose_name)


def _kinds(object_type: str, model: type[models.Model] | None) -> str:
    if model is None:
        return _plural(_kind(object_type, model))
    return str(model._meta.verbose_name_plural)


def _verb(action: str) -> str:
    last = action.rsplit(".", 1)[-1]
    return VERBS.get(last, last.replace("_", " "))


def _date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return l10n.format_date(day)


def _moment(value: str) -> str:
    """An ISO date-time in the viewer's zone (the one the page is shown in)."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return l10n.format_datetime(moment)


def _number(value: Any) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = format(number.normalize(), "f")
    return text


class NameBook:
    """Names of the objects the rows on a page point at, fetched once per model."""

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self._names: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if pk not in (None, ""):
            self._wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self._wanted.items():
            found = model._default_manager.filter(pk__in=pks)
            self._names[model] = {obj.pk: _name_of(obj) for obj in found}

    def name(self, model: type[models.Model], pk: Any) -> str:
        try:
            key = int(pk)
        except (TypeError, ValueError):
            key = pk
        found = self._names.get(model, {}).get(key)
        if found is not None:
            return found
        return _("%(kind)s no longer there") % {"kind": model._meta.verbose_name}


def _name_of(obj: models.Model) -> str:
    if isinstance(obj, ContentType):
        model = obj.model_class()
        return str(model._meta.verbose_name) if model else obj.model
    full_name = getattr(obj, "get_full_name", None)
    if callable(full_name) and full_name():
        return str(full_name())
    name = getattr(obj, "name", None) or getattr(obj, "title", None)
    return str(name) if name else str(obj)


def current_name(object_type: str, object_id: str) -> str | None:
    """The object's name today, or None when it is gone (or the type is unknown)."""
    model = _model(object_type)
    if model is None:
        return None
    try:
        found = model._default_manager.filter(pk=object_id).first()
    except (ValueError, TypeError):
        return None
    return _name_of(found) if found is not None else None


def _fields(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    return {f.name: f for f in model._meta.concrete_fields}


def _value(field_obj: models.Field[Any, Any] | None, raw: Any, book: NameBook) -> str:
    if raw is None or raw == "":
        return ""
    if field_obj is not None and field_obj.is_relation and field_obj.related_model is not None:
        return book.name(field_obj.related_model, raw)
    if field_obj is not None and field_obj.choices:
        labels = {str(k): str(v) for k, v in field_obj.flatchoices}
        return labels.get(str(raw), str(raw))
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    if isinstance(field_obj, models.DateTimeField):
        return _moment(str(raw))
    if isinstance(field_obj, models.DateField):
        return _date(str(raw))
    if isinstance(field_obj, models.DecimalField | models.FloatField):
        return _number(raw)
    text = str(raw)
    if isinstance(raw, list | dict):
        text = ", ".join(str(v) for v in raw) if isinstance(raw, list) else str(raw)
    if len(text) > LONG_TEXT:
        text = text[: LONG_TEXT - 1] + "…"
    if isinstance(field_obj, models.TextField) or len(text) > 40:
        return f"“{text}”"
    return text


def _label(name: str, field_obj: models.Field[Any, Any] | None) -> str:
    if field_obj is not None:
        return str(field_obj.verbose_name)
    return name.replace("_", " ")


def _rescheduled(changes: dict[str, Any]) -> list[str]:
    """``plan.rescheduled`` rows map a task label to [[old start, old finish], [new...]]."""
    lines = []
    for task, dates in changes.items():
        try:
            (old_start, old_finish), (new_start, new_finish) = dates
        except (TypeError, ValueError):
            lines.append(str(task))
            continue
        label = task.rsplit(" #", 1)[0]
        parts = []
        if old_start != new_start:
            parts.append(
                _("start %(before)s → %(after)s")
                % {"before": _date(old_start or ""), "after": _date(new_start or "")}
            )
        if old_finish != new_finish:
            parts.append(
                _("finish %(before)s → %(after)s")
                % {"before": _date(old_finish or ""), "after": _date(new_finish or "")}
            )
        # The "label: " prefix is how older moves of one burst are matched: not translated.
        lines.append(f"{label}: {', '.join(parts) or _('dates unchanged')}")
    return lines


def _want_names(events: Sequence[AuditEvent], book: NameBook) -> None:
    for event in events:
        fields = _fields(_model(event.object_type))
        for name, pair in (event.changes or {}).items():
            field_obj = fields.get(name)
            if field_obj is None or not field_obj.is_relation or field_obj.related_model is None:
                continue
            for raw in pair if isinstance(pair, list) else []:
                book.want(field_obj.related_model, raw)
        target = _generic_target(event)
        if target is not None:
            book.want(ContentType, target[0])


def _generic_target(event: AuditEvent) -> tuple[Any, Any] | None:
    """(content type id, object id) of a comment-like row that points at any object."""
    changes = event.changes or {}
    kind, target = changes.get("target_type"), changes.get("target_id")
    if isinstance(kind, list) and isinstance(target, list) and kind[1] and target[1]:
        return kind[1], target[1]
    return None


def _target_names(events: Sequence[AuditEvent], book: NameBook) -> dict[int, str]:
    """Names of the objects comment-like rows point at: "on issue “Vendor down”"."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    targets = {}
    for event in events:
        target = _generic_target(event)
        if target is None:
            continue
        content_type = ContentType.objects.get_for_id(int(target[0]))
        model = content_type.model_class()
        if model is None:
            continue
        wanted[model].add(target[1])
        targets[event.pk] = (model, target[1])
    names: dict[type[models.Model], dict[Any, str]] = {
        model: {o.pk: _name_of(o) for o in model._default_manager.filter(pk__in=pks)}
        for model, pks in wanted.items()
    }
    return {
        pk: _("on %(kind)s “%(name)s”")
        % {
            "kind": model._meta.verbose_name,
            "name": names[model].get(int(obj_id), _("no longer there")),
        }
        for pk, (model, obj_id) in targets.items()
    }


def _changes(event: AuditEvent, book: NameBook) -> list[str]:
    if event.action == "plan.rescheduled":
        return _rescheduled(event.changes or {})
    model = _model(event.object_type)
    fields = _fields(model)
    lines = []
    for name, pair in (event.changes or {}).items():
        if name in HIDDEN_FIELDS or name in {"target_type", "target_id"}:
            continue
        field_obj = fields.get(name)
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        change = Change(
            _label(name, field_obj), _value(field_obj, before, book), _value(field_obj, after, book)
        )
        if change.before == change.after:
            continue
        lines.append(str(change))
    return lines


def _subject(event: AuditEvent, model: type[models.Model] | None, targets: dict[int, str]) -> str:
    subject = event.object_repr or ""
    if event.pk in targets:
        return targets[event.pk]
    if event.action == "plan.rescheduled":
        return _tasks_moved(len(event.changes or {}))
    return f"“{subject}”" if subject else ""


def _tasks_moved(moved: int) -> str:
    return ngettext("%(count)d task moved", "%(count)d tasks moved", moved) % {"count": moved}


def _same_burst(
    entries: list[Entry], actor: str, verb: str, kind: str, event: AuditEvent
) -> Entry | None:
    """The entry this row joins: the same action by the same person on the same kind of object
    moments apart (rows of other actions in between, such as the reschedule each link causes,
    do not break the burst). Changes to one object stay apart: each has its own fields."""
    for entry in reversed(entries):
        if entry.when - event.created_at > GROUP_WITHIN:
            return None
        if (entry.actor, entry.verb, entry.kind, entry.object_type) != (
            actor,
            verb,
            kind,
            event.object_type,
        ):
            continue
        if verb == "changed":
            return None
        if entry.object_id == event.object_id and event.action != "plan.rescheduled":
            return None
        return entry
    return None


def in_words(events: Iterable[AuditEvent]) -> list[Entry]:
    """The events (newest first, as the history lists them) as entries in words."""
    events = list(events)
    book = NameBook()
    _want_names(events, book)
    book.load()
    targets = _target_names(events, book)
    entries: list[Entry] = []
    for event in events:
        model = _model(event.object_type)
        kind, kinds = _kind(event.object_type, model), _kinds(event.object_type, model)
        if event.action == "plan.rescheduled":
            kind, kinds = _("plan"), _("plans")
        actor = (str(event.actor) if event.actor else "") or event.actor_name or _("system")
        subject = _subject(event, model, targets)
        rescheduled = gettext_noop("rescheduled")
        verb = rescheduled if event.action == "plan.rescheduled" else _verb(event.action)
        if event.action.startswith("comment.created"):
            verb, kind = gettext_noop("commented"), ""
        earlier = _same_burst(entries, actor, verb, kind, event)
        if earlier is not None:
            if event.action == "plan.rescheduled":
                # The newest dates of each task are already listed; older moves add the others.
                shown = {line.split(": ", 1)[0] for line in earlier.changes}
                earlier.changes += [
                    line for line in _changes(event, book) if line.split(": ", 1)[0] not in shown
                ]
                moved = len(earlier.changes)
                earlier.subject = _tasks_moved(moved)
            else:
                earlier.count += 1
                earlier.subjects.append(subject)
            continue
        entries.append(
            Entry(
                when=event.created_at,
                actor=actor,
                verb=verb,
                kind=kind,
                subject=subject,
                object_type=event.object_type,
                object_id=event.object_id,
                changes=_changes(event, book),
                subjects=[subject],
                kinds=kinds,
            )
        )
    return entries
