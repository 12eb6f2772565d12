"""The task page's edit sections: each a short form of related fields, showing only the fields
that apply to the task as it is (three-point fields in three-point mode, a constraint date for
constraints that take one, typed dates for manually scheduled tasks)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .models import ConstraintType, EstimateMode

# A field shows only when another field has one of some values: field -> (other, values).
SHOWN_WHEN: dict[str, tuple[str, tuple[Any, ...]]] = {
    "estimate": ("estimate_mode", (EstimateMode.SINGLE,)),
    "optimistic": ("estimate_mode", (EstimateMode.THREE_POINT,)),
    "most_likely": ("estimate_mode", (EstimateMode.THREE_POINT,)),
    "pessimistic": ("estimate_mode", (EstimateMode.THREE_POINT,)),
    "constraint_date": (
        "constraint_type",
        tuple(c for c in ConstraintType if c not in (ConstraintType.ASAP, ConstraintType.ALAP)),
    ),
    "start_date": ("manually_scheduled", (True,)),
    "finish_date": ("manually_scheduled", (True,)),
}


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise
    fields: tuple[str, ...]


SECTIONS = (
    Section(
        "basics", _("Name and place"), ("name", "parent", "team", "is_milestone", "description")
    ),
    Section(
        "estimate",
        _("Estimate"),
        ("estimate_mode", "duration_unit", "estimate", "optimistic", "most_likely", "pessimistic"),
    ),
    Section(
        "progress",
        _("Progress"),
        ("status", "percent_complete", "actual_start", "actual_finish", "remaining"),
    ),
    Section(
        "dates",
        _("Dates and constraints"),
        (
            "manually_scheduled",
            "start_date",
            "finish_date",
            "constraint_type",
            "constraint_date",
            "deadline",
        ),
    ),
    Section("options", _("Scheduling options"), ("priority", "do_not_level")),
)
BY_KEY = {s.key: s for s in SECTIONS}


def section_fields(key: str | None) -> tuple[str, ...] | None:
    """The fields of section ``key``, or None when ``key`` names no section."""
    section = BY_KEY.get(key or "")
    return section.fields if section else None


def applies(field: str, values: dict[str, Any]) -> bool:
    """Whether ``field`` applies to a task with ``values`` (field name -> value)."""
    rule = SHOWN_WHEN.get(field)
    if rule is None:
        return True
    other, accepted = rule
    return values.get(other) in accepted


def applicable_changes(changes: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``changes`` without the fields that do not apply once ``values`` hold: a hidden field
    sent empty never clears what it held (three-point values kept while in one-value mode)."""
    return {k: v for k, v in changes.items() if applies(k, values)}


def sections_for(task: Any) -> list[Section]:
    """The sections shown for ``task``: a milestone has no estimate."""
    return [s for s in SECTIONS if not (task.is_milestone and s.key == "estimate")]


def field_rows(form: Any, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Each field of ``form`` with whether it shows now and what decides that (for the page's
    script, which shows and hides fields as the deciding field changes)."""
    rows = []
    for bound in form.visible_fields():
        rule = SHOWN_WHEN.get(bound.name)
        rows.append(
            {
                "field": bound,
                "shown": applies(bound.name, values),
                "when_field": rule[0] if rule else "",
                "when_values": " ".join(str(v) for v in rule[1]) if rule else "",
            }
        )
    return rows
