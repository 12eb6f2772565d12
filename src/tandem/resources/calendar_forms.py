"""Forms of the calendar pages: a working week typed as one line per day ("08:00-12:00,
13:00-17:00"), an exception (holiday, range, repeating), a person's hours and time zone. They
parse and show errors; ``calendar_actions`` decides and writes."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .calendar_actions import check_periods
from .models import Repeat

DATE = forms.DateInput(attrs={"type": "date"})
_PERIOD = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")
PERIODS_HELP = gettext_lazy("Working periods, e.g. 08:00-12:00, 13:00-17:00 (empty: not working).")
WEEKDAY_NAMES = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)


def parse_periods(text: str) -> list[list[str]]:
    """``"8:00-12:00, 13:00 - 17:00"`` as ``[["08:00", "12:00"], ["13:00", "17:00"]]``; periods
    are separated by commas, semicolons, plus signs or spaces."""
    joined = re.sub(r"\s*[-\u2013\u2014]\s*", "-", text.strip())
    found = []
    for token in filter(None, re.split(r"[\s,;+]+", joined)):
        match = _PERIOD.fullmatch(token)
        if match is None:
            raise forms.ValidationError(
                _("%(token)s is not a period: write them like 08:00-12:00, 13:00-17:00.")
                % {"token": repr(token)}
            )
        h1, m1, h2, m2 = match.groups()
        found.append([f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"])
    return found


def format_periods(periods: Any) -> str:
    return ", ".join(f"{a}-{b}" for a, b in periods or [])


class PeriodsField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", PERIODS_HELP)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[list[str]]:
        periods = parse_periods(super().clean(value) or "")
        problems = check_periods(periods, "")
        if problems:
            raise forms.ValidationError([p.removeprefix(": ") for p in problems])
        return periods


class WeekForm(forms.Form):
    """Seven lines, Monday first; ``working_hours`` in ``cleaned_data`` is the stored week."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, week: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for iso, day in enumerate(WEEKDAY_NAMES, start=1):
            self.fields[f"day_{iso}"] = PeriodsField(label=day, help_text="")
            if week is not None:
                self.initial.setdefault(f"day_{iso}", format_periods(week.get(str(iso))))

    def day_fields(self) -> list[Any]:
        return [self[f"day_{iso}"] for iso in range(1, 8)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["working_hours"] = {str(d): data.get(f"day_{d}") or [] for d in range(1, 8)}
        return data


class CalendarWeekForm(WeekForm):
    name = forms.CharField(max_length=120, label=gettext_lazy("Name"))
    field_order = ["version", "name"]


class PersonHoursForm(WeekForm):
    time_zone = forms.ChoiceField(choices=(), label=gettext_lazy("Time zone"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = sorted(zoneinfo.available_timezones())
        self.fields["time_zone"].choices = [(z, z) for z in zones]  # type: ignore[attr-defined]


class CalendarCreateForm(forms.Form):
    name = forms.CharField(max_length=120, label=gettext_lazy("New calendar's name"))


_WEEK_OF_MONTH = [
    ("", "—"),
    (1, gettext_lazy("first")),
    (2, gettext_lazy("second")),
    (3, gettext_lazy("third")),
    (4, gettext_lazy("fourth")),
    (-1, gettext_lazy("last")),
]
_MONTHS = [("", "—"), *MONTHS.items()]


class ExceptionForm(forms.Form):
    """A holiday (one day), a range (a first and a last day), or a repeating exception."""

    name = forms.CharField(max_length=120, required=False, label=gettext_lazy("Name"))
    start = forms.DateField(widget=DATE, label=gettext_lazy("First day"))
    end = forms.DateField(
        widget=DATE,
        required=False,
        label=gettext_lazy("Last day"),
        help_text=gettext_lazy(
            "For a range; for a repeating exception, when the series ends (optional)."
        ),
    )
    working_times = PeriodsField(
        label=gettext_lazy("Working times"),
        help_text=gettext_lazy("Empty: not working (a holiday or a day off)."),
    )
    repeat = forms.ChoiceField(
        choices=Repeat.choices, required=False, label=gettext_lazy("Repeats")
    )
    interval = forms.IntegerField(
        min_value=1, max_value=999, initial=1, label=gettext_lazy("Every")
    )
    weekdays = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAY_NAMES, start=1)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("On weekdays"),
    )
    day_of_month = forms.IntegerField(
        min_value=1, max_value=31, required=False, label=gettext_lazy("On day of the month")
    )
    week_of_month = forms.TypedChoiceField(
        choices=_WEEK_OF_MONTH,
        coerce=int,
        empty_value=None,
        required=False,
        label=gettext_lazy("On the"),
    )
    month = forms.TypedChoiceField(
        choices=_MONTHS,
        coerce=int,
        empty_value=None,
        required=False,
        label=gettext_lazy("In month"),
    )
    occurrences = forms.IntegerField(
        min_value=1, max_value=999, required=False, label=gettext_lazy("Number of occurrences")
    )

    def action_fields(self) -> dict[str, Any]:
        """The cleaned fields as ``do_add_calendar_exception`` / ``do_add_day_off`` take them."""
        data = dict(self.cleaned_data)
        data["repeat"] = data.get("repeat") or ""
        data["weekdays"] = list(data.get("weekdays") or [])
        return data
