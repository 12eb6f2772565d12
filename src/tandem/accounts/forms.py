"""Forms of the people pages: the profile, tokens, and the organization admin's people pages.
They parse and show errors; actions decide and write."""

from __future__ import annotations

import zoneinfo
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tandem.core import l10n
from tandem.core.errors import TandemError

from .models import TokenScope
from .tokens import max_token_days


def add_action_errors(form: forms.BaseForm, exc: TandemError) -> None:
    """Show an action's refusal on the form: per field when it names fields, else on top."""
    placed = False
    for field, messages in exc.fields.items():
        if field in form.fields:
            form.add_error(field, messages)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _zone_choices() -> list[tuple[str, str]]:
    return [(z, z) for z in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    display_name = forms.CharField(max_length=150, required=False, label=_("Your name"))
    job_title = forms.CharField(max_length=150, required=False, label=_("Job title"))
    email = forms.EmailField(max_length=254, required=False, label=_("Email address"))
    time_zone = forms.ChoiceField(choices=_zone_choices, label=_("Time zone"))
    email_notifications = forms.BooleanField(
        required=False,
        label=_("Email me my notifications (they always appear under Notifications)"),
    )
    locale = forms.ChoiceField(
        required=False,
        label=_("Numbers, amounts and dates"),
        help_text=_("How numbers, amounts and dates are written for you."),
    )
    language = forms.ChoiceField(required=False, label=_("Language"))

    def __init__(self, *args: Any, browser_locale: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "en"
        browser = (
            _("As my browser asks (now %(locale)s)") % {"locale": browser_locale}
            if browser_locale
            else _("As my browser asks")
        )
        locale_field = cast("forms.ChoiceField", self.fields["locale"])
        locale_field.choices = [("", browser), *l10n.locale_choices(language)]
        language_field = cast("forms.ChoiceField", self.fields["language"])
        if len(settings.LANGUAGES) > 1:
            language_field.choices = [
                ("", _("As my browser asks")),
                *((code, name) for code, name in settings.LANGUAGES),
            ]
        else:
            # One language shipped: nothing to choose.
            del self.fields["language"]


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("What the token is for"))
    days = forms.IntegerField(min_value=1, initial=90, label=_("Lifetime in days"))
    scope = forms.ChoiceField(
        choices=TokenScope.choices, initial=TokenScope.READ, label=_("Access")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = max_token_days()
        days = self.fields["days"]
        days.validators.append(MaxValueValidator(limit))
        days.widget.attrs["max"] = limit
        days.help_text = _("1 to %(limit)s") % {"limit": limit}


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254, label=_("Email address"))
    display_name = forms.CharField(max_length=150, required=False, label=_("Name"))
    username = forms.CharField(
        max_length=150,
        required=False,
        label=_("Username"),
        help_text=_("Leave empty to use the email address."),
    )
    job_title = forms.CharField(max_length=150, required=False, label=_("Job title"))
    is_org_admin = forms.BooleanField(required=False, label=_("Organization admin"))


class PersonAdminForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    display_name = forms.CharField(max_length=150, required=False, label=_("Name"))
    job_title = forms.CharField(max_length=150, required=False, label=_("Job title"))
    email = forms.EmailField(max_length=254, required=False, label=_("Email"))
    is_org_admin = forms.BooleanField(required=False, label=_("Organization admin"))
