"""Forms of the meeting pages: they parse and show errors; actions decide and write.

Dates and times are typed as wall-clock time in the meeting's zone and turned into aware
datetimes here, so a time skipped by a daylight-saving change is a field error, not a guess.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tandem.core.errors import ValidationFailed

from .models import ActionItemStatus, ResponseStatus, validate_web_link
from .timezones import known_time_zones, local_to_aware

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def zone_choices() -> list[tuple[str, str]]:
    return [(z, z) for z in sorted(known_time_zones())]


def _local_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


class MeetingForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"], widget=_local_input()
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"], widget=_local_input()
    )
    time_zone = forms.ChoiceField(label=_("Time zone of the meeting"), choices=zone_choices)
    location = forms.CharField(required=False, max_length=300, label=_("Location"))
    video_url = forms.CharField(
        label=_("Video link"),
        required=False,
        max_length=500,
        validators=[validate_web_link],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    room = forms.TypedChoiceField(
        label=_("Room"), required=False, coerce=int, empty_value=None, choices=[("", _("No room"))]
    )
    occurrences = forms.IntegerField(
        label=_("Number of meetings (repeats weekly)"),
        min_value=1,
        max_value=52,
        initial=1,
        required=False,
    )
    required_people = forms.TypedMultipleChoiceField(
        label=_("Required participants"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"style": "width:auto"}),
    )
    optional_people = forms.TypedMultipleChoiceField(
        label=_("Optional participants"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"style": "width:auto"}),
    )

    def __init__(
        self,
        *args: Any,
        people: list[tuple[int, str]],
        rooms: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["required_people"]).choices = people
        cast(forms.ChoiceField, self.fields["optional_people"]).choices = people
        cast(forms.ChoiceField, self.fields["room"]).choices = [("", _("No room")), *(rooms or [])]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "occurrences" in self.fields and not data.get("occurrences"):
            data["occurrences"] = 1
        zone = data.get("time_zone")
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if zone and isinstance(value, dt.datetime):
                try:
                    data[name] = local_to_aware(value.replace(tzinfo=None), zone, name)
                except ValidationFailed as exc:
                    self.add_error(name, exc.fields.get(name, [exc.message]))
        start, end = data.get("starts_at"), data.get("ends_at")
        if (
            isinstance(start, dt.datetime)
            and isinstance(end, dt.datetime)
            and start.tzinfo
            and end.tzinfo
            and end <= start
        ):
            self.add_error("ends_at", _("The meeting must end after it starts."))
        both = set(data.get("required_people") or []) & set(data.get("optional_people") or [])
        if both:
            self.add_error("optional_people", _("Someone is listed as both required and optional."))
        return data

    def participant_specs(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        specs = [{"user_id": uid, "required": True} for uid in data.get("required_people") or []]
        specs += [{"user_id": uid, "required": False} for uid in data.get("optional_people") or []]
        return specs


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=1, max_value=24 * 60, initial=10
    )
    presenter = forms.TypedChoiceField(
        label=_("Presenter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Nobody in particular"))],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["presenter"]).choices = [
            ("", _("Nobody in particular")),
            *(people or []),
        ]

    def as_spec(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "duration_minutes": d["duration_minutes"],
            "presenter": d.get("presenter"),
            "notes": d.get("notes") or "",
        }


class BaseAgendaFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        if self.total_form_count() > 100:
            raise ValidationError(_("At most 100 agenda items per meeting."))

    def specs(self) -> list[dict[str, Any]]:
        return [f.as_spec() for f in self.forms if f.has_changed() and f.cleaned_data]


AgendaFormSet = forms.formset_factory(
    AgendaItemForm, formset=BaseAgendaFormSet, extra=2, max_num=100, validate_max=True
)


class MinutesForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Minutes"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 10})
    )


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=200)
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decided_by = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Decided by")
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["decided_by"]).choices = [
            ("", _("The meeting")),
            *people,
        ]


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Owner"))
    due_date = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", _("Nobody yet")), *people]


class ActionItemStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ActionItemStatus.choices, label=_("Status"))


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=500, label=_("Reason"))


class ResponseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.ChoiceField(label=_("Your answer"), choices=ResponseStatus.choices)


class FindTimeForm(forms.Form):
    """What the slot finder needs beyond the meeting form's people, zone and series: how long,
    which days, and the limits (prefix ``find``)."""

    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=12 * 60, initial=60
    )
    window_start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    window_days = forms.IntegerField(
        label=_("Days to search"), min_value=1, max_value=92, initial=14
    )
    earliest = forms.TimeField(
        label=_("Not before (each person's time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    latest = forms.TimeField(
        label=_("Not after"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    within_working_hours = forms.BooleanField(
        label=_("Only in everyone's working hours"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"style": "width:auto"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        early, late = data.get("earliest"), data.get("latest")
        if early and late and early >= late:
            self.add_error("latest", _("The latest time must come after the earliest."))
        return data


class InviteForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Invite"), coerce=int)
    required = forms.BooleanField(
        label=_("Required"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"style": "width:auto"}),
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["user"]).choices = people


class AttendanceForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.TypedChoiceField(
        label=_("Attended"),
        choices=[("", _("Not taken")), ("yes", _("Attended")), ("no", _("Absent"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )
