"""The words of an alert, kept as a code and its values so each reader gets them in their own
language and locale.

A finding says what it found with ``Words`` (a code and the values it names: a task's name, a
number of days, a date). An alert stores them as JSON beside an English copy of the text (for the
audit trail, search and anything that cannot translate); pages, the API and emails show
``words.text()`` in the language active for the reader. A code this version does not know (an
alert stored by a newer one) shows the English copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import l10n


def _count(value: Any) -> int:
    """The number that picks a plural form: whole numbers as they are; any fraction takes the
    form a language uses for 'many' (English: "1.5 days")."""
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else 100


def _num(value: Any) -> str:
    return l10n.format_number(Decimal(str(value)))


def _index(value: Any) -> str:
    return l10n.format_decimal(Decimal(str(value)), 2)


def _date(value: str) -> str:
    return l10n.format_date(dt.date.fromisoformat(value))


def _days_overdue(p: Mapping[str, Any]) -> str:
    text = ngettext(
        "%(days)s working day overdue or more", "%(days)s working days overdue or more", p["days"]
    ) % {"days": _num(p["days"])}
    if not p.get("grace"):
        return text
    grace = ngettext("%(days)s day of grace", "%(days)s days of grace", p["grace"]) % {
        "days": _num(p["grace"])
    }
    return _("%(threshold)s (%(grace)s)") % {"threshold": text, "grace": grace}


def _since(p: Mapping[str, Any]) -> str:
    if p["since"] == "last_week":
        return _("last week")
    if p.get("baseline"):
        return _("baseline %(name)s") % {"name": p["baseline"]}
    return _("the baseline")


_SAY: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "milestone_slip": lambda p: (
        ngettext(
            "Milestone %(task)s slips %(days)s working day past the baseline",
            "Milestone %(task)s slips %(days)s working days past the baseline",
            _count(p["days"]),
        )
        % {"task": p["task"], "days": _num(p["days"])}
    ),
    "milestone_slip_threshold": lambda p: (
        ngettext(
            "slip of %(days)s working day or more (red from %(red)s)",
            "slip of %(days)s working days or more (red from %(red)s)",
            _count(p["days"]),
        )
        % {"days": _num(p["days"]), "red": _num(p["red"])}
    ),
    "float_erosion": lambda p: (
        ngettext(
            "Float of %(task)s fell by %(days)s working day since %(since)s",
            "Float of %(task)s fell by %(days)s working days since %(since)s",
            _count(p["days"]),
        )
        % {"task": p["task"], "days": _num(p["days"]), "since": _since(p)}
    ),
    "float_erosion_threshold": lambda p: (
        ngettext(
            "float fell by more than %(days)s working day on a task with at most %(near)s days of "
            "float or on the critical path",
            "float fell by more than %(days)s working days on a task with at most %(near)s days of "
            "float or on the critical path",
            _count(p["days"]),
        )
        % {"days": _num(p["days"]), "near": _num(p["near"])}
    ),
    "task_overdue": lambda p: (
        ngettext(
            "%(task)s is %(days)s working day past its planned finish",
            "%(task)s is %(days)s working days past its planned finish",
            _count(p["days"]),
        )
        % {"task": p["task"], "days": _num(p["days"])}
    ),
    "task_not_started": lambda p: (
        ngettext(
            "%(task)s should have started %(days)s working day ago",
            "%(task)s should have started %(days)s working days ago",
            _count(p["days"]),
        )
        % {"task": p["task"], "days": _num(p["days"])}
    ),
    "task_not_started_threshold": lambda p: (
        ngettext(
            "not started %(days)s working day after its planned start or more",
            "not started %(days)s working days after its planned start or more",
            _count(p["days"]),
        )
        % {"days": _num(p["days"])}
    ),
    "overdue_threshold": _days_overdue,
    "action_item_overdue": lambda p: (
        ngettext(
            "Action item “%(item)s” is %(days)s working day overdue",
            "Action item “%(item)s” is %(days)s working days overdue",
            _count(p["days"]),
        )
        % {"item": p["item"], "days": _num(p["days"])}
    ),
    "risk_past_review": lambda p: (
        ngettext(
            "Risk %(risk)s is past its review date (%(date)s, %(days)s day ago)",
            "Risk %(risk)s is past its review date (%(date)s, %(days)s days ago)",
            _count(p["days"]),
        )
        % {"risk": p["risk"], "date": _date(p["date"]), "days": _num(p["days"])}
    ),
    "risk_past_review_threshold": lambda p: _("reviewed by its review date"),
    "risk_not_reviewed": lambda p: (
        ngettext(
            "Risk %(risk)s has not been reviewed for %(days)s day",
            "Risk %(risk)s has not been reviewed for %(days)s days",
            _count(p["days"]),
        )
        % {"risk": p["risk"], "days": _num(p["days"])}
    ),
    "risk_not_reviewed_threshold": lambda p: (
        ngettext(
            "reviewed at least every %(days)s day",
            "reviewed at least every %(days)s days",
            _count(p["days"]),
        )
        % {"days": _num(p["days"])}
    ),
    "index_under": lambda p: (
        _("%(index)s is %(value)s (under %(limit)s)")
        % {"index": p["index"], "value": _index(p["value"]), "limit": _index(p["limit"])}
    ),
    "index_under_threshold": lambda p: (
        _("%(index)s at least %(limit)s (red under %(red)s)")
        % {"index": p["index"], "limit": _index(p["limit"]), "red": _index(p["red"])}
    ),
}


@dataclass(frozen=True)
class Words:
    """What to say, as a code and the values it names (JSON-safe: str, int, ISO dates)."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The sentence in the active language and locale."""
        return _SAY[self.code](self.values)

    def english(self) -> str:
        """The sentence in English (the stored copy), whatever language is active."""
        with translation.override("en"), l10n.override(l10n.default_locale()):
            return self.text()

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "values": self.values}


def say(code: str, **values: Any) -> Words:
    if code not in _SAY:
        raise KeyError(f"No words for {code!r}")
    return Words(code, values)


def spoken(stored: Mapping[str, Any] | None, fallback: str) -> str:
    """Stored words in the active language; the stored English copy when they are missing or
    come from a version that said them differently."""
    if not stored or stored.get("code") not in _SAY:
        return fallback
    try:
        return _SAY[stored["code"]](stored.get("values") or {})
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return fallback


def said_reason(reason: Mapping[str, Any]) -> dict[str, Any]:
    """A stored health reason with its title and threshold in the active language."""
    words = reason.get("wording") or {}
    return {
        **reason,
        "title": spoken(words.get("title"), reason.get("title", "")),
        "threshold": spoken(words.get("threshold"), reason.get("threshold", "")),
    }
